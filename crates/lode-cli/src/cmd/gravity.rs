//! `lode gravity IN OUT.csv [--lat COL --lon COL --elevation COL --gravity COL] [--density RHO]
//! [--grid OUT.tif --cell SIZE --crs EPSG:N] [--dem DEM.tif --terrain-radius M]`: normal gravity, free-air and Bouguer anomalies
//! of station data (GRS80, Hinze et al. 2005).

use std::io::Write;
use std::path::PathBuf;

use lode_core::crs::Transformer;
use lode_core::{atomic, Crs, Error, Result};
use lode_geophys::gravity::{reduce_all, terrain_correction, DEFAULT_DENSITY};
use lode_geophys::gridding::{grid_points, SurfaceParams};
use lode_io::SurveyOptions;

#[derive(clap::Args)]
pub struct Args {
    /// Station data (CSV/XYZ; headerless whitespace columns are c0, c1, …).
    pub input: PathBuf,
    /// Output CSV: the input columns plus normal_gravity_mgal, free_air_mgal, bouguer_mgal.
    pub output: PathBuf,
    /// Latitude column (degrees), by name or 0-based index.
    #[arg(long, default_value = "lat")]
    pub lat: String,
    /// Longitude column (degrees).
    #[arg(long, default_value = "lon")]
    pub lon: String,
    /// Elevation column (m).
    #[arg(long, default_value = "elevation")]
    pub elevation: String,
    /// Observed gravity column (mGal).
    #[arg(long, default_value = "gravity")]
    pub gravity: String,
    /// Bouguer slab density, kg/m³.
    #[arg(long, default_value_t = DEFAULT_DENSITY)]
    pub density: f64,
    /// Also grid the Bouguer anomaly (minimum curvature) to this file.
    #[arg(long)]
    pub grid: Option<PathBuf>,
    /// Grid cell size in units of --crs.
    #[arg(long)]
    pub cell: Option<f64>,
    /// Projected CRS of the grid, e.g. EPSG:32735.
    #[arg(long)]
    pub crs: Option<String>,
    /// DEM grid (projected, metres) for a prism-sum terrain correction; adds the columns
    /// terrain_mgal and complete_bouguer_mgal.
    #[arg(long)]
    pub dem: Option<PathBuf>,
    /// Terrain correction radius, m.
    #[arg(long = "terrain-radius", default_value_t = 20_000.0)]
    pub terrain_radius: f64,
}

pub fn run(a: Args) -> Result<()> {
    let grid_req = match (&a.grid, a.cell, &a.crs) {
        (None, _, _) => None,
        (Some(p), Some(c), Some(crs)) => Some((p.clone(), c, Crs::parse(crs)?)),
        _ => return Err(Error::invalid("--grid needs --cell and --crs")),
    };
    let opts = SurveyOptions {
        x: Some(a.lon.clone()),
        y: Some(a.lat.clone()),
        ..Default::default()
    };
    let s = lode_io::read_survey(&a.input, &opts)?;
    let col = |name: &str| -> Result<usize> {
        s.column_index(name)
            .or_else(|| name.parse::<usize>().ok().filter(|&i| i < s.columns.len()))
            .ok_or_else(|| Error::input(&a.input, format!("no column {name:?}")))
    };
    let (hi, gi) = (col(&a.elevation)?, col(&a.gravity)?);
    let (lat, lon) = (s.ys(), s.xs());
    if let Some(i) = lon.iter().position(|x| !x.is_finite()) {
        return Err(Error::input(
            &a.input,
            format!("station {}: non-finite longitude", i + 1),
        ));
    }
    let red =
        reduce_all(lat, &s.columns[hi], &s.columns[gi], a.density).map_err(|e| e.at(&a.input))?;
    let tc = match &a.dem {
        None => None,
        Some(p) => {
            let dem = lode_io::read_grid(p)?;
            let crs = dem
                .crs
                .clone()
                .ok_or_else(|| Error::input(p, "DEM has no CRS"))?;
            let tr = Transformer::new(&Crs::from_epsg(4326)?, &crs)?;
            let (mut xs, mut ys) = (lon.to_vec(), lat.to_vec());
            tr.transform_slices(&mut xs, &mut ys)
                .map_err(|e| e.at(&a.input))?;
            let st: Vec<[f64; 3]> = (0..xs.len())
                .map(|i| [xs[i], ys[i], s.columns[hi][i]])
                .collect();
            Some(terrain_correction(&dem, &st, a.density, a.terrain_radius).map_err(|e| e.at(p))?)
        }
    };
    atomic::write_file(&a.output, |w| {
        let io = |e: std::io::Error| Error::write_io(&a.output, e);
        write!(
            w,
            "{},normal_gravity_mgal,free_air_mgal,bouguer_mgal",
            s.names.join(",")
        )
        .map_err(io)?;
        writeln!(
            w,
            "{}",
            if tc.is_some() {
                ",terrain_mgal,complete_bouguer_mgal"
            } else {
                ""
            }
        )
        .map_err(io)?;
        for (i, r) in red.iter().enumerate() {
            for c in &s.columns {
                write!(w, "{},", c[i]).map_err(io)?;
            }
            write!(w, "{:.4},{:.4},{:.4}", r.normal, r.free_air, r.bouguer).map_err(io)?;
            match &tc {
                Some(t) => writeln!(w, ",{:.4},{:.4}", t[i], r.bouguer + t[i]).map_err(io)?,
                None => writeln!(w).map_err(io)?,
            }
        }
        Ok(())
    })?;
    println!(
        "{}: {} stations reduced (density {} kg/m³)",
        a.output.display(),
        red.len(),
        a.density
    );
    if let Some((path, cell, crs)) = grid_req {
        let tr = Transformer::new(&Crs::from_epsg(4326)?, &crs)?;
        let (mut xs, mut ys) = (lon.to_vec(), lat.to_vec());
        tr.transform_slices(&mut xs, &mut ys)
            .map_err(|e| e.at(&a.input))?;
        let zs: Vec<f64> = red.iter().map(|r| r.bouguer).collect();
        let mut g =
            grid_points(&xs, &ys, &zs, &SurfaceParams::new(cell)).map_err(|e| e.at(&a.input))?;
        g.crs = Some(crs);
        g.field = Some("Bouguer anomaly".into());
        g.units = Some("mGal".into());
        lode_io::write_grid(&path, &g, None)?;
        println!(
            "{}: {} × {} cells of {cell}",
            path.display(),
            g.cols(),
            g.rows()
        );
    }
    Ok(())
}
