//! `lode spectrum IN OUT.csv`: the radially averaged power spectrum (Spector & Grant 1970).
//!
//! CSV columns: `wavenumber_rad_per_km` (annulus centre, radians per kilometre),
//! `wavelength_m`, `power` ((input units)², mean |DFT|²/N² over the annulus), `log_power`
//! (natural log) and `count` (wavenumbers averaged). For sources at mean depth h, ln P falls
//! with slope −2h (h in km when k is in rad/km).

use std::io::Write;
use std::path::PathBuf;

use lode_core::{Error, Result};
use lode_geophys::transforms::spectrum::radial_power_spectrum;

#[derive(clap::Args)]
pub struct Args {
    /// Input grid (projected CRS).
    pub input: PathBuf,
    /// Output CSV.
    pub output: PathBuf,
    /// Padding: mirror (default), smooth, ramp, edge, zero, none.
    #[arg(long, default_value = "mirror")]
    pub pad: String,
    /// Pad width: auto, N or ROWS,COLS cells.
    #[arg(long = "pad-width", default_value = "auto")]
    pub pad_width: String,
    /// Trend removed first: edge (default) or none.
    #[arg(long, default_value = "edge")]
    pub detrend: String,
}

pub fn run(a: Args) -> Result<()> {
    let opts = super::filter::fft_options(&a.pad, &a.pad_width, &a.detrend)?;
    let grid = lode_io::read_grid(&a.input)?;
    let to_m = grid.crs.as_ref().and_then(|c| c.to_meter()).unwrap_or(1.0);
    let bins = radial_power_spectrum(&grid, &opts).map_err(|e| e.at(&a.input))?;
    if bins.is_empty() {
        return Err(Error::input(
            &a.input,
            "the grid is too small for a spectrum",
        ));
    }
    lode_core::atomic::write_file(&a.output, |w| {
        let io = |e| Error::write_io(&a.output, e);
        writeln!(
            w,
            "wavenumber_rad_per_km,wavelength_m,power,log_power,count"
        )
        .map_err(io)?;
        for b in &bins {
            let k_km = b.k / to_m * 1000.0;
            writeln!(
                w,
                "{:.6},{:.3},{:.6e},{:.6},{}",
                k_km,
                2.0 * std::f64::consts::PI / k_km * 1000.0,
                b.power,
                b.log_power,
                b.count
            )
            .map_err(io)?;
        }
        Ok(())
    })
}
