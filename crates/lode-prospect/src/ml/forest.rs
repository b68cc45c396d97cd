//! Random forest of classification trees (Breiman 2001, *Machine Learning* 45:5–32): CART trees
//! (Breiman et al. 1984) grown on bootstrap samples, Gini impurity, `max_features` candidate
//! features per node (default ⌊√p⌋), probability = mean of the trees' leaf class frequencies (as
//! scikit-learn's `RandomForestClassifier.predict_proba`).
//!
//! Splits are searched on features pre-binned into at most 255 quantile bins
//! ([`super::bins`]), one histogram pass per node over the node's samples (Ke et al. 2017). A
//! bootstrap sample is carried as integer counts multiplying the sample weights, as
//! scikit-learn does. Candidate features are drawn in random order until `max_features` features
//! that are not constant in the node have been examined. Trees are grown in parallel (rayon), each
//! from its own random stream derived from the seed, so the forest is identical for any number
//! of threads. Impurity importance: the weighted Gini decrease per feature, normalised per tree,
//! averaged over trees and normalised to sum 1 (scikit-learn `feature_importances_`).

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::bins::Binned;
use super::rng::Rng;
use super::tree::{Node, Tree};

/// Random-forest hyper-parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ForestParams {
    pub n_trees: usize,
    /// Maximum depth (root = 0); None = grow until pure or `min_samples_*` stops.
    pub max_depth: Option<usize>,
    pub min_samples_split: usize,
    pub min_samples_leaf: usize,
    /// Features examined per split; None = ⌊√p⌋ (at least 1).
    pub max_features: Option<usize>,
    pub bootstrap: bool,
}

impl Default for ForestParams {
    fn default() -> Self {
        ForestParams {
            n_trees: 200,
            max_depth: None,
            min_samples_split: 2,
            min_samples_leaf: 1,
            max_features: None,
            bootstrap: true,
        }
    }
}

/// A fitted forest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forest {
    pub trees: Vec<Tree>,
    /// Normalised impurity importance per feature.
    pub importance: Vec<f64>,
}

#[derive(Clone, Copy, Default)]
struct Bin {
    w: [f64; 2],
    n: u32,
}

/// Samples as contiguous rows: codes (m × p), labels, weights (sample weight × bootstrap count).
struct Rows {
    codes: Vec<u8>,
    y: Vec<u8>,
    w: Vec<f32>,
}

impl Rows {
    /// Stable partition of rows start..end into code\[f\] ≤ bin, then the others; returns the
    /// number on the left.
    fn partition(
        &mut self,
        tmp: &mut Rows,
        p: usize,
        start: usize,
        end: usize,
        f: usize,
        bin: u8,
    ) -> usize {
        tmp.codes.clear();
        tmp.y.clear();
        tmp.w.clear();
        let mut at = start;
        for r in start..end {
            if self.codes[r * p + f] <= bin {
                if at != r {
                    let (a, b) = self.codes.split_at_mut(r * p);
                    a[at * p..(at + 1) * p].copy_from_slice(&b[..p]);
                    self.y[at] = self.y[r];
                    self.w[at] = self.w[r];
                }
                at += 1;
            } else {
                tmp.codes.extend_from_slice(&self.codes[r * p..(r + 1) * p]);
                tmp.y.push(self.y[r]);
                tmp.w.push(self.w[r]);
            }
        }
        self.codes[at * p..end * p].copy_from_slice(&tmp.codes);
        self.y[at..end].copy_from_slice(&tmp.y);
        self.w[at..end].copy_from_slice(&tmp.w);
        at - start
    }
}

struct NodeTask {
    start: usize,
    end: usize,
    depth: usize,
    node: usize,
    w: [f64; 2],
}

fn gini(w: [f64; 2]) -> f64 {
    let t = w[0] + w[1];
    if t <= 0.0 {
        return 0.0;
    }
    let (a, b) = (w[0] / t, w[1] / t);
    1.0 - a * a - b * b
}

