//! Fuzzy membership functions: how strongly a value belongs to the "favourable" set (0–1).
//!
//! The continuous functions follow the definitions of ArcGIS Spatial Analyst's *Fuzzy
//! Membership* tool (Esri, "How Fuzzy Membership works", ArcGIS Pro 3 documentation), with
//! `f1` the spread and `f2` the midpoint:
//!
//! | function | μ(x) |
//! |---|---|
//! | linear | 0 below `min`, 1 above `max`, (x − min)/(max − min) between; decreasing when `min > max` |
//! | small | 1 / (1 + (x/f2)^f1) |
//! | large | 1 / (1 + (x/f2)^−f1) |
//! | gaussian | exp(−f1·(x − f2)²) |
//! | near | 1 / (1 + f1·(x − f2)²) |
//!
//! Conventions of lode beyond the ArcGIS text: NaN in → NaN out; for small and large a
//! non-positive ratio x/f2 takes the limit at 0⁺ (small → 1, large → 0), so signed data such as
//! a reduced-to-pole anomaly never produce NaN; a linear function with `min == max` is a step
//! (0 below, 1 at and above).
//!
//! Thresholds (`min`, `max`, `midpoint`) are either values in the layer's unit or percentiles of
//! the layer's finite values computed at evaluation time (numpy's default linear interpolation,
//! Hyndman & Fan 1996 type 7), optionally of its positive values only (for densities that are
//! zero over most of the area). Percentile thresholds make a template portable between surveys
//! whose levels and units differ.
//!
//! Categorical tables give each class a score: a class matches by code or by case-insensitive
//! keywords of its legend name (a keyword matches when its words occur consecutively among the
//! name's words, so `"iron formation"` matches `"Banded-Iron-Formation"` and `"bif"` matches
//! `"BIF (Marra Mamba)"`, while `"mafic"` does not match `"ultramafic"`). The first matching
//! entry wins; unmatched classes get the default score.

use lode_core::{Error, Result};
use serde::{Deserialize, Serialize};

/// A threshold: a value in the layer's unit or a percentile of the layer's values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Threshold {
    /// A value in the layer's unit.
    Value(f64),
    /// The `percentile`-th percentile (0–100) of the finite values (of the positive values when
    /// `of_positive`).
    Percentile {
        percentile: f64,
        #[serde(default, skip_serializing_if = "is_false")]
        of_positive: bool,
    },
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl From<f64> for Threshold {
    fn from(v: f64) -> Self {
        Threshold::Value(v)
    }
}

impl Threshold {
    /// The `p`-th percentile of all finite values.
    pub fn pct(p: f64) -> Self {
        Threshold::Percentile {
            percentile: p,
            of_positive: false,
        }
    }

    /// The `p`-th percentile of the positive values.
    pub fn pct_positive(p: f64) -> Self {
        Threshold::Percentile {
            percentile: p,
            of_positive: true,
        }
    }

    fn resolve(&self, data: &mut Sorted<'_>) -> Result<f64> {
        match *self {
            Threshold::Value(v) if v.is_finite() => Ok(v),
            Threshold::Value(v) => Err(Error::invalid(format!("threshold {v} is not finite"))),
            Threshold::Percentile {
                percentile,
                of_positive,
            } => {
                if !(0.0..=100.0).contains(&percentile) {
                    return Err(Error::invalid(format!(
                        "percentile {percentile} is outside 0–100"
                    )));
                }
                let v = data.get(of_positive);
                percentile_sorted(v, percentile).ok_or_else(|| {
                    Error::invalid(format!(
                        "cannot take the {percentile}th percentile: the layer has no {} values",
                        if of_positive { "positive" } else { "finite" }
                    ))
                })
            }
        }
    }
}

pub use lode_core::stats::percentile_sorted;

/// Lazily sorted finite (and positive) values of a layer.
struct Sorted<'a> {
    values: &'a [f64],
    finite: Option<Vec<f64>>,
    positive: Option<Vec<f64>>,
}

impl<'a> Sorted<'a> {
    fn new(values: &'a [f64]) -> Self {
        Sorted {
            values,
            finite: None,
            positive: None,
        }
    }

