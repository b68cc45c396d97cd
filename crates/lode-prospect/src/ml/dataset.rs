//! Training samples from evidence layers: deposits as positives, random background cells as
//! negatives (or as unlabelled data for positive–unlabelled learning, Elkan & Noto 2008).
//!
//! - **Positives**: one sample per deposit point, the features of the cell holding it (two
//!   deposits in one cell give two samples), at the deposit's own coordinates. Deposits outside
//!   the grid or on cells without evidence are never dropped silently: they are listed in
//!   [`DepositReport`].
//! - **Background**: `n_background` distinct cells drawn uniformly (seeded) among cells with
//!   evidence farther than `buffer_m` (centre to deposit) from every deposit, at cell centres,
//!   in ascending cell order. With fewer eligible cells, all of them are used.
//! - **Features**: continuous layers as they are; categorical layers one-hot encoded, one column
//!   per legend entry named `layer=name` (a cell whose code is missing or not in the legend has
//!   all its columns 0). Layers in the order given.
//! - **Missing values**: [`Missing::ImputeMedian`] (default) keeps cells where at least one layer
//!   has a value and replaces a missing continuous value by the median of that feature over the
//!   training samples (scikit-learn `SimpleImputer(strategy="median")`); the medians are kept with
//!   the model and applied to prediction rows. [`Missing::RequireAll`] uses only cells where every
//!   layer has a value.
//! - **Class weights**: [`ClassWeight::Balanced`] gives each class the total weight n/2,
//!   w = n / (2·n_class) (King & Zeng 2001; scikit-learn `class_weight="balanced"`).

use lode_core::{Error, Result};
use serde::{Deserialize, Serialize};

use super::rng::Rng;
use crate::evidence::{EvidenceSet, LayerKind};

/// How samples are weighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ClassWeight {
    /// Every sample weight 1.
    None,
    /// w = n / (2·n_class): both classes carry the same total weight.
    #[default]
    Balanced,
}

/// Which cells count as having evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    /// Cells with at least one layer value; missing continuous values take the training median.
    #[default]
    ImputeMedian,
    /// Only cells where every layer has a value.
    RequireAll,
}

/// Options of [`Dataset::from_evidence`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DatasetOptions {
    /// Number of background cells.
    pub n_background: usize,
    /// No background cell centre within this distance of a deposit, CRS units (m).
    pub buffer_m: f64,
    pub class_weight: ClassWeight,
    pub missing: Missing,
    /// Seed of the background draw.
    pub seed: u64,
}

impl Default for DatasetOptions {
    fn default() -> Self {
        DatasetOptions {
            n_background: 10_000,
            buffer_m: 0.0,
            class_weight: ClassWeight::Balanced,
            missing: Missing::ImputeMedian,
            seed: 0,
        }
    }
}

/// What happened to each deposit point (indices into the list given).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DepositReport {
    /// Deposits given.
    pub n_given: usize,
    /// Deposits used as positive samples.
    pub used: Vec<usize>,
    /// Deposits outside the grid.
    pub outside: Vec<usize>,
    /// Deposits on cells without evidence (see [`Missing`]).
    pub on_nodata: Vec<usize>,
    /// Used deposits with at least one missing value that was imputed.
    pub imputed: Vec<usize>,
    /// Background cells drawn.
    pub n_background: usize,
    /// Cells eligible as background.
    pub n_eligible: usize,
}

impl DepositReport {
    /// One line for logs, e.g. "12 of 14 deposits used; 1 outside the grid; 1 on no-data".
    pub fn summary(&self) -> String {
        format!(
            "{} of {} deposits used; {} outside the grid; {} on cells without evidence; {} with imputed values; {} background cells of {} eligible",
            self.used.len(),
            self.n_given,
            self.outside.len(),
            self.on_nodata.len(),
            self.imputed.len(),
            self.n_background,
            self.n_eligible
        )
    }
}

/// How one layer becomes feature columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Encoding {
    /// One column, the value.
    Continuous,
    /// One 0/1 column per code.
    OneHot { codes: Vec<i64> },
}

/// The recipe turning evidence cells into feature rows; kept with a trained model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Encoder {
    /// (layer name, encoding), in feature order.
    pub layers: Vec<(String, Encoding)>,
    pub missing: Missing,
}

