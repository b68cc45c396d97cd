//! Least-squares polynomial trend surfaces of a grid (regional–residual separation).
//!
//! The surface is Σ a_ij·u^i·v^j over i + j ≤ order, with u, v the column and row indices
//! scaled to [−1, 1], fitted to the valid (non-NaN) cells by ordinary least squares (normal
//! equations, Gaussian elimination with partial pivoting). Order 1 is the plane removed before
//! a Fourier transform.

use lode_core::{Error, Result};
use rayon::prelude::*;

/// The highest polynomial order accepted.
pub const MAX_ORDER: usize = 4;

/// A fitted polynomial surface over a `rows` × `cols` grid.
#[derive(Debug, Clone)]
pub struct Trend {
    order: usize,
    coef: Vec<f64>,
    cols: usize,
    rows: usize,
}

fn terms(order: usize) -> Vec<(i32, i32)> {
    let mut t = Vec::new();
    for d in 0..=order as i32 {
        for j in 0..=d {
            t.push((d - j, j));
        }
    }
    t
}

impl Trend {
    /// Fit a surface of `order` (0..=4) to the valid values of a row-major array.
    pub fn fit(v: &[f64], rows: usize, cols: usize, order: usize) -> Result<Self> {
        Self::fit_where(v, rows, cols, order, |_, _| true)
    }

    /// Fit a surface to the valid values of the outermost rows and columns only (Oasis
    /// montaj's "edge points" trend): a regional gradient is removed while an anomaly contained
    /// in the grid does not tilt the surface.
    pub fn fit_edges(v: &[f64], rows: usize, cols: usize, order: usize) -> Result<Self> {
        Self::fit_where(v, rows, cols, order, |r, c| {
            r == 0 || c == 0 || r + 1 == rows || c + 1 == cols
        })
    }

    fn fit_where<P>(v: &[f64], rows: usize, cols: usize, order: usize, keep: P) -> Result<Self>
    where
        P: Fn(usize, usize) -> bool + Sync,
    {
        if order > MAX_ORDER {
            return Err(Error::invalid(format!(
                "trend order {order} is too high (at most {MAX_ORDER})"
            )));
        }
        let t = terms(order);
        let m = t.len();
        let blank = Trend {
            order,
            coef: vec![0.0; m],
            cols,
            rows,
        };
        // Per-row sums in parallel, added in row order: the result does not depend on threads.
        let rows_sums: Vec<(Vec<f64>, Vec<f64>, usize)> = v
            .par_chunks(cols)
            .enumerate()
            .map(|(r, row)| {
                let (mut ata, mut atb, mut count) = (vec![0.0; m * m], vec![0.0; m], 0usize);
                let mut b = vec![0.0; m];
                for (c, &x) in row.iter().enumerate() {
                    if !x.is_finite() || !keep(r, c) {
                        continue;
                    }
                    blank.basis(c, r, &t, &mut b);
                    for i in 0..m {
                        atb[i] += b[i] * x;
                        for j in 0..m {
                            ata[i * m + j] += b[i] * b[j];
                        }
                    }
                    count += 1;
                }
                (ata, atb, count)
            })
            .collect();
        let (mut ata, mut atb, mut count) = (vec![0.0; m * m], vec![0.0; m], 0usize);
        for (a2, b2, c2) in rows_sums {
            ata.iter_mut().zip(&a2).for_each(|(x, y)| *x += y);
            atb.iter_mut().zip(&b2).for_each(|(x, y)| *x += y);
            count += c2;
        }
        if count < m {
            return Err(Error::invalid(format!(
                "a trend of order {order} needs at least {m} valid cells, the grid has {count}"
            )));
        }
        let coef = solve(ata, atb, m).ok_or_else(|| {
            Error::invalid(format!(
                "the valid cells do not determine a trend of order {order} (collinear data)"
            ))
        })?;
        Ok(Trend {
            order,
            coef,
            cols,
            rows,
        })
    }

    fn basis(&self, c: usize, r: usize, t: &[(i32, i32)], out: &mut [f64]) {
        let u = if self.cols > 1 {
            2.0 * c as f64 / (self.cols - 1) as f64 - 1.0
        } else {
            0.0
        };
        let w = if self.rows > 1 {
            2.0 * r as f64 / (self.rows - 1) as f64 - 1.0
        } else {
            0.0
        };
        for (k, &(i, j)) in t.iter().enumerate() {
            out[k] = u.powi(i) * w.powi(j);
        }
    }

    /// The surface at column `c`, row `r`.
    pub fn at(&self, c: usize, r: usize) -> f64 {
        let u = if self.cols > 1 {
            2.0 * c as f64 / (self.cols - 1) as f64 - 1.0
        } else {
            0.0
        };
        let w = if self.rows > 1 {
            2.0 * r as f64 / (self.rows - 1) as f64 - 1.0
        } else {
            0.0
        };
        let mut s = 0.0;
        let mut k = 0;
        for d in 0..=self.order as i32 {
            for j in 0..=d {
                s += self.coef[k] * u.powi(d - j) * w.powi(j);
                k += 1;
            }
        }
        s
    }

    /// Gradient of the surface (per cell) along columns and rows at (c, r).
    pub fn gradient_cells(&self, c: usize, r: usize) -> (f64, f64) {
        let h = 0.5;
        let f = |cc: f64, rr: f64| {
            let u = if self.cols > 1 {
                2.0 * cc / (self.cols - 1) as f64 - 1.0
            } else {
                0.0
            };
            let w = if self.rows > 1 {
                2.0 * rr / (self.rows - 1) as f64 - 1.0
            } else {
                0.0
            };
            let mut s = 0.0;
            let mut k = 0;
            for d in 0..=self.order as i32 {
                for j in 0..=d {
                    s += self.coef[k] * u.powi(d - j) * w.powi(j);
                    k += 1;
                }
            }
            s
        };
        let (cf, rf) = (c as f64, r as f64);
        (
            (f(cf + h, rf) - f(cf - h, rf)) / (2.0 * h),
            (f(cf, rf + h) - f(cf, rf - h)) / (2.0 * h),
        )
    }
}

fn solve(mut a: Vec<f64>, mut b: Vec<f64>, m: usize) -> Option<Vec<f64>> {
    let scale = (0..m).map(|i| a[i * m + i].abs()).fold(0.0, f64::max);
    for col in 0..m {
        let piv =
            (col..m).max_by(|&i, &j| a[i * m + col].abs().total_cmp(&a[j * m + col].abs()))?;
        if a[piv * m + col].abs() <= 1e-12 * scale {
            return None;
        }
        if piv != col {
            for k in 0..m {
                a.swap(piv * m + k, col * m + k);
            }
            b.swap(piv, col);
        }
        for i in col + 1..m {
            let f = a[i * m + col] / a[col * m + col];
            for k in col..m {
                a[i * m + k] -= f * a[col * m + k];
            }
            b[i] -= f * b[col];
        }
    }
    let mut x = vec![0.0; m];
    for i in (0..m).rev() {
        let mut s = b[i];
        for k in i + 1..m {
            s -= a[i * m + k] * x[k];
        }
        x[i] = s / a[i * m + i];
    }
    Some(x)
}
