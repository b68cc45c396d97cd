//! Histogram-based gradient boosting of regression trees for the logistic loss (Friedman 2001,
//! *Ann. Statist.* 29:1189; second-order leaf values and split gain as in XGBoost, Chen & Guestrin
//! 2016, eq. 5–7; histogram split finding and best-first growth as LightGBM, Ke et al. 2017, and
//! scikit-learn's `HistGradientBoostingClassifier`; row subsampling, Friedman 2002).
//!
//! Raw score F starts at the weighted log-odds of the labels. Each iteration computes per sample
//! gᵢ = wᵢ·(σ(Fᵢ) − yᵢ), hᵢ = wᵢ·σ(Fᵢ)(1 − σ(Fᵢ)), grows one tree on the (sub)sample by splitting
//! the leaf of largest gain
//! gain = G_L²/(H_L + λ) + G_R²/(H_R + λ) − G²/(H + λ)
//! until `max_leaf_nodes` leaves (or `max_depth`), every child keeping `min_samples_leaf`
//! samples and a hessian ≥ 1e-3; leaf value = −lr·G/(H + λ). The histogram of the larger child is
//! the parent's minus the smaller child's. P(y = 1) = σ(F). Histograms are summed over fixed
//! chunks in a fixed order, so results do not depend on the number of threads. Importance: total
//! gain per feature, normalised to sum 1.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::bins::Binned;
use super::logistic::sigmoid;
use super::rng::Rng;
use super::tree::{partition, Node, Tree};

/// Gradient-boosting hyper-parameters (defaults of scikit-learn's HistGradientBoostingClassifier).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BoostingParams {
    /// Boosting iterations (trees).
    pub n_iter: usize,
    /// Shrinkage.
    pub learning_rate: f64,
    pub max_leaf_nodes: usize,
    /// Maximum depth (root = 0); None = limited by `max_leaf_nodes` only.
    pub max_depth: Option<usize>,
    pub min_samples_leaf: usize,
    /// λ, L2 penalty on leaf values.
    pub l2_regularization: f64,
    /// Fraction of samples drawn (without replacement, Bernoulli) for each tree; 1 = all.
    pub subsample: f64,
}

impl Default for BoostingParams {
    fn default() -> Self {
        BoostingParams {
            n_iter: 100,
            learning_rate: 0.1,
            max_leaf_nodes: 31,
            max_depth: None,
            min_samples_leaf: 20,
            l2_regularization: 0.0,
            subsample: 1.0,
        }
    }
}

/// A fitted boosted ensemble.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Boosting {
    /// Initial raw score (log-odds).
    pub baseline: f64,
    pub trees: Vec<Tree>,
    /// Normalised total split gain per feature.
    pub importance: Vec<f64>,
}

const MIN_HESSIAN: f64 = 1e-3;
const CHUNK: usize = 16_384;

#[derive(Clone, Copy, Default)]
struct Bin {
    g: f64,
    h: f64,
    n: u32,
}

#[derive(Clone, Copy)]
struct Split {
    gain: f64,
    feature: usize,
    bin: u8,
    gl: f64,
    hl: f64,
}

struct Leaf {
    start: usize,
    end: usize,
    depth: usize,
    node: usize,
    g: f64,
    h: f64,
    hist: Vec<Bin>,
    split: Option<Split>,
}

