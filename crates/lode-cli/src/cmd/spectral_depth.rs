//! `lode spectral-depth IN OUT.tif --window CELLS`: depth to the magnetic (or density) sources
//! from windowed radially averaged power spectra (Spector & Grant 1970).
//!
//! In every W×W window (origins `--step` cells apart) a line is fitted to ln P against k;
//! depth = −slope/2 (m below the observation surface, positive down), its uncertainty = the
//! slope's standard error / 2 (`--uncertainty`). The default band is 0 < k ≤ ½ Nyquist;
//! `--band LOW,HIGH` in rad/km (the units of `lode spectrum`) fits the straight segment read
//! off the spectrum instead. Output cells are `--step` input cells wide, centred on the
//! window centres.

use std::path::PathBuf;

use lode_core::{Error, Result};
use lode_geophys::spectral_depth::{spectral_depth, spectral_depth_range};

#[derive(clap::Args)]
pub struct Args {
    /// Input grid (projected CRS in metres, constant observation height).
    pub input: PathBuf,
    /// Output depth grid, m (positive down).
    pub output: PathBuf,
    /// Window side, cells (≥ 8).
    #[arg(long)]
    pub window: usize,
    /// Step between windows, cells (default: half the window).
    #[arg(long)]
    pub step: Option<usize>,
    /// Also write the depth uncertainty (standard error), m.
    #[arg(long)]
    pub uncertainty: Option<PathBuf>,
    /// Fitted wavenumber band LOW,HIGH, rad/km.
    #[arg(long)]
    pub band: Option<String>,
    /// Accept a grid without a CRS (or with non-metre units) as metres.
    #[arg(long = "assume-metres")]
    pub assume_metres: bool,
}

fn parse_band(s: &str) -> Result<(f64, f64)> {
    let bad = || {
        Error::invalid(format!(
            "--band {s:?}: give LOW,HIGH in rad/km with 0 ≤ LOW < HIGH"
        ))
    };
    let (a, b) = s.split_once(',').ok_or_else(bad)?;
    let lo: f64 = a.trim().parse().map_err(|_| bad())?;
    let hi: f64 = b.trim().parse().map_err(|_| bad())?;
    if !(lo.is_finite() && hi.is_finite() && lo >= 0.0 && hi > lo) {
        return Err(bad());
    }
    Ok((lo, hi))
}

pub fn run(a: Args) -> Result<()> {
    let band = a.band.as_deref().map(parse_band).transpose()?;
    for p in std::iter::once(&a.output).chain(a.uncertainty.as_ref()) {
        if lode_io::Format::from_extension(p).is_none_or(|f| f.kind() != "grid") {
            return Err(Error::invalid(format!(
                "{}: not a grid format (use .tif, .grd, …)",
                p.display()
            )));
        }
    }
    let grid = lode_io::read_grid(&a.input)?;
    super::lineaments::require_metres(&grid, &a.input, "spectral depth", a.assume_metres)?;
    if a.window > grid.cols() || a.window > grid.rows() {
        return Err(Error::input(
            &a.input,
            format!(
                "window of {} cells is larger than the grid ({} × {} cells)",
                a.window,
                grid.cols(),
                grid.rows()
            ),
        ));
    }
    let step = a.step.unwrap_or((a.window / 2).max(1));
    let (mut depth, mut unc) = match band {
        Some((lo, hi)) => spectral_depth_range(&grid, a.window, step, lo / 1000.0, hi / 1000.0),
        None => spectral_depth(&grid, a.window, step),
    }
    .map_err(|e| e.at(&a.input))?;
    depth.field = Some("depth_to_source".into());
    unc.field = Some("depth_to_source_uncertainty".into());
    let n = depth
        .values
        .as_f64()
        .iter()
        .filter(|v| v.is_finite())
        .count();
    if n == 0 {
        return Err(Error::input(
            &a.input,
            "no window gave a depth (no-data in every window, or fewer than 3 annuli in the band)",
        ));
    }
    lode_io::write_grid(&a.output, &depth, None)?;
    if let Some(p) = &a.uncertainty {
        lode_io::write_grid(p, &unc, None)?;
    }
    let st = depth.stats();
    let median = lode_core::stats::median(&depth.values.as_f64()).unwrap_or(f64::NAN);
    eprintln!(
        "{n} windows of {} cells: depth median {median:.0} m (range {:.0}–{:.0} m)",
        a.window, st.min, st.max
    );
    Ok(())
}
