//! Score levels of a study area and the success-rate / prediction-rate curves (Chung & Fabbri
//! 2003, *Natural Hazards* 30: 451–472; Chung & Fabbri 1999 for the curve's area).
//!
//! Cells are ranked by descending score; cells of equal score form one *level* and one linear
//! step of the curve (the expected curve under a random order of tied cells). The curve runs
//! from (0, 0) to (1, 1): x = cumulative share of the study area, y = cumulative share of the
//! deposits. Between levels without deposits it is flat, so only the ends of the steps that
//! hold deposits are kept as vertices; the piecewise-linear curve through them is exact.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Distinct scores of the study cells, descending, with the number of cells of each.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Levels {
    /// Distinct scores, strictly descending (−0.0 is folded into 0.0).
    pub score: Vec<f64>,
    /// Cells per level.
    pub cells: Vec<u64>,
}

impl Levels {
    /// Levels of a list of finite scores (sorted in parallel; deterministic).
    pub fn from_scores(mut scores: Vec<f64>) -> Levels {
        for s in scores.iter_mut() {
            *s += 0.0;
        }
        scores.par_sort_unstable_by(|a, b| b.total_cmp(a));
        let mut lv = Levels::default();
        for s in scores {
            match lv.score.last() {
                Some(&last) if last.to_bits() == s.to_bits() => *lv.cells.last_mut().unwrap() += 1,
                _ => {
                    lv.score.push(s);
                    lv.cells.push(1);
                }
            }
        }
        lv
    }

    /// Levels from (score, cells) groups in any order; equal scores are merged.
    pub fn from_groups(groups: impl IntoIterator<Item = (f64, u64)>) -> Levels {
        let mut g: Vec<(f64, u64)> = groups
            .into_iter()
            .filter(|g| g.1 > 0)
            .map(|(s, n)| (s + 0.0, n))
            .collect();
        g.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
        let mut lv = Levels::default();
        for (s, n) in g {
            match lv.score.last() {
                Some(&last) if last.to_bits() == s.to_bits() => *lv.cells.last_mut().unwrap() += n,
                _ => {
                    lv.score.push(s);
                    lv.cells.push(n);
                }
            }
        }
        lv
    }

    /// Index of the level holding `score`, if any.
    pub fn find(&self, score: f64) -> Option<usize> {
        let s = score + 0.0;
        self.score.binary_search_by(|x| s.total_cmp(x)).ok()
    }

    /// Total cells.
    pub fn total(&self) -> u64 {
        self.cells.iter().sum()
    }
}

/// One vertex of the success/prediction-rate curves, at the lower end of a level.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    /// Cumulative share of the study area with score ≥ `score`, 0–1.
    pub area_fraction: f64,
    /// The lowest score inside that area (NaN for the origin).
    pub score: f64,
    /// Cumulative share of the training deposits (success rate), 0–1.
    pub success: f64,
    /// Cumulative share of the withheld deposits (prediction rate), 0–1; NaN without them.
    pub prediction: f64,
}

/// Cumulative shares of the area and the points at the end of every level: (A_k, D_k), k = 0…L,
/// with (A_0, D_0) = (0, 0).
pub(crate) fn cumulative(levels: &Levels, points: &[u64]) -> (Vec<f64>, Vec<f64>) {
    let (ta, tp) = (levels.total() as f64, points.iter().sum::<u64>() as f64);
    let (mut a, mut p) = (0u64, 0u64);
    let mut xa = Vec::with_capacity(levels.cells.len() + 1);
    let mut yp = Vec::with_capacity(levels.cells.len() + 1);
    xa.push(0.0);
    yp.push(0.0);
    for (c, d) in levels.cells.iter().zip(points) {
        a += c;
        p += d;
        xa.push(a as f64 / ta);
        yp.push(if tp > 0.0 { p as f64 / tp } else { f64::NAN });
    }
    (xa, yp)
}

/// Area under the piecewise-linear curve through (A_k, D_k) (trapezoid rule; exact).
pub(crate) fn area_under(x: &[f64], y: &[f64]) -> f64 {
    x.windows(2)
        .zip(y.windows(2))
        .map(|(xw, yw)| (xw[1] - xw[0]) * (yw[0] + yw[1]) / 2.0)
        .sum()
}

/// Curve vertices: the origin, both ends of every level holding a training or withheld
/// deposit, and (1, 1).
pub(crate) fn vertices(
    levels: &Levels,
    training: &[u64],
    withheld: Option<&[u64]>,
) -> Vec<CurvePoint> {
    let (xa, ys) = cumulative(levels, training);
    let yw = withheld.map(|w| cumulative(levels, w).1);
    let n = levels.cells.len();
    let mut keep = vec![false; n + 1];
    keep[0] = true;
    keep[n] = true;
    for k in 0..n {
        if training[k] > 0 || withheld.is_some_and(|w| w[k] > 0) {
            keep[k] = true;
            keep[k + 1] = true;
        }
    }
    (0..=n)
        .filter(|&k| keep[k])
        .map(|k| CurvePoint {
            area_fraction: xa[k],
            score: if k == 0 {
                f64::NAN
            } else {
                levels.score[k - 1]
            },
            success: ys[k],
            prediction: yw.as_ref().map_or(f64::NAN, |y| y[k]),
        })
        .collect()
}