impl Boosting {
    /// Fit on binned features, labels and sample weights.
    pub fn fit(
        b: &Binned,
        y: &[u8],
        w: &[f32],
        params: &BoostingParams,
        seed: u64,
    ) -> lode_core::Result<Boosting> {
        let ok = params.learning_rate > 0.0
            && params.max_leaf_nodes >= 2
            && params.subsample > 0.0
            && params.subsample <= 1.0
            && params.l2_regularization >= 0.0;
        if !ok {
            return Err(lode_core::Error::invalid(format!(
                "gradient boosting: invalid parameters {params:?}"
            )));
        }
        let n = b.n;
        let (mut sw, mut swy) = (0.0, 0.0);
        for i in 0..n {
            sw += w[i] as f64;
            swy += w[i] as f64 * y[i] as f64;
        }
        let pbar = (swy / sw).clamp(1e-12, 1.0 - 1e-12);
        let baseline = (pbar / (1.0 - pbar)).ln();
        let mut raw = vec![baseline; n];
        let mut grad = vec![0.0f64; n];
        let mut hess = vec![0.0f64; n];
        let mut trees = Vec::with_capacity(params.n_iter);
        let mut importance = vec![0.0; b.p];
        let mut rng = Rng::stream(seed, 0xB005);
        for _ in 0..params.n_iter {
            grad.par_iter_mut()
                .zip(hess.par_iter_mut())
                .enumerate()
                .for_each(|(i, (g, h))| {
                    let pr = sigmoid(raw[i]);
                    *g = w[i] as f64 * (pr - y[i] as f64);
                    *h = w[i] as f64 * pr * (1.0 - pr);
                });
            let idx: Vec<u32> = if params.subsample < 1.0 {
                (0..n as u32)
                    .filter(|_| rng.uniform() < params.subsample)
                    .collect()
            } else {
                (0..n as u32).collect()
            };
            let tree = grow(b, &grad, &hess, idx, params, &mut importance);
            raw.par_iter_mut().enumerate().for_each(|(i, r)| {
                *r += tree.predict_binned(b.row(i)) as f64;
            });
            trees.push(tree);
        }
        let s: f64 = importance.iter().sum();
        if s > 0.0 {
            importance.iter_mut().for_each(|v| *v /= s);
        }
        Ok(Boosting {
            baseline,
            trees,
            importance,
        })
    }

    /// Raw score F of one row.
    pub fn decision(&self, row: &[f32]) -> f64 {
        self.baseline
            + self
                .trees
                .iter()
                .map(|t| t.predict(row) as f64)
                .sum::<f64>()
    }

    /// P(y = 1) of one row.
    pub fn predict_row(&self, row: &[f32]) -> f32 {
        sigmoid(self.decision(row)) as f32
    }

    /// P(y = 1) of rows (k × p row-major) into `out` (k); tree by tree, the same sums in the same
    /// order as [`Boosting::predict_row`].
    pub fn predict_batch(&self, rows: &[f32], p: usize, out: &mut [f32]) {
        let mut acc = vec![self.baseline; out.len()];
        for t in &self.trees {
            for (a, row) in acc.iter_mut().zip(rows.chunks_exact(p)) {
                *a += t.predict(row) as f64;
            }
        }
        for (o, a) in out.iter_mut().zip(acc) {
            *o = sigmoid(a) as f32;
        }
    }
}

fn build_hist(b: &Binned, g: &[f64], h: &[f64], idx: &[u32]) -> Vec<Bin> {
    let p = b.p;
    let one = |part: &[u32]| {
        let mut hist = vec![Bin::default(); p * 256];
        for &i in part {
            let i = i as usize;
            let row = b.row(i);
            let (gi, hi) = (g[i], h[i]);
            for (f, &c) in row.iter().enumerate() {
                let e = &mut hist[f * 256 + c as usize];
                e.g += gi;
                e.h += hi;
                e.n += 1;
            }
        }
        hist
    };
    if idx.len() <= CHUNK {
        return one(idx);
    }
    let parts: Vec<Vec<Bin>> = idx.par_chunks(CHUNK).map(one).collect();
    let mut hist = vec![Bin::default(); p * 256];
    for part in &parts {
        for (a, c) in hist.iter_mut().zip(part) {
            a.g += c.g;
            a.h += c.h;
            a.n += c.n;
        }
    }
    hist
}

fn best_split(b: &Binned, leaf: &Leaf, params: &BoostingParams) -> Option<Split> {
    let ns = leaf.end - leaf.start;
    let min_leaf = params.min_samples_leaf.max(1);
    if ns < 2 * min_leaf || params.max_depth.is_some_and(|d| leaf.depth >= d) {
        return None;
    }
    let lam = params.l2_regularization;
    let parent = leaf.g * leaf.g / (leaf.h + lam);
    let mut best: Option<Split> = None;
    for f in 0..b.p {
        let hs = &leaf.hist[f * 256..f * 256 + b.n_bins(f)];
        let (mut gl, mut hl, mut nl) = (0.0, 0.0, 0usize);
        for (bin, e) in hs[..hs.len() - 1].iter().enumerate() {
            gl += e.g;
            hl += e.h;
            nl += e.n as usize;
            if e.n == 0 || nl < min_leaf || hl < MIN_HESSIAN {
                continue;
            }
            if ns - nl < min_leaf {
                break;
            }
            let (gr, hr) = (leaf.g - gl, leaf.h - hl);
            if hr < MIN_HESSIAN {
                continue;
            }
            let gain = gl * gl / (hl + lam) + gr * gr / (hr + lam) - parent;
            if gain > 1e-12 && best.is_none_or(|s| gain > s.gain) {
                best = Some(Split {
                    gain,
                    feature: f,
                    bin: bin as u8,
                    gl,
                    hl,
                });
            }
        }
    }
    best
}

