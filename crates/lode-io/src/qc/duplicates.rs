//! Duplicated points: points within [`DUP_TOL_M`] of an earlier point, found with a hash grid of
//! cell size equal to the tolerance (each point is compared with the representatives in its own
//! and the 8 adjacent hash cells, so the search is O(n)).

use std::collections::HashMap;

use geo_types::Geometry;
use lode_core::{AttrValue, SurveyData, VectorLayer};

use super::crs::metres_per_unit;
use super::lines::survey_scale;
use super::values::value_columns;
use super::{Finding, Severity};

/// Two points closer than this are duplicates, metres.
pub const DUP_TOL_M: f64 = 0.01;

/// Result of the duplicate search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Duplicates {
    /// Points within the tolerance of an earlier point.
    pub count: usize,
    /// Of those, points whose values differ from the earlier point's.
    pub conflicting: usize,
    /// First duplicate found: (index, index of the earlier point).
    pub first: Option<(usize, usize)>,
}

/// Find duplicated points among `(x, y)` in metres (non-finite points skipped); `same(i, j)` says
/// whether points i and j carry the same values.
pub fn find(xy: &[(f64, f64)], tol: f64, same: impl Fn(usize, usize) -> bool) -> Duplicates {
    let mut cells: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    let mut d = Duplicates::default();
    for (i, &(x, y)) in xy.iter().enumerate() {
        if !x.is_finite() || !y.is_finite() {
            continue;
        }
        let (kx, ky) = ((x / tol).floor() as i64, (y / tol).floor() as i64);
        let mut hit = None;
        'search: for ox in -1..=1 {
            for oy in -1..=1 {
                if let Some(v) = cells.get(&(kx + ox, ky + oy)) {
                    for &j in v {
                        let (xj, yj) = xy[j];
                        if (x - xj).hypot(y - yj) <= tol {
                            hit = Some(j);
                            break 'search;
                        }
                    }
                }
            }
        }
        match hit {
            Some(j) => {
                d.count += 1;
                if !same(i, j) {
                    d.conflicting += 1;
                }
                d.first.get_or_insert((i, j));
            }
            None => cells.entry((kx, ky)).or_default().push(i),
        }
    }
    d
}

fn finding(file: &str, d: &Duplicates, n: usize, loc: impl Fn(usize) -> String) -> Option<Finding> {
    let (i, j) = d.first?;
    let severity = if d.conflicting > 0 {
        Severity::Warning
    } else {
        Severity::Info
    };
    Some(Finding::new(
        file,
        "duplicate-points",
        severity,
        format!(
            "{} of {n} points repeat the position (within {DUP_TOL_M} m) of an earlier point, {} of them with different values; first: {} repeats {}",
            d.count,
            d.conflicting,
            loc(i),
            loc(j)
        ),
        if d.conflicting > 0 {
            "Conflicting values at one position break gridding and levelling: ask the contractor whether these are re-flights or overlapping lines, and keep one set."
        } else {
            "Remove the repeated records before gridding (they over-weight those points)."
        },
    ))
}

/// Duplicated points of survey data (values compared over the value columns; NaN equals NaN).
pub fn check_survey(file: &str, s: &SurveyData) -> Option<Finding> {
    let (fx, fy) = survey_scale(s);
    let xy: Vec<(f64, f64)> = s
        .xs()
        .iter()
        .zip(s.ys())
        .map(|(&x, &y)| (x * fx, y * fy))
        .collect();
    let cols = value_columns(s);
    let same = |i: usize, j: usize| {
        cols.iter().all(|&c| {
            let (a, b) = (s.columns[c][i], s.columns[c][j]);
            a == b || (a.is_nan() && b.is_nan())
        })
    };
    let d = find(&xy, DUP_TOL_M, same);
    finding(file, &d, s.len(), |k| {
        format!("point {k} (x {:.3}, y {:.3})", s.xs()[k], s.ys()[k])
    })
}

/// Duplicated point features of a vector layer (values compared over all attributes).
pub fn check_vector(file: &str, v: &VectorLayer) -> Option<Finding> {
    let mut idx = Vec::new();
    let mut raw = Vec::new();
    for (k, f) in v.features.iter().enumerate() {
        if let Some(Geometry::Point(p)) = &f.geometry {
            idx.push(k);
            raw.push((p.x(), p.y()));
        }
    }
    if raw.len() < 2 {
        return None;
    }
    let e = v.extent();
    let (fx, fy) = metres_per_unit(v.crs.as_ref(), e.as_ref());
    let xy: Vec<(f64, f64)> = raw.iter().map(|&(x, y)| (x * fx, y * fy)).collect();
    let same = |i: usize, j: usize| {
        let (a, b) = (&v.features[idx[i]].attrs, &v.features[idx[j]].attrs);
        a.len() == b.len()
            && a.iter().zip(b).all(|(p, q)| match (p, q) {
                (AttrValue::Float(x), AttrValue::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
                _ => p == q,
            })
    };
    let d = find(&xy, DUP_TOL_M, same);
    finding(file, &d, raw.len(), |k| {
        format!("feature {} (x {:.3}, y {:.3})", idx[k], raw[k].0, raw[k].1)
    })
}
