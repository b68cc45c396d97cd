//! L2-penalised logistic regression fitted by Newton's method (iteratively reweighted least
//! squares; Hastie, Tibshirani & Friedman 2009, *Elements of Statistical Learning*, §4.4.1).
//!
//! Features are standardised, z = (x − mean)/std (population std; 1 for a constant feature, as
//! scikit-learn's `StandardScaler`). With sample weights wᵢ the coefficients β (on z) and the
//! intercept b minimise
//!
//! Σᵢ wᵢ·[log(1 + e^{ηᵢ}) − yᵢ·ηᵢ] + ‖β‖²/(2C),   ηᵢ = b + zᵢ·β,
//!
//! the objective of scikit-learn's `LogisticRegression(C=C)` (intercept not penalised). Each
//! Newton step solves (ZᵀWZ + I/C)·δ = gradient by Cholesky, halving the step while the objective
//! does not decrease; it stops when the largest step component is below `tol`.

use lode_core::{Error, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// A fitted logistic regression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Logistic {
    /// Feature means used for standardising.
    pub mean: Vec<f64>,
    /// Feature standard deviations used for standardising.
    pub scale: Vec<f64>,
    /// Intercept (on standardised features).
    pub intercept: f64,
    /// Coefficients of the standardised features.
    pub coef: Vec<f64>,
    /// Newton iterations used.
    pub n_iter: usize,
}

const CHUNK: usize = 4096;