    fn get(&mut self, positive: bool) -> &[f64] {
        let slot = if positive {
            &mut self.positive
        } else {
            &mut self.finite
        };
        slot.get_or_insert_with(|| {
            let mut v: Vec<f64> = self
                .values
                .iter()
                .copied()
                .filter(|x| x.is_finite() && (!positive || *x > 0.0))
                .collect();
            v.sort_unstable_by(f64::total_cmp);
            v
        })
    }
}

/// One row of a categorical table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryScore {
    /// Keywords matched against the legend names (case-insensitive, whole words).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// Category codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<i64>,
    /// Membership of the matching classes, 0–1.
    pub score: f64,
}

impl CategoryScore {
    /// A row matching legend names by keywords.
    pub fn names(names: &[&str], score: f64) -> Self {
        CategoryScore {
            names: names.iter().map(|s| s.to_string()).collect(),
            codes: Vec::new(),
            score,
        }
    }
}

/// A fuzzy membership function (serialised with a `type` tag, e.g.
/// `{ type = "large", midpoint = { percentile = 90 }, spread = 5 }`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Membership {
    /// Linear between `min` (μ = 0) and `max` (μ = 1); decreasing when `min > max`.
    Linear { min: Threshold, max: Threshold },
    /// μ = 1 / (1 + (x/midpoint)^spread): small values are favourable.
    Small { midpoint: Threshold, spread: f64 },
    /// μ = 1 / (1 + (x/midpoint)^−spread): large values are favourable.
    Large { midpoint: Threshold, spread: f64 },
    /// μ = exp(−spread·(x − midpoint)²); `spread` in 1/unit².
    Gaussian { midpoint: Threshold, spread: f64 },
    /// μ = 1 / (1 + spread·(x − midpoint)²); `spread` in 1/unit².
    Near { midpoint: Threshold, spread: f64 },
    /// A table of class scores; `default` for classes no row matches.
    Categorical {
        classes: Vec<CategoryScore>,
        #[serde(default)]
        default: f64,
    },
}

/// A membership function with its thresholds resolved to values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Resolved {
    Linear { min: f64, max: f64 },
    Small { f2: f64, f1: f64 },
    Large { f2: f64, f1: f64 },
    Gaussian { f2: f64, f1: f64 },
    Near { f2: f64, f1: f64 },
}

impl Resolved {
    /// μ(x) of a continuous membership function.
    pub fn mu(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        match *self {
            Resolved::Linear { min, max } => {
                if min == max {
                    return if x < min { 0.0 } else { 1.0 };
                }
                ((x - min) / (max - min)).clamp(0.0, 1.0)
            }
            Resolved::Small { f2, f1 } => {
                let r = x / f2;
                if r <= 0.0 {
                    1.0
                } else {
                    1.0 / (1.0 + r.powf(f1))
                }
            }
            Resolved::Large { f2, f1 } => {
                let r = x / f2;
                if r <= 0.0 {
                    0.0
                } else {
                    1.0 / (1.0 + r.powf(-f1))
                }
            }
            Resolved::Gaussian { f2, f1 } => (-f1 * (x - f2) * (x - f2)).exp(),
            Resolved::Near { f2, f1 } => 1.0 / (1.0 + f1 * (x - f2) * (x - f2)),
        }
    }
}

fn positive_spread(kind: &str, f1: f64) -> Result<f64> {
    if f1.is_finite() && f1 > 0.0 {
        Ok(f1)
    } else {
        Err(Error::invalid(format!(
            "{kind} membership: spread {f1} must be positive and finite"
        )))
    }
}

fn nonzero_midpoint(kind: &str, f2: f64) -> Result<f64> {
    if f2 != 0.0 {
        Ok(f2)
    } else {
        Err(Error::invalid(format!(
            "{kind} membership: the midpoint resolves to 0 (x/0 is undefined); choose another midpoint"
        )))
    }
}

/// Case-folded alphanumeric words of a name.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// True when the keyword's words occur consecutively among the name's words.
pub fn keyword_matches(name: &str, keyword: &str) -> bool {
    let (n, k) = (words(name), words(keyword));
    !k.is_empty() && n.windows(k.len()).any(|w| w == k.as_slice())
}

