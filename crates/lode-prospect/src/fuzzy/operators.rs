//! Fuzzy operators combining membership grids cell by cell (Bonham-Carter 1994, ch. 9;
//! Zimmermann & Zysno 1980 for γ; An, Moon & Rencz 1991 for their use in exploration):
//!
//! | operator | μ |
//! |---|---|
//! | `and` | min μᵢ |
//! | `or` | max μᵢ |
//! | `product` (algebraic product) | ∏ μᵢ |
//! | `sum` (algebraic sum) | 1 − ∏ (1 − μᵢ) |
//! | `gamma` | (algebraic sum)^γ · (algebraic product)^(1−γ), 0 ≤ γ ≤ 1 |
//! | `index_overlay` | Σ wᵢ μᵢ / Σ wᵢ (Bonham-Carter 1994, see [`super::overlay`]) |
//!
//! A cell with NaN in any input is NaN in the output (missing data are not guessed).

use lode_core::{Error, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// A fuzzy operator (serialised with an `op` tag, e.g. `{ op = "gamma", gamma = 0.9 }`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Operator {
    /// Fuzzy AND: the minimum.
    And,
    /// Fuzzy OR: the maximum.
    Or,
    /// Fuzzy algebraic product (decreasive).
    Product,
    /// Fuzzy algebraic sum (increasive).
    Sum,
    /// Fuzzy γ between the product (γ = 0) and the sum (γ = 1).
    Gamma { gamma: f64 },
    /// Weighted mean of the inputs (index overlay).
    IndexOverlay,
}

impl Operator {
    /// Check the parameters.
    pub fn validate(&self) -> Result<()> {
        match *self {
            Operator::Gamma { gamma } if !(0.0..=1.0).contains(&gamma) => Err(Error::invalid(
                format!("fuzzy gamma {gamma} is outside 0–1"),
            )),
            _ => Ok(()),
        }
    }

    /// True when the operator uses the inputs' weights.
    pub fn is_weighted(&self) -> bool {
        matches!(self, Operator::IndexOverlay)
    }

    /// The short name (`and`, `or`, `product`, `sum`, `gamma`, `index_overlay`).
    pub fn name(&self) -> &'static str {
        match self {
            Operator::And => "and",
            Operator::Or => "or",
            Operator::Product => "product",
            Operator::Sum => "sum",
            Operator::Gamma { .. } => "gamma",
            Operator::IndexOverlay => "index_overlay",
        }
    }

    /// Combine the memberships of one cell.
    pub fn combine_cell(&self, mu: &[f64], weights: &[f64]) -> f64 {
        if mu.is_empty() || mu.iter().any(|m| m.is_nan()) {
            return f64::NAN;
        }
        let product = || mu.iter().product::<f64>();
        let sum = || 1.0 - mu.iter().map(|m| 1.0 - m).product::<f64>();
        match *self {
            Operator::And => mu.iter().copied().fold(f64::INFINITY, f64::min),
            Operator::Or => mu.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            Operator::Product => product(),
            Operator::Sum => sum(),
            Operator::Gamma { gamma } => sum().powf(gamma) * product().powf(1.0 - gamma),
            Operator::IndexOverlay => {
                let (mut s, mut w) = (0.0, 0.0);
                for (m, wi) in mu.iter().zip(weights) {
                    s += m * wi;
                    w += wi;
                }
                s / w
            }
        }
    }

    /// Combine membership grids (all of one length) cell by cell; `weights` (one per input)
    /// are used by `index_overlay` only.
    pub fn combine(&self, inputs: &[&[f64]], weights: &[f64]) -> Result<Vec<f64>> {
        self.validate()?;
        let Some(first) = inputs.first() else {
            return Err(Error::invalid(format!(
                "fuzzy {} needs at least one input",
                self.name()
            )));
        };
        let n = first.len();
        if inputs.iter().any(|g| g.len() != n) {
            return Err(Error::invalid(format!(
                "fuzzy {}: the inputs have different numbers of cells",
                self.name()
            )));
        }
        if self.is_weighted() {
            super::overlay::check_weights(weights, inputs.len())?;
        }
        let k = inputs.len();
        let out = (0..n)
            .into_par_iter()
            .with_min_len(4096)
            .map_init(
                || vec![0.0; k],
                |buf, i| {
                    for (b, g) in buf.iter_mut().zip(inputs) {
                        *b = g[i];
                    }
                    self.combine_cell(buf, weights)
                },
            )
            .collect();
        Ok(out)
    }
}
