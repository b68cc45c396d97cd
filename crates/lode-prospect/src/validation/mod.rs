//! Validation of a prospectivity score map against deposits: success-rate and prediction-rate
//! curves and their areas (Chung & Fabbri 2003), ROC AUC of deposit points against the other
//! study-area cells (Mann–Whitney with ties counted one half), and capture efficiency (share of
//! deposits in the top p % of the area). Works for any model's score: weights of evidence,
//! fuzzy overlay, machine learning.
//!
//! Conventions. The study area is the cells where the mask (if any) is finite and non-zero and
//! the score is finite; mask cells with a NaN score are counted as `nodata_cells` and left out.
//! Every deposit point counts (several points in one cell count several). The ROC negatives are
//! the study cells holding no deposit of the set evaluated. Deposits outside the grid, outside
//! the study area or on a NaN score are counted in the report, never silently dropped. Cells of
//! equal score form one step of every curve. Same inputs → same report and byte-identical CSV.

mod capture;
mod curves;
mod roc;

use std::fmt::Write as _;
use std::path::Path;

use lode_core::grid::Grid;
use lode_core::{Error, Result};
use serde::{Deserialize, Serialize};

pub use capture::Capture;
pub use curves::{CurvePoint, Levels};
pub use roc::{auc, auc_levels};

/// The usual capture levels, percent of the study area.
pub const DEFAULT_TOPS: [f64; 4] = [1.0, 5.0, 10.0, 20.0];

/// Where the given deposits of one set fell, and the scores of those used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepositSet {
    /// Points given.
    pub given: usize,
    /// Points inside the study area on a finite score.
    pub used: usize,
    /// Points outside the grid.
    pub outside_grid: usize,
    /// Points on the grid but outside the mask.
    pub outside_study: usize,
    /// Points inside the mask on a NaN score.
    pub on_nodata: usize,
    /// Distinct cells holding the used points.
    pub cells: usize,
    /// ROC AUC of the used points against the study cells without a point of this set.
    pub roc_auc: f64,
    /// Area under the success-rate (training) or prediction-rate (withheld) curve.
    pub curve_auc: f64,
    /// Capture efficiency at each requested top share.
    pub capture: Vec<Capture>,
}

/// Validation of one score map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidationReport {
    /// Study-area cells (finite score inside the mask).
    pub study_cells: u64,
    /// Mask cells with a NaN score (left out of the study area).
    pub nodata_cells: u64,
    /// Distinct score values in the study area (steps of the curves).
    pub levels: usize,
    /// Training deposits: success-rate curve.
    pub training: DepositSet,
    /// Withheld deposits: prediction-rate curve (absent when none were given).
    pub withheld: Option<DepositSet>,
    /// Vertices of the success- and prediction-rate curves.
    pub curve: Vec<CurvePoint>,
}

/// Per-level counts of one deposit set and how its points fell.
#[derive(Debug, Clone, Default)]
pub struct LevelHits {
    /// Points per level.
    pub points: Vec<u64>,
    /// Distinct deposit cells per level.
    pub cells: Vec<u64>,
    pub given: usize,
    pub outside_grid: usize,
    pub outside_study: usize,
    pub on_nodata: usize,
}

impl LevelHits {
    fn used(&self) -> usize {
        self.points.iter().sum::<u64>() as usize
    }
}

/// Validates `score` against training deposits (success rate) and withheld deposits
/// (prediction rate), with capture efficiency at each share in `tops` (percent of the study
/// area, 0 < p ≤ 100). `mask`, when given, must be on the score's grid; its finite non-zero
/// cells are the study area. Points are (x, y) in the grid's CRS. Memory: one f64 per study
/// cell for the sort (models with few distinct scores can use [`validate_levels`]).
pub fn validate(
    score: &Grid,
    mask: Option<&Grid>,
    training: &[(f64, f64)],
    withheld: &[(f64, f64)],
    tops: &[f64],
) -> Result<ValidationReport> {
    let g = &score.geometry;
    if let Some(m) = mask {
        if !m.geometry.same_as(g) {
            return Err(Error::invalid(
                "validation: the mask's grid differs from the score grid",
            ));
        }
    }
    let values = score.values.as_f64();
    let mvals = mask.map(|m| m.values.as_f64());
    let in_mask = |i: usize| {
        mvals
            .as_ref()
            .is_none_or(|m| m[i].is_finite() && m[i] != 0.0)
    };
    let mut nodata_cells = 0u64;
    let mut scores = Vec::with_capacity(values.len());
    for (i, &v) in values.iter().enumerate() {
        if in_mask(i) {
            if v.is_finite() {
                scores.push(v);
            } else {
                nodata_cells += 1;
            }
        }
    }
    let levels = Levels::from_scores(scores);
    let hits = |pts: &[(f64, f64)]| {
        let mut h = LevelHits {
            points: vec![0; levels.score.len()],
            cells: vec![0; levels.score.len()],
            given: pts.len(),
            ..Default::default()
        };
        let mut cells = Vec::with_capacity(pts.len());
        for &(x, y) in pts {
            match g.cell_of(x, y) {
                None => h.outside_grid += 1,
                Some((c, r)) => {
                    let i = r * g.cols + c;
                    if !in_mask(i) {
                        h.outside_study += 1;
                    } else if let Some(k) = Some(values[i])
                        .filter(|v| v.is_finite())
                        .and_then(|v| levels.find(v))
                    {
                        h.points[k] += 1;
                        cells.push((i, k));
                    } else {
                        h.on_nodata += 1;
                    }
                }
            }
        }
        cells.sort_unstable();
        cells.dedup();
        for (_, k) in cells {
            h.cells[k] += 1;
        }
        h
    };
    let t = hits(training);
    let w = (!withheld.is_empty()).then(|| hits(withheld));
    let mut report = validate_levels(&levels, &t, w.as_ref(), tops)?;
    report.nodata_cells = nodata_cells;
    Ok(report)
}

