//! `lode forward`: gravity (g_z, mGal) or total-field magnetic anomaly (nT) of a prism model on
//! a grid of observation points (`--region`, `--spacing`) or at the points of a survey file
//! (`--points`: flight lines, stations), at a constant `--height`, at the heights of a column
//! (`--z-column`), or draped over a DEM (`--drape DEM --clearance H`: DEM elevation + H).
//!
//! The output grid's cell centres are the nodes W, W+D, …, E × S, …, N (x0 = W − D/2,
//! y0 = N + D/2). With `--date`, the inducing field (inclination, declination, intensity) is
//! IGRF-14 at the centre of the region: its longitude/latitude come from `--crs` (the region's CRS,
//! transformed to WGS84) or from `--lat`/`--lon`.

use std::path::{Path, PathBuf};

use lode_core::crs::Transformer;
use lode_core::{Crs, Error, Grid, GridGeometry, Result, SurveyData};
use lode_geophys::igrf::igrf_at_date;
use lode_geophys::prism::{
    first_point_inside, induced_magnetisation, read_prisms, total_field_anomaly, GravityModel,
    MagneticModel, MAX_COORD,
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
    #[arg(
        long,
        allow_hyphen_values = true,
        required_unless_present = "points",
        conflicts_with = "points"
    )]
    region: Option<String>,
    /// Node spacing, metres.
    #[arg(long, required_unless_present = "points", conflicts_with = "points")]
    spacing: Option<f64>,
    /// Height of the observation points (upward coordinate, metres).
    #[arg(long, allow_hyphen_values = true, required_unless_present_any = ["drape", "z_column"], conflicts_with_all = ["drape", "z_column"])]
    height: Option<f64>,
    /// Observation points from a survey file (CSV/XYZ or ASEG-GDF; x/y columns detected): OUT is
    /// then a CSV of the file's columns plus the computed field (gz_mgal or dt_nt).
    #[arg(long)]
    points: Option<PathBuf>,
    /// Column of --points holding the heights (upward coordinate, metres).
    #[arg(long, requires = "points", conflicts_with = "drape")]
    z_column: Option<String>,
    /// Drape the observation points over this DEM (a grid in the prisms' coordinates).
    #[arg(long, requires = "clearance")]
    drape: Option<PathBuf>,
    /// Height above the --drape DEM, metres.
    #[arg(long, requires = "drape", allow_hyphen_values = true)]
    clearance: Option<f64>,
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
    /// Output grid (format from the extension: .tif, .asc, .grd, …), or CSV with --points.
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
fn inducing_field(
    a: &Args,
    centre: (f64, f64),
    height: f64,
    crs: Option<&Crs>,
) -> Result<(f64, f64, f64)> {
    if let Some(date) = &a.date {
        let (lon, lat) = match (a.lon, a.lat, crs) {
            (Some(lon), Some(lat), _) => (lon, lat),
            (_, _, Some(crs)) => {
                let t = Transformer::new(crs, &Crs::from_epsg(4326)?)?;
                t.transform(centre.0, centre.1)?
            }
            _ => {
                return Err(Error::invalid(
                    "--date needs the region's position: give --crs EPSG:N or --lat and --lon of its centre",
                ))
            }
        };
        let b = igrf_at_date(date, lat, lon, height / 1000.0)?;
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

/// Where the observation points come from and how the result is written.
enum Layout {
    /// Nodes of a grid: columns, rows, region, spacing.
    Grid {
        cols: usize,
        rows: usize,
        reg: [f64; 4],
        spacing: f64,
    },
    /// The points of a survey file.
    Points(Box<SurveyData>),
}

/// The observation points' heights: constant, a column, or a DEM plus clearance.
fn heights(a: &Args, xy: &[(f64, f64)], survey: Option<&SurveyData>) -> Result<Vec<f64>> {
    let z: Vec<f64> = if let Some(h) = a.height {
        vec![h; xy.len()]
    } else if let (Some(col), Some(s)) = (&a.z_column, survey) {
        let pts = a.points.as_deref().unwrap_or(Path::new(""));
        let j = s
            .column_index(col)
            .ok_or_else(|| Error::input(pts, format!("no column {col:?} for --z-column")))?;
        s.columns[j].clone()
    } else if let (Some(dem), Some(c)) = (&a.drape, a.clearance) {
        if !c.is_finite() {
            return Err(Error::invalid(
                "--clearance must be a finite number of metres",
            ));
        }
        let g = lode_io::read_grid(dem)?;
        let mut z = Vec::with_capacity(xy.len());
        for &(x, y) in xy {
            let e = g.sample_bilinear(x, y);
            if !e.is_finite() {
                return Err(Error::input(
                    dem,
                    format!("has no elevation at the observation point ({x}, {y})"),
                ));
            }
            z.push(e + c);
        }
        z
    } else {
        return Err(Error::invalid(
            "give the height of the observation points: --height, --z-column or --drape with --clearance",
        ));
    };
    if let Some(i) = z.iter().position(|v| !v.is_finite() || v.abs() > MAX_COORD) {
        return Err(Error::invalid(format!(
            "observation point {} ({}, {}): height {} is not a finite number within ±{MAX_COORD:e} m",
            i + 1,
            xy[i].0,
            xy[i].1,
            z[i]
        )));
    }
    Ok(z)
}

fn layout(a: &Args) -> Result<Layout> {
    if let Some(p) = &a.points {
        let s = lode_io::read_survey(p, &lode_io::SurveyOptions::default())?;
        if s.is_empty() {
            return Err(Error::input(p, "has no observation points"));
        }
        if let Some(i) = (0..s.len()).find(|&i| !(s.xs()[i].is_finite() && s.ys()[i].is_finite())) {
            return Err(Error::input(
                p,
                format!("point {} has no coordinates", i + 1),
            ));
        }
        return Ok(Layout::Points(Box::new(s)));
    }
    let reg = region(a.region.as_deref().unwrap_or_default())?;
    let spacing = a.spacing.unwrap_or(f64::NAN);
    if !(spacing.is_finite() && spacing > 0.0) {
        return Err(Error::invalid(format!(
            "--spacing {spacing} must be a positive number"
        )));
    }
    let (nc, nr) = (
        node_count(reg[0], reg[1], spacing),
        node_count(reg[2], reg[3], spacing),
    );
    if nc * nr > MAX_NODES {
        return Err(Error::invalid(format!(
            "{nc} × {nr} nodes is too many; increase --spacing"
        )));
    }
    Ok(Layout::Grid {
        cols: nc as usize,
        rows: nr as usize,
        reg,
        spacing,
    })
}

pub fn run(a: Args) -> Result<()> {
    let lay = layout(&a)?;
    let xy: Vec<(f64, f64)> = match &lay {
        Layout::Grid {
            cols,
            rows,
            reg,
            spacing,
        } => (0..*rows)
            .flat_map(|row| {
                (0..*cols)
                    .map(move |col| (reg[0] + col as f64 * spacing, reg[3] - row as f64 * spacing))
            })
            .collect(),
        Layout::Points(s) => s.xs().iter().copied().zip(s.ys().iter().copied()).collect(),
    };
    let survey = match &lay {
        Layout::Points(s) => Some(s.as_ref()),
        Layout::Grid { .. } => None,
    };
    let z = heights(&a, &xy, survey)?;
    let pts: Vec<[f64; 3]> = xy.iter().zip(&z).map(|(&(x, y), &z)| [x, y, z]).collect();
    let crs = a.crs.as_deref().map(Crs::parse).transpose()?;
    let magnetic = a.field == Field::Magnetic;
    let (xmin, xmax, ymin, ymax) = xy.iter().fold(
        (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ),
        |(a, b, c, d), &(x, y)| (a.min(x), b.max(x), c.min(y), d.max(y)),
    );
    let centre = (0.5 * (xmin + xmax), 0.5 * (ymin + ymax));
    let mean_z = z.iter().sum::<f64>() / z.len() as f64;
    let field = if magnetic {
        Some(inducing_field(&a, centre, mean_z, crs.as_ref())?)
    } else {
        None
    };
    let t = read_prisms(&a.prisms)?;
    if let Some((i, k)) = first_point_inside(&t.prisms, &pts, magnetic) {
        let q = pts[i];
        return Err(Error::input(
            &a.prisms,
            format!(
                "line {}: observation point ({}, {}, {}) is inside {}the prism; raise the observation height or move the points",
                t.line[k],
                q[0],
                q[1],
                q[2],
                if magnetic { "or on an edge of " } else { "" }
            ),
        ));
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
                    .collect::<Vec<f64>>(),
                "nT",
                "total_field_anomaly",
            )
        }
    };
    if values.iter().any(|v| !v.is_finite()) {
        return Err(Error::internal("forward model produced a non-finite value"));
    }
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        });
    let extra = match field {
        Some((i, d, f)) => format!(" (inducing field I = {i:.3}°, D = {d:.3}°, F = {f:.1} nT)"),
        None => String::new(),
    };
    let at = match (a.height, &a.z_column, a.clearance) {
        (Some(h), _, _) => format!("at height {h} m"),
        (None, Some(c), _) => format!("at the heights of column {c}"),
        (None, None, Some(c)) => format!("{c} m above the DEM"),
        _ => String::new(),
    };
    let what = match lay {
        Layout::Grid {
            cols,
            rows,
            reg,
            spacing,
        } => {
            let geom = GridGeometry::new(
                cols,
                rows,
                reg[0] - 0.5 * spacing,
                reg[3] + 0.5 * spacing,
                spacing,
                spacing,
            )?;
            let mut grid = Grid::new_f64(geom, values)?.with_crs(crs);
            grid.units = Some(units.to_string());
            grid.field = Some(name.to_string());
            lode_io::write_grid(&a.out, &grid, None)?;
            format!("{cols} × {rows} nodes")
        }
        Layout::Points(s) => {
            let column = if magnetic { "dt_nt" } else { "gz_mgal" };
            write_points(&a.out, &s, column, &values)?;
            format!("{} points", s.len())
        }
    };
    println!(
        "{}: {} prisms → {what} {at}, {name} {lo:.6} … {hi:.6} {units}{extra}",
        a.out.display(),
        t.prisms.len(),
    );
    Ok(())
}

/// The survey's columns (its line identifiers first, as `line`) plus `column` as CSV
/// (temporary file + rename).
fn write_points(out: &Path, s: &SurveyData, column: &str, values: &[f64]) -> Result<()> {
    use std::fmt::Write as _;
    let mut csv = String::with_capacity(s.len() * 16 * (s.names.len() + 2));
    if s.line.is_some() {
        csv.push_str("line,");
    }
    csv.push_str(&s.names.join(","));
    let _ = writeln!(csv, ",{column}");
    for (i, v) in values.iter().enumerate() {
        if let Some(line) = &s.line {
            let name = s
                .line_names
                .get(line[i] as usize)
                .map_or("", |n| n.as_str());
            let _ = write!(csv, "{name},");
        }
        for (j, c) in s.columns.iter().enumerate() {
            if j > 0 {
                csv.push(',');
            }
            if c[i].is_finite() {
                let _ = write!(csv, "{}", c[i]);
            }
        }
        let _ = writeln!(csv, ",{v:.6}");
    }
    lode_core::atomic::write_bytes(out, csv.as_bytes())
}
