//! Depth to magnetic (or density) sources from windowed power spectra (Spector & Grant 1970,
//! Geophysics 35, 293–302).
//!
//! For an ensemble of sources at mean depth h the radially averaged power spectrum decays as
//! P(k) ∝ e^{−2hk} (Spector & Grant 1970, eq. 4, depth factor), so a least-squares line through
//! ln P against k (rad/m) over the low-wavenumber band has slope −2h. In every W×W window
//! (origins `stride` cells apart) the spectrum is computed by [`window_log_spectrum`] (plane
//! removed, 2-D Hann taper, no padding: its leakage falls faster than that of mirror padding,
//! which matters for the large dynamic range of e^{−2hk}), the line is fitted over the annuli with k ≤ `band` × the Nyquist wavenumber,
//! and depth = −slope/2 with uncertainty = standard error of the slope / 2 (both m).

use lode_core::{Error, Grid, GridGeometry, Result};
use rayon::prelude::*;

use rustfft::num_complex::Complex64;
use rustfft::FftPlanner;

/// Fraction of the Nyquist wavenumber that ends the fitted band by default.
pub const DEFAULT_BAND: f64 = 0.5;

/// Depth and uncertainty grids (m) at window centres, [`DEFAULT_BAND`].
pub fn spectral_depth(grid: &Grid, window: usize, stride: usize) -> Result<(Grid, Grid)> {
    spectral_depth_band(grid, window, stride, DEFAULT_BAND)
}

/// As [`spectral_depth`], fitting ln P over 0 < k ≤ `band` × Nyquist. Output cells are
/// `stride` input cells wide and centred on the window centres; NaN where a window holds
/// no-data or fewer than three annuli fall in the band.
pub fn spectral_depth_band(
    grid: &Grid,
    window: usize,
    stride: usize,
    band: f64,
) -> Result<(Grid, Grid)> {
    let (cols, rows) = (grid.cols(), grid.rows());
    if window < 8 {
        return Err(Error::invalid(format!(
            "spectral window of {window} cells is too small (at least 8)"
        )));
    }
    if window > cols || window > rows {
        return Err(Error::invalid(format!(
            "window of {window} cells is larger than the grid ({cols} × {rows} cells)"
        )));
    }
    if stride == 0 {
        return Err(Error::invalid("stride must be at least 1 cell"));
    }
    if !(band > 0.0 && band <= 1.0) {
        return Err(Error::invalid(format!("band {band} must be in (0, 1]")));
    }
    let v = grid.values.as_f64();
    if !v.iter().any(|x| x.is_finite()) {
        return Err(Error::invalid("the grid has no valid values (all no-data)"));
    }
    let g = &grid.geometry;
    let (nc, nr) = ((cols - window) / stride + 1, (rows - window) / stride + 1);
    let nyquist = std::f64::consts::PI / g.dx.max(g.dy);
    let cells: Vec<(f64, f64)> = (0..nr * nc)
        .into_par_iter()
        .map(|i| {
            let (r0, c0) = ((i / nc) * stride, (i % nc) * stride);
            let mut w = Vec::with_capacity(window * window);
            for r in r0..r0 + window {
                w.extend_from_slice(&v[r * cols + c0..r * cols + c0 + window]);
            }
            if w.iter().any(|x| !x.is_finite()) {
                return (f64::NAN, f64::NAN);
            }
            window_depth(w, window, g.dx, g.dy, band * nyquist).unwrap_or((f64::NAN, f64::NAN))
        })
        .collect();
    let mut og = GridGeometry::new(nc, nr, 0.0, 0.0, stride as f64 * g.dx, stride as f64 * g.dy)?;
    let half = 0.5 * window as f64 - 0.5 * stride as f64;
    let (x0, y0) = g.pixel_to_xy(half, half);
    og.x0 = x0;
    og.y0 = y0;
    og.rotation_deg = g.rotation_deg;
    let mk = |vals: Vec<f64>| -> Result<Grid> {
        let mut o = Grid::new_f64(og, vals)?;
        o.crs = grid.crs.clone();
        o.units = Some("m".into());
        Ok(o)
    };
    let depth = mk(cells.iter().map(|c| c.0).collect())?;
    let unc = mk(cells.iter().map(|c| c.1).collect())?;
    Ok((depth, unc))
}

