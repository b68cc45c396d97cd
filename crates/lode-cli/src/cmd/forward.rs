//! `lode forward`: gravity (g_z, mGal) or total-field magnetic anomaly (nT) of a prism model on
//! a grid of observation points at a constant height.
//!
//! The output grid's cell centres are the nodes W, W+D, …, E × S, …, N (x0 = W − D/2,
//! y0 = N + D/2). With `--date`, the inducing field (inclination, declination, intensity) is
//! IGRF-14 at the centre of the region: its longitude/latitude come from `--crs` (the region's CRS,
//! transformed to WGS84) or from `--lat`/`--lon`.

use std::path::PathBuf;

use lode_core::crs::Transformer;
use lode_core::{Crs, Error, Grid, GridGeometry, Result};
use lode_geophys::igrf::igrf_at_date;
use lode_geophys::prism::{
    induced_magnetisation, read_prisms, total_field_anomaly, GravityModel, MagneticModel,
    PrismTable, MAX_COORD,
};

/// The largest number of output nodes accepted.
const MAX_NODES: f64 = 5e7;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Field {
    Gravity,
    Magnetic,
}

#[derive(clap::Args)]
pub struct Args {
    /// Prism model: CSV with west,east,south,north,bottom,top,density,susceptibility[,mag_e,mag_n,mag_u].
    prisms: PathBuf,
    /// Field to compute: gravity (g_z, mGal, positive down) or magnetic (total-field anomaly, nT).
    #[arg(long, value_enum)]
    field: Field,
    /// Region of the observation nodes: W,E,S,N (metres, the prisms' coordinates).
    #[arg(long, allow_hyphen_values = true)]
    region: String,
    /// Node spacing, metres.
    #[arg(long)]
    spacing: f64,
    /// Height of the observation points (upward coordinate, metres).
    #[arg(long, allow_hyphen_values = true)]
    height: f64,
    /// Inclination of the inducing field, degrees (positive down).
    #[arg(long, allow_hyphen_values = true)]
    inc: Option<f64>,
    /// Declination of the inducing field, degrees east of north.
    #[arg(long, allow_hyphen_values = true)]
    dec: Option<f64>,
    /// Intensity of the inducing field, nT.
    #[arg(long)]
    intensity: Option<f64>,
    /// Take the inducing field from IGRF-14 at this date (YYYY-MM-DD) at the region's centre.
    #[arg(long, conflicts_with_all = ["inc", "dec", "intensity"])]
    date: Option<String>,
    /// CRS of the region and prisms (e.g. EPSG:32750); written to the output, used by --date.
    #[arg(long)]
    crs: Option<String>,
    /// Latitude of the region's centre for --date when no --crs is given, degrees.
    #[arg(long, allow_hyphen_values = true, requires = "lon")]
    lat: Option<f64>,
    /// Longitude of the region's centre for --date when no --crs is given, degrees.
    #[arg(long, allow_hyphen_values = true, requires = "lat")]
    lon: Option<f64>,
    /// Output grid (format from the extension: .tif, .asc, .grd, …).
    #[arg(long)]
    out: PathBuf,
}

fn region(s: &str) -> Result<[f64; 4]> {
    let v: Vec<f64> = s
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| Error::invalid(format!("--region {s:?}: expected four numbers W,E,S,N")))?;
    if v.len() != 4 || v.iter().any(|x| !x.is_finite() || x.abs() > MAX_COORD) {
        return Err(Error::invalid(format!(
            "--region {s:?}: expected four finite numbers W,E,S,N"
        )));
    }
    if v[0] >= v[1] || v[2] >= v[3] {
        return Err(Error::invalid(format!(
            "--region {s:?}: needs west < east and south < north"
        )));
    }
    Ok([v[0], v[1], v[2], v[3]])
}

/// Number of nodes from `a` to `b` every `d` (the last node at or before `b`).
fn node_count(a: f64, b: f64, d: f64) -> f64 {
    ((b - a) / d + 1e-9).floor() + 1.0
}

/// Inducing field (inclination °, declination °, intensity nT).
fn inducing_field(a: &Args, reg: &[f64; 4], crs: Option<&Crs>) -> Result<(f64, f64, f64)> {
    if let Some(date) = &a.date {
        let (lon, lat) = match (a.lon, a.lat, crs) {
            (Some(lon), Some(lat), _) => (lon, lat),
            (_, _, Some(crs)) => {
                let t = Transformer::new(crs, &Crs::from_epsg(4326)?)?;
                t.transform(0.5 * (reg[0] + reg[1]), 0.5 * (reg[2] + reg[3]))?
            }
            _ => {
                return Err(Error::invalid(
                    "--date needs the region's position: give --crs EPSG:N or --lat and --lon of its centre",
                ))
            }
        };
        let b = igrf_at_date(date, lat, lon, a.height / 1000.0)?;
        return Ok((b.inclination_deg, b.declination_deg, b.total_nt));
    }
    match (a.inc, a.dec, a.intensity) {
        (Some(i), Some(d), Some(f)) => {
            if !(-90.0..=90.0).contains(&i) || !d.is_finite() || !f.is_finite() || f < 0.0 {
                return Err(Error::invalid(format!(
                    "inducing field: need -90 <= --inc <= 90, finite --dec and --intensity >= 0 (got {i}, {d}, {f})"
                )));
            }
            Ok((i, d, f))
        }
        _ => Err(Error::invalid(
            "--field magnetic needs the inducing field: --inc, --dec and --intensity, or --date",
        )),
    }
}

