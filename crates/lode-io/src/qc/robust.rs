//! Robust statistics: median and median absolute deviation (MAD).

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

/// Every `step`-th finite value of `v`, so that at most about `max` values are kept
/// (a deterministic subsample for the statistics of very large grids).
pub fn subsample(v: &[f64], max: usize) -> Vec<f64> {
    let step = v.len().div_ceil(max.max(1)).max(1);
    v.iter()
        .step_by(step)
        .copied()
        .filter(|x| x.is_finite())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_mad() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[f64::NAN]), None);
        let (m, s) = median_sigma(&[1.0, 2.0, 3.0, 4.0, 100.0]).unwrap();
        assert_eq!(m, 3.0);
        assert!((s - MAD_TO_SIGMA).abs() < 1e-12);
    }
}
