//! Classification of continuous grids into classes 1..n.
//!
//! Breaks are returned as n + 1 edges `[min, b1, …, b(n−1), max]`; class k holds the values v with
//! edge(k−1) < v ≤ edge(k), class 1 also holds the minimum (the upper-bound convention of
//! mapclassify and jenkspy). NaN stays NaN.

use lode_core::{Error, Grid, Result};
use rayon::prelude::*;

/// A classification method.
#[derive(Debug, Clone, PartialEq)]
pub enum Method {
    /// n classes of equal width between the minimum and the maximum.
    EqualInterval,
    /// Upper edges at the k/n percentiles (linear interpolation between order statistics, as
    /// `numpy.percentile` and mapclassify's `Quantiles`); repeated edges are merged, so heavily
    /// tied data may give fewer classes.
    Quantile,
    /// Jenks (1967) natural breaks: the partition into n classes of consecutive sorted values with
    /// the least sum of squared deviations from the class means, found exactly by Fisher's (1958)
    /// dynamic programme (see [`jenks_breaks`]). Grids with more valid values than
    /// `max_sample` are sampled deterministically (see [`sample_sorted`]).
    NaturalBreaks {
        /// The largest number of values the exact optimisation runs on (e.g. 3000).
        max_sample: usize,
    },
    /// Inner breaks given by the user, strictly increasing; n = breaks + 1 classes.
    Manual(Vec<f64>),
}

/// The largest number of classes [`classify`] accepts.
pub const MAX_CLASSES: usize = 1000;

/// The largest natural-breaks sample [`classify`] accepts.
pub const MAX_JENKS_SAMPLE: usize = 20_000;

/// Classifies the valid values of `grid`; returns the class grid (1..n, NaN = no data) and the
/// n + 1 edges. `n_classes` is ignored by [`Method::Manual`].
pub fn classify(grid: &Grid, method: &Method, n_classes: usize) -> Result<(Grid, Vec<f64>)> {
    let v = grid.values_f64();
    let mut sorted: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    if sorted.is_empty() {
        return Err(Error::invalid(
            "classification: the grid has no valid values",
        ));
    }
    if !matches!(method, Method::Manual(_)) && n_classes < 2 {
        return Err(Error::invalid(format!(
            "classification needs at least 2 classes, {n_classes} asked"
        )));
    }
    if n_classes > MAX_CLASSES {
        return Err(Error::invalid(format!(
            "classification: {n_classes} classes asked, at most {MAX_CLASSES}"
        )));
    }
    if let Method::NaturalBreaks { max_sample } = method {
        if *max_sample > MAX_JENKS_SAMPLE {
            return Err(Error::invalid(format!(
                "natural breaks: a sample of {max_sample} values is too large (at most \
                 {MAX_JENKS_SAMPLE}; the exact optimisation takes O(n·N²) time)"
            )));
        }
    }
    sorted.par_sort_unstable_by(|a, b| a.total_cmp(b));
    let edges = breaks(&sorted, method, n_classes)?;
    let out: Vec<f64> = v.par_iter().map(|&x| class_of(x, &edges)).collect();
    let mut g = grid.with_values_f64(out)?;
    g.units = None;
    g.nodata = None;
    Ok((g, edges))
}

/// The class (1..n) of `x` for edges `[min, …, max]`; values outside the edges go to the first or
/// last class; NaN for NaN.
pub fn class_of(x: f64, edges: &[f64]) -> f64 {
    if !x.is_finite() {
        return f64::NAN;
    }
    let n = edges.len() - 1;
    let inner = &edges[1..n];
    (inner.partition_point(|&b| b < x) + 1) as f64
}

/// The n + 1 edges of `method` for ascending-sorted finite values.
pub fn breaks(sorted: &[f64], method: &Method, n: usize) -> Result<Vec<f64>> {
    let (min, max) = (sorted[0], sorted[sorted.len() - 1]);
    let edges = match method {
        Method::EqualInterval => {
            let w = (max - min) / n as f64;
            let mut e = vec![min];
            e.extend(np_arange(min + w, w, n - 1));
            e.push(max);
            e
        }
        Method::Quantile => {
            let mut e = vec![min];
            let step = 100.0 / n as f64;
            for (k, p) in np_arange(step, step, n).into_iter().enumerate() {
                let k = k + 1;
                let q = percentile(sorted, if k == n { 100.0 } else { p.min(100.0) });
                if q > *e.last().unwrap_or(&f64::NEG_INFINITY) || k == n {
                    e.push(q);
                }
            }
            e.dedup();
            if e.len() < 2 {
                e.push(max);
            }
            e
        }
        Method::NaturalBreaks { max_sample } => {
            let s = sample_sorted(sorted, (*max_sample).max(n));
            jenks_breaks(&s, n)?
        }
        Method::Manual(b) => {
            if b.is_empty()
                || b.iter().any(|x| !x.is_finite())
                || b.windows(2).any(|w| w[0] >= w[1])
            {
                return Err(Error::invalid(format!(
                    "manual breaks must be finite and strictly increasing, got {b:?}"
                )));
            }
            let mut e = vec![min.min(b[0])];
            e.extend_from_slice(b);
            e.push(max.max(b[b.len() - 1]));
            e
        }
    };
    Ok(edges)
}

