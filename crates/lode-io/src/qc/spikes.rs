//! Spikes and outliers.
//!
//! - Global outliers: values more than [`OUTLIER_K`] robust standard deviations (1.4826 × MAD)
//!   from the median (Hampel 1974; Rousseeuw & Croux 1993), and undeclared dummy values.
//! - Grid spikes: a Hampel-type identifier on the 3 × 3 neighbourhood (Hampel 1974; Pearson 2002,
//!   "Outliers in process modeling and identification", IEEE Trans. Control Syst. Technol. 10(1)):
//!   r = v − median(8 neighbours), flagged when |r| > [`GRID_K`] · σ_r, σ_r = 1.4826 · MAD(r) over
//!   the grid, and the value lies outside the neighbours' range [min, max] by more than
//!   [`ISOLATION`] × that range (isolation: the peak of a smooth anomaly does not pass).
//! - Line spikes: the fourth difference along each line,
//!   d4ᵢ = vᵢ₋₂ − 4vᵢ₋₁ + 6vᵢ − 4vᵢ₊₁ + vᵢ₊₂ (the "non-linearity" / fourth-difference noise
//!   monitor of airborne survey QC and Geosoft's non-linear despiking), flagged when
//!   |d4ᵢ| > [`LINE_K`] · σ_d4
//!   (σ_d4 = 1.4826 · MAD of d4 over all lines) and |d4ᵢ| is the largest within ±2 samples.
//!   A single spike of height A gives d4 = 6A at the spike and −4A, A beside it. The sample must
//!   also lie outside the range of its four neighbours by more than [`ISOLATION`] × that range.
//! - Class data (at most [`MAX_CLASSES`] distinct integer values) are not tested.

use lode_core::{Grid, SurveyData};
use rayon::prelude::*;

use super::lines::segments;
use super::robust::{median_in_place, median_sigma, subsample};
use super::values::value_columns;
use super::{Finding, Severity};

/// Robust z above which a value is reported as a global outlier.
pub const OUTLIER_K: f64 = 10.0;
/// Robust z of the 3 × 3 residual above which a grid cell is a spike candidate.
pub const GRID_K: f64 = 6.0;
/// A grid spike must lie outside its neighbours' range by more than this many times that range.
pub const ISOLATION: f64 = 2.0;
/// Data with at most this many distinct integer values are treated as classes.
pub const MAX_CLASSES: usize = 64;
/// Robust z of the fourth difference above which a line sample is a spike.
pub const LINE_K: f64 = 8.0;
/// At most this many values enter the robust statistics of very large datasets.
const MAX_STAT_SAMPLES: usize = 2_000_000;

/// Dummy values some packages write instead of a declared nodata value.
const DUMMIES: &[f64] = &[
    -9999.0,
    -99999.0,
    -999999.0,
    9999.0,
    99999.0,
    999999.0,
    -1e30,
    1e30,
    -1e32,
    1e32,
    -1.70141e38,
    1.70141e38,
    -3.402_823_5e38,
    3.402_823_5e38,
    -2147483648.0,
    -32767.0,
    -32768.0,
];

fn is_dummy(v: f64) -> bool {
    DUMMIES.iter().any(|&d| (v - d).abs() <= 1e-6 * d.abs())
}

/// A spike located in a dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Spike {
    /// Grid column or point index.
    pub i: usize,
    /// Grid row (0 for survey points).
    pub j: usize,
    pub x: f64,
    pub y: f64,
    pub value: f64,
    /// Robust z of the test statistic.
    pub z: f64,
}

/// Grid spikes by the 3 × 3 Hampel identifier; sorted by column-major position (row, col).
pub fn grid_spikes(g: &Grid) -> Vec<Spike> {
    let (nc, nr) = (g.cols(), g.rows());
    if nc < 3 || nr < 3 {
        return Vec::new();
    }
    let v = g.values_f64();
    let v = v.as_ref();
    let resid = |c: usize, r: usize, buf: &mut Vec<f64>| -> Option<(f64, f64, f64)> {
        let x = v[r * nc + c];
        if !x.is_finite() {
            return None;
        }
        buf.clear();
        for rr in r.saturating_sub(1)..=(r + 1).min(nr - 1) {
            for cc in c.saturating_sub(1)..=(c + 1).min(nc - 1) {
                let y = v[rr * nc + cc];
                if (rr, cc) != (r, c) && y.is_finite() {
                    buf.push(y);
                }
            }
        }
        if buf.len() < 5 {
            return None;
        }
        let lo = buf.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = buf.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let m = median_in_place(buf)?;
        let outside = if x > hi {
            x - hi
        } else if x < lo {
            lo - x
        } else {
            0.0
        };
        Some((x - m, outside, hi - lo))
    };
    let step = (nr * nc).div_ceil(MAX_STAT_SAMPLES).max(1);
    let sample: Vec<f64> = (0..nr * nc)
        .step_by(step)
        .filter_map(|k| resid(k % nc, k / nc, &mut Vec::with_capacity(8)).map(|t| t.0))
        .collect();
    let Some((_, mut sigma)) = median_sigma(&sample) else {
        return Vec::new();
    };
    let floor = value_scale_floor(&subsample(v, MAX_STAT_SAMPLES));
    sigma = sigma.max(floor);
    let mut spikes: Vec<Spike> = (0..nr)
        .into_par_iter()
        .flat_map_iter(|r| {
            let mut buf = Vec::with_capacity(8);
            let mut found = Vec::new();
            for c in 0..nc {
                if let Some((res, outside, range)) = resid(c, r, &mut buf) {
                    let z = res.abs() / sigma;
                    if z > GRID_K && outside > ISOLATION * range {
                        let (x, y) = g.geometry.cell_center(c, r);
                        found.push(Spike {
                            i: c,
                            j: r,
                            x,
                            y,
                            value: v[r * nc + c],
                            z,
                        });
                    }
                }
            }
            found
        })
        .collect();
    spikes.sort_by_key(|s| (s.j, s.i));
    spikes
}

