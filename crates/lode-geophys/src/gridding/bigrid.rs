//! Bi-directional gridding of line data: interpolate along each flight line first, then across
//! the lines, so anomalies elongated across the lines keep their continuity instead of breaking
//! into the "beads" an isotropic interpolator makes between widely spaced lines. This is the
//! anisotropic line-gridding scheme of Oasis montaj's BIGRID (Geosoft, "Bi-directional line
//! gridding", technical note), with Akima (1970) splines in both directions.
//!
//! Steps: (1) the dominant line direction is the length-weighted mean of the lines' azimuths on
//! the doubled-angle circle; lines more than 45° off it (tie lines) are not gridded. (2) In a
//! frame rotated to that direction (u along, v across the lines) each line is resampled at every
//! working-grid u by an Akima spline of value against u (its across-line position v linearly).
//! (3) At each u, the values of the lines are interpolated across the lines at every working-grid
//! v by an Akima spline of value against v; gaps wider than `max_line_gap` × the median line
//! spacing stay empty. (4) The rotated working grid (half the output cell) is sampled bilinearly
//! at the output nodes.

use rayon::prelude::*;

use lode_core::{Error, Grid, Result};

use super::akima::Akima;
use super::blank::blank_far_from_data;
use super::blockmean::Nodes;

/// Parameters of [`grid_lines_bidirectional`].
#[derive(Debug, Clone, PartialEq)]
pub struct BigridParams {
    /// Node spacing of the output, CRS units (metres).
    pub cell: f64,
    /// Largest gap between neighbouring lines bridged, as a multiple of the median line spacing.
    pub max_line_gap: f64,
    /// Largest gap between samples along a line bridged, CRS units; default 4 cells.
    pub max_sample_gap: Option<f64>,
    /// Blank nodes farther than this from every datum (CRS units).
    pub blank: Option<f64>,
    /// Node extent [xmin, ymin, xmax, ymax]; default: the data extent snapped outward to the cell.
    pub region: Option<[f64; 4]>,
}

impl BigridParams {
    /// Defaults for a cell size: gaps up to 2.5 line spacings and 4 cells along lines.
    pub fn new(cell: f64) -> Self {
        BigridParams {
            cell,
            max_line_gap: 2.5,
            max_sample_gap: None,
            blank: None,
            region: None,
        }
    }
}

/// What the gridding found about the lines.
#[derive(Debug, Clone, PartialEq)]
pub struct LineGeometry {
    /// Direction of the traverse lines, degrees clockwise from grid north (0–180).
    pub azimuth_deg: f64,
    /// Median spacing between neighbouring traverse lines, CRS units.
    pub line_spacing: f64,
    /// Lines gridded.
    pub traverse_lines: usize,
    /// Lines left out as tie lines (more than 45° off the traverse direction).
    pub tie_lines: usize,
}

struct Line {
    u: Vec<f64>,
    v: Vec<f64>,
    z: Vec<f64>,
}

