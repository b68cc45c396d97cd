//! Quantile binning of features into u8 codes for histogram-based tree learning (Ke et al. 2017,
//! LightGBM; as scikit-learn's `HistGradientBoostingClassifier` `_BinMapper`).
//!
//! Each feature gets at most [`MAX_BINS`] bins. With at most that many distinct values the
//! thresholds are the midpoints between consecutive distinct values (exact splits); otherwise they
//! are midpoints of quantiles of (a subsample of at most [`BIN_SUBSAMPLE`]) values. A value x gets
//! code b = number of thresholds < x, so code ≤ b ⇔ x ≤ threshold\[b\]: a split on bins is the same
//! as the split `x ≤ threshold` on the raw value, which is what trees store.

use rayon::prelude::*;

use super::rng::Rng;

/// Most bins per feature (codes 0..=254).
pub const MAX_BINS: usize = 255;
/// Values used to find the quantiles of one feature (as scikit-learn: 200,000).
pub const BIN_SUBSAMPLE: usize = 200_000;

/// Features of n samples as u8 codes, row-major n × p, with each feature's thresholds.
#[derive(Debug, Clone)]
pub struct Binned {
    pub n: usize,
    pub p: usize,
    pub codes: Vec<u8>,
    /// thresholds\[f\]\[b\]: the upper value (inclusive) of bin b of feature f.
    pub thresholds: Vec<Vec<f32>>,
}

impl Binned {
    /// Bin the n × p row-major matrix `x` (no NaN). Deterministic from `seed` (subsampling only).
    pub fn new(x: &[f32], n: usize, p: usize, seed: u64) -> Binned {
        let sub: Option<Vec<usize>> = (n > BIN_SUBSAMPLE).then(|| {
            let mut rng = Rng::stream(seed, 0xB1);
            let mut idx: Vec<usize> = (0..n).collect();
            for i in 0..BIN_SUBSAMPLE {
                let j = i + rng.below(n - i);
                idx.swap(i, j);
            }
            idx.truncate(BIN_SUBSAMPLE);
            idx
        });
        let thresholds: Vec<Vec<f32>> = (0..p)
            .into_par_iter()
            .map(|f| {
                let mut col: Vec<f32> = match &sub {
                    Some(idx) => idx.iter().map(|&i| x[i * p + f]).collect(),
                    None => (0..n).map(|i| x[i * p + f]).collect(),
                };
                col.sort_unstable_by(f32::total_cmp);
                thresholds_of(&col)
            })
            .collect();
        let mut codes = vec![0u8; n * p];
        codes
            .par_chunks_mut(p.max(1) * 4096)
            .zip(x.par_chunks(p.max(1) * 4096))
            .for_each(|(c, xs)| {
                for (k, v) in xs.iter().enumerate() {
                    c[k] = code_of(&thresholds[k % p], *v);
                }
            });
        Binned {
            n,
            p,
            codes,
            thresholds,
        }
    }

    /// The codes of sample i.
    #[inline]
    pub fn row(&self, i: usize) -> &[u8] {
        &self.codes[i * self.p..(i + 1) * self.p]
    }

    /// Number of bins of feature f.
    pub fn n_bins(&self, f: usize) -> usize {
        self.thresholds[f].len() + 1
    }
}

/// The bin code of value v.
#[inline]
pub fn code_of(thresholds: &[f32], v: f32) -> u8 {
    thresholds.partition_point(|&t| t < v) as u8
}

/// Thresholds of a sorted column (see module docs).
fn thresholds_of(sorted: &[f32]) -> Vec<f32> {
    let mut distinct: Vec<f32> = Vec::new();
    for &v in sorted {
        if distinct.last() != Some(&v) {
            distinct.push(v);
        }
        if distinct.len() > MAX_BINS {
            break;
        }
    }
    let mut t: Vec<f32> = Vec::new();
    if distinct.len() <= MAX_BINS {
        for w in distinct.windows(2) {
            t.push(mid(w[0], w[1]));
        }
        return t;
    }
    let n = sorted.len();
    for k in 1..MAX_BINS {
        let q = k as f64 / MAX_BINS as f64 * (n - 1) as f64;
        let lo = q.floor() as usize;
        let hi = q.ceil() as usize;
        let v = mid(sorted[lo], sorted[hi]);
        if t.last().is_none_or(|&l| v > l) && v < sorted[n - 1] {
            t.push(v);
        }
    }
    t
}

/// Midpoint of a ≤ b in f32 that is ≥ a and < b when a < b.
fn mid(a: f32, b: f32) -> f32 {
    let m = ((a as f64 + b as f64) / 2.0) as f32;
    if m >= b {
        a
    } else {
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_split_like_thresholds() {
        let n = 5000;
        let x: Vec<f32> = (0..n * 2)
            .map(|i| {
                if i % 2 == 0 {
                    (i as f32 * 0.37).sin()
                } else {
                    (i % 7) as f32
                }
            })
            .collect();
        let b = Binned::new(&x, n, 2, 1);
        assert_eq!(b.n_bins(1), 7);
        assert!(b.n_bins(0) <= MAX_BINS);
        for i in 0..n {
            for f in 0..2 {
                let c = b.row(i)[f] as usize;
                let t = &b.thresholds[f];
                let v = x[i * 2 + f];
                if c < t.len() {
                    assert!(v <= t[c]);
                }
                if c > 0 {
                    assert!(v > t[c - 1]);
                }
            }
        }
    }
}