impl Encoder {
    /// The encoder of these layers of the set (errors name a missing layer).
    pub fn new(set: &EvidenceSet, layers: &[String], missing: Missing) -> Result<Encoder> {
        if layers.is_empty() {
            return Err(Error::invalid(
                "machine learning needs at least one evidence layer",
            ));
        }
        let mut out = Vec::new();
        for name in layers {
            let layer = set.get(name).ok_or_else(|| {
                Error::invalid(format!(
                    "evidence layer '{name}' not found (have: {})",
                    set.names().join(", ")
                ))
            })?;
            let enc = match &layer.kind {
                LayerKind::Continuous => Encoding::Continuous,
                LayerKind::Categorical { legend } => {
                    if legend.is_empty() {
                        return Err(Error::invalid(format!(
                            "categorical layer '{name}' has an empty legend"
                        )));
                    }
                    Encoding::OneHot {
                        codes: legend.iter().map(|(c, _)| *c).collect(),
                    }
                }
            };
            out.push((name.clone(), enc));
        }
        Ok(Encoder {
            layers: out,
            missing,
        })
    }

    /// Feature names and the layer (group) of each feature.
    pub fn feature_names(&self, set: &EvidenceSet) -> (Vec<String>, Vec<String>) {
        let mut names = Vec::new();
        let mut groups = Vec::new();
        for (name, enc) in &self.layers {
            match enc {
                Encoding::Continuous => {
                    names.push(name.clone());
                    groups.push(name.clone());
                }
                Encoding::OneHot { codes } => {
                    let legend = match set.get(name).map(|l| &l.kind) {
                        Some(LayerKind::Categorical { legend }) => legend.clone(),
                        _ => Vec::new(),
                    };
                    for c in codes {
                        let label = legend
                            .iter()
                            .find(|(k, _)| k == c)
                            .map_or_else(|| c.to_string(), |(_, n)| n.clone());
                        names.push(format!("{name}={label}"));
                        groups.push(name.clone());
                    }
                }
            }
        }
        (names, groups)
    }

    /// Number of feature columns.
    pub fn n_features(&self) -> usize {
        self.layers
            .iter()
            .map(|(_, e)| match e {
                Encoding::Continuous => 1,
                Encoding::OneHot { codes } => codes.len(),
            })
            .sum()
    }

    /// Resolve the layers' value arrays in the set (f64 views).
    pub fn columns<'a>(&self, set: &'a EvidenceSet) -> Result<Vec<std::borrow::Cow<'a, [f64]>>> {
        self.layers
            .iter()
            .map(|(name, _)| {
                let l = set
                    .get(name)
                    .ok_or_else(|| Error::invalid(format!("evidence layer '{name}' not found")))?;
                if !l.grid.geometry.same_as(&set.geometry) {
                    return Err(Error::invalid(format!(
                        "evidence layer '{name}' is not on the analysis grid"
                    )));
                }
                Ok(l.grid.values.as_f64())
            })
            .collect()
    }

    /// True when cell i has evidence (see [`Missing`]).
    #[inline]
    pub fn valid(&self, cols: &[std::borrow::Cow<'_, [f64]>], i: usize) -> bool {
        match self.missing {
            Missing::ImputeMedian => cols.iter().any(|c| !c[i].is_nan()),
            Missing::RequireAll => cols.iter().all(|c| !c[i].is_nan()),
        }
    }

    /// Append the feature row of cell i (NaN for missing continuous values) to `out`; returns
    /// true when a value was missing.
    pub fn encode(
        &self,
        cols: &[std::borrow::Cow<'_, [f64]>],
        i: usize,
        out: &mut Vec<f32>,
    ) -> bool {
        let mut missing = false;
        for ((_, enc), c) in self.layers.iter().zip(cols) {
            let v = c[i];
            missing |= v.is_nan();
            match enc {
                Encoding::Continuous => out.push(v as f32),
                Encoding::OneHot { codes } => {
                    for &k in codes {
                        out.push(if !v.is_nan() && v.round() as i64 == k {
                            1.0
                        } else {
                            0.0
                        });
                    }
                }
            }
        }
        missing
    }
}

/// Training samples: features, labels, weights, coordinates.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Features, n × p row-major, missing values already imputed (no NaN).
    pub x: Vec<f32>,
    /// 1 = deposit (labelled positive), 0 = background (negative or unlabelled).
    pub y: Vec<u8>,
    /// Sample weights.
    pub weights: Vec<f32>,
    /// Sample coordinates (x, y), CRS units.
    pub coords: Vec<(f64, f64)>,
    pub feature_names: Vec<String>,
    /// The layer each feature comes from (one-hot columns share their layer); permutation
    /// importance permutes a group together.
    pub groups: Vec<String>,
    /// Median of each feature over the samples, used for missing values.
    pub medians: Vec<f32>,
    /// How evidence cells map to features (None for a dataset built from rows).
    pub encoder: Option<Encoder>,
}

impl Dataset {
    /// Number of samples.
    pub fn n(&self) -> usize {
        self.y.len()
    }

    /// Number of features.
    pub fn p(&self) -> usize {
        self.feature_names.len()
    }

    /// Number of positive samples.
    pub fn n_pos(&self) -> usize {
        self.y.iter().filter(|&&v| v == 1).count()
    }

