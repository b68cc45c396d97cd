//! The embedded IGRF-14 Gauss coefficients (IAGA V-MOD, `.shc` layout).

use std::sync::OnceLock;

use lode_core::{Error, Result};

/// Highest spherical-harmonic degree of IGRF.
pub const NMAX: usize = 13;

const SHC: &str = include_str!("../../data/IGRF14.shc");

/// Gauss coefficients `[n][m]` of one epoch, nT.
pub type Gauss = [[f64; NMAX + 1]; NMAX + 1];

/// Gauss coefficients g, h (nT) at each model epoch (decimal years).
#[derive(Debug, Clone)]
pub struct Coefficients {
    /// Model epochs, decimal years, increasing (1900.0 … 2030.0).
    pub epochs: Vec<f64>,
    /// `g[e][n][m]` at epoch `e`, nT.
    pub g: Vec<Gauss>,
    /// `h[e][n][m]` at epoch `e`, nT.
    pub h: Vec<Gauss>,
}

/// The parsed embedded IGRF-14 coefficients.
pub fn igrf14() -> &'static Coefficients {
    static C: OnceLock<Coefficients> = OnceLock::new();
    C.get_or_init(|| parse_shc(SHC).expect("embedded IGRF14.shc is valid"))
}

/// Parse a `.shc` file: comment lines `#`, a parameter line, an epoch line, then rows `n m c(epoch)…`
/// where m < 0 denotes h(n, |m|).
pub fn parse_shc(text: &str) -> Result<Coefficients> {
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    let bad = |m: &str| Error::invalid(format!("IGRF coefficient file: {m}"));
    lines.next().ok_or_else(|| bad("no parameter line"))?;
    let epochs: Vec<f64> = lines
        .next()
        .ok_or_else(|| bad("no epoch line"))?
        .split_whitespace()
        .map(|s| s.parse::<f64>().map_err(|_| bad("bad epoch")))
        .collect::<Result<_>>()?;
    if epochs.len() < 2
        || epochs
            .windows(2)
            .any(|w| w[1].partial_cmp(&w[0]) != Some(std::cmp::Ordering::Greater))
    {
        return Err(bad("epochs must increase"));
    }
    let zero = [[0.0; NMAX + 1]; NMAX + 1];
    let mut g = vec![zero; epochs.len()];
    let mut h = vec![zero; epochs.len()];
    for line in lines {
        let mut it = line.split_whitespace();
        let n: i64 = it
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("bad degree"))?;
        let m: i64 = it
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("bad order"))?;
        if !(1..=NMAX as i64).contains(&n) || m.abs() > n {
            return Err(bad("degree/order out of range"));
        }
        let vals: Vec<f64> = it
            .map(|s| s.parse::<f64>().map_err(|_| bad("bad coefficient")))
            .collect::<Result<_>>()?;
        if vals.len() != epochs.len() {
            return Err(bad("row length does not match the epochs"));
        }
        let (n, ma) = (n as usize, m.unsigned_abs() as usize);
        for (e, v) in vals.into_iter().enumerate() {
            if m >= 0 {
                g[e][n][ma] = v;
            } else {
                h[e][n][ma] = v;
            }
        }
    }
    Ok(Coefficients { epochs, g, h })
}

impl Coefficients {
    /// Coefficients at decimal year `t`: linear interpolation between the two enclosing epochs;
    /// after the last epoch, linear extrapolation with the last interval's rate (the IGRF
    /// secular variation). `t` must lie in [first epoch, last epoch + 1].
    pub fn at(&self, t: f64) -> Result<(Gauss, Gauss)> {
        let first = self.epochs[0];
        let last = *self.epochs.last().unwrap_or(&first);
        if !(t >= first && t < last + 1.0) {
            return Err(Error::invalid(format!(
                "date {t:.3} is outside the validity of IGRF-14 ({first:.0}-01-01 to {:.0}-12-31)",
                last
            )));
        }
        let k = self.epochs.len();
        let i = match self.epochs.iter().rposition(|&e| e <= t) {
            Some(i) if i + 1 < k => i,
            _ => k - 2,
        };
        let w = (t - self.epochs[i]) / (self.epochs[i + 1] - self.epochs[i]);
        let mut g = [[0.0; NMAX + 1]; NMAX + 1];
        let mut h = [[0.0; NMAX + 1]; NMAX + 1];
        for n in 1..=NMAX {
            for m in 0..=n {
                g[n][m] = self.g[i][n][m] + w * (self.g[i + 1][n][m] - self.g[i][n][m]);
                h[n][m] = self.h[i][n][m] + w * (self.h[i + 1][n][m] - self.h[i][n][m]);
            }
        }
        Ok((g, h))
    }
}