/// `count` values start, start + step, … in the arithmetic of `numpy.arange` (which mapclassify
/// uses for its edges): value i = start + i·δ with δ = (start + step) − start.
fn np_arange(start: f64, step: f64, count: usize) -> Vec<f64> {
    let delta = (start + step) - start;
    (0..count).map(|i| start + i as f64 * delta).collect()
}

/// The p-th percentile (0–100) with linear interpolation between order statistics (Hyndman &
/// Fan 1996 type 7), in the arithmetic of `scipy.stats.scoreatpercentile` that mapclassify uses:
/// (x_i·(j − h) + x_j·(h − i)) / ((j − h) + (h − i)) with h = p/100·(N − 1), i = ⌊h⌋, j = i + 1.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let h = p / 100.0 * (sorted.len() - 1) as f64;
    let i = h as usize;
    if i as f64 == h || i + 1 >= sorted.len() {
        return sorted[i.min(sorted.len() - 1)];
    }
    let j = i + 1;
    let (wi, wj) = (j as f64 - h, h - i as f64);
    (sorted[i] * wi + sorted[j] * wj) / (wi + wj)
}

/// A deterministic sample of `m` values from ascending-sorted data: the order statistics at ranks
/// round(i·(N − 1)/(m − 1)), i = 0..m−1 (minimum and maximum always kept). Returns the data when
/// N ≤ m.
pub fn sample_sorted(sorted: &[f64], m: usize) -> Vec<f64> {
    let n = sorted.len();
    if n <= m || m < 2 {
        return sorted.to_vec();
    }
    (0..m)
        .map(|i| sorted[((i as f64) * (n - 1) as f64 / (m - 1) as f64).round() as usize])
        .collect()
}

/// Jenks natural breaks of ascending-sorted values into `n` classes: n + 1 edges, each inner edge
/// the largest value of its class. Fisher's (1958) exact dynamic programme over the within-class
/// sums of squared deviations, in the formulation of Jenks (1977, "Optimal data classification for
/// choropleth maps") as jenkspy implements it (double precision, f64::MAX for impossible
/// partitions), including its tie rule (of equally
/// good splits, the one with the later-starting last class wins) so that the breaks are identical.
/// O(n·N²) time, O(n·N) memory.
pub fn jenks_breaks(sorted: &[f64], n: usize) -> Result<Vec<f64>> {
    let len = sorted.len();
    if n < 2 || n > len {
        return Err(Error::invalid(format!(
            "natural breaks: {n} classes asked for {len} values"
        )));
    }
    // lower[l][j]: 1-based index of the first value of the last class of the best j-class
    // partition of the first l values; var[l][j]: its sum of squared deviations.
    let w = n + 1;
    let mut lower = vec![0usize; (len + 1) * w];
    let mut var = vec![0.0f64; (len + 1) * w];
    for j in 1..=n {
        lower[w + j] = 1;
        for l in 1..=len {
            var[l * w + j] = f64::MAX;
        }
    }
    var[w + 1] = 0.0;
    for l in 2..=len {
        let (mut s1, mut s2, mut cnt) = (0.0f64, 0.0f64, 0.0f64);
        let mut v = 0.0f64;
        for m in 1..=l {
            let i3 = l - m + 1;
            let val = sorted[i3 - 1];
            s2 += val * val;
            s1 += val;
            cnt += 1.0;
            v = s2 - (s1 * s1) / cnt;
            let i4 = i3 - 1;
            if i4 != 0 {
                for j in 2..=n {
                    let cand = v + var[i4 * w + j - 1];
                    if var[l * w + j] >= cand {
                        lower[l * w + j] = i3;
                        var[l * w + j] = cand;
                    }
                }
            }
        }
        lower[l * w + 1] = 1;
        var[l * w + 1] = v;
    }
    let mut edges = vec![0.0; n + 1];
    edges[n] = sorted[len - 1];
    edges[0] = sorted[0];
    let mut k = len;
    for c in (2..=n).rev() {
        let start = lower[k * w + c];
        edges[c - 1] = sorted[start - 2];
        k = start - 1;
    }
    Ok(edges)
}
