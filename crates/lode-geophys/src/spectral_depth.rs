//! Depth to magnetic (or density) sources from windowed power spectra (Spector & Grant 1970,
//! Geophysics 35, 293–302).
//!
//! For an ensemble of sources at mean depth h the radially averaged power spectrum decays as
//! P(k) ∝ e^{−2hk} (Spector & Grant 1970, eq. 4, depth factor), so a least-squares line through
//! ln P against k (rad/m) over the low-wavenumber band has slope −2h. In every W×W window
//! (origins `stride` cells apart) the spectrum is computed by [`window_log_spectrum`] (plane
//! removed, 2-D Hann taper, no padding: its leakage falls faster than that of mirror padding,
//! which matters for the large dynamic range of e^{−2hk}), the line is fitted over the annuli with k ≤ `band` × the Nyquist wavenumber
//! (or over any band kmin ≤ k ≤ kmax, [`spectral_depth_range`]),
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
    if !(band > 0.0 && band <= 1.0) {
        return Err(Error::invalid(format!("band {band} must be in (0, 1]")));
    }
    let g = &grid.geometry;
    let nyquist = std::f64::consts::PI / g.dx.max(g.dy);
    spectral_depth_range(grid, window, stride, 0.0, band * nyquist)
}

/// As [`spectral_depth`], fitting ln P over the annuli with `kmin` ≤ k ≤ `kmax` (rad/m), e.g.
/// the straight segment of the source ensemble read off `lode spectrum`.
pub fn spectral_depth_range(
    grid: &Grid,
    window: usize,
    stride: usize,
    kmin: f64,
    kmax: f64,
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
    if !(kmin.is_finite() && kmax.is_finite() && kmin >= 0.0 && kmax > kmin) {
        return Err(Error::invalid(format!(
            "wavenumber band {kmin}–{kmax} rad/m must satisfy 0 ≤ low < high"
        )));
    }
    let v = grid.values.as_f64();
    if !v.iter().any(|x| x.is_finite()) {
        return Err(Error::invalid("the grid has no valid values (all no-data)"));
    }
    let g = &grid.geometry;
    let (nc, nr) = ((cols - window) / stride + 1, (rows - window) / stride + 1);
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
            window_depth(w, window, g.dx, g.dy, kmin, kmax).unwrap_or((f64::NAN, f64::NAN))
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
    fft2(&mut a, n, false);
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

fn window_depth(
    w: Vec<f64>,
    n: usize,
    dx: f64,
    dy: f64,
    kmin: f64,
    kmax: f64,
) -> Option<(f64, f64)> {
    let mut p = window_log_spectrum(&w, n, dx, dy, kmax);
    p.retain(|q| q.0 >= kmin);
    let (slope, se) = fit_line(&p)?;
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

/// In-place 2-D DFT of an n × n row-major array (rows, then columns); unnormalised.
fn fft2(a: &mut [Complex64], n: usize, inverse: bool) {
    let mut planner = FftPlanner::new();
    let fft = if inverse {
        planner.plan_fft_inverse(n)
    } else {
        planner.plan_fft_forward(n)
    };
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
}

/// A realisation of Spector & Grant's (1970) statistical ensemble of sources at depth `depth`
/// (m): an n × n grid of `cell` m (top-left corner `origin`) whose amplitude spectrum is
/// exactly e^{−|k|·depth} with phases uniform in [0, 2π) from `seed` (xorshift64), the real part
/// of the inverse DFT. Its power spectrum is ∝ e^{−2|k|h}, the model [`spectral_depth`] inverts;
/// used to test depth estimators.
pub fn ensemble_field(
    n: usize,
    cell: f64,
    depth: f64,
    origin: (f64, f64),
    seed: u64,
) -> Result<Grid> {
    let mut state = seed.max(1);
    let mut rand = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let tau = 2.0 * std::f64::consts::PI;
    let dk = tau / (n as f64 * cell);
    let freq = |i: usize| if i <= n / 2 { i as f64 } else { i as f64 - n as f64 } * dk;
    let mut a: Vec<Complex64> = (0..n * n)
        .map(|i| {
            let k = freq(i / n).hypot(freq(i % n));
            Complex64::from_polar((-k * depth).exp(), tau * rand())
        })
        .collect();
    fft2(&mut a, n, true);
    let g = GridGeometry::new(n, n, origin.0, origin.1, cell, cell)?;
    Grid::new_f64(g, a.iter().map(|z| z.re).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prism::{
        induced_magnetisation, total_field_anomaly, MagneticModel, Prism, Strategy,
    };

    /// Spector & Grant's ensemble: 400 thin vertical prisms (20 m × 20 m, tops 250 m below the
    /// observation surface, bottoms at 5 km) at pseudo-random positions under a 128 × 128 grid
    /// of 50 m cells, magnetised at the pole. Their spectrum is ∝ e^{−2hk} (size and bottom
    /// factors are flat in the band), so every 64-cell window must return h within 15 %.
    #[test]
    fn prism_ensemble_depth_within_15_percent() {
        let (n, d, h) = (128usize, 50.0, 250.0);
        let g = GridGeometry::new(n, n, 0.0, n as f64 * d, d, d).unwrap();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut rand = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let side = n as f64 * d;
        let prisms: Vec<Prism> = (0..400)
            .map(|_| {
                let (x, y) = (rand() * side, rand() * side);
                Prism::new(x - 10.0, x + 10.0, y - 10.0, y + 10.0, -5000.0, -h).unwrap()
            })
            .collect();
        let m = vec![induced_magnetisation(0.1, 90.0, 0.0, 50_000.0); prisms.len()];
        let model = MagneticModel::with_strategy(&prisms, &m, Strategy::PerPrism).unwrap();
        let pts: Vec<[f64; 3]> = (0..n * n)
            .map(|i| {
                let (x, y) = g.cell_center(i % n, i / n);
                [x, y, 0.0]
            })
            .collect();
        let v: Vec<f64> = model
            .eval_many(&pts)
            .iter()
            .map(|&b| total_field_anomaly(b, 90.0, 0.0))
            .collect();
        let grid = Grid::new_f64(g, v).unwrap();
        let (depth, unc) = spectral_depth(&grid, 64, 32).unwrap();
        let dv = depth.values.as_f64();
        let uv = unc.values.as_f64();
        assert_eq!(dv.len(), 9);
        for (z, u) in dv.iter().zip(uv.iter()) {
            eprintln!("ensemble depth {z:.1} ± {u:.1} m (true {h} m)");
            assert!((z - h).abs() <= 0.15 * h, "depth {z}");
            assert!(u.is_finite() && *u > 0.0);
        }
        // A band given in rad/m: the same fit over 0 < k ≤ ½ Nyquist gives the same depths.
        let nyq = std::f64::consts::PI / d;
        let (d2, _) = spectral_depth_range(&grid, 64, 32, 0.0, 0.5 * nyq).unwrap();
        assert_eq!(d2.values, depth.values);
        assert!(spectral_depth_range(&grid, 64, 32, 0.01, 0.005).is_err());
    }
}
