//! Machine learning for prospectivity: logistic regression, random forest and gradient boosting
//! trained on deposits (positives) against background cells, with probability outputs, spatial
//! block cross-validation, feature importance and a model card. Everything is deterministic from
//! one seed (same inputs and seed → bitwise identical predictions, for any number of threads).
//!
//! - [`dataset`]: samples from an [`EvidenceSet`] and deposit points (background sampling, class
//!   weights, one-hot categorical layers, median imputation).
//! - [`logistic`], [`forest`], [`boosting`]: the models.
//! - [`cv`]: spatial block cross-validation (Roberts et al. 2017) and random k-fold.
//! - [`importance`]: permutation importance (Breiman 2001) and impurity importance.
//!
//! **Positive–unlabelled learning** ([`PuParams`]; Elkan & Noto 2008, *KDD*, Lemma 1): the
//! background is treated as unlabelled. A fraction of the samples of both classes is held out
//! (seeded), the model g is trained on labelled-vs-unlabelled with the rest, c = mean g(x) over the held-out
//! positives estimates P(labelled | deposit), and predictions are min(g(x)/c, 1). For calibrated
//! output use [`dataset::ClassWeight::None`] and no deposit buffer for the background.

pub mod bins;
pub mod boosting;
pub mod cv;
pub mod dataset;
pub mod forest;
pub mod importance;
pub mod logistic;
pub mod rng;
pub mod tree;

use lode_core::{Error, Grid, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use dataset::{ClassWeight, Dataset, DatasetOptions, DepositReport, Missing};

use crate::evidence::EvidenceSet;
use bins::Binned;
use boosting::{Boosting, BoostingParams};
use forest::{Forest, ForestParams};
use logistic::Logistic;
use rng::Rng;

/// The model families.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    Logistic,
    RandomForest,
    GradientBoosting,
}

impl ModelKind {
    /// The name used in files: `logistic`, `random_forest`, `gradient_boosting`.
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::Logistic => "logistic",
            ModelKind::RandomForest => "random_forest",
            ModelKind::GradientBoosting => "gradient_boosting",
        }
    }

    /// Parse a name (as [`ModelKind::name`]).
    pub fn parse(s: &str) -> Result<ModelKind> {
        match s {
            "logistic" => Ok(ModelKind::Logistic),
            "random_forest" => Ok(ModelKind::RandomForest),
            "gradient_boosting" => Ok(ModelKind::GradientBoosting),
            _ => Err(Error::invalid(format!(
                "unknown model '{s}' (logistic, random_forest, gradient_boosting)"
            ))),
        }
    }
}

/// Logistic-regression hyper-parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LogisticParams {
    /// Inverse L2 penalty strength (scikit-learn's C).
    pub c: f64,
    pub max_iter: usize,
    /// Newton iterations stop when no coefficient moves by more than this.
    pub tol: f64,
}

impl Default for LogisticParams {
    fn default() -> Self {
        LogisticParams {
            c: 1.0,
            max_iter: 100,
            tol: 1e-10,
        }
    }
}

/// Positive–unlabelled learning (Elkan & Noto 2008), see the module docs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PuParams {
    pub enabled: bool,
    /// Fraction of the samples (of each class) held out to estimate c.
    pub holdout: f64,
}

impl Default for PuParams {
    fn default() -> Self {
        PuParams {
            enabled: false,
            holdout: 0.2,
        }
    }
}

/// Hyper-parameters of every model family (only the trained family's section is used).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ModelParams {
    pub logistic: LogisticParams,
    pub random_forest: ForestParams,
    pub gradient_boosting: BoostingParams,
    pub pu: PuParams,
}

/// A fitted model of one family.
#[derive(Debug, Clone, PartialEq)]
pub enum Model {
    Logistic(Logistic),
    RandomForest(Forest),
    GradientBoosting(Boosting),
}

impl Model {
    /// P(y = 1) of rows (k × p, no NaN) into `out` (k).
    fn predict_batch(&self, rows: &[f32], p: usize, out: &mut [f32]) {
        match self {
            Model::Logistic(m) => {
                for (o, r) in out.iter_mut().zip(rows.chunks_exact(p)) {
                    *o = m.predict_row(r);
                }
            }
            Model::RandomForest(m) => m.predict_batch(rows, p, out),
            Model::GradientBoosting(m) => m.predict_batch(rows, p, out),
        }
    }
}

/// Rows per prediction batch.
const BATCH: usize = 512;