/// An error if an observation node lies inside a prism (or, for the magnetic field, on one of its
/// edges, where the field is undefined).
fn check_nodes(
    t: &PrismTable,
    a: &Args,
    reg: &[f64; 4],
    cols: usize,
    rows: usize,
    magnetic: bool,
) -> Result<()> {
    let h = a.height;
    let d = a.spacing;
    for (k, p) in t.prisms.iter().enumerate() {
        if !(p.bottom <= h && h <= p.top) {
            continue;
        }
        let c0 = ((p.west - reg[0]) / d).floor().max(0.0) as usize;
        let c1 = (((p.east - reg[0]) / d).ceil().max(0.0) as usize).min(cols - 1);
        let r0 = ((reg[3] - p.north) / d).floor().max(0.0) as usize;
        let r1 = (((reg[3] - p.south) / d).ceil().max(0.0) as usize).min(rows - 1);
        for row in r0..=r1 {
            for col in c0..=c1 {
                let q = [reg[0] + col as f64 * d, reg[3] - row as f64 * d, h];
                let bad = if magnetic {
                    p.magnetic_singular(q)
                } else {
                    p.contains_interior(q)
                };
                if bad {
                    return Err(Error::input(
                        &a.prisms,
                        format!(
                            "line {}: observation point ({}, {}, {h}) is inside {}the prism; raise --height or move the region",
                            t.line[k],
                            q[0],
                            q[1],
                            if magnetic { "or on an edge of " } else { "" }
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

pub fn run(a: Args) -> Result<()> {
    let reg = region(&a.region)?;
    if !(a.spacing.is_finite() && a.spacing > 0.0) {
        return Err(Error::invalid(format!(
            "--spacing {} must be a positive number",
            a.spacing
        )));
    }
    if !a.height.is_finite() || a.height.abs() > MAX_COORD {
        return Err(Error::invalid(format!(
            "--height must be a finite number within ±{MAX_COORD:e} m"
        )));
    }
    let (nc, nr) = (
        node_count(reg[0], reg[1], a.spacing),
        node_count(reg[2], reg[3], a.spacing),
    );
    if nc * nr > MAX_NODES {
        return Err(Error::invalid(format!(
            "{nc} × {nr} nodes is too many; increase --spacing"
        )));
    }
    let (cols, rows) = (nc as usize, nr as usize);
    let crs = a.crs.as_deref().map(Crs::parse).transpose()?;
    let magnetic = a.field == Field::Magnetic;
    let field = if magnetic {
        Some(inducing_field(&a, &reg, crs.as_ref())?)
    } else {
        None
    };
    let t = read_prisms(&a.prisms)?;
    check_nodes(&t, &a, &reg, cols, rows, magnetic)?;

    let mut pts = Vec::with_capacity(cols * rows);
    for row in 0..rows {
        for col in 0..cols {
            pts.push([
                reg[0] + col as f64 * a.spacing,
                reg[3] - row as f64 * a.spacing,
                a.height,
            ]);
        }
    }
    let (values, units, name) = match field {
        None => {
            let m = GravityModel::new(&t.prisms, &t.density).map_err(|e| e.at(&a.prisms))?;
            (m.eval_many(&pts), "mGal", "gravity_gz")
        }
        Some((inc, dec, f)) => {
            let mags: Vec<[f64; 3]> = t
                .susceptibility
                .iter()
                .zip(&t.remanent)
                .map(|(&k, r)| {
                    let m = induced_magnetisation(k, inc, dec, f);
                    [m[0] + r[0], m[1] + r[1], m[2] + r[2]]
                })
                .collect();
            let m = MagneticModel::new(&t.prisms, &mags).map_err(|e| e.at(&a.prisms))?;
            let b = m.eval_many(&pts);
            (
                b.iter()
                    .map(|&b| total_field_anomaly(b, inc, dec))
                    .collect(),
                "nT",
                "total_field_anomaly",
            )
        }
    };
    if values.iter().any(|v| !v.is_finite()) {
        return Err(Error::internal("forward model produced a non-finite value"));
    }
    let geom = GridGeometry::new(
        cols,
        rows,
        reg[0] - 0.5 * a.spacing,
        reg[3] + 0.5 * a.spacing,
        a.spacing,
        a.spacing,
    )?;
    let mut grid = Grid::new_f64(geom, values)?.with_crs(crs);
    grid.units = Some(units.to_string());
    grid.field = Some(name.to_string());
    lode_io::write_grid(&a.out, &grid, None)?;
    let (lo, hi) = grid
        .values
        .as_f64()
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        });
    let extra = match field {
        Some((i, d, f)) => format!(" (inducing field I = {i:.3}°, D = {d:.3}°, F = {f:.1} nT)"),
        None => String::new(),
    };
    println!(
        "{}: {} prisms → {cols} × {rows} nodes at height {} m, {name} {lo:.6} … {hi:.6} {units}{extra}",
        a.out.display(),
        t.prisms.len(),
        a.height
    );
    Ok(())
}
