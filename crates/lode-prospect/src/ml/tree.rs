//! Binary decision trees shared by the random forest and gradient boosting.

use serde::{Deserialize, Serialize};

/// Marks a leaf in [`Node::feature`].
pub const LEAF: u32 = u32::MAX;

/// One node: a split `x[feature] ≤ threshold` (= bin code ≤ `bin`) or a leaf with a value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub feature: u32,
    pub bin: u8,
    pub threshold: f32,
    pub left: u32,
    pub right: u32,
    /// Leaf value: P(y = 1) for a forest, the shrunk raw score for boosting.
    pub value: f32,
}

impl Node {
    /// A leaf.
    pub fn leaf(value: f32) -> Node {
        Node {
            feature: LEAF,
            bin: 0,
            threshold: 0.0,
            left: 0,
            right: 0,
            value,
        }
    }
}

/// A tree; node 0 is the root.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tree {
    pub nodes: Vec<Node>,
}

impl Tree {
    /// The leaf value for raw features.
    #[inline]
    pub fn predict(&self, row: &[f32]) -> f32 {
        let mut k = 0usize;
        loop {
            let nd = &self.nodes[k];
            if nd.feature == LEAF {
                return nd.value;
            }
            k = if row[nd.feature as usize] <= nd.threshold {
                nd.left
            } else {
                nd.right
            } as usize;
        }
    }

    /// The leaf value for binned features.
    #[inline]
    pub fn predict_binned(&self, codes: &[u8]) -> f32 {
        let mut k = 0usize;
        loop {
            let nd = &self.nodes[k];
            if nd.feature == LEAF {
                return nd.value;
            }
            k = if codes[nd.feature as usize] <= nd.bin {
                nd.left
            } else {
                nd.right
            } as usize;
        }
    }

    /// Depth of the deepest leaf (root = 0).
    pub fn depth(&self) -> usize {
        fn d(t: &Tree, k: usize) -> usize {
            let nd = &t.nodes[k];
            if nd.feature == LEAF {
                0
            } else {
                1 + d(t, nd.left as usize).max(d(t, nd.right as usize))
            }
        }
        d(self, 0)
    }
}

/// Stable in-place partition of `idx` into samples going left (code ≤ bin) then right, using
/// `scratch`; returns the number going left.
pub fn partition(
    idx: &mut [u32],
    scratch: &mut Vec<u32>,
    codes: &[u8],
    p: usize,
    feature: usize,
    bin: u8,
) -> usize {
    scratch.clear();
    let mut w = 0;
    for r in 0..idx.len() {
        let i = idx[r];
        if codes[i as usize * p + feature] <= bin {
            idx[w] = i;
            w += 1;
        } else {
            scratch.push(i);
        }
    }
    idx[w..].copy_from_slice(scratch);
    w
}
