//! Spatial derivatives (Blakely 1995 §12.3): FFT kernels and finite differences.
//!
//! Sign convention: `dz` is the derivative with z positive **down**, |k|^n, positive over the
//! top of a positive source (Oasis montaj / Blakely). Harmonica's `derivative_upward` is
//! (−|k|)^n, so `dz` of order n = (−1)^n × Harmonica. `dx` is eastward (+x), `dy` northward
//! (+y, towards row 0).

use rayon::prelude::*;

use crate::fft::Complex64;

/// Vertical derivative of order `n` (z down): |k|^n; per CRS unit^n.
pub fn dz_kernel(n: f64) -> impl Fn(f64, f64) -> Complex64 + Sync {
    move |kx, ky| {
        let k = (kx * kx + ky * ky).sqrt();
        Complex64::new(if k == 0.0 { 0.0 } else { k.powf(n) }, 0.0)
    }
}

/// Eastward derivative: i·kx (Harmonica's `derivative_easting_kernel`).
pub fn dx_kernel() -> impl Fn(f64, f64) -> Complex64 + Sync {
    |kx, _| Complex64::new(0.0, kx)
}

/// Northward derivative: i·ky (Harmonica's `derivative_northing_kernel`).
pub fn dy_kernel() -> impl Fn(f64, f64) -> Complex64 + Sync {
    |_, ky| Complex64::new(0.0, ky)
}

/// Eastward derivative by finite differences: second-order central differences inside,
/// first-order one-sided at the first and last column (`numpy.gradient`, edge_order=1, as
/// xarray's `differentiate` used by Harmonica's `derivative_easting`).
pub fn fd_dx(v: &[f64], rows: usize, cols: usize, dx: f64) -> Vec<f64> {
    let mut out = vec![0.0; rows * cols];
    out.par_chunks_mut(cols)
        .zip(v.par_chunks(cols))
        .for_each(|(o, r)| {
            if cols < 2 {
                return;
            }
            o[0] = (r[1] - r[0]) / dx;
            o[cols - 1] = (r[cols - 1] - r[cols - 2]) / dx;
            for c in 1..cols - 1 {
                o[c] = (r[c + 1] - r[c - 1]) / (2.0 * dx);
            }
        });
    out
}

/// Northward derivative by finite differences (rows run south, hence the sign).
pub fn fd_dy(v: &[f64], rows: usize, cols: usize, dy: f64) -> Vec<f64> {
    let mut out = vec![0.0; rows * cols];
    if rows < 2 {
        return out;
    }
    out.par_chunks_mut(cols).enumerate().for_each(|(r, o)| {
        let (a, b, h) = if r == 0 {
            (0, 1, dy)
        } else if r == rows - 1 {
            (rows - 2, rows - 1, dy)
        } else {
            (r - 1, r + 1, 2.0 * dy)
        };
        let (ra, rb) = (&v[a * cols..(a + 1) * cols], &v[b * cols..(b + 1) * cols]);
        for c in 0..cols {
            o[c] = -(rb[c] - ra[c]) / h;
        }
    });
    out
}

/// East and north finite-difference derivatives at one cell (same stencils as [`fd_dx`] and
/// [`fd_dy`]).
#[inline]
pub fn fd_at(
    v: &[f64],
    rows: usize,
    cols: usize,
    dx: f64,
    dy: f64,
    r: usize,
    c: usize,
) -> (f64, f64) {
    let i = r * cols + c;
    let gx = if c == 0 {
        (v[i + 1] - v[i]) / dx
    } else if c + 1 == cols {
        (v[i] - v[i - 1]) / dx
    } else {
        (v[i + 1] - v[i - 1]) / (2.0 * dx)
    };
    let gy = if r == 0 {
        -(v[i + cols] - v[i]) / dy
    } else if r + 1 == rows {
        -(v[i] - v[i - cols]) / dy
    } else {
        -(v[i + cols] - v[i - cols]) / (2.0 * dy)
    };
    (gx, gy)
}
