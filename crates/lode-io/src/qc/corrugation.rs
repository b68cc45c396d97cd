//! Corrugation (levelling) score: are differences across the flight lines larger than differences
//! along them at the same distance?
//!
//! Line levelling errors add a constant (or slowly varying) offset to each line; they show as
//! stripes parallel to the lines ("corrugations"; Luyendyk 1997, "Processing of airborne magnetic
//! data", AGSO J. Aust. Geol. Geophys. 17(2) 31–38; Mauring et al. 2002, Geophysical Prospecting
//! 50, 43–54). Geology sampled by lines laid across strike varies at least as much along the lines
//! as across them. The check compares the robust power of the fourth difference (a high-pass that
//! removes any cubic trend, so smooth geology contributes little while line-to-line offsets are
//! amplified: an offset pattern ±d on alternate lines gives ±16d) across and along the lines at
//! the same lag h (the line spacing):
//!
//! - across: aᵢ = Δ⁴ over the values of lines k−2 … k+2 interpolated (linearly) at the
//!   along-line position uᵢ of point i of line k (five consecutive traverse lines, each separation
//!   within ±[`SPACING_TOL`] of the line spacing; h = their mean separation);
//! - along:  bᵢ = Δ⁴ over v_k(uᵢ − 2h), v_k(uᵢ − h), v_k(uᵢ), v_k(uᵢ + h), v_k(uᵢ + 2h);
//!
//! with Δ⁴ = v₋₂ − 4v₋₁ + 6v₀ − 4v₊₁ + v₊₂. R = median(a²)/median(b²) (ratio of robust
//! variances, insensitive to spikes), and the score S = (R − 1)/(R + 1) clipped to [0, 1]: 0 for
//! isotropic (or along-line dominated) variation, → 1 when the across-line differences dominate.
//! Warning above [`SCORE_WARN`] (R > 3), information above [`SCORE_INFO`] (R > 1.86); no score
//! from fewer than [`MIN_SAMPLES`] comparisons. The finding also gives median |a| and median |b|
//! in data units (alternate-line offsets ±d give |a| = 16d).
//!
//! For grids the lines are assumed to run along the rows or the columns: a and b are the fourth
//! differences at lag L cells down the columns and along the rows (and vice versa); the direction
//! with the larger R is reported. L = line spacing / cell size when the spacing is known
//! (`meta.line_spacing_m`), otherwise the largest score over L ∈ {1, 2, 3, 4, 6, 8}; a lag is used
//! only when the grid spans at least [`MIN_LAGS`] lags both ways (fewer samples make the ratio
//! follow the shape of single anomalies). Geology
//! striking parallel to the lines also scores high: inspect the grid before re-levelling.

use lode_core::{Grid, SurveyData};

use super::lines::{
    grid_cell_m, lines_of, survey_scale, LineGeometry, GAP_FACTOR, TRAVERSE_TOL_DEG,
};
use super::robust::median_in_place;
use super::values::value_columns;
use super::{Finding, Severity};

/// Fewer comparisons than this give no score.
pub const MIN_SAMPLES: usize = 200;
/// Adjacent lines must be this close (relative) to the line spacing to enter the comparison.
pub const SPACING_TOL: f64 = 0.3;
/// Score above which corrugation is reported as a warning.
pub const SCORE_WARN: f64 = 0.5;
/// Score above which corrugation is reported as information.
pub const SCORE_INFO: f64 = 0.3;
const MAX_SAMPLES: usize = 2_000_000;
/// A lag is used only when the grid spans at least this many lags in both directions.
pub const MIN_LAGS: usize = 10;

/// Corrugation score from the across/along robust variance ratio.
pub fn score_of(across2: &mut [f64], along2: &mut [f64]) -> Option<(f64, f64)> {
    if across2.len() < MIN_SAMPLES || along2.len() < MIN_SAMPLES {
        return None;
    }
    let a = median_in_place(across2)?;
    let b = median_in_place(along2)?;
    let r = if b > 0.0 {
        a / b
    } else if a > 0.0 {
        f64::INFINITY
    } else {
        1.0
    };
    let s = if r.is_infinite() {
        1.0
    } else {
        ((r - 1.0) / (r + 1.0)).clamp(0.0, 1.0)
    };
    Some((s, r))
}