    /// Sample i's features.
    pub fn row(&self, i: usize) -> &[f32] {
        let p = self.p();
        &self.x[i * p..(i + 1) * p]
    }

    /// A dataset from a feature matrix (NaN allowed, imputed by the column median), labels 0/1,
    /// coordinates and names; weights from `class_weight`.
    pub fn from_rows(
        mut x: Vec<f32>,
        y: Vec<u8>,
        coords: Vec<(f64, f64)>,
        feature_names: Vec<String>,
        class_weight: ClassWeight,
    ) -> Result<Dataset> {
        let n = y.len();
        let p = feature_names.len();
        if p == 0 || n == 0 {
            return Err(Error::invalid("dataset has no samples or no features"));
        }
        if n.checked_mul(p) != Some(x.len()) || coords.len() != n {
            return Err(Error::invalid(format!(
                "dataset of {n} samples × {p} features given {} values and {} coordinates",
                x.len(),
                coords.len()
            )));
        }
        if let Some(v) = y.iter().find(|&&v| v > 1) {
            return Err(Error::invalid(format!("label {v} is not 0 or 1")));
        }
        if x.iter().any(|v| v.is_infinite()) {
            return Err(Error::invalid("dataset holds infinite feature values"));
        }
        let medians = impute_median(&mut x, n, p);
        let weights = class_weights(&y, class_weight);
        Ok(Dataset {
            x,
            y,
            weights,
            coords,
            groups: feature_names.clone(),
            feature_names,
            medians,
            encoder: None,
        })
    }

    /// Samples from evidence layers and deposit points (x, y in the set's CRS); see module docs.
    pub fn from_evidence(
        set: &EvidenceSet,
        layers: &[String],
        deposits: &[(f64, f64)],
        opts: &DatasetOptions,
    ) -> Result<(Dataset, DepositReport)> {
        let encoder = Encoder::new(set, layers, opts.missing)?;
        let cols = encoder.columns(set)?;
        let g = &set.geometry;
        if !opts.buffer_m.is_finite() || opts.buffer_m < 0.0 {
            return Err(Error::invalid(format!(
                "background buffer {} m is not a non-negative distance",
                opts.buffer_m
            )));
        }
        if opts.n_background == 0 {
            return Err(Error::invalid("n_background must be at least 1"));
        }
        let mut report = DepositReport {
            n_given: deposits.len(),
            ..Default::default()
        };
        let p = encoder.n_features();
        let mut x: Vec<f32> = Vec::new();
        let mut y: Vec<u8> = Vec::new();
        let mut coords = Vec::new();
        let mut deposit_cells = Vec::new();
        for (k, &(px, py)) in deposits.iter().enumerate() {
            let Some((c, r)) = (px.is_finite() && py.is_finite())
                .then(|| g.cell_of(px, py))
                .flatten()
            else {
                report.outside.push(k);
                continue;
            };
            let i = r * g.cols + c;
            deposit_cells.push((c, r));
            if !encoder.valid(&cols, i) {
                report.on_nodata.push(k);
                continue;
            }
            if encoder.encode(&cols, i, &mut x) {
                report.imputed.push(k);
            }
            y.push(1);
            coords.push((px, py));
            report.used.push(k);
        }
        if report.used.len() < 2 {
            return Err(Error::invalid(format!(
                "machine learning needs at least two deposits on the evidence ({})",
                report.summary()
            )));
        }
        let excluded = buffer_mask(g, &deposit_cells, opts.buffer_m);
        let eligible = |i: usize| !excluded.get(i) && encoder.valid(&cols, i);
        let cells = draw_background(g.len(), opts.n_background, opts.seed, &eligible);
        report.n_eligible = cells.1;
        report.n_background = cells.0.len();
        if cells.0.is_empty() {
            return Err(Error::invalid(
                "no background cells: every cell with evidence is within the deposit buffer",
            ));
        }
        for &i in &cells.0 {
            encoder.encode(&cols, i, &mut x);
            y.push(0);
            coords.push(g.cell_center(i % g.cols, i / g.cols));
        }
        let n = y.len();
        debug_assert_eq!(x.len(), n * p);
        let medians = impute_median(&mut x, n, p);
        let (feature_names, groups) = encoder.feature_names(set);
        Ok((
            Dataset {
                x,
                weights: class_weights(&y, opts.class_weight),
                y,
                coords,
                feature_names,
                groups,
                medians,
                encoder: Some(encoder),
            },
            report,
        ))
    }

