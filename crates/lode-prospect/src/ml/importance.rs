//! Feature importance.
//!
//! - **Permutation importance** (Breiman 2001, *Machine Learning* 45:5–32, §10; Fisher, Rudin &
//!   Dominici 2019): the drop in held-out AUC when one feature group's values are permuted among
//!   the held-out samples (all one-hot columns of a categorical layer together), averaged over
//!   `n_repeats` seeded permutations and over the cross-validation folds that hold both classes.
//! - **Impurity importance**: for forests the normalised mean Gini decrease (Breiman et al.
//!   1984), for boosting the normalised total split gain; none for logistic regression.

use lode_core::Result;

use super::cv::auc_of;
use super::rng::Rng;
use super::{train, Dataset, Model, ModelKind, ModelParams, TrainedModel};

/// Feature groups in order of first appearance: (name, column indices).
fn groups(ds: &Dataset) -> Vec<(String, Vec<usize>)> {
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    for (c, g) in ds.groups.iter().enumerate() {
        match out.iter_mut().find(|(n, _)| n == g) {
            Some((_, cols)) => cols.push(c),
            None => out.push((g.clone(), vec![c])),
        }
    }
    out
}

/// Permutation importance of a fitted model on a test set: (group, mean AUC drop). Empty when the
/// test set lacks a class.
pub fn permutation_on(
    model: &TrainedModel,
    test: &Dataset,
    n_repeats: usize,
    seed: u64,
) -> Vec<(String, f64)> {
    let Some(base) = auc_of(&model.predict(&test.x), &test.y) else {
        return Vec::new();
    };
    let (n, p) = (test.n(), test.p());
    groups(test)
        .into_iter()
        .enumerate()
        .map(|(gi, (name, cols))| {
            let mut drop = 0.0;
            for rep in 0..n_repeats.max(1) {
                let mut perm: Vec<usize> = (0..n).collect();
                Rng::stream(seed, (gi as u64) << 20 | rep as u64).shuffle(&mut perm);
                let mut x = test.x.clone();
                for (i, &j) in perm.iter().enumerate() {
                    for &c in &cols {
                        x[i * p + c] = test.x[j * p + c];
                    }
                }
                let a = auc_of(&model.predict(&x), &test.y).unwrap_or(base);
                drop += base - a;
            }
            (name, drop / n_repeats.max(1) as f64)
        })
        .collect()
}

/// Permutation importance on held-out folds (`folds[i]` in 0..k, e.g. from
/// [`super::cv::spatial_folds`]): train on the other folds, permute on the held-out one.
pub fn permutation(
    kind: ModelKind,
    ds: &Dataset,
    params: &ModelParams,
    folds: &[usize],
    k: usize,
    n_repeats: usize,
    seed: u64,
) -> Result<Vec<(String, f64)>> {
    let gs = groups(ds);
    let mut sum = vec![0.0; gs.len()];
    let mut used = 0usize;
    for f in 0..k {
        let test: Vec<usize> = (0..ds.n()).filter(|&i| folds[i] == f).collect();
        let tr: Vec<usize> = (0..ds.n()).filter(|&i| folds[i] != f).collect();
        let (tr, te) = (ds.subset(&tr), ds.subset(&test));
        let both = |d: &Dataset| d.n_pos() > 0 && d.n_pos() < d.n();
        if !both(&tr) || !both(&te) {
            continue;
        }
        let model = train(kind, &tr, params, seed)?;
        let imp = permutation_on(&model, &te, n_repeats, seed ^ f as u64);
        for (s, (_, v)) in sum.iter_mut().zip(&imp) {
            *s += v;
        }
        used += 1;
    }
    if used == 0 {
        return Err(lode_core::Error::invalid(
            "permutation importance: no fold holds both deposits and background",
        ));
    }
    Ok(gs
        .into_iter()
        .zip(sum)
        .map(|((name, _), s)| (name, s / used as f64))
        .collect())
}

/// Impurity (forest) or gain (boosting) importance per feature; empty for logistic regression.
pub fn impurity(model: &TrainedModel) -> Vec<(String, f64)> {
    let imp = match &model.model {
        Model::RandomForest(f) => &f.importance,
        Model::GradientBoosting(b) => &b.importance,
        Model::Logistic(_) => return Vec::new(),
    };
    model
        .feature_names
        .iter()
        .cloned()
        .zip(imp.iter().copied())
        .collect()
}
