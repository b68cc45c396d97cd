//! Radially averaged power spectrum (Spector & Grant 1970).
//!
//! The grid is prepared as for the FFT ops (gaps filled, plane removed, padded per the
//! options), transformed, and |F(k)|²/(N_rows·N_cols)² (N = padded sizes) is averaged in annuli
//! of width Δk = 2π / min(N_cols·dx, N_rows·dy) centred on multiples of Δk, from Δk up to the
//! smaller Nyquist wavenumber. For an ensemble of sources at mean depth h the spectrum decays
//! as e^{−2hk}: the slope of ln P against k (rad per length unit) is −2h.

use lode_core::{Grid, Result};

use crate::fft::FftOptions;

/// One annulus of the spectrum.
#[derive(Debug, Clone, PartialEq)]
pub struct SpectrumBin {
    /// Annulus centre, radians per CRS unit (rad/m for projected grids).
    pub k: f64,
    /// Mean power, (input units)².
    pub power: f64,
    /// Natural logarithm of the power.
    pub log_power: f64,
    /// Number of wavenumbers (of the full, two-sided spectrum) averaged.
    pub count: u64,
}

/// The radially averaged power spectrum of a grid.
pub fn radial_power_spectrum(grid: &Grid, o: &FftOptions) -> Result<Vec<SpectrumBin>> {
    let p = super::prepare(grid)?;
    let s = p.spectrum(o)?;
    let (pr, pc) = s.padded_shape();
    let nh = pc / 2 + 1;
    let dk = 2.0 * std::f64::consts::PI / (pc as f64 * p.dx).min(pr as f64 * p.dy);
    let kmax = (std::f64::consts::PI / p.dx).min(std::f64::consts::PI / p.dy);
    let nbins = (kmax / dk).floor() as usize + 1;
    let mut sum = vec![0.0f64; nbins];
    let mut cnt = vec![0u64; nbins];
    let norm = 1.0 / (pr as f64 * pc as f64).powi(2);
    let data = s.data();
    for row in 0..pr {
        let ky = s.ky(row);
        for j in 0..nh {
            let kx = s.kx(j);
            let k = (kx * kx + ky * ky).sqrt();
            let b = (k / dk).round() as usize;
            if b == 0 || b >= nbins || k > kmax {
                continue;
            }
            let twice = j > 0 && !(pc % 2 == 0 && j == pc / 2);
            let w = if twice { 2 } else { 1 };
            sum[b] += w as f64 * data[row * nh + j].norm_sqr() * norm;
            cnt[b] += w;
        }
    }
    Ok((1..nbins)
        .filter(|&b| cnt[b] > 0)
        .map(|b| {
            let power = sum[b] / cnt[b] as f64;
            SpectrumBin {
                k: b as f64 * dk,
                power,
                log_power: power.ln(),
                count: cnt[b],
            }
        })
        .collect())
}
