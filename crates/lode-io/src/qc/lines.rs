//! Flight-line geometry: line segments, dominant line direction, line spacing, along-line sample
//! interval, and the grid cell size versus line spacing check.
//!
//! Line direction: principal axis of each line's points (PCA of the 2 × 2 covariance,
//! θ = ½·atan2(2 s_xy, s_xx − s_yy)); the dominant direction is the length-weighted mean of the
//! doubled angles (axial data: Mardia & Jupp 2000, §9.3). Lines within [`TRAVERSE_TOL_DEG`] of it
//! are traverse lines; lines more than 45° from it are tie lines.
//! Line spacing: the median of the separations between adjacent traverse lines, measured along the
//! normal to the dominant direction between line centroids.
//! Cell size rule: a grid cell of 1/4–1/5 of the line spacing (Reid 1980, "Aeromagnetic survey
//! design", Geophysics 45(5) 973–976, and common gridding practice); a warning is given
//! above 1/3 ([`CELL_MAX_FRACTION`]) and below 1/8 ([`CELL_MIN_FRACTION`]).

use lode_core::{Grid, SurveyData};

use super::crs::metres_per_unit;
use super::robust::median;
use super::{Finding, Severity};

/// Lines within this angle of the dominant direction are traverse lines, degrees.
pub const TRAVERSE_TOL_DEG: f64 = 20.0;
/// A gap longer than this many median sample intervals splits a line into segments.
pub const GAP_FACTOR: f64 = 5.0;
/// Cell size above this fraction of the line spacing is too coarse.
pub const CELL_MAX_FRACTION: f64 = 1.0 / 3.0;
/// Cell size below this fraction of the line spacing is finer than the data support.
pub const CELL_MIN_FRACTION: f64 = 1.0 / 8.0;

/// Point indices of each line, in file order (points with non-finite coordinates left out); one
/// sequence when there is no line column.
pub fn lines_of(s: &SurveyData) -> Vec<Vec<usize>> {
    let (xs, ys) = (s.xs(), s.ys());
    let ok = |i: usize| xs[i].is_finite() && ys[i].is_finite();
    match &s.line {
        Some(ids) => {
            let mut out: Vec<Vec<usize>> = vec![Vec::new(); s.line_names.len().max(1)];
            for (i, &l) in ids.iter().enumerate() {
                let l = l as usize;
                if l >= out.len() {
                    out.resize(l + 1, Vec::new());
                }
                if ok(i) {
                    out[l].push(i);
                }
            }
            out.retain(|v| !v.is_empty());
            out
        }
        None => vec![(0..s.len()).filter(|&i| ok(i)).collect()],
    }
}

/// Metres per coordinate unit of the survey (east, north).
pub fn survey_scale(s: &SurveyData) -> (f64, f64) {
    let e = s.extent();
    metres_per_unit(s.crs.as_ref(), e.as_ref())
}