    /// The samples at these indices (same features, medians and encoder).
    pub fn subset(&self, idx: &[usize]) -> Dataset {
        let p = self.p();
        let mut x = Vec::with_capacity(idx.len() * p);
        for &i in idx {
            x.extend_from_slice(self.row(i));
        }
        Dataset {
            x,
            y: idx.iter().map(|&i| self.y[i]).collect(),
            weights: idx.iter().map(|&i| self.weights[i]).collect(),
            coords: idx.iter().map(|&i| self.coords[i]).collect(),
            feature_names: self.feature_names.clone(),
            groups: self.groups.clone(),
            medians: self.medians.clone(),
            encoder: self.encoder.clone(),
        }
    }
}

/// Balanced or unit weights for labels y.
pub fn class_weights(y: &[u8], cw: ClassWeight) -> Vec<f32> {
    let n = y.len() as f64;
    let n1 = y.iter().filter(|&&v| v == 1).count() as f64;
    let n0 = n - n1;
    match cw {
        ClassWeight::None => vec![1.0; y.len()],
        ClassWeight::Balanced => y
            .iter()
            .map(|&v| {
                let nc = if v == 1 { n1 } else { n0 };
                (n / (2.0 * nc)) as f32
            })
            .collect(),
    }
}

/// Replace NaN in each column by the column's median over its finite values (0 when the column
/// has none); returns the medians. Median of an even count: mean of the two middle values.
fn impute_median(x: &mut [f32], n: usize, p: usize) -> Vec<f32> {
    let mut med = Vec::with_capacity(p);
    for f in 0..p {
        let mut col: Vec<f32> = (0..n)
            .map(|i| x[i * p + f])
            .filter(|v| !v.is_nan())
            .collect();
        let k = col.len();
        let m = if k == 0 {
            0.0
        } else {
            let (lower, upper, _) = col.select_nth_unstable_by(k / 2, f32::total_cmp);
            let upper = *upper;
            if k % 2 == 1 {
                upper
            } else {
                let below = lower.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                ((below as f64 + upper as f64) / 2.0) as f32
            }
        };
        for i in 0..n {
            if x[i * p + f].is_nan() {
                x[i * p + f] = m;
            }
        }
        med.push(m);
    }
    med
}

/// A bit per cell.
pub(crate) struct BitMask {
    bits: Vec<u64>,
}

impl BitMask {
    fn new(n: usize) -> BitMask {
        BitMask {
            bits: vec![0; n.div_ceil(64)],
        }
    }
    fn set(&mut self, i: usize) {
        self.bits[i / 64] |= 1 << (i % 64);
    }
    #[inline]
    fn get(&self, i: usize) -> bool {
        self.bits[i / 64] >> (i % 64) & 1 == 1
    }
}

/// Cells whose centre lies within `buffer` of a deposit cell's centre (the deposit cells always).
fn buffer_mask(g: &lode_core::GridGeometry, cells: &[(usize, usize)], buffer: f64) -> BitMask {
    let mut m = BitMask::new(g.len());
    let rc = (buffer / g.dx).ceil() as i64;
    let rr = (buffer / g.dy).ceil() as i64;
    for &(c, r) in cells {
        for dr in -rr..=rr {
            for dc in -rc..=rc {
                let (cc, r2) = (c as i64 + dc, r as i64 + dr);
                if cc < 0 || r2 < 0 || cc >= g.cols as i64 || r2 >= g.rows as i64 {
                    continue;
                }
                let d = ((dc as f64 * g.dx).powi(2) + (dr as f64 * g.dy).powi(2)).sqrt();
                if d <= buffer {
                    m.set(r2 as usize * g.cols + cc as usize);
                }
            }
        }
    }
    m
}

/// Draw up to `k` distinct eligible cells of `n` (ascending); returns them and the number of
/// eligible cells.
fn draw_background(
    n: usize,
    k: usize,
    seed: u64,
    eligible: &(dyn Fn(usize) -> bool + Sync),
) -> (Vec<usize>, usize) {
    use rayon::prelude::*;
    let n_eligible: usize = (0..n).into_par_iter().filter(|&i| eligible(i)).count();
    let mut rng = Rng::stream(seed, 0xBAC6);
    if k >= n_eligible {
        return ((0..n).filter(|&i| eligible(i)).collect(), n_eligible);
    }
    if k.saturating_mul(4) >= n_eligible || n_eligible.saturating_mul(16) < n {
        // Dense draw: partial Fisher–Yates over the eligible cells.
        let mut cells: Vec<usize> = (0..n).filter(|&i| eligible(i)).collect();
        for i in 0..k {
            let j = i + rng.below(cells.len() - i);
            cells.swap(i, j);
        }
        cells.truncate(k);
        cells.sort_unstable();
        return (cells, n_eligible);
    }
    // Sparse draw: rejection sampling (fewer than 16·k draws expected).
    let mut chosen = std::collections::BTreeSet::new();
    while chosen.len() < k {
        let i = rng.below(n);
        if eligible(i) {
            chosen.insert(i);
        }
    }
    (chosen.into_iter().collect(), n_eligible)
}
