//! Index overlay with multi-class maps (Bonham-Carter 1994, *Geographic Information Systems for
//! Geoscientists*, ch. 9): the favourability of a cell is the weighted mean of the scores of the classes
//! it falls in, S = Σᵢ Sᵢⱼ·Wᵢ / Σᵢ Wᵢ, with Sᵢⱼ the score of class j of map i and Wᵢ the weight of
//! map i. Class scores come from membership functions or categorical tables (0–1), so the
//! result is 0–1 too.

use lode_core::{Error, Result};

use super::Operator;

/// Check index-overlay weights: one per map, finite, non-negative, positive in sum.
pub fn check_weights(weights: &[f64], maps: usize) -> Result<()> {
    if weights.len() != maps {
        return Err(Error::invalid(format!(
            "index overlay: {} weights for {maps} maps",
            weights.len()
        )));
    }
    if let Some(w) = weights.iter().find(|w| !(w.is_finite() && **w >= 0.0)) {
        return Err(Error::invalid(format!(
            "index overlay: weight {w} must be finite and non-negative"
        )));
    }
    if weights.iter().sum::<f64>() <= 0.0 {
        return Err(Error::invalid("index overlay: the weights sum to zero"));
    }
    Ok(())
}

/// The index overlay of score grids (one weight per grid); NaN where any score is NaN.
pub fn index_overlay(scores: &[&[f64]], weights: &[f64]) -> Result<Vec<f64>> {
    Operator::IndexOverlay.combine(scores, weights)
}