/// Continuous runs of points along each line: lines split where consecutive points are more than
/// [`GAP_FACTOR`] × the median sample interval apart.
pub fn segments(s: &SurveyData) -> Vec<Vec<usize>> {
    let (xs, ys) = (s.xs(), s.ys());
    let (fx, fy) = survey_scale(s);
    let dist = |a: usize, b: usize| ((xs[b] - xs[a]) * fx).hypot((ys[b] - ys[a]) * fy);
    let lines = lines_of(s);
    let steps: Vec<f64> = lines
        .iter()
        .flat_map(|l| l.windows(2).map(|w| dist(w[0], w[1])))
        .filter(|d| *d > 0.0)
        .collect();
    let limit = median(&steps).map_or(f64::INFINITY, |m| GAP_FACTOR * m);
    let mut out = Vec::new();
    for l in lines {
        let mut cur = Vec::new();
        for &i in &l {
            if let Some(&prev) = cur.last() {
                if dist(prev, i) > limit {
                    out.push(std::mem::take(&mut cur));
                }
            }
            cur.push(i);
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// Geometry of flight-line data.
#[derive(Debug, Clone, PartialEq)]
pub struct LineGeometry {
    /// Number of traverse lines.
    pub traverse: usize,
    /// Number of tie lines (more than 45° from the traverse direction).
    pub ties: usize,
    /// Azimuth of the traverse lines, degrees clockwise from grid north, in [0, 180).
    pub azimuth_deg: f64,
    /// Median separation of adjacent traverse lines, metres.
    pub spacing_m: f64,
    /// Median distance between consecutive points along the lines, metres.
    pub sample_interval_m: f64,
    /// Unit vector along the traverse lines (east, north), in metres space.
    pub along: (f64, f64),
}

struct LineAxis {
    cx: f64,
    cy: f64,
    theta: f64,
    length: f64,
}

fn axis_of(idx: &[usize], xs: &[f64], ys: &[f64], fx: f64, fy: f64) -> Option<LineAxis> {
    if idx.len() < 3 {
        return None;
    }
    let n = idx.len() as f64;
    let cx = idx.iter().map(|&i| xs[i] * fx).sum::<f64>() / n;
    let cy = idx.iter().map(|&i| ys[i] * fy).sum::<f64>() / n;
    let (mut sxx, mut syy, mut sxy) = (0.0, 0.0, 0.0);
    for &i in idx {
        let (dx, dy) = (xs[i] * fx - cx, ys[i] * fy - cy);
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    if sxx + syy <= 0.0 {
        return None;
    }
    let theta = 0.5 * (2.0 * sxy).atan2(sxx - syy);
    let (ux, uy) = (theta.cos(), theta.sin());
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for &i in idx {
        let t = (xs[i] * fx - cx) * ux + (ys[i] * fy - cy) * uy;
        lo = lo.min(t);
        hi = hi.max(t);
    }
    Some(LineAxis {
        cx,
        cy,
        theta,
        length: hi - lo,
    })
}

fn axial_diff(a: f64, b: f64) -> f64 {
    let d = (a - b).rem_euclid(std::f64::consts::PI);
    d.min(std::f64::consts::PI - d)
}

impl LineGeometry {
    /// Estimate the line geometry; None when there are fewer than two straight traverse lines.
    pub fn of(s: &SurveyData) -> Option<LineGeometry> {
        let (xs, ys) = (s.xs(), s.ys());
        let (fx, fy) = survey_scale(s);
        let groups = if s.line.is_some() {
            lines_of(s)
        } else {
            segments(s)
        };
        let axes: Vec<LineAxis> = groups
            .iter()
            .filter_map(|g| axis_of(g, xs, ys, fx, fy))
            .collect();
        if axes.len() < 2 {
            return None;
        }
        let (mut sc, mut ss) = (0.0, 0.0);
        for a in &axes {
            sc += a.length * (2.0 * a.theta).cos();
            ss += a.length * (2.0 * a.theta).sin();
        }
        let theta = 0.5 * ss.atan2(sc);
        let tol = TRAVERSE_TOL_DEG.to_radians();
        let traverse: Vec<&LineAxis> = axes
            .iter()
            .filter(|a| axial_diff(a.theta, theta) <= tol)
            .collect();
        let ties = axes
            .iter()
            .filter(|a| axial_diff(a.theta, theta) > std::f64::consts::FRAC_PI_4)
            .count();
        if traverse.len() < 2 {
            return None;
        }
        let (nx, ny) = (-theta.sin(), theta.cos());
        let mut pos: Vec<f64> = traverse.iter().map(|a| a.cx * nx + a.cy * ny).collect();
        pos.sort_by(f64::total_cmp);
        let span = pos[pos.len() - 1] - pos[0];
        let gaps: Vec<f64> = pos
            .windows(2)
            .map(|w| w[1] - w[0])
            .filter(|&g| g > 1e-3 * span)
            .collect();
        let spacing_m = median(&gaps)?;
        let steps: Vec<f64> = segments(s)
            .iter()
            .flat_map(|g| {
                g.windows(2)
                    .map(|w| ((xs[w[1]] - xs[w[0]]) * fx).hypot((ys[w[1]] - ys[w[0]]) * fy))
            })
            .filter(|d| *d > 0.0)
            .collect();
        let sample_interval_m = median(&steps).unwrap_or(f64::NAN);
        let azimuth_deg = (90.0 - theta.to_degrees()).rem_euclid(180.0);
        Some(LineGeometry {
            traverse: traverse.len(),
            ties,
            azimuth_deg,
            spacing_m,
            sample_interval_m,
            along: (theta.cos(), theta.sin()),
        })
    }
}

/// The line geometry as an information finding.
pub fn line_geometry_finding(file: &str, g: &LineGeometry) -> Finding {
    Finding::new(
        file,
        "line-spacing",
        Severity::Info,
        format!(
            "{} traverse line(s) at azimuth {:.1}° and {} tie line(s); line spacing {:.1} m (median of adjacent-line separations); along-line sample interval {:.2} m",
            g.traverse, g.azimuth_deg, g.ties, g.spacing_m, g.sample_interval_m
        ),
        format!(
            "Grid these data with a cell of 1/5–1/4 of the line spacing ({:.0}–{:.0} m).",
            g.spacing_m / 5.0,
            g.spacing_m / 4.0
        ),
    )
}

/// Grid cell size in metres (geometric mean of the cell's sides).
pub fn grid_cell_m(g: &Grid) -> f64 {
    let e = g.geometry.extent();
    let (fx, fy) = metres_per_unit(g.crs.as_ref(), Some(&e));
    (g.geometry.dx * fx * g.geometry.dy * fy).sqrt()
}

/// Cell size versus the stated line spacing of a grid (`meta.line_spacing_m`).
pub fn check_grid_cell(file: &str, g: &Grid) -> Option<Finding> {
    let s = g
        .meta
        .line_spacing_m
        .filter(|s| s.is_finite() && *s > 0.0)?;
    cell_vs_spacing(file, grid_cell_m(g), s, "the stated line spacing")
}

/// Warn when a cell of `cell_m` is coarser than 1/3 or finer than 1/8 of the line spacing.
pub fn cell_vs_spacing(file: &str, cell_m: f64, spacing_m: f64, source: &str) -> Option<Finding> {
    if !(cell_m > 0.0 && spacing_m > 0.0) {
        return None;
    }
    let frac = cell_m / spacing_m;
    let rec = format!("{:.0}–{:.0} m", spacing_m / 5.0, spacing_m / 4.0);
    let (msg, fix) = if frac > CELL_MAX_FRACTION {
        (
            format!("grid cell {cell_m:.2} m is 1/{:.1} of {source} {spacing_m:.1} m (coarser than 1/3): short-wavelength detail measured along the lines is lost", 1.0 / frac),
            format!("Regrid the line data with a cell of 1/5–1/4 of the line spacing ({rec})."),
        )
    } else if frac < CELL_MIN_FRACTION {
        (
            format!("grid cell {cell_m:.2} m is 1/{:.1} of {source} {spacing_m:.1} m (finer than 1/8): the grid suggests a resolution across the lines the survey does not have, and gridding artefacts (beading, bull's-eyes) are likely", 1.0 / frac),
            format!("Use a cell of 1/5–1/4 of the line spacing ({rec}) for interpretation; keep the fine grid only for display."),
        )
    } else {
        return None;
    };
    Some(Finding::new(
        file,
        "cell-vs-line-spacing",
        Severity::Warning,
        msg,
        fix,
    ))
}