impl Logistic {
    /// Fit on n × p row-major `x`, labels `y`, weights `w`.
    pub fn fit(
        x: &[f32],
        y: &[u8],
        w: &[f32],
        p: usize,
        c: f64,
        max_iter: usize,
        tol: f64,
    ) -> Result<Logistic> {
        let n = y.len();
        if !c.is_finite() || c <= 0.0 {
            return Err(Error::invalid(format!(
                "logistic regression: C = {c} must be positive"
            )));
        }
        let mut mean = vec![0.0; p];
        let mut scale = vec![0.0; p];
        for f in 0..p {
            let m = (0..n).map(|i| x[i * p + f] as f64).sum::<f64>() / n as f64;
            let v = (0..n)
                .map(|i| (x[i * p + f] as f64 - m).powi(2))
                .sum::<f64>()
                / n as f64;
            mean[f] = m;
            scale[f] = if v > 0.0 { v.sqrt() } else { 1.0 };
        }
        let q = p + 1;
        let lam = 1.0 / c;
        let mut beta = vec![0.0; q];
        let z = |i: usize, f: usize| (x[i * p + f] as f64 - mean[f]) / scale[f];
        let objective = |beta: &[f64]| -> f64 {
            let s: f64 = (0..n)
                .into_par_iter()
                .with_min_len(CHUNK)
                .map(|i| {
                    let mut eta = beta[0];
                    for f in 0..p {
                        eta += beta[f + 1] * z(i, f);
                    }
                    w[i] as f64 * (softplus(eta) - y[i] as f64 * eta)
                })
                .collect::<Vec<f64>>()
                .iter()
                .sum();
            s + 0.5 * lam * beta[1..].iter().map(|b| b * b).sum::<f64>()
        };
        let mut obj = objective(&beta);
        let mut n_iter = 0;
        for it in 0..max_iter {
            n_iter = it + 1;
            // Gradient and Hessian, summed over fixed chunks in order (deterministic).
            let parts: Vec<(Vec<f64>, Vec<f64>)> = (0..n.div_ceil(CHUNK))
                .into_par_iter()
                .map(|ch| {
                    let mut g = vec![0.0; q];
                    let mut h = vec![0.0; q * q];
                    let mut zi = vec![0.0; q];
                    zi[0] = 1.0;
                    for i in ch * CHUNK..((ch + 1) * CHUNK).min(n) {
                        let mut eta = beta[0];
                        for f in 0..p {
                            zi[f + 1] = z(i, f);
                            eta += beta[f + 1] * zi[f + 1];
                        }
                        let mu = sigmoid(eta);
                        let wi = w[i] as f64;
                        let r = wi * (mu - y[i] as f64);
                        let s = wi * mu * (1.0 - mu);
                        for a in 0..q {
                            g[a] += r * zi[a];
                            let sa = s * zi[a];
                            for b in 0..=a {
                                h[a * q + b] += sa * zi[b];
                            }
                        }
                    }
                    (g, h)
                })
                .collect();
            let mut g = vec![0.0; q];
            let mut h = vec![0.0; q * q];
            for (pg, ph) in &parts {
                for (a, b) in g.iter_mut().zip(pg) {
                    *a += b;
                }
                for (a, b) in h.iter_mut().zip(ph) {
                    *a += b;
                }
            }
            for a in 1..q {
                g[a] += lam * beta[a];
                h[a * q + a] += lam;
            }
            for a in 0..q {
                for b in 0..a {
                    h[b * q + a] = h[a * q + b];
                }
            }
            let delta = cholesky_solve(&mut h, &g, q).ok_or_else(|| {
                Error::invalid(
                    "logistic regression: singular Hessian (a class without weight, or C too large)",
                )
            })?;
            let mut step = 1.0;
            let mut accepted = false;
            for _ in 0..30 {
                let trial: Vec<f64> = beta.iter().zip(&delta).map(|(b, d)| b - step * d).collect();
                let o = objective(&trial);
                if o <= obj + 1e-12 * obj.abs().max(1.0) {
                    beta = trial;
                    obj = o;
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            let max_step = delta.iter().fold(0.0f64, |m, d| m.max((step * d).abs()));
            if !accepted || max_step < tol {
                break;
            }
        }
        if beta.iter().any(|b| !b.is_finite()) {
            return Err(Error::invalid("logistic regression diverged"));
        }
        Ok(Logistic {
            mean,
            scale,
            intercept: beta[0],
            coef: beta[1..].to_vec(),
            n_iter,
        })
    }

    /// Linear predictor η of one row.
    pub fn decision(&self, row: &[f32]) -> f64 {
        let mut eta = self.intercept;
        for (f, &v) in row.iter().enumerate() {
            eta += self.coef[f] * (v as f64 - self.mean[f]) / self.scale[f];
        }
        eta
    }

    /// P(y = 1) of one row.
    pub fn predict_row(&self, row: &[f32]) -> f32 {
        sigmoid(self.decision(row)) as f32
    }
}

/// Logistic function 1/(1 + e^{−t}), stable for large |t|.
pub fn sigmoid(t: f64) -> f64 {
    if t >= 0.0 {
        1.0 / (1.0 + (-t).exp())
    } else {
        let e = t.exp();
        e / (1.0 + e)
    }
}

/// log(1 + e^t), stable.
fn softplus(t: f64) -> f64 {
    if t > 0.0 {
        t + (-t).exp().ln_1p()
    } else {
        t.exp().ln_1p()
    }
}

/// Solve A·x = b for symmetric positive definite A (q × q, row-major, overwritten by its Cholesky
/// factor). None when A is not positive definite.
fn cholesky_solve(a: &mut [f64], b: &[f64], q: usize) -> Option<Vec<f64>> {
    for j in 0..q {
        let mut d = a[j * q + j];
        for k in 0..j {
            d -= a[j * q + k] * a[j * q + k];
        }
        if d <= 0.0 || !d.is_finite() {
            return None;
        }
        let d = d.sqrt();
        a[j * q + j] = d;
        for i in j + 1..q {
            let mut s = a[i * q + j];
            for k in 0..j {
                s -= a[i * q + k] * a[j * q + k];
            }
            a[i * q + j] = s / d;
        }
    }
    let mut y = vec![0.0; q];
    for i in 0..q {
        let mut s = b[i];
        for k in 0..i {
            s -= a[i * q + k] * y[k];
        }
        y[i] = s / a[i * q + i];
    }
    for i in (0..q).rev() {
        let mut s = y[i];
        for k in i + 1..q {
            s -= a[k * q + i] * y[k];
        }
        y[i] = s / a[i * q + i];
    }
    Some(y)
}
