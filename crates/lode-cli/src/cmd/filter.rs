//! `lode filter IN OUT --op OP[,OP...]`: FFT and spatial transforms of a grid, applied in order.
//!
//! Ops and units are listed in docs/GEOPHYSICS.md ("Grid transforms"). The field direction for
//! rtp, rtp-lowlat, rte and psg comes from `--inc/--dec` or from IGRF-14 (`--date`) at the grid
//! centre, with the declination turned from true north to grid north (meridian convergence).

use std::path::{Path, PathBuf};

use lode_core::crs::Transformer;
use lode_core::{Crs, Error, Grid, Result};
use lode_geophys::fft::{FftOptions, PadMode, PadWidth};
use lode_geophys::transforms::{apply_chain, DerivMethod, Direction, Op, TransformOptions};

#[derive(clap::Args)]
pub struct Args {
    /// Input grid.
    pub input: PathBuf,
    /// Output grid (format from the extension unless --format).
    pub output: PathBuf,
    /// Ops applied in order, comma-separated: rtp, rtp-lowlat[:IA], rte, upcont:H,
    /// downcont:H[,GAIN], dz[:N], dx, dy, thg, as, tilt, theta, tdx, thdr-tilt, agc:W|Wm,
    /// psg[:RATIO], vi, gauss-lp:WL, gauss-hp:WL, butter:LO,HI[,ORDER], cosine:LO,HI, trend:ORDER.
    #[arg(long)]
    pub op: String,
    /// Field inclination, degrees (positive down).
    #[arg(long, allow_hyphen_values = true)]
    pub inc: Option<f64>,
    /// Field declination, degrees east of grid north (--date converts IGRF's true-north value).
    #[arg(long, allow_hyphen_values = true)]
    pub dec: Option<f64>,
    /// Magnetisation inclination, degrees (default: the field's; induced magnetisation).
    #[arg(long = "mag-inc", allow_hyphen_values = true)]
    pub mag_inc: Option<f64>,
    /// Magnetisation declination, degrees (default: the field's).
    #[arg(long = "mag-dec", allow_hyphen_values = true)]
    pub mag_dec: Option<f64>,
    /// Survey date YYYY-MM-DD: field direction from IGRF-14 at the grid centre.
    #[arg(long)]
    pub date: Option<String>,
    /// Survey height above the WGS84 ellipsoid for --date, km.
    #[arg(long = "height-km", default_value_t = 0.0, allow_hyphen_values = true)]
    pub height_km: f64,
    /// Padding: mirror (even reflection + cosine taper, default), smooth (edge value + cosine
    /// taper), ramp (numpy linear_ramp), edge, zero (xrft's default), none.
    #[arg(long, default_value = "mirror")]
    pub pad: String,
    /// Pad width: auto (to FFT-friendly sizes, ≥ 25 % per side) or cells per side, N or ROWS,COLS.
    #[arg(long = "pad-width", default_value = "auto")]
    pub pad_width: String,
    /// Trend removed before FFT ops: edge (plane through the edge cells, default) or none.
    #[arg(long, default_value = "edge")]
    pub detrend: String,
    /// Horizontal derivatives: fd (finite differences, default, as Harmonica) or fft.
    #[arg(long, default_value = "fd")]
    pub hderiv: String,
    /// Output format name (default: from the extension).
    #[arg(long)]
    pub format: Option<String>,
}

fn parse_width(s: &str) -> Result<PadWidth> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("auto") {
        return Ok(PadWidth::Auto);
    }
    let bad = || {
        Error::invalid(format!(
            "--pad-width '{s}': use auto, N or ROWS,COLS (cells)"
        ))
    };
    let n: Vec<usize> = s
        .split(',')
        .map(|x| x.trim().parse::<usize>().map_err(|_| bad()))
        .collect::<Result<_>>()?;
    match n.as_slice() {
        [w] => Ok(PadWidth::Cells { rows: *w, cols: *w }),
        [r, c] => Ok(PadWidth::Cells { rows: *r, cols: *c }),
        _ => Err(bad()),
    }
}

/// Options of the FFT engine from the command line.
pub fn fft_options(pad: &str, width: &str, detrend: &str) -> Result<FftOptions> {
    let detrend = match detrend.trim().to_ascii_lowercase().as_str() {
        "edge" | "plane" => true,
        "none" => false,
        other => {
            return Err(Error::invalid(format!(
                "--detrend '{other}': use edge or none"
            )))
        }
    };
    Ok(FftOptions {
        pad: PadMode::parse(pad)?,
        width: parse_width(width)?,
        detrend,
    })
}

