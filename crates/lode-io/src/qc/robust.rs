//! Robust statistics: median and median absolute deviation (MAD).

pub use lode_core::stats::{median, median_in_place, median_sigma, MAD_TO_SIGMA};

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