fn grow(
    b: &Binned,
    g: &[f64],
    h: &[f64],
    mut idx: Vec<u32>,
    params: &BoostingParams,
    importance: &mut [f64],
) -> Tree {
    let lam = params.l2_regularization;
    let lr = params.learning_rate;
    let value = |g: f64, h: f64| (-lr * g / (h + lam)) as f32;
    let hist = build_hist(b, g, h, &idx);
    let (mut gs, mut hsum) = (0.0, 0.0);
    for e in &hist[..256] {
        gs += e.g;
        hsum += e.h;
    }
    let mut nodes = vec![Node::leaf(0.0)];
    let mut root = Leaf {
        start: 0,
        end: idx.len(),
        depth: 0,
        node: 0,
        g: gs,
        h: hsum,
        hist,
        split: None,
    };
    if idx.is_empty() {
        return Tree { nodes };
    }
    root.split = best_split(b, &root, params);
    let mut leaves = vec![root];
    let mut scratch = Vec::new();
    let mut n_leaves = 1;
    while n_leaves < params.max_leaf_nodes {
        let pick = leaves
            .iter()
            .enumerate()
            .filter_map(|(k, l)| l.split.map(|s| (k, s.gain)))
            .fold(None::<(usize, f64)>, |acc, (k, gain)| match acc {
                Some((_, bg)) if bg >= gain => acc,
                _ => Some((k, gain)),
            });
        let Some((k, _)) = pick else { break };
        let parent = leaves.swap_remove(k);
        let s = parent.split.expect("picked leaves have a split");
        let nl = partition(
            &mut idx[parent.start..parent.end],
            &mut scratch,
            &b.codes,
            b.p,
            s.feature,
            s.bin,
        );
        importance[s.feature] += s.gain;
        let mid = parent.start + nl;
        let (left_small, small) = if nl <= parent.end - mid {
            (true, &idx[parent.start..mid])
        } else {
            (false, &idx[mid..parent.end])
        };
        let small_hist = build_hist(b, g, h, small);
        let mut large_hist = parent.hist;
        for (a, c) in large_hist.iter_mut().zip(&small_hist) {
            a.g -= c.g;
            a.h -= c.h;
            a.n -= c.n;
        }
        let (lh, rh) = if left_small {
            (small_hist, large_hist)
        } else {
            (large_hist, small_hist)
        };
        let left = nodes.len();
        nodes.push(Node::leaf(0.0));
        nodes.push(Node::leaf(0.0));
        let nd = &mut nodes[parent.node];
        nd.feature = s.feature as u32;
        nd.bin = s.bin;
        nd.threshold = b.thresholds[s.feature][s.bin as usize];
        nd.left = left as u32;
        nd.right = left as u32 + 1;
        let mut l = Leaf {
            start: parent.start,
            end: mid,
            depth: parent.depth + 1,
            node: left,
            g: s.gl,
            h: s.hl,
            hist: lh,
            split: None,
        };
        let mut r = Leaf {
            start: mid,
            end: parent.end,
            depth: parent.depth + 1,
            node: left + 1,
            g: parent.g - s.gl,
            h: parent.h - s.hl,
            hist: rh,
            split: None,
        };
        n_leaves += 1;
        if n_leaves < params.max_leaf_nodes {
            l.split = best_split(b, &l, params);
            r.split = best_split(b, &r, params);
        }
        leaves.push(l);
        leaves.push(r);
    }
    for l in &leaves {
        nodes[l.node].value = value(l.g, l.h);
    }
    Tree { nodes }
}