/// True when `v` lies outside the range of its neighbours `nb` by more than [`ISOLATION`] × that
/// range (a lone spike, not the crest of an anomaly or a step).
fn isolated(v: f64, nb: &[f64]) -> bool {
    let lo = nb.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = nb.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let outside = if v > hi {
        v - hi
    } else if v < lo {
        lo - v
    } else {
        0.0
    };
    outside > ISOLATION * (hi - lo)
}

/// True for categorical or class data: at most [`MAX_CLASSES`] distinct values, all integers, in
/// a subsample. Spike, outlier and corrugation statistics are meaningless there.
pub fn is_categorical(values: &[f64]) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    for v in subsample(values, 100_000) {
        if v.fract() != 0.0 || v.abs() > 1e9 {
            return false;
        }
        seen.insert(v as i64);
        if seen.len() > MAX_CLASSES {
            return false;
        }
    }
    true
}

/// The smallest robust scale used: 1e-6 of the values' robust spread (or of their magnitude), so
/// that rounding noise on perfectly smooth synthetic data is not reported.
fn value_scale_floor(values: &[f64]) -> f64 {
    match median_sigma(values) {
        Some((_, s)) if s > 0.0 => 1e-6 * s,
        Some((m, _)) => 1e-9 * m.abs().max(1e-300),
        None => f64::MIN_POSITIVE,
    }
}

/// Line spikes of one column by the fourth difference along each segment; indices are point indices.
pub fn line_spikes(values: &[f64], segs: &[Vec<usize>], xs: &[f64], ys: &[f64]) -> Vec<Spike> {
    let d4_of = |seg: &[usize], k: usize| -> f64 {
        let w = [
            values[seg[k - 2]],
            values[seg[k - 1]],
            values[seg[k]],
            values[seg[k + 1]],
            values[seg[k + 2]],
        ];
        w[0] - 4.0 * w[1] + 6.0 * w[2] - 4.0 * w[3] + w[4]
    };
    let d4: Vec<Vec<f64>> = segs
        .par_iter()
        .map(|seg| {
            if seg.len() < 5 {
                return Vec::new();
            }
            (2..seg.len() - 2).map(|k| d4_of(seg, k)).collect()
        })
        .collect();
    let all: Vec<f64> = d4.iter().flatten().copied().collect();
    let Some((_, sigma)) = median_sigma(&subsample(&all, MAX_STAT_SAMPLES)) else {
        return Vec::new();
    };
    let sigma = sigma.max(value_scale_floor(&subsample(values, MAX_STAT_SAMPLES)));
    let mut out = Vec::new();
    for (seg, d) in segs.iter().zip(&d4) {
        for k in 0..d.len() {
            let a = d[k].abs();
            if !a.is_finite() || a <= LINE_K * sigma {
                continue;
            }
            let lo = k.saturating_sub(2);
            let hi = (k + 2).min(d.len() - 1);
            let p = seg[k + 2];
            let nb = [seg[k], seg[k + 1], seg[k + 3], seg[k + 4]].map(|q| values[q]);
            if (lo..=hi).all(|m| m == k || d[m].is_nan() || d[m].abs() <= a)
                && isolated(values[p], &nb)
            {
                out.push(Spike {
                    i: p,
                    j: 0,
                    x: xs[p],
                    y: ys[p],
                    value: values[p],
                    z: a / sigma,
                });
            }
        }
    }
    out.sort_by_key(|s| s.i);
    out
}

