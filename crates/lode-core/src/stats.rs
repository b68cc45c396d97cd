//! Summary statistics of grid values; robust location and scale; percentiles.

use serde::Serialize;

use crate::Values;

/// Count, no-data count, min, max, mean and (population) standard deviation of the valid values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GridStats {
    pub valid: usize,
    pub nodata: usize,
    pub min: f64,
    pub max: f64,
    pub mean: f64,
    pub std: f64,
}

impl GridStats {
    /// Statistics of a value array (NaN = no data). Uses Welford's algorithm in f64.
    pub fn of(values: &Values) -> Self {
        let n = values.len();
        let (mut count, mut mean, mut m2) = (0usize, 0.0f64, 0.0f64);
        let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
        for i in 0..n {
            let x = values.get(i);
            if x.is_nan() {
                continue;
            }
            count += 1;
            let d = x - mean;
            mean += d / count as f64;
            m2 += d * (x - mean);
            min = min.min(x);
            max = max.max(x);
        }
        if count == 0 {
            return GridStats {
                valid: 0,
                nodata: n,
                min: f64::NAN,
                max: f64::NAN,
                mean: f64::NAN,
                std: f64::NAN,
            };
        }
        GridStats {
            valid: count,
            nodata: n - count,
            min,
            max,
            mean,
            std: (m2 / count as f64).sqrt(),
        }
    }
}

/// Consistency factor turning a MAD into a standard deviation for Gaussian data
/// (1/Φ⁻¹(3/4); Hampel 1974; Rousseeuw & Croux 1993).
pub const MAD_TO_SIGMA: f64 = 1.482_602_218_505_602;

/// Median of the finite values of `v` (reorders `v`); None when there are none.
pub fn median_in_place(v: &mut [f64]) -> Option<f64> {
    let n = v.len();
    if n == 0 {
        return None;
    }
    let mid = n / 2;
    let (_, &mut m, _) = v.select_nth_unstable_by(mid, |a, b| a.total_cmp(b));
    if n % 2 == 1 {
        return Some(m);
    }
    let lower = v[..mid].iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Some(0.5 * (lower + m))
}

/// Median of the finite values in `v`.
pub fn median(v: &[f64]) -> Option<f64> {
    let mut f: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    median_in_place(&mut f)
}

/// Median and robust standard deviation (MAD × 1.4826) of the finite values in `v`.
pub fn median_sigma(v: &[f64]) -> Option<(f64, f64)> {
    let mut f: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    let m = median_in_place(&mut f)?;
    for x in f.iter_mut() {
        *x = (*x - m).abs();
    }
    let mad = median_in_place(&mut f)?;
    Some((m, mad * MAD_TO_SIGMA))
}

/// The `p`-th percentile (0–100) of ascending-sorted values, linear interpolation between order
/// statistics (NumPy's default `percentile`; Hyndman & Fan 1996 type 7); None when empty.
pub fn percentile_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * p.clamp(0.0, 100.0) / 100.0;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    let t = h - lo as f64;
    let (a, b) = (sorted[lo], sorted[hi]);
    Some(if t == 0.0 { a } else { a + (b - a) * t })
}

/// The `p`-th percentile (0–100) of the finite values of `v` (see [`percentile_sorted`]).
pub fn percentile(v: &[f64], p: f64) -> Option<f64> {
    let mut s: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    s.sort_by(f64::total_cmp);
    percentile_sorted(&s, p)
}