/// Grid line data bi-directionally. `line` holds each point's line number. Returns the grid (f64,
/// no CRS; cell centres on the nodes, as `grid_points`) and the line geometry found.
pub fn grid_lines_bidirectional(
    xs: &[f64],
    ys: &[f64],
    zs: &[f64],
    line: &[u32],
    p: &BigridParams,
) -> Result<(Grid, LineGeometry)> {
    if !(p.cell.is_finite() && p.cell > 0.0) {
        return Err(Error::invalid(format!(
            "cell size must be positive, got {}",
            p.cell
        )));
    }
    if !(p.max_line_gap.is_finite() && p.max_line_gap > 0.0) {
        return Err(Error::invalid("the largest line gap must be positive"));
    }
    let n = xs.len();
    if ys.len() != n || zs.len() != n || line.len() != n {
        return Err(Error::invalid("x, y, z and line columns differ in length"));
    }
    let mut by_line: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
    for i in 0..n {
        if xs[i].is_finite() && ys[i].is_finite() && zs[i].is_finite() {
            by_line.entry(line[i]).or_default().push(i);
        }
    }
    // Dominant direction on the doubled-angle circle (angle from +x, radians).
    let (mut c2, mut s2) = (0.0, 0.0);
    let mut dirs = Vec::new();
    for idx in by_line.values() {
        if idx.len() < 2 {
            continue;
        }
        let (a, b) = (idx[0], idx[idx.len() - 1]);
        let (dx, dy) = (xs[b] - xs[a], ys[b] - ys[a]);
        let len = dx.hypot(dy);
        if len > 0.0 {
            let phi = dy.atan2(dx);
            c2 += len * (2.0 * phi).cos();
            s2 += len * (2.0 * phi).sin();
            dirs.push(Some(phi));
        } else {
            dirs.push(None);
        }
    }
    if c2 == 0.0 && s2 == 0.0 {
        return Err(Error::invalid(
            "no line has two distinct points: bi-directional gridding needs flight lines",
        ));
    }
    let phi = 0.5 * s2.atan2(c2);
    let (ca, sa) = (phi.cos(), phi.sin());
    let mut lines = Vec::new();
    let mut ties = 0;
    let mut k = 0;
    for idx in by_line.values() {
        if idx.len() < 2 {
            continue;
        }
        let d = dirs[k];
        k += 1;
        let Some(d) = d else { continue };
        if (2.0 * (d - phi)).cos() < 0.0 {
            ties += 1;
            continue;
        }
        let mut pts: Vec<(f64, f64, f64)> = idx
            .iter()
            .map(|&i| (xs[i] * ca + ys[i] * sa, -xs[i] * sa + ys[i] * ca, zs[i]))
            .collect();
        pts.sort_by(|a, b| a.0.total_cmp(&b.0));
        pts.dedup_by(|b, a| b.0 - a.0 <= 1e-9 * p.cell);
        if pts.len() < 2 {
            continue;
        }
        lines.push(Line {
            u: pts.iter().map(|t| t.0).collect(),
            v: pts.iter().map(|t| t.1).collect(),
            z: pts.iter().map(|t| t.2).collect(),
        });
    }
    if lines.len() < 2 {
        return Err(Error::invalid(format!(
            "only {} traverse line(s): bi-directional gridding needs at least two",
            lines.len()
        )));
    }
    let mut vmeans: Vec<f64> = lines
        .iter()
        .map(|l| l.v.iter().sum::<f64>() / l.v.len() as f64)
        .collect();
    vmeans.sort_by(f64::total_cmp);
    let mut gaps: Vec<f64> = vmeans
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|g| *g > 0.0)
        .collect();
    gaps.sort_by(f64::total_cmp);
    let spacing = if gaps.is_empty() {
        p.cell
    } else {
        gaps[gaps.len() / 2]
    };
    let max_gap = p.max_line_gap * spacing;
    let sample_gap = p.max_sample_gap.unwrap_or(4.0 * p.cell);

    let region = match p.region {
        Some(r) => r,
        None => {
            let h = p.cell;
            let mut e = [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ];
            for idx in by_line.values() {
                for &i in idx {
                    e = [
                        e[0].min(xs[i]),
                        e[1].min(ys[i]),
                        e[2].max(xs[i]),
                        e[3].max(ys[i]),
                    ];
                }
            }
            [
                (e[0] / h).floor() * h,
                (e[1] / h).floor() * h,
                (e[2] / h).ceil() * h,
                (e[3] / h).ceil() * h,
            ]
        }
    };
    let nx = ((region[2] - region[0]) / p.cell).round() as usize + 1;
    let ny = ((region[3] - region[1]) / p.cell).round() as usize + 1;
    if nx < 2 || ny < 2 || (nx as u64) * (ny as u64) > 400_000_000 {
        return Err(Error::invalid(format!(
            "grid of {nx} × {ny} nodes is out of range: change the cell size"
        )));
    }

    // Working grid in the rotated frame covering the output region's corners.
    let h = p.cell / 2.0;
    let corners = [
        (region[0], region[1]),
        (region[2], region[1]),
        (region[0], region[3]),
        (region[2], region[3]),
    ];
    let (mut u0, mut u1, mut v0, mut v1) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for (x, y) in corners {
        let (u, v) = (x * ca + y * sa, -x * sa + y * ca);
        u0 = u0.min(u);
        u1 = u1.max(u);
        v0 = v0.min(v);
        v1 = v1.max(v);
    }
    let nu = ((u1 - u0) / h).ceil() as usize + 2;
    let nv = ((v1 - v0) / h).ceil() as usize + 2;
    if (nu as u64) * (nv as u64) > 1_600_000_000 {
        return Err(Error::invalid("working grid too large: use a larger cell"));
    }
    let splines: Vec<(Akima, Vec<f64>, Vec<f64>)> = lines
        .iter()
        .filter_map(|l| {
            Some((
                Akima::new(l.u.clone(), l.z.clone())?,
                l.u.clone(),
                l.v.clone(),
            ))
        })
        .collect();
    // work[j * nv + i]: column j (u), row i (v).
    let work: Vec<f32> = (0..nu)
        .into_par_iter()
        .flat_map_iter(|j| {
            let u = u0 + j as f64 * h;
            let mut pts: Vec<(f64, f64)> = splines
                .iter()
                .filter(|(s, _, _)| u >= s.start() && u <= s.end() && s.gap_at(u) <= sample_gap)
                .map(|(s, lu, lv)| {
                    let k = s.interval(u);
                    let f = (u - lu[k]) / (lu[k + 1] - lu[k]);
                    (lv[k] + f * (lv[k + 1] - lv[k]), s.eval(u))
                })
                .collect();
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
            pts.dedup_by(|b, a| b.0 - a.0 <= 1e-9 * h);
            let across = if pts.len() >= 2 {
                Akima::new(
                    pts.iter().map(|t| t.0).collect(),
                    pts.iter().map(|t| t.1).collect(),
                )
            } else {
                None
            };
            (0..nv).map(move |i| {
                let v = v0 + i as f64 * h;
                match &across {
                    Some(a) if v >= a.start() && v <= a.end() && a.gap_at(v) <= max_gap => {
                        a.eval(v) as f32
                    }
                    _ => f32::NAN,
                }
            })
        })
        .collect();

    let sample = |x: f64, y: f64| -> f64 {
        let fu = (x * ca + y * sa - u0) / h;
        let fv = (-x * sa + y * ca - v0) / h;
        if !(fu >= 0.0 && fv >= 0.0) {
            return f64::NAN;
        }
        let (j, i) = (fu.floor() as usize, fv.floor() as usize);
        if j + 1 >= nu || i + 1 >= nv {
            return f64::NAN;
        }
        let (a, b) = (fu - j as f64, fv - i as f64);
        let w = |jj: usize, ii: usize| work[jj * nv + ii] as f64;
        (1.0 - a) * ((1.0 - b) * w(j, i) + b * w(j, i + 1))
            + a * ((1.0 - b) * w(j + 1, i) + b * w(j + 1, i + 1))
    };
    // Nodes row-major from the south, as the blanking expects.
    let mut u: Vec<f64> = (0..ny)
        .into_par_iter()
        .flat_map_iter(|jr| {
            let y = region[1] + jr as f64 * p.cell;
            (0..nx).map(move |ix| sample(region[0] + ix as f64 * p.cell, y))
        })
        .collect();
    let nodes = Nodes {
        x0: region[0],
        y0: region[1],
        h: p.cell,
        nx,
        ny,
    };
    if let Some(d) = p.blank {
        blank_far_from_data(&mut u, &nodes, xs, ys, d);
    }
    let azimuth = (90.0 - phi.to_degrees()).rem_euclid(180.0);
    Ok((
        nodes.to_grid(&u)?,
        LineGeometry {
            azimuth_deg: azimuth,
            line_spacing: spacing,
            traverse_lines: lines.len(),
            tie_lines: ties,
        },
    ))
}