impl Forest {
    /// Grow the forest on binned features, labels and sample weights.
    pub fn fit(b: &Binned, y: &[u8], w: &[f32], params: &ForestParams, seed: u64) -> Forest {
        let p = b.p;
        let mtry = params
            .max_features
            .unwrap_or(((p as f64).sqrt().floor() as usize).max(1))
            .clamp(1, p);
        let grown: Vec<(Tree, Vec<f64>)> = (0..params.n_trees)
            .into_par_iter()
            .map(|t| grow(b, y, w, params, mtry, &mut Rng::stream(seed, t as u64)))
            .collect();
        let mut importance = vec![0.0; p];
        let mut trees = Vec::with_capacity(grown.len());
        for (tree, imp) in grown {
            let s: f64 = imp.iter().sum();
            if s > 0.0 {
                for (a, v) in importance.iter_mut().zip(&imp) {
                    *a += v / s;
                }
            }
            trees.push(tree);
        }
        let s: f64 = importance.iter().sum();
        if s > 0.0 {
            importance.iter_mut().for_each(|v| *v /= s);
        }
        Forest { trees, importance }
    }

    /// P(y = 1) of one row of raw features.
    pub fn predict_row(&self, row: &[f32]) -> f32 {
        let s: f64 = self.trees.iter().map(|t| t.predict(row) as f64).sum();
        (s / self.trees.len().max(1) as f64) as f32
    }

    /// P(y = 1) of rows (k × p row-major) into `out` (k); tree by tree so each tree stays in
    /// cache; the same sums in the same order as [`Forest::predict_row`].
    pub fn predict_batch(&self, rows: &[f32], p: usize, out: &mut [f32]) {
        let mut acc = vec![0.0f64; out.len()];
        for t in &self.trees {
            for (a, row) in acc.iter_mut().zip(rows.chunks_exact(p)) {
                *a += t.predict(row) as f64;
            }
        }
        let n = self.trees.len().max(1) as f64;
        for (o, a) in out.iter_mut().zip(acc) {
            *o = (a / n) as f32;
        }
    }
}

