//! Summary statistics of grid values.

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