/// A trained model with what it needs to predict from evidence.
#[derive(Debug, Clone)]
pub struct TrainedModel {
    pub kind: ModelKind,
    pub params: ModelParams,
    pub seed: u64,
    pub feature_names: Vec<String>,
    /// Imputation values of the features.
    pub medians: Vec<f32>,
    pub encoder: Option<dataset::Encoder>,
    /// Elkan–Noto c when trained as positive–unlabelled.
    pub pu_c: Option<f64>,
    pub model: Model,
}

impl TrainedModel {
    /// P(deposit) for rows (n × p row-major; NaN replaced by the training medians).
    pub fn predict(&self, rows: &[f32]) -> Vec<f32> {
        let p = self.feature_names.len().max(1);
        let mut out = vec![0.0f32; rows.len() / p];
        out.par_chunks_mut(BATCH)
            .zip(rows.par_chunks(BATCH * p))
            .for_each(|(o, r)| self.predict_into(r, o));
        out
    }

    /// Predict a batch of rows into `out`, imputing NaN and applying the PU scaling.
    fn predict_into(&self, rows: &[f32], out: &mut [f32]) {
        let p = self.feature_names.len().max(1);
        if rows.iter().any(|v| v.is_nan()) {
            let fixed: Vec<f32> = rows
                .iter()
                .enumerate()
                .map(|(k, &v)| if v.is_nan() { self.medians[k % p] } else { v })
                .collect();
            self.model.predict_batch(&fixed, p, out);
        } else {
            self.model.predict_batch(rows, p, out);
        }
        if let Some(c) = self.pu_c {
            for o in out.iter_mut() {
                *o = ((*o as f64 / c).min(1.0)) as f32;
            }
        }
    }
}

/// Train a model of `kind` on the dataset.
pub fn train(
    kind: ModelKind,
    ds: &Dataset,
    params: &ModelParams,
    seed: u64,
) -> Result<TrainedModel> {
    let n_pos = ds.n_pos();
    if n_pos == 0 || n_pos == ds.n() {
        return Err(Error::invalid(format!(
            "training needs both classes ({n_pos} positives of {} samples)",
            ds.n()
        )));
    }
    if !params.pu.enabled {
        return fit(kind, ds, params, seed, None);
    }
    let h = params.pu.holdout;
    if h.is_nan() || h <= 0.0 || h >= 1.0 {
        return Err(Error::invalid(format!(
            "positive-unlabelled hold-out fraction {h} must be in (0, 1)"
        )));
    }
    // Hold out the same fraction of labelled and unlabelled samples, so the training set keeps
    // the label frequency c of the whole set.
    let mut rng = Rng::stream(seed, 0x9D);
    let mut held = vec![false; ds.n()];
    let mut pos = Vec::new();
    for class in [1u8, 0] {
        let mut idx: Vec<usize> = (0..ds.n()).filter(|&i| ds.y[i] == class).collect();
        let k = ((idx.len() as f64 * h).round() as usize).max(1);
        if idx.len() < k + 2 {
            return Err(Error::invalid(format!(
                "positive-unlabelled learning needs more samples ({} of class {class}, {k} held out)",
                idx.len()
            )));
        }
        rng.shuffle(&mut idx);
        for &i in &idx[..k] {
            held[i] = true;
        }
        if class == 1 {
            pos = idx[..k].to_vec();
        }
    }
    let k = pos.len();
    let train_idx: Vec<usize> = (0..ds.n()).filter(|&i| !held[i]).collect();
    let m = fit(kind, &ds.subset(&train_idx), params, seed, None)?;
    let held_x: Vec<f32> = pos
        .iter()
        .flat_map(|&i| ds.row(i).iter().copied())
        .collect();
    let c = m.predict(&held_x).iter().map(|&v| v as f64).sum::<f64>() / k as f64;
    if c.is_nan() || c <= 0.0 {
        return Err(Error::invalid(
            "positive-unlabelled learning: the held-out deposits all score 0 (c = 0)",
        ));
    }
    Ok(TrainedModel { pu_c: Some(c), ..m })
}

