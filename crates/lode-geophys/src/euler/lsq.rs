//! Least squares for the 4-unknown Euler system: normal equations solved by Cholesky after
//! Jacobi (diagonal) scaling, with the inverse kept for the covariance.
#![allow(clippy::needless_range_loop)]

/// Solution of min ‖A p − d‖² for a 4-column A given through its normal equations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lsq4 {
    /// The estimate p.
    pub p: [f64; 4],
    /// Covariance χ²·(AᵀA)⁻¹ with χ² = ‖A p − d‖² / (n − 4).
    pub cov: [[f64; 4]; 4],
}

/// Accumulated normal equations AᵀA, Aᵀd, dᵀd and the row count.
#[derive(Debug, Clone, Copy, Default)]
pub struct Normal4 {
    ata: [[f64; 4]; 4],
    atd: [f64; 4],
    dtd: f64,
    n: usize,
}

impl Normal4 {
    /// Add the row `a` with right-hand side `d`.
    #[inline]
    pub fn add(&mut self, a: [f64; 4], d: f64) {
        for i in 0..4 {
            for j in i..4 {
                self.ata[i][j] += a[i] * a[j];
            }
            self.atd[i] += a[i] * d;
        }
        self.dtd += d * d;
        self.n += 1;
    }

    /// Solve; None when there are fewer than 5 rows or AᵀA is singular to working precision.
    /// A horizontal unknown (column 0 or 1) whose column is negligible (‖a_j‖² below 1e-12 of
    /// the trace of AᵀA, e.g. ∂T/∂y along a 2-D body striking north) is held at 0 and reported
    /// with zero variance, as is usual for grid Euler over 2-D structures.
    pub fn solve(&self) -> Option<Lsq4> {
        if self.n < 5 {
            return None;
        }
        let mut h = self.ata;
        for i in 0..4 {
            for j in 0..i {
                h[i][j] = h[j][i];
            }
        }
        let trace: f64 = (0..4).map(|i| h[i][i]).sum();
        let active: Vec<usize> = (0..4)
            .filter(|&i| i >= 2 || h[i][i] > 1e-12 * trace)
            .collect();
        let k = active.len();
        // Jacobi scaling: S H S has a unit diagonal.
        let mut s = [0.0; 4];
        for (a, &i) in active.iter().enumerate() {
            if h[i][i].is_nan() || h[i][i] <= 0.0 || !h[i][i].is_finite() {
                return None;
            }
            s[a] = 1.0 / h[i][i].sqrt();
        }
        let mut m = [[0.0; 4]; 4];
        for a in 0..k {
            for b in 0..k {
                m[a][b] = h[active[a]][active[b]] * s[a] * s[b];
            }
        }
        let l = cholesky(&m, k)?;
        let minv = inverse_from_cholesky(&l, k);
        let mut hinv = [[0.0; 4]; 4];
        for a in 0..k {
            for b in 0..k {
                hinv[active[a]][active[b]] = minv[a][b] * s[a] * s[b];
            }
        }
        let mut p = [0.0; 4];
        for i in 0..4 {
            p[i] = (0..4).map(|j| hinv[i][j] * self.atd[j]).sum();
        }
        // ‖A p − d‖² = dᵀd − 2 pᵀAᵀd + pᵀAᵀA p.
        let mut rss = self.dtd;
        for i in 0..4 {
            rss -= 2.0 * p[i] * self.atd[i];
            for j in 0..4 {
                rss += p[i] * h[i][j] * p[j];
            }
        }
        let chi2 = rss.max(0.0) / (self.n - k) as f64;
        let mut cov = hinv;
        for row in cov.iter_mut() {
            for v in row.iter_mut() {
                *v *= chi2;
            }
        }
        Some(Lsq4 { p, cov })
    }
}

/// Lower Cholesky factor of the leading k×k block of a symmetric positive-definite matrix.
fn cholesky(m: &[[f64; 4]; 4], k: usize) -> Option<[[f64; 4]; 4]> {
    let mut l = [[0.0; 4]; 4];
    for i in 0..k {
        for j in 0..=i {
            let mut sum = m[i][j];
            for k in 0..j {
                sum -= l[i][k] * l[j][k];
            }
            if i == j {
                if sum.is_nan() || sum <= 1e-13 {
                    return None;
                }
                l[i][i] = sum.sqrt();
            } else {
                l[i][j] = sum / l[j][j];
            }
        }
    }
    Some(l)
}

/// (L Lᵀ)⁻¹ of the leading k×k block, by solving for each column of the identity.
fn inverse_from_cholesky(l: &[[f64; 4]; 4], k: usize) -> [[f64; 4]; 4] {
    let mut inv = [[0.0; 4]; 4];
    for c in 0..k {
        let mut y = [0.0; 4];
        for i in 0..k {
            let mut s = if i == c { 1.0 } else { 0.0 };
            for k in 0..i {
                s -= l[i][k] * y[k];
            }
            y[i] = s / l[i][i];
        }
        let mut x = [0.0; 4];
        for i in (0..k).rev() {
            let mut s = y[i];
            for j in i + 1..k {
                s -= l[j][i] * x[j];
            }
            x[i] = s / l[i][i];
        }
        for i in 0..k {
            inv[i][c] = x[i];
        }
    }
    inv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_fit_recovers_parameters() {
        let truth = [1.5, -2.0, 0.25, 3.0];
        let mut n = Normal4::default();
        for i in 0..20 {
            let t = i as f64;
            let a = [t.sin(), (1.3 * t).cos(), 0.1 * t, 1.0];
            n.add(a, (0..4).map(|k| a[k] * truth[k]).sum());
        }
        let s = n.solve().unwrap();
        for k in 0..4 {
            assert!((s.p[k] - truth[k]).abs() < 1e-10, "{k}: {}", s.p[k]);
        }
        assert!(s.cov[2][2].abs() < 1e-18);
    }

    #[test]
    fn singular_is_none() {
        let mut n = Normal4::default();
        for i in 0..10 {
            n.add([i as f64, 2.0 * i as f64, 1.0, 0.0], 1.0);
        }
        assert!(n.solve().is_none());
    }

    #[test]
    fn negligible_horizontal_column_is_held_at_zero() {
        let truth = [1.5, 0.0, 0.25, 3.0];
        let mut n = Normal4::default();
        for i in 0..20 {
            let t = i as f64;
            let a = [t.sin(), 0.0, 0.1 * t, 1.0];
            n.add(a, (0..4).map(|k| a[k] * truth[k]).sum());
        }
        let s = n.solve().unwrap();
        for k in 0..4 {
            assert!((s.p[k] - truth[k]).abs() < 1e-10, "{k}: {}", s.p[k]);
        }
        assert_eq!(s.cov[1][1], 0.0);
    }
}