impl Membership {
    /// Check the parameters that do not depend on the data.
    pub fn validate(&self) -> Result<()> {
        match self {
            Membership::Linear { .. } => Ok(()),
            Membership::Small { spread, .. } => positive_spread("small", *spread).map(|_| ()),
            Membership::Large { spread, .. } => positive_spread("large", *spread).map(|_| ()),
            Membership::Gaussian { spread, .. } => positive_spread("gaussian", *spread).map(|_| ()),
            Membership::Near { spread, .. } => positive_spread("near", *spread).map(|_| ()),
            Membership::Categorical { classes, default } => {
                for s in classes.iter().map(|c| c.score).chain([*default]) {
                    if !(0.0..=1.0).contains(&s) {
                        return Err(Error::invalid(format!(
                            "categorical membership: score {s} is outside 0–1"
                        )));
                    }
                }
                Ok(())
            }
        }
    }

    /// True for a categorical table.
    pub fn is_categorical(&self) -> bool {
        matches!(self, Membership::Categorical { .. })
    }

    /// Resolve the thresholds of a continuous function against the layer's values.
    pub fn resolve(&self, values: &[f64]) -> Result<Resolved> {
        self.validate()?;
        let mut data = Sorted::new(values);
        Ok(match self {
            Membership::Linear { min, max } => Resolved::Linear {
                min: min.resolve(&mut data)?,
                max: max.resolve(&mut data)?,
            },
            Membership::Small { midpoint, spread } => Resolved::Small {
                f2: nonzero_midpoint("small", midpoint.resolve(&mut data)?)?,
                f1: *spread,
            },
            Membership::Large { midpoint, spread } => Resolved::Large {
                f2: nonzero_midpoint("large", midpoint.resolve(&mut data)?)?,
                f1: *spread,
            },
            Membership::Gaussian { midpoint, spread } => Resolved::Gaussian {
                f2: midpoint.resolve(&mut data)?,
                f1: *spread,
            },
            Membership::Near { midpoint, spread } => Resolved::Near {
                f2: midpoint.resolve(&mut data)?,
                f1: *spread,
            },
            Membership::Categorical { .. } => {
                return Err(Error::invalid(
                    "a categorical membership has no continuous form; use `apply`",
                ))
            }
        })
    }

    /// The score of a category (code, legend name if any).
    fn category_score(classes: &[CategoryScore], default: f64, code: i64, name: &str) -> f64 {
        classes
            .iter()
            .find(|c| c.codes.contains(&code) || c.names.iter().any(|k| keyword_matches(name, k)))
            .map_or(default, |c| c.score)
    }

    /// μ of every value. `legend` gives the names of category codes for categorical tables.
    pub fn apply(&self, values: &[f64], legend: Option<&[(i64, String)]>) -> Result<Vec<f64>> {
        use rayon::prelude::*;
        if let Membership::Categorical { classes, default } = self {
            self.validate()?;
            let legend = legend.unwrap_or(&[]);
            let table: std::collections::HashMap<i64, f64> = legend
                .iter()
                .map(|(code, name)| (*code, Self::category_score(classes, *default, *code, name)))
                .collect();
            let score = |x: f64| -> f64 {
                if x.is_nan() {
                    return f64::NAN;
                }
                if x.fract() != 0.0 || !x.is_finite() {
                    return *default;
                }
                let code = x as i64;
                table
                    .get(&code)
                    .copied()
                    .unwrap_or_else(|| Self::category_score(classes, *default, code, ""))
            };
            return Ok(values.par_iter().map(|&x| score(x)).collect());
        }
        let r = self.resolve(values)?;
        Ok(values.par_iter().map(|&x| r.mu(x)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_match_whole_words() {
        assert!(keyword_matches("banded-iron-formation", "iron formation"));
        assert!(keyword_matches("BIF (Marra Mamba)", "bif"));
        assert!(!keyword_matches("ultramafic", "mafic"));
        assert!(keyword_matches("Granite-gneiss", "granite"));
    }

    #[test]
    fn percentiles_follow_numpy_linear() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile_sorted(&v, 50.0), Some(2.5));
        assert_eq!(percentile_sorted(&v, 100.0), Some(4.0));
        assert_eq!(percentile_sorted(&v, 0.0), Some(1.0));
        assert_eq!(percentile_sorted(&[], 10.0), None);
    }
}