/// ln P(k) of one n×n window (row-major, row 0 north): least-squares plane removed, 2-D Hann
/// taper, |DFT|² averaged in annuli of width Δk = 2π / (n·max(dx, dy)) centred on multiples of
/// Δk; annuli with 0 < k ≤ `kmax` are returned as (k, ln P).
pub fn window_log_spectrum(w: &[f64], n: usize, dx: f64, dy: f64, kmax: f64) -> Vec<(f64, f64)> {
    let c = (n as f64 - 1.0) / 2.0;
    let nf = (n * n) as f64;
    let mean = w.iter().sum::<f64>() / nf;
    let sxx: f64 = (0..n).map(|i| (i as f64 - c).powi(2)).sum::<f64>() * n as f64;
    let (mut gx, mut gy) = (0.0, 0.0);
    for r in 0..n {
        for col in 0..n {
            let v = w[r * n + col] - mean;
            gx += v * (col as f64 - c);
            gy += v * (r as f64 - c);
        }
    }
    let (gx, gy) = (gx / sxx, gy / sxx);
    let hann: Vec<f64> = (0..n)
        .map(|i| 0.5 - 0.5 * (2.0 * std::f64::consts::PI * (i as f64 + 0.5) / n as f64).cos())
        .collect();
    let mut a: Vec<Complex64> = (0..n * n)
        .map(|i| {
            let (r, col) = (i / n, i % n);
            let v = w[i] - mean - gx * (col as f64 - c) - gy * (r as f64 - c);
            Complex64::new(v * hann[r] * hann[col], 0.0)
        })
        .collect();
    let fft = FftPlanner::new().plan_fft_forward(n);
    for row in a.chunks_mut(n) {
        fft.process(row);
    }
    let mut col = vec![Complex64::new(0.0, 0.0); n];
    for j in 0..n {
        for i in 0..n {
            col[i] = a[i * n + j];
        }
        fft.process(&mut col);
        for i in 0..n {
            a[i * n + j] = col[i];
        }
    }
    let tau = 2.0 * std::f64::consts::PI;
    let (dkx, dky) = (tau / (n as f64 * dx), tau / (n as f64 * dy));
    let dk = dkx.min(dky);
    let freq = |i: usize| {
        if i <= n / 2 {
            i as f64
        } else {
            i as f64 - n as f64
        }
    };
    let nb = (kmax / dk).floor() as usize + 1;
    let (mut sum, mut cnt) = (vec![0.0; nb], vec![0usize; nb]);
    for i in 0..n {
        for j in 0..n {
            let k = (freq(i) * dky).hypot(freq(j) * dkx);
            let b = (k / dk).round() as usize;
            if b == 0 || b >= nb || k > kmax {
                continue;
            }
            sum[b] += a[i * n + j].norm_sqr();
            cnt[b] += 1;
        }
    }
    (1..nb)
        .filter(|&b| cnt[b] > 0 && sum[b] > 0.0)
        .map(|b| (b as f64 * dk, (sum[b] / cnt[b] as f64 / (nf * nf)).ln()))
        .collect()
}

fn window_depth(w: Vec<f64>, n: usize, dx: f64, dy: f64, kmax: f64) -> Option<(f64, f64)> {
    let (slope, se) = fit_line(&window_log_spectrum(&w, n, dx, dy, kmax))?;
    Some((-slope / 2.0, se / 2.0))
}

/// Least-squares slope of y on x and its standard error; None for fewer than 3 points.
pub fn fit_line(p: &[(f64, f64)]) -> Option<(f64, f64)> {
    let n = p.len();
    if n < 3 {
        return None;
    }
    let nf = n as f64;
    let mx = p.iter().map(|q| q.0).sum::<f64>() / nf;
    let my = p.iter().map(|q| q.1).sum::<f64>() / nf;
    let sxx: f64 = p.iter().map(|q| (q.0 - mx).powi(2)).sum();
    let sxy: f64 = p.iter().map(|q| (q.0 - mx) * (q.1 - my)).sum();
    if sxx.is_nan() || sxx <= 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    let rss: f64 = p
        .iter()
        .map(|q| (q.1 - my - slope * (q.0 - mx)).powi(2))
        .sum();
    Some((slope, (rss / (nf - 2.0) / sxx).sqrt()))
}