fn fit(
    kind: ModelKind,
    ds: &Dataset,
    params: &ModelParams,
    seed: u64,
    pu_c: Option<f64>,
) -> Result<TrainedModel> {
    let p = ds.p();
    let model = match kind {
        ModelKind::Logistic => {
            let lp = &params.logistic;
            Model::Logistic(Logistic::fit(
                &ds.x,
                &ds.y,
                &ds.weights,
                p,
                lp.c,
                lp.max_iter,
                lp.tol,
            )?)
        }
        ModelKind::RandomForest => {
            let fp = &params.random_forest;
            if fp.n_trees == 0 {
                return Err(Error::invalid("random forest: n_trees must be at least 1"));
            }
            let b = Binned::new(&ds.x, ds.n(), p, seed);
            Model::RandomForest(Forest::fit(&b, &ds.y, &ds.weights, fp, seed))
        }
        ModelKind::GradientBoosting => {
            let b = Binned::new(&ds.x, ds.n(), p, seed);
            Model::GradientBoosting(Boosting::fit(
                &b,
                &ds.y,
                &ds.weights,
                &params.gradient_boosting,
                seed,
            )?)
        }
    };
    Ok(TrainedModel {
        kind,
        params: params.clone(),
        seed,
        feature_names: ds.feature_names.clone(),
        medians: ds.medians.clone(),
        encoder: ds.encoder.clone(),
        pu_c,
        model,
    })
}

/// The model's probability on every cell of the evidence grid (Float32, 0–1; NaN where the
/// cell has no evidence, see [`Missing`]); rows in parallel.
pub fn predict_grid(model: &TrainedModel, set: &EvidenceSet) -> Result<Grid> {
    let enc = model.encoder.as_ref().ok_or_else(|| {
        Error::invalid("this model was trained from a feature table, not from evidence layers")
    })?;
    if enc.n_features() != model.feature_names.len() {
        return Err(Error::invalid(
            "the evidence encoder does not match the model's features",
        ));
    }
    let cols = enc.columns(set)?;
    let g = set.geometry;
    let mut out = vec![f32::NAN; g.len()];
    let p = model.feature_names.len();
    out.par_chunks_mut(g.cols)
        .enumerate()
        .for_each(|(r, line)| {
            let mut rows = Vec::with_capacity(p * line.len());
            let mut cells = Vec::with_capacity(line.len());
            for c in 0..line.len() {
                let i = r * g.cols + c;
                if enc.valid(&cols, i) {
                    enc.encode(&cols, i, &mut rows);
                    cells.push(c);
                }
            }
            let mut pred = vec![0.0f32; cells.len()];
            for (o, x) in pred.chunks_mut(BATCH).zip(rows.chunks(BATCH * p.max(1))) {
                model.predict_into(x, o);
            }
            for (&c, v) in cells.iter().zip(pred) {
                line[c] = v;
            }
        });
    let mut grid = Grid::new_f32(g, out)?;
    grid.crs = set.crs.clone();
    grid.field = Some(format!("prospectivity_{}", model.kind.name()));
    Ok(grid)
}

/// What a model was trained on and how well it validates (written as JSON next to the map).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelCard {
    pub kind: ModelKind,
    pub params: ModelParams,
    pub seed: u64,
    pub features: Vec<String>,
    pub n_pos: usize,
    pub n_background: usize,
    /// Elkan–Noto c (positive–unlabelled training only).
    pub pu_c: Option<f64>,
    /// What happened to the deposits (when built from evidence).
    pub deposits: Option<DepositReport>,
    /// Spatial block cross-validation (the headline score).
    pub spatial_cv: Option<cv::CvReport>,
    /// Random k-fold cross-validation, for comparison (optimistic under spatial autocorrelation).
    pub random_cv: Option<cv::CvReport>,
    /// Permutation importance on held-out folds: (feature group, mean AUC drop).
    pub permutation_importance: Vec<(String, f64)>,
    /// Impurity (forest) or gain (boosting) importance per feature; empty for logistic.
    pub impurity_importance: Vec<(String, f64)>,
}

impl ModelCard {
    /// A card for a model trained on `ds`; scores and importances are filled in by the caller.
    pub fn new(model: &TrainedModel, ds: &Dataset) -> ModelCard {
        ModelCard {
            kind: model.kind,
            params: model.params.clone(),
            seed: model.seed,
            features: model.feature_names.clone(),
            n_pos: ds.n_pos(),
            n_background: ds.n() - ds.n_pos(),
            pu_c: model.pu_c,
            deposits: None,
            spatial_cv: None,
            random_cv: None,
            permutation_importance: Vec::new(),
            impurity_importance: importance::impurity(model),
        }
    }

    /// Pretty JSON.
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string_pretty(self).map_err(|e| Error::internal(format!("model card: {e}")))
    }
}