/// A value with at most 4 decimals, trailing zeros removed (f32 grid values print cleanly).
pub fn num(v: f64) -> String {
    let s = format!("{v:.4}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn worst(spikes: &[Spike]) -> &Spike {
    spikes
        .iter()
        .max_by(|a, b| a.z.total_cmp(&b.z).then(b.i.cmp(&a.i)))
        .expect("non-empty")
}

const SPIKE_FIX: &str = "Inspect the reported locations; if they are instrument or cultural spikes, ask the contractor to despike the line data (4th-difference / non-linear filter) and regrid, or null them before filtering — derivatives and reductions amplify spikes.";

/// Grid spikes and global outliers of a grid.
pub fn check_grid(file: &str, g: &Grid) -> Vec<Finding> {
    let mut out = Vec::new();
    if is_categorical(&g.values_f64()) {
        return out;
    }
    let sp = grid_spikes(g);
    if !sp.is_empty() {
        let w = worst(&sp);
        out.push(Finding::new(
            file,
            "spikes",
            Severity::Warning,
            format!(
                "{} isolated spike cell(s) (value − median of its 8 neighbours > {GRID_K} robust σ and outside the neighbours' range by > {ISOLATION}× that range); worst at column {}, row {} (x {:.3}, y {:.3}): value {} ({:.1} σ)",
                sp.len(), w.i, w.j, w.x, w.y, num(w.value), w.z
            ),
            SPIKE_FIX,
        ));
    }
    let v = g.values_f64();
    out.extend(outliers(file, "grid", v.as_ref(), |k| {
        let (c, r) = (k % g.cols(), k / g.cols());
        let (x, y) = g.geometry.cell_center(c, r);
        format!("column {c}, row {r} (x {x:.3}, y {y:.3})")
    }));
    out
}

/// Line spikes and global outliers of every value column of survey data.
pub fn check_survey(file: &str, s: &SurveyData) -> Vec<Finding> {
    let mut out = Vec::new();
    let segs = segments(s);
    let (xs, ys) = (s.xs(), s.ys());
    let line_name = |p: usize| -> String {
        match &s.line {
            Some(l) => s.line_names.get(l[p] as usize).cloned().unwrap_or_default(),
            None => "-".to_string(),
        }
    };
    for j in value_columns(s) {
        let col = &s.columns[j];
        let name = &s.names[j];
        if is_categorical(col) {
            continue;
        }
        let sp = line_spikes(col, &segs, xs, ys);
        if !sp.is_empty() {
            let w = worst(&sp);
            out.push(Finding::new(
                file,
                "spikes",
                Severity::Warning,
                format!(
                    "column {name}: {} spike(s) along the lines (|4th difference| > {LINE_K} robust σ); worst on line {} at point {} (x {:.3}, y {:.3}): value {} ({:.1} σ)",
                    sp.len(), line_name(w.i), w.i, w.x, w.y, num(w.value), w.z
                ),
                SPIKE_FIX,
            ));
        }
        out.extend(outliers(file, &format!("column {name}"), col, |k| {
            format!(
                "point {k} on line {} (x {:.3}, y {:.3})",
                line_name(k),
                xs[k],
                ys[k]
            )
        }));
    }
    out
}

/// Values more than [`OUTLIER_K`] robust σ from the median (Info), and undeclared dummy values
/// among them (Warning, check `nodata-undeclared`).
pub fn outliers(
    file: &str,
    what: &str,
    v: &[f64],
    locate: impl Fn(usize) -> String,
) -> Vec<Finding> {
    let Some((m, s)) = median_sigma(&subsample(v, MAX_STAT_SAMPLES)) else {
        return Vec::new();
    };
    let s = s.max(value_scale_floor(&subsample(v, MAX_STAT_SAMPLES)));
    let mut count = 0usize;
    let mut dummies = 0usize;
    let mut dummy_value = 0.0;
    let mut worst: Option<(usize, f64)> = None;
    for (k, &x) in v.iter().enumerate() {
        if !x.is_finite() {
            continue;
        }
        let z = (x - m).abs() / s;
        if z > OUTLIER_K {
            if is_dummy(x) {
                dummies += 1;
                dummy_value = x;
                continue;
            }
            count += 1;
            if worst.is_none_or(|(_, wz)| z > wz) {
                worst = Some((k, z));
            }
        }
    }
    let mut out = Vec::new();
    if dummies > 0 {
        out.push(Finding::new(
            file,
            "nodata-undeclared",
            Severity::Warning,
            format!("{what}: {dummies} value(s) equal the dummy {dummy_value} but nodata is not declared as such"),
            "Declare the dummy as nodata (header NODATA_value, GDAL -a_nodata) or ask the contractor for a corrected export.",
        ));
    }
    if let Some((k, z)) = worst {
        out.push(Finding::new(
            file,
            "outliers",
            Severity::Info,
            format!(
                "{what}: {count} value(s) ({:.3} %) lie more than {OUTLIER_K} robust σ from the median {} (σ = {}); most extreme {} at {} ({z:.1} σ)",
                100.0 * count as f64 / v.len() as f64,
                num(m),
                num(s),
                num(v[k]),
                locate(k)
            ),
            "Strong anomalies are normal in potential-field data: check that the extremes continue across neighbouring lines or cells (geology) rather than being single points (errors).",
        ));
    }
    out
}
