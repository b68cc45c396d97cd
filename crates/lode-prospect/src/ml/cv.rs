//! Cross-validation of prospectivity models.
//!
//! **Spatial block cross-validation** (Roberts et al. 2017, *Ecography* 40:913–929; Valavi et al.
//! 2019, blockCV): the plane is cut into square blocks of side `block_m` (CRS units, m) anchored at
//! the samples' minimum x and y; every sample goes with its block, and blocks are assigned to k
//! folds, so training and test samples of a fold never share a block. Assignment is deterministic
//! from the seed and balanced: blocks holding deposits are taken in decreasing number of
//! deposits (ties in seeded random order) and each goes to the fold with the fewest deposits so
//! far; the other blocks, in seeded random order, go to the fold with the fewest samples so far.
//! This is the headline score: random splits of spatially autocorrelated data put near-copies of
//! test samples in the training set and are optimistic.
//!
//! **Random k-fold** (stratified by class, seeded), reported for comparison.
//!
//! Score: ROC AUC (Mann–Whitney, ties counted ½; [`crate::wofe::auc`]) of the held-out deposits
//! against the held-out background, per fold; mean and sample standard deviation (n − 1) over the
//! folds that hold both classes.

use std::collections::BTreeMap;

use lode_core::{Error, Result};
use serde::{Deserialize, Serialize};

use super::rng::Rng;
use super::{train, Dataset, ModelKind, ModelParams};

/// The score of one fold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FoldScore {
    pub fold: usize,
    pub n_train: usize,
    pub n_test: usize,
    /// Deposits among the test samples.
    pub n_test_pos: usize,
    /// AUC on the held-out samples; None when the fold lacks one of the classes.
    pub auc: Option<f64>,
}

/// A cross-validation run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvReport {
    pub kind: ModelKind,
    /// `spatial_block` or `random`.
    pub scheme: String,
    /// Block side, m (spatial scheme only).
    pub block_m: Option<f64>,
    pub k: usize,
    pub seed: u64,
    /// Number of spatial blocks holding samples (spatial scheme only).
    pub n_blocks: Option<usize>,
    pub folds: Vec<FoldScore>,
    /// Mean AUC over the scored folds (None when no fold holds both classes).
    pub mean_auc: Option<f64>,
    /// Sample standard deviation of the fold AUCs (None with fewer than two scored folds).
    pub std_auc: Option<f64>,
}

/// The block (column, row) of each sample for blocks of side `block_m`.
pub fn block_of(ds: &Dataset, block_m: f64) -> Vec<(i64, i64)> {
    let xmin = ds.coords.iter().map(|c| c.0).fold(f64::INFINITY, f64::min);
    let ymin = ds.coords.iter().map(|c| c.1).fold(f64::INFINITY, f64::min);
    ds.coords
        .iter()
        .map(|&(x, y)| {
            (
                ((x - xmin) / block_m).floor() as i64,
                ((y - ymin) / block_m).floor() as i64,
            )
        })
        .collect()
}

/// Fold (0..k) of each sample by spatial blocks (see module docs).
pub fn spatial_folds(ds: &Dataset, block_m: f64, k: usize, seed: u64) -> Result<Vec<usize>> {
    if !block_m.is_finite() || block_m <= 0.0 {
        return Err(Error::invalid(format!(
            "block size {block_m} m must be positive"
        )));
    }
    if k < 2 {
        return Err(Error::invalid(format!(
            "cross-validation needs k ≥ 2 folds, not {k}"
        )));
    }
    if ds
        .coords
        .iter()
        .any(|c| !(c.0.is_finite() && c.1.is_finite()))
    {
        return Err(Error::invalid("sample coordinates are not finite"));
    }
    let keys = block_of(ds, block_m);
    let mut blocks: BTreeMap<(i64, i64), (usize, usize)> = BTreeMap::new();
    for (i, key) in keys.iter().enumerate() {
        let e = blocks.entry(*key).or_default();
        e.0 += 1;
        e.1 += ds.y[i] as usize;
    }
    if blocks.len() < k {
        return Err(Error::invalid(format!(
            "{} blocks of {block_m} m for {k} folds: use smaller blocks or fewer folds",
            blocks.len()
        )));
    }
    let mut rng = Rng::stream(seed, 0xCF);
    let mut list: Vec<((i64, i64), (usize, usize))> = blocks.into_iter().collect();
    rng.shuffle(&mut list);
    let (mut with_pos, mut without): (Vec<_>, Vec<_>) = list.into_iter().partition(|b| b.1 .1 > 0);
    with_pos.sort_by_key(|b| std::cmp::Reverse(b.1 .1));
    let mut fold_pos = vec![0usize; k];
    let mut fold_n = vec![0usize; k];
    let mut assign: BTreeMap<(i64, i64), usize> = BTreeMap::new();
    let argmin =
        |v: &[usize], tie: &[usize]| (0..v.len()).min_by_key(|&f| (v[f], tie[f], f)).unwrap_or(0);
    for (key, (n, np)) in with_pos.drain(..) {
        let f = argmin(&fold_pos, &fold_n);
        fold_pos[f] += np;
        fold_n[f] += n;
        assign.insert(key, f);
    }
    let zeros = vec![0usize; k];
    for (key, (n, _)) in without.drain(..) {
        let f = argmin(&fold_n, &zeros);
        fold_n[f] += n;
        assign.insert(key, f);
    }
    Ok(keys.iter().map(|key| assign[key]).collect())
}