fn grow(
    b: &Binned,
    y: &[u8],
    w: &[f32],
    params: &ForestParams,
    mtry: usize,
    rng: &mut Rng,
) -> (Tree, Vec<f64>) {
    let (n, p) = (b.n, b.p);
    let mut cnt = vec![0u32; n];
    if params.bootstrap {
        for _ in 0..n {
            cnt[rng.below(n)] += 1;
        }
    } else {
        cnt.fill(1);
    }
    // The in-bag rows, copied so that every node's samples are contiguous (rows are moved by the
    // partition), which keeps the histogram passes sequential in memory.
    let m = cnt.iter().filter(|&&c| c > 0).count();
    let mut rows = Rows {
        codes: Vec::with_capacity(m * p),
        y: Vec::with_capacity(m),
        w: Vec::with_capacity(m),
    };
    for (i, &c) in cnt.iter().enumerate() {
        if c > 0 {
            rows.codes.extend_from_slice(b.row(i));
            rows.y.push(y[i]);
            rows.w.push(w[i] * c as f32);
        }
    }
    drop(cnt);
    let mut scratch = Rows {
        codes: Vec::new(),
        y: Vec::new(),
        w: Vec::new(),
    };
    let mut root_w = [0.0; 2];
    for (&c, &wi) in rows.y.iter().zip(&rows.w) {
        root_w[c as usize] += wi as f64;
    }
    let total_w = root_w[0] + root_w[1];
    let leaf_value = |w: [f64; 2]| {
        let t = w[0] + w[1];
        if t > 0.0 {
            (w[1] / t) as f32
        } else {
            0.0
        }
    };
    let mut nodes = vec![Node::leaf(leaf_value(root_w))];
    let mut importance = vec![0.0; p];
    let mut stack = vec![NodeTask {
        start: 0,
        end: m,
        depth: 0,
        node: 0,
        w: root_w,
    }];
    let mut hist: Vec<Bin> = Vec::new();
    let mut order: Vec<usize> = (0..p).collect();
    let min_leaf = params.min_samples_leaf.max(1);
    while let Some(task) = stack.pop() {
        let ns = task.end - task.start;
        let impurity = gini(task.w);
        if params.max_depth.is_some_and(|d| task.depth >= d)
            || ns < params.min_samples_split.max(2)
            || ns < 2 * min_leaf
            || impurity <= 1e-12
        {
            continue;
        }
        // (proxy, feature, bin, left weights, left count)
        let mut best: Option<(f64, usize, u8, [f64; 2], u32)> = None;
        let mut drawn = 0;
        let mut nonconst = 0;
        while drawn < p && nonconst < mtry {
            let want = (mtry - nonconst).min(p - drawn);
            let mut feats = Vec::with_capacity(want);
            for _ in 0..want {
                let j = drawn + rng.below(p - drawn);
                order.swap(drawn, j);
                feats.push(order[drawn]);
                drawn += 1;
            }
            hist.clear();
            hist.resize(feats.len() * 256, Bin::default());
            for r in task.start..task.end {
                let row = &rows.codes[r * p..(r + 1) * p];
                let (cls, wi) = (rows.y[r] as usize, rows.w[r] as f64);
                for (k, &f) in feats.iter().enumerate() {
                    let h = &mut hist[k * 256 + row[f] as usize];
                    h.w[cls] += wi;
                    h.n += 1;
                }
            }
            for (k, &f) in feats.iter().enumerate() {
                let hs = &hist[k * 256..k * 256 + b.n_bins(f)];
                if hs.iter().filter(|h| h.n > 0).count() < 2 {
                    continue;
                }
                nonconst += 1;
                let mut l = [0.0; 2];
                let mut nl = 0u32;
                for (bin, h) in hs[..hs.len() - 1].iter().enumerate() {
                    l[0] += h.w[0];
                    l[1] += h.w[1];
                    nl += h.n;
                    if h.n == 0 || (nl as usize) < min_leaf {
                        continue;
                    }
                    let nr = ns - nl as usize;
                    if nr < min_leaf {
                        break;
                    }
                    let r = [task.w[0] - l[0], task.w[1] - l[1]];
                    let (wl, wr) = (l[0] + l[1], r[0] + r[1]);
                    if wl <= 0.0 || wr <= 0.0 {
                        continue;
                    }
                    let proxy = (l[0] * l[0] + l[1] * l[1]) / wl + (r[0] * r[0] + r[1] * r[1]) / wr;
                    if best.is_none_or(|bb| proxy > bb.0) {
                        best = Some((proxy, f, bin as u8, l, nl));
                    }
                }
            }
        }
        let Some((_, f, bin, lw, _)) = best else {
            continue;
        };
        let nl = rows.partition(&mut scratch, p, task.start, task.end, f, bin);
        let rw = [task.w[0] - lw[0], task.w[1] - lw[1]];
        let tw = task.w[0] + task.w[1];
        importance[f] +=
            (tw * impurity - (lw[0] + lw[1]) * gini(lw) - (rw[0] + rw[1]) * gini(rw)) / total_w;
        let left = nodes.len();
        nodes.push(Node::leaf(leaf_value(lw)));
        nodes.push(Node::leaf(leaf_value(rw)));
        let nd = &mut nodes[task.node];
        nd.feature = f as u32;
        nd.bin = bin;
        nd.threshold = b.thresholds[f][bin as usize];
        nd.left = left as u32;
        nd.right = left as u32 + 1;
        stack.push(NodeTask {
            start: task.start + nl,
            end: task.end,
            depth: task.depth + 1,
            node: left + 1,
            w: rw,
        });
        stack.push(NodeTask {
            start: task.start,
            end: task.start + nl,
            depth: task.depth + 1,
            node: left,
            w: lw,
        });
    }
    (Tree { nodes }, importance)
}
