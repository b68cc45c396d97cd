//! Capture efficiency: the share of deposits inside the top p % of the study area ranked by
//! descending score (e.g. Yousefi & Carranza 2015, *Computers & Geosciences* 79: 69–81, for its
//! use in prospectivity mapping). It is the success-rate (or prediction-rate) curve read at area
//! share p/100; when the cut falls inside a level of tied scores the level is shared linearly
//! (the expected capture under a random order of tied cells).

use serde::{Deserialize, Serialize};

/// Capture of one deposit set at one area share.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Capture {
    /// Top share of the study area, percent.
    pub top_percent: f64,
    /// Lowest score inside the top area (the score of the level the cut falls in).
    pub score_threshold: f64,
    /// Share of the deposits captured, 0–1.
    pub share: f64,
    /// Expected number of deposits captured (share × deposits used).
    pub deposits: f64,
}

/// Curve (A_k, D_k) read at area share `a` (0–1) by linear interpolation, with the index of the
/// level the cut falls in.
pub(crate) fn read_curve(x: &[f64], y: &[f64], a: f64) -> (f64, usize) {
    let k = x.partition_point(|&v| v < a).clamp(1, x.len() - 1);
    let (x0, x1) = (x[k - 1], x[k]);
    let t = if x1 > x0 { (a - x0) / (x1 - x0) } else { 1.0 };
    (y[k - 1] + t * (y[k] - y[k - 1]), k - 1)
}