fn interp(us: &[f64], vs: &[f64], u: f64, max_gap: f64) -> Option<f64> {
    let k = us.partition_point(|&x| x < u);
    if k < us.len() && us[k] == u {
        return Some(vs[k]);
    }
    if k == 0 || k == us.len() {
        return None;
    }
    let (u0, u1) = (us[k - 1], us[k]);
    if u1 - u0 > max_gap {
        return None;
    }
    let t = (u - u0) / (u1 - u0);
    Some(vs[k - 1] + t * (vs[k] - vs[k - 1]))
}

/// Corrugation score of one survey column: (score S, ratio R, median |a|, median |b|), or None
/// when there are fewer than [`MIN_SAMPLES`] comparisons (runs of five regularly spaced lines).
pub fn survey_score(s: &SurveyData, col: usize, g: &LineGeometry) -> Option<(f64, f64, f64, f64)> {
    let (xs, ys) = (s.xs(), s.ys());
    let (fx, fy) = survey_scale(s);
    let (ax, ay) = g.along;
    let (nx, ny) = (-ay, ax);
    let vals = &s.columns[col];
    let tol = TRAVERSE_TOL_DEG.to_radians().cos();
    // Traverse lines: (perpendicular position, along positions sorted, values).
    let mut lines: Vec<(f64, Vec<f64>, Vec<f64>)> = Vec::new();
    for idx in lines_of(s) {
        let mut pts: Vec<(f64, f64, f64)> = idx
            .iter()
            .filter(|&&i| vals[i].is_finite())
            .map(|&i| {
                let (x, y) = (xs[i] * fx, ys[i] * fy);
                (x * ax + y * ay, x * nx + y * ny, vals[i])
            })
            .collect();
        if pts.len() < 5 {
            continue;
        }
        pts.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (u0, u1) = (pts[0].0, pts[pts.len() - 1].0);
        let vmean = pts.iter().map(|p| p.1).sum::<f64>() / pts.len() as f64;
        let vspread = pts.iter().map(|p| (p.1 - vmean).abs()).fold(0.0, f64::max);
        // Straight traverse line: its extent across is small compared with its length along.
        if u1 - u0 <= 0.0 || vspread > (u1 - u0) * (1.0 - tol * tol).sqrt() + 0.5 * g.spacing_m {
            continue;
        }
        let us: Vec<f64> = pts.iter().map(|p| p.0).collect();
        let vs: Vec<f64> = pts.iter().map(|p| p.2).collect();
        lines.push((vmean, us, vs));
    }
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    let max_gap = GAP_FACTOR * g.sample_interval_m.max(1e-9);
    let total: usize = lines.iter().map(|l| l.1.len()).sum();
    let stride = total.div_ceil(MAX_SAMPLES).max(1);
    let (mut a2, mut b2) = (Vec::new(), Vec::new());
    let ok =
        |d: f64| d > (1.0 - SPACING_TOL) * g.spacing_m && d < (1.0 + SPACING_TOL) * g.spacing_m;
    for k in 2..lines.len().saturating_sub(2) {
        let p: Vec<f64> = (k - 2..=k + 2).map(|m| lines[m].0).collect();
        if !p.windows(2).all(|w| ok(w[1] - w[0])) {
            continue;
        }
        let h = 0.25 * (p[4] - p[0]);
        let (us, vs) = (&lines[k].1, &lines[k].2);
        'point: for i in (0..us.len()).step_by(stride) {
            let u = us[i];
            let mut across = [0.0; 5];
            let mut along = [0.0; 5];
            for m in 0..5 {
                let o = m as f64 - 2.0;
                let (lu, lv) = (&lines[k + m - 2].1, &lines[k + m - 2].2);
                let (Some(x), Some(y)) = (
                    interp(lu, lv, u, max_gap),
                    interp(us, vs, u + o * h, max_gap),
                ) else {
                    continue 'point;
                };
                across[m] = x;
                along[m] = y;
            }
            let (a, b) = (d4(&across), d4(&along));
            a2.push(a * a);
            b2.push(b * b);
        }
    }
    let (sc, r) = score_of(&mut a2, &mut b2)?;
    // The medians again, for the message (cheap: score_of left the arrays partially ordered).
    let (ma, mb) = (median_in_place(&mut a2)?, median_in_place(&mut b2)?);
    Some((sc, r, ma.sqrt(), mb.sqrt()))
}

/// Fourth difference of five equally spaced values (binomial weights 1, −4, 6, −4, 1).
fn d4(v: &[f64; 5]) -> f64 {
    v[0] - 4.0 * v[1] + 6.0 * v[2] - 4.0 * v[3] + v[4]
}