/// Validation from score levels and per-level deposit counts (for models that know their
/// distinct scores, such as weights of evidence, without sorting every cell).
pub fn validate_levels(
    levels: &Levels,
    training: &LevelHits,
    withheld: Option<&LevelHits>,
    tops: &[f64],
) -> Result<ValidationReport> {
    if let Some(p) = tops
        .iter()
        .find(|p| !(p.is_finite() && **p > 0.0 && **p <= 100.0))
    {
        return Err(Error::invalid(format!(
            "validation: top share {p} % must be in (0, 100]"
        )));
    }
    if levels.score.is_empty() {
        return Err(Error::invalid(
            "validation: the study area holds no cell with a finite score",
        ));
    }
    let n = levels.score.len();
    for h in std::iter::once(training).chain(withheld) {
        if h.points.len() != n || h.cells.len() != n {
            return Err(Error::internal(
                "validation: level counts of the wrong length",
            ));
        }
    }
    if training.used() == 0 {
        return Err(Error::invalid(format!(
            "validation: none of the {} training deposits lies in the study area on a finite score ({} outside the grid, {} outside the study area, {} on no data)",
            training.given, training.outside_grid, training.outside_study, training.on_nodata
        )));
    }
    let set = |h: &LevelHits| {
        let (x, y) = curves::cumulative(levels, &h.points);
        let neg: Vec<u64> = levels
            .cells
            .iter()
            .zip(&h.cells)
            .map(|(c, d)| c - d)
            .collect();
        let used = h.used();
        DepositSet {
            given: h.given,
            used,
            outside_grid: h.outside_grid,
            outside_study: h.outside_study,
            on_nodata: h.on_nodata,
            cells: h.cells.iter().sum::<u64>() as usize,
            roc_auc: auc_levels(&h.points, &neg),
            curve_auc: if used > 0 {
                curves::area_under(&x, &y)
            } else {
                f64::NAN
            },
            capture: tops
                .iter()
                .map(|&p| {
                    let (share, k) = capture::read_curve(&x, &y, p / 100.0);
                    Capture {
                        top_percent: p,
                        score_threshold: levels.score[k],
                        share,
                        deposits: share * used as f64,
                    }
                })
                .collect(),
        }
    };
    Ok(ValidationReport {
        study_cells: levels.total(),
        nodata_cells: 0,
        levels: n,
        training: set(training),
        withheld: withheld.map(set),
        curve: curves::vertices(levels, &training.points, withheld.map(|w| &w.points[..])),
    })
}

impl ValidationReport {
    /// Curve vertices as CSV: `area_fraction,score,success_rate,prediction_rate` (empty
    /// prediction rate without withheld deposits, empty score at the origin).
    pub fn curves_csv(&self) -> String {
        let mut s = String::from("area_fraction,score,success_rate,prediction_rate\n");
        for p in &self.curve {
            let _ = writeln!(
                s,
                "{},{},{},{}",
                p.area_fraction,
                num(p.score),
                num(p.success),
                num(p.prediction)
            );
        }
        s
    }

    /// Capture efficiency as CSV: `set,top_percent,score_threshold,share,deposits`, one row per
    /// deposit set (training, withheld) and top share.
    pub fn capture_csv(&self) -> String {
        let mut s = String::from("set,top_percent,score_threshold,share,deposits\n");
        for (name, d) in self.sets() {
            for c in &d.capture {
                let _ = writeln!(
                    s,
                    "{name},{},{},{},{}",
                    c.top_percent,
                    num(c.score_threshold),
                    num(c.share),
                    num(c.deposits)
                );
            }
        }
        s
    }

    /// Summary as CSV: `set,given,used,outside_grid,outside_study,on_nodata,cells,roc_auc,curve_auc`.
    pub fn summary_csv(&self) -> String {
        let mut s = String::from(
            "set,given,used,outside_grid,outside_study,on_nodata,cells,roc_auc,curve_auc\n",
        );
        for (name, d) in self.sets() {
            let _ = writeln!(
                s,
                "{name},{},{},{},{},{},{},{},{}",
                d.given,
                d.used,
                d.outside_grid,
                d.outside_study,
                d.on_nodata,
                d.cells,
                num(d.roc_auc),
                num(d.curve_auc)
            );
        }
        s
    }

    fn sets(&self) -> impl Iterator<Item = (&'static str, &DepositSet)> {
        std::iter::once(("training", &self.training))
            .chain(self.withheld.as_ref().map(|w| ("withheld", w)))
    }

    /// Writes `<prefix>curves.csv`, `<prefix>capture.csv`, `<prefix>summary.csv` and
    /// `<prefix>report.json` into `dir`, all or none (lode_core::atomic).
    pub fn write(&self, dir: &Path, prefix: &str) -> Result<()> {
        let json =
            serde_json::to_string_pretty(self).map_err(|e| Error::internal(e.to_string()))?;
        let mut set = lode_core::atomic::AtomicSet::new();
        set.write_bytes(
            &dir.join(format!("{prefix}curves.csv")),
            self.curves_csv().as_bytes(),
        )?;
        set.write_bytes(
            &dir.join(format!("{prefix}capture.csv")),
            self.capture_csv().as_bytes(),
        )?;
        set.write_bytes(
            &dir.join(format!("{prefix}summary.csv")),
            self.summary_csv().as_bytes(),
        )?;
        set.write_bytes(
            &dir.join(format!("{prefix}report.json")),
            format!("{json}\n").as_bytes(),
        )?;
        set.commit()
    }
}

fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}