/// Fold (0..k) of each sample, random and stratified by class.
pub fn random_folds(ds: &Dataset, k: usize, seed: u64) -> Result<Vec<usize>> {
    if k < 2 || k > ds.n() {
        return Err(Error::invalid(format!(
            "cross-validation needs 2 ≤ k ≤ {} folds, not {k}",
            ds.n()
        )));
    }
    let mut rng = Rng::stream(seed, 0x7F);
    let mut folds = vec![0; ds.n()];
    for class in [1u8, 0] {
        let mut idx: Vec<usize> = (0..ds.n()).filter(|&i| ds.y[i] == class).collect();
        rng.shuffle(&mut idx);
        for (j, &i) in idx.iter().enumerate() {
            folds[i] = j % k;
        }
    }
    Ok(folds)
}

/// Train on all folds but one and score the held-out fold, for every fold. Returns the scores
/// and the out-of-fold predictions.
pub fn cross_validate(
    kind: ModelKind,
    ds: &Dataset,
    params: &ModelParams,
    folds: &[usize],
    k: usize,
    seed: u64,
) -> Result<(Vec<FoldScore>, Vec<f32>)> {
    let mut scores = Vec::with_capacity(k);
    let mut oof = vec![f32::NAN; ds.n()];
    for f in 0..k {
        let test: Vec<usize> = (0..ds.n()).filter(|&i| folds[i] == f).collect();
        let tr: Vec<usize> = (0..ds.n()).filter(|&i| folds[i] != f).collect();
        let n_test_pos = test.iter().filter(|&&i| ds.y[i] == 1).count();
        let train_ds = ds.subset(&tr);
        let trainable = train_ds.n_pos() > 0 && train_ds.n_pos() < train_ds.n();
        let mut auc = None;
        if trainable && !test.is_empty() {
            let model = train(kind, &train_ds, params, seed)?;
            let test_ds = ds.subset(&test);
            let pred = model.predict(&test_ds.x);
            for (&i, &v) in test.iter().zip(&pred) {
                oof[i] = v;
            }
            auc = auc_of(&pred, &test_ds.y);
        }
        scores.push(FoldScore {
            fold: f,
            n_train: tr.len(),
            n_test: test.len(),
            n_test_pos,
            auc,
        });
    }
    Ok((scores, oof))
}

/// AUC of scores against 0/1 labels; None without both classes.
pub fn auc_of(scores: &[f32], y: &[u8]) -> Option<f64> {
    let pos: Vec<f64> = scores
        .iter()
        .zip(y)
        .filter(|(_, &l)| l == 1)
        .map(|(&s, _)| s as f64)
        .collect();
    let neg: Vec<f64> = scores
        .iter()
        .zip(y)
        .filter(|(_, &l)| l == 0)
        .map(|(&s, _)| s as f64)
        .collect();
    if pos.is_empty() || neg.is_empty() {
        return None;
    }
    Some(crate::wofe::auc(&pos, &neg))
}

fn summarise(folds: &[FoldScore]) -> (Option<f64>, Option<f64>) {
    let a: Vec<f64> = folds.iter().filter_map(|f| f.auc).collect();
    if a.is_empty() {
        return (None, None);
    }
    let m = a.iter().sum::<f64>() / a.len() as f64;
    let s = (a.len() > 1)
        .then(|| (a.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (a.len() - 1) as f64).sqrt());
    (Some(m), s)
}

/// Spatial block cross-validation of a model family on the dataset.
pub fn spatial_block_cv(
    kind: ModelKind,
    ds: &Dataset,
    params: &ModelParams,
    block_m: f64,
    k: usize,
    seed: u64,
) -> Result<CvReport> {
    let folds = spatial_folds(ds, block_m, k, seed)?;
    let n_blocks = {
        let mut b = block_of(ds, block_m);
        b.sort_unstable();
        b.dedup();
        b.len()
    };
    let (scores, _) = cross_validate(kind, ds, params, &folds, k, seed)?;
    let (mean_auc, std_auc) = summarise(&scores);
    Ok(CvReport {
        kind,
        scheme: "spatial_block".into(),
        block_m: Some(block_m),
        k,
        seed,
        n_blocks: Some(n_blocks),
        folds: scores,
        mean_auc,
        std_auc,
    })
}

/// Random stratified k-fold cross-validation (for comparison with the spatial scores).
pub fn random_kfold_cv(
    kind: ModelKind,
    ds: &Dataset,
    params: &ModelParams,
    k: usize,
    seed: u64,
) -> Result<CvReport> {
    let folds = random_folds(ds, k, seed)?;
    let (scores, _) = cross_validate(kind, ds, params, &folds, k, seed)?;
    let (mean_auc, std_auc) = summarise(&scores);
    Ok(CvReport {
        kind,
        scheme: "random".into(),
        block_m: None,
        k,
        seed,
        n_blocks: None,
        folds: scores,
        mean_auc,
        std_auc,
    })
}