fn corrugation_finding(
    file: &str,
    what: &str,
    score: f64,
    r: f64,
    detail: String,
) -> Option<Finding> {
    let severity = if score > SCORE_WARN {
        Severity::Warning
    } else if score > SCORE_INFO {
        Severity::Info
    } else {
        return None;
    };
    Some(Finding::new(
        file,
        "corrugation",
        severity,
        format!(
            "{what}: corrugation score {score:.2} (across-line / along-line fourth-difference power R = {r:.2}){detail}",
        ),
        "Line-parallel stripes indicate levelling errors: ask the contractor for tie-line levelled and micro-levelled data, or micro-level the lines (e.g. Minty 1991) before computing derivatives.",
    ))
}

/// Corrugation of every value column of flight-line data.
pub fn check_survey(file: &str, s: &SurveyData, g: &LineGeometry) -> Vec<Finding> {
    value_columns(s)
        .into_iter()
        .filter(|&j| !super::spikes::is_categorical(&s.columns[j]))
        .filter_map(|j| {
            let (sc, r, ma, mb) = survey_score(s, j, g)?;
            corrugation_finding(
                file,
                &format!("column {}", s.names[j]),
                sc,
                r,
                format!("; median |4th difference| across the lines {ma:.4}, along {mb:.4} (data units)"),
            )
        })
        .collect()
}

/// Grid corrugation score at lag `lag` rows/cols: (score for lines along the rows (E–W), score for
/// lines along the columns (N–S)), each with its R.
pub fn grid_scores_at(g: &Grid, lag: usize) -> Option<((f64, f64), (f64, f64))> {
    let (nc, nr) = (g.cols(), g.rows());
    let ly = lag;
    let lx = ((lag as f64 * g.geometry.dy / g.geometry.dx).round() as usize).max(1);
    if nr < MIN_LAGS * ly || nc < MIN_LAGS * lx {
        return None;
    }
    let v = g.values_f64();
    let v = v.as_ref();
    let cells = (nr - 4 * ly) * (nc - 4 * lx);
    let stride = cells.div_ceil(MAX_SAMPLES).max(1);
    let (mut dr, mut dc) = (Vec::new(), Vec::new());
    let inner = nc - 4 * lx;
    for k in (0..cells).step_by(stride) {
        let (r, c) = (2 * ly + k / inner, 2 * lx + k % inner);
        let col: [f64; 5] = std::array::from_fn(|m| v[(r + m * ly - 2 * ly) * nc + c]);
        let row: [f64; 5] = std::array::from_fn(|m| v[r * nc + c + m * lx - 2 * lx]);
        if col.iter().chain(&row).all(|x| x.is_finite()) {
            let (a, b) = (d4(&col), d4(&row));
            dr.push(a * a);
            dc.push(b * b);
        }
    }
    let (s_ew, r_ew) = score_of(&mut dr.clone(), &mut dc.clone())?;
    let (s_ns, r_ns) = score_of(&mut dc, &mut dr)?;
    Some(((s_ew, r_ew), (s_ns, r_ns)))
}

/// Grid corrugation score: (score, R, lag in cells, "E–W" or "N–S" line direction).
pub fn grid_score(g: &Grid) -> Option<(f64, f64, usize, &'static str)> {
    let lags: Vec<usize> = match g.meta.line_spacing_m.filter(|s| *s > 0.0) {
        Some(sp) => vec![((sp / grid_cell_m(g)).round() as usize).max(1)],
        None => vec![1, 2, 3, 4, 6, 8],
    };
    let mut best: Option<(f64, f64, usize, &'static str)> = None;
    for lag in lags {
        let Some(((se, re), (sn, rn))) = grid_scores_at(g, lag) else {
            continue;
        };
        for cand in [(se, re, lag, "E–W"), (sn, rn, lag, "N–S")] {
            if best.is_none_or(|b| cand.0 > b.0) {
                best = Some(cand);
            }
        }
    }
    best
}

/// Corrugation of a grid.
pub fn check_grid(file: &str, g: &Grid) -> Option<Finding> {
    if super::spikes::is_categorical(&g.values_f64()) {
        return None;
    }
    let (score, r, lag, dir) = grid_score(g)?;
    corrugation_finding(
        file,
        "grid",
        score,
        r,
        format!("; stripes run {dir} (lag {lag} cell(s))"),
    )
}