/// Azimuth of true north in grid coordinates at (x, y), degrees clockwise from grid north.
fn grid_north_azimuth(t_inv: &Transformer, t_fwd: &Transformer, x: f64, y: f64) -> Option<f64> {
    let (lon, lat) = t_fwd.try_transform(x, y)?;
    let (x2, y2) = t_inv.try_transform(lon, (lat + 0.01).min(89.99))?;
    Some((x2 - x).atan2(y2 - y).to_degrees())
}

pub fn igrf_direction(grid: &Grid, input: &Path, date: &str, height_km: f64) -> Result<(f64, f64)> {
    let crs = grid.crs.as_ref().ok_or_else(|| {
        Error::input(
            input,
            "has no CRS, so --date cannot place it: give --inc and --dec",
        )
    })?;
    let geo = Crs::from_epsg(4326)?;
    let fwd = Transformer::new(crs, &geo)?;
    let inv = Transformer::new(&geo, crs)?;
    let g = &grid.geometry;
    let (x, y) = g.pixel_to_xy(g.cols as f64 / 2.0, g.rows as f64 / 2.0);
    let (lon, lat) = fwd.try_transform(x, y).ok_or_else(|| {
        Error::input(
            input,
            "the grid centre cannot be converted to latitude/longitude",
        )
    })?;
    let b = lode_geophys::igrf::igrf_at_date(date, lat, lon, height_km)?;
    let conv = if crs.is_geographic() {
        0.0
    } else {
        grid_north_azimuth(&inv, &fwd, x, y).unwrap_or(0.0)
    };
    eprintln!(
        "IGRF-14 at {} (lat {lat:.4}°, lon {lon:.4}°): I = {:.2}°, D = {:.2}° (true north; {:.2}° from grid north)",
        date.trim(),
        b.inclination_deg,
        b.declination_deg,
        b.declination_deg - conv
    );
    Ok((b.inclination_deg, b.declination_deg - conv))
}

pub fn run(a: Args) -> Result<()> {
    let ops = Op::parse_chain(&a.op)?;
    let hderiv = match a.hderiv.trim().to_ascii_lowercase().as_str() {
        "fd" => DerivMethod::FiniteDiff,
        "fft" => DerivMethod::Fft,
        other => return Err(Error::invalid(format!("--hderiv '{other}': use fd or fft"))),
    };
    let fft = fft_options(&a.pad, &a.pad_width, &a.detrend)?;
    let format = a
        .format
        .as_deref()
        .map(lode_io::Format::parse)
        .transpose()?;
    if a.mag_inc.is_some() != a.mag_dec.is_some() {
        return Err(Error::invalid(
            "give both --mag-inc and --mag-dec, or neither",
        ));
    }
    if a.inc.is_some() != a.dec.is_some() {
        return Err(Error::invalid("give both --inc and --dec"));
    }
    if a.date.is_some() && a.inc.is_some() {
        return Err(Error::invalid(
            "give either --date or --inc/--dec, not both",
        ));
    }
    let needs_dir = ops.iter().any(Op::needs_direction);
    if needs_dir && a.inc.is_none() && a.date.is_none() {
        let op = ops
            .iter()
            .find(|o| o.needs_direction())
            .map_or("rtp", |o| o.name());
        return Err(Error::invalid(format!(
            "op '{op}' needs the field direction: give --inc and --dec, or --date"
        )));
    }
    if same_file(&a.input, &a.output) {
        return Err(Error::invalid(format!(
            "{}: the output would overwrite the input",
            a.output.display()
        )));
    }
    let grid = lode_io::read_grid(&a.input)?;
    let field = match (a.inc, a.dec, &a.date) {
        (Some(i), Some(d), _) => Some((i, d)),
        (_, _, Some(date)) if needs_dir => {
            Some(igrf_direction(&grid, &a.input, date, a.height_km)?)
        }
        _ => None,
    };
    let direction = field.map(|(inc, dec)| Direction {
        inc,
        dec,
        mag_inc: a.mag_inc.unwrap_or(inc),
        mag_dec: a.mag_dec.unwrap_or(dec),
    });
    let opts = TransformOptions {
        fft,
        direction,
        hderiv,
    };
    let (out, warnings) = apply_chain(&grid, &ops, &opts).map_err(|e| e.at(&a.input))?;
    for w in warnings {
        eprintln!("warning: {w}");
    }
    lode_io::write_grid(&a.output, &out, format)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
