//! Fast, memory-lean weights-of-evidence engine (same formulas and conventions as the module
//! docs; results bit-identical to the per-cell evaluation).
//!
//! Each evidence layer is held as one small class code per cell (u8 for fewer than 255 classes,
//! else u16) instead of floats, so a 100-million-cell study area with four layers needs
//! 4 × 100 MB. All passes run over tiles of [`TILE`] cells in parallel with per-tile
//! accumulators and no per-cell allocation:
//!
//! 1. class histograms per layer (counts of study cells per code);
//! 2. weights per class, reduced to each layer's distinct (weight, variance) pairs;
//! 3. every study cell gets a *condition key* (mixed-radix number of its per-layer weight
//!    indices); the cells and deposits of each unique condition are counted per tile;
//! 4. the posterior and its standard deviation are evaluated once per unique condition; the
//!    Agterberg–Cheng test, the AUC and validation levels use those counts;
//! 5. posterior, standard deviation or confidence are written tile by tile by a table look-up.

use std::collections::{BTreeSet, HashMap};

use lode_core::{Error, Result};
use rayon::prelude::*;

use super::{
    categorical_weights, ci_test, cumulative_table, generalize, generalized_weights, posterior,
    prior_logit, unique_table, unique_weights, CiTest, ClassWeight, Histogram, LayerResult,
    LayerType,
};
use crate::validation::{self, LevelHits, Levels, ValidationReport};

/// Cells per work unit.
pub const TILE: usize = 1 << 16;

/// Largest number of unique conditions counted in dense arrays (above: hash maps).
const DENSE_KEYS: u64 = 1 << 20;

/// Class code per cell; the largest code value means no data.
#[derive(Debug, Clone, PartialEq)]
pub enum Codes {
    U8(Vec<u8>),
    U16(Vec<u16>),
}

trait Code: Copy + Send + Sync + Eq + Into<usize> {
    const NODATA: Self;
    const SPACE: usize;
    fn from_index(i: usize) -> Self;
}

impl Code for u8 {
    const NODATA: u8 = u8::MAX;
    const SPACE: usize = 256;
    fn from_index(i: usize) -> Self {
        i as u8
    }
}

impl Code for u16 {
    const NODATA: u16 = u16::MAX;
    const SPACE: usize = 65536;
    fn from_index(i: usize) -> Self {
        i as u16
    }
}

impl Codes {
    /// Number of cells.
    pub fn len(&self) -> usize {
        match self {
            Codes::U8(v) => v.len(),
            Codes::U16(v) => v.len(),
        }
    }

    /// True when there are no cells.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Code of cell `i`, `None` for no data.
    pub fn get(&self, i: usize) -> Option<usize> {
        match self {
            Codes::U8(v) => (v[i] != u8::NODATA).then_some(v[i] as usize),
            Codes::U16(v) => (v[i] != u16::NODATA).then_some(v[i] as usize),
        }
    }
}

/// One evidence layer as class codes: `classes[code]` is the class value.
#[derive(Debug, Clone, PartialEq)]
pub struct CodedLayer {
    /// Distinct class values, ascending.
    pub classes: Vec<i64>,
    pub codes: Codes,
    pub kind: LayerType,
}

impl CodedLayer {
    /// Codes a layer of class values (NaN/±inf = no data; row-major). With `strict`, a value
    /// with a fractional part is an error, otherwise it is rounded to the nearest class. At most
    /// 65,535 distinct classes.
    pub fn new<T: Copy + Sync + Into<f64>>(
        values: &[T],
        kind: LayerType,
        strict: bool,
    ) -> Result<CodedLayer> {
        let (lo, hi, frac) = values
            .par_chunks(TILE)
            .map(|ch| {
                let (mut lo, mut hi, mut frac) = (i64::MAX, i64::MIN, false);
                for &v in ch {
                    let v: f64 = v.into();
                    if v.is_finite() {
                        let (c, f) = nearest_class(v);
                        frac |= f;
                        lo = lo.min(c);
                        hi = hi.max(c);
                    }
                }
                (lo, hi, frac)
            })
            .reduce(
                || (i64::MAX, i64::MIN, false),
                |a, b| (a.0.min(b.0), a.1.max(b.1), a.2 || b.2),
            );
        if strict && frac {
            return Err(Error::invalid("evidence classes must be integers"));
        }
        let class_of = |v: f64| v.is_finite().then(|| nearest_class(v).0);
        let dense = lo <= hi && (hi as i128 - lo as i128) < 65536;
        let classes: Vec<i64> = if lo > hi {
            Vec::new()
        } else if dense {
            let range = (hi - lo) as usize + 1;
            let present = values
                .par_chunks(TILE)
                .fold(
                    || vec![false; range],
                    |mut p, ch| {
                        for &v in ch {
                            if let Some(c) = class_of(v.into()) {
                                p[(c - lo) as usize] = true;
                            }
                        }
                        p
                    },
                )
                .reduce(
                    || vec![false; range],
                    |mut a, b| {
                        a.iter_mut().zip(b).for_each(|(x, y)| *x |= y);
                        a
                    },
                );
            (0..range)
                .filter(|&i| present[i])
                .map(|i| lo + i as i64)
                .collect()
        } else {
            values
                .par_chunks(TILE)
                .fold(BTreeSet::new, |mut s, ch| {
                    for &v in ch {
                        if s.len() > 65535 {
                            break;
                        }
                        if let Some(c) = class_of(v.into()) {
                            s.insert(c);
                        }
                    }
                    s
                })
                .reduce(BTreeSet::new, |mut a, b| {
                    a.extend(b);
                    a
                })
                .into_iter()
                .collect()
        };
        if classes.len() > 65535 {
            return Err(Error::invalid(format!(
                "an evidence layer has {} or more distinct classes; at most 65535 (classify it first)",
                classes.len()
            )));
        }
        let table: Vec<u16> = if dense {
            let mut t = vec![u16::MAX; (hi - lo) as usize + 1];
            for (k, &c) in classes.iter().enumerate() {
                t[(c - lo) as usize] = k as u16;
            }
            t
        } else {
            Vec::new()
        };
        let code_of = |v: f64| -> Option<usize> {
            let c = class_of(v)?;
            Some(if dense {
                table[(c - lo) as usize] as usize
            } else {
                classes.binary_search(&c).ok()?
            })
        };
        fn encode<C: Code, T: Copy + Sync + Into<f64>, F: Fn(f64) -> Option<usize> + Sync>(
            values: &[T],
            code_of: &F,
        ) -> Vec<C> {
            let mut out = vec![C::NODATA; values.len()];
            out.par_chunks_mut(TILE)
                .zip(values.par_chunks(TILE))
                .for_each(|(o, v)| {
                    for (o, &v) in o.iter_mut().zip(v) {
                        if let Some(k) = code_of(v.into()) {
                            *o = C::from_index(k);
                        }
                    }
                });
            out
        }
        let codes = if classes.len() < 255 {
            Codes::U8(encode::<u8, T, _>(values, &code_of))
        } else {
            Codes::U16(encode::<u16, T, _>(values, &code_of))
        };
        Ok(CodedLayer {
            classes,
            codes,
            kind,
        })
    }

    /// Study cells per code.
    fn counts(&self, study: &[bool]) -> Vec<u64> {
        fn go<C: Code>(codes: &[C], study: &[bool]) -> Vec<u64> {
            codes
                .par_chunks(TILE)
                .zip(study.par_chunks(TILE))
                .fold(
                    || vec![0u64; C::SPACE],
                    |mut acc, (c, s)| {
                        for (&c, &s) in c.iter().zip(s) {
                            acc[if s { c.into() } else { C::NODATA.into() }] += 1;
                        }
                        acc
                    },
                )
                .reduce(
                    || vec![0u64; C::SPACE],
                    |mut a, b| {
                        a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                        a
                    },
                )
        }
        match &self.codes {
            Codes::U8(c) => go(c, study),
            Codes::U16(c) => go(c, study),
        }
    }
}

/// Nearest integer class of a finite value (as `f64::round`) and whether it had a fractional
/// part; integers take a conversion fast path (no libm call).
#[inline]
fn nearest_class(v: f64) -> (i64, bool) {
    let t = v as i64;
    if t as f64 == v {
        (t, false)
    } else if v.abs() >= 9_007_199_254_740_992.0 {
        (v as i64, false)
    } else {
        (v.round() as i64, true)
    }
}

/// Study cells (true) of a row-major grid: cells valid in at least one layer.
pub fn study_from_layers(layers: &[CodedLayer], n: usize) -> Vec<bool> {
    let mut study = vec![false; n];
    study.par_chunks_mut(TILE).enumerate().for_each(|(t, s)| {
        let start = t * TILE;
        for l in layers {
            match &l.codes {
                Codes::U8(c) => s
                    .iter_mut()
                    .zip(&c[start..])
                    .for_each(|(s, &c)| *s |= c != u8::NODATA),
                Codes::U16(c) => s
                    .iter_mut()
                    .zip(&c[start..])
                    .for_each(|(s, &c)| *s |= c != u16::NODATA),
            }
        }
    });
    study
}

/// One unique condition (combination of the layers' weights) of a fitted model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Condition {
    pub posterior: f64,
    pub std: f64,
    /// Study cells.
    pub cells: u64,
    /// Deposit points.
    pub points: u64,
    /// Distinct cells holding deposits.
    pub deposit_cells: u64,
}

/// Which per-cell raster to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Posterior,
    Std,
    /// Posterior / standard deviation (NaN where the deviation is 0).
    Confidence,
}

enum KeyTable {
    Dense(Vec<(f64, f64)>),
    Sparse(HashMap<u64, (f64, f64)>),
}

/// A fitted weights-of-evidence model over coded layers.
pub struct Fitted {
    pub layers: Vec<LayerResult>,
    /// Prior probability N(D)/N(T).
    pub prior: f64,
    /// Study area, unit cells.
    pub study_cells: f64,
    pub n_deposits: f64,
    pub ci: CiTest,
    /// ROC AUC of the posterior: deposit points against the study cells without a deposit.
    pub auc: f64,
    /// Unique conditions, sorted by (posterior, std) bits.
    pub conditions: Vec<Condition>,
    /// Per layer, the weight index of each code (index = number of weights: no weight).
    widx: Vec<Vec<u32>>,
    /// Per layer, distinct (weight, variance).
    weights: Vec<Vec<(f64, f64)>>,
    strides: Vec<u64>,
    prior_logit: f64,
    table: KeyTable,
    n_cells: usize,
}

/// Weights of one layer from its histogram (module conventions), optionally rounded.
fn layer_weights(h: &Histogram, kind: LayerType, round: Option<i32>) -> Result<LayerResult> {
    let (table, class_weights) = match kind {
        LayerType::Unique => {
            let t = unique_table(h);
            let w = unique_weights(&t);
            (t, w)
        }
        LayerType::Categorical(th) => (unique_table(h), categorical_weights(h, th)),
        LayerType::Ascending(g) | LayerType::Descending(g) => {
            let t = cumulative_table(h, matches!(kind, LayerType::Ascending(_)));
            let cut = generalize(&t, g)?;
            let w = generalized_weights(&t, cut);
            (t, w)
        }
    };
    let class_weights: Vec<ClassWeight> = match round {
        Some(d) => {
            let f = 10f64.powi(d);
            class_weights
                .into_iter()
                .map(|(c, g, w, s)| (c, g, (w * f).round() / f, (s * f).round() / f))
                .collect()
        }
        None => class_weights,
    };
    Ok(LayerResult {
        table,
        class_weights,
    })
}

/// Fits weights for each coded layer over the study cells (see [`super::fit`] for the
/// conventions). `deposit_cells` holds one cell index per deposit point, all inside the study
/// area.
pub fn fit_coded(
    layers: &[CodedLayer],
    study: &[bool],
    deposit_cells: &[usize],
    unit: f64,
    round: Option<i32>,
) -> Result<Fitted> {
    let n = study.len();
    if layers.iter().any(|l| l.codes.len() != n) {
        return Err(Error::invalid(
            "evidence layers differ in size from the study area",
        ));
    }
    if layers.is_empty() {
        return Err(Error::invalid(
            "weights of evidence needs an evidence layer",
        ));
    }
    if deposit_cells.iter().any(|&i| i >= n || !study[i]) {
        return Err(Error::invalid("a deposit cell lies outside the study area"));
    }
    let n_study = study
        .par_chunks(TILE)
        .map(|s| s.iter().filter(|&&b| b).count() as u64)
        .sum::<u64>();
    let study_cells = n_study as f64 * unit;
    let nd = deposit_cells.len() as f64;
    if nd < 2.0 {
        return Err(Error::invalid(format!(
            "weights of evidence needs at least two deposits in the study area, got {nd}"
        )));
    }
    if study_cells <= nd {
        return Err(Error::invalid(format!(
            "study area ({study_cells} unit cells) must exceed the number of deposits ({nd})"
        )));
    }
    let mut results = Vec::with_capacity(layers.len());
    let mut widx = Vec::with_capacity(layers.len());
    let mut weights = Vec::with_capacity(layers.len());
    for l in layers {
        let counts = l.counts(study);
        let mut points = vec![0u64; l.classes.len()];
        for &i in deposit_cells {
            if let Some(c) = l.codes.get(i) {
                points[c] += 1;
            }
        }
        let h = Histogram {
            classes: (0..l.classes.len())
                .filter(|&k| counts[k] > 0)
                .map(|k| (l.classes[k], counts[k] as f64 * unit, points[k] as f64))
                .collect(),
        };
        let r = layer_weights(&h, l.kind, round)?;
        let mut distinct: Vec<(f64, f64)> = Vec::new();
        let space = match l.codes {
            Codes::U8(_) => u8::SPACE,
            Codes::U16(_) => u16::SPACE,
        };
        let mut wi = vec![u32::MAX; space];
        for (k, &class) in l.classes.iter().enumerate() {
            if let Some(cw) = r.class_weights.iter().find(|c| c.0 == class) {
                let wv = (cw.2, cw.3 * cw.3);
                let j = match distinct.iter().position(|d| {
                    d.0.to_bits() == wv.0.to_bits() && d.1.to_bits() == wv.1.to_bits()
                }) {
                    Some(j) => j,
                    None => {
                        distinct.push(wv);
                        distinct.len() - 1
                    }
                };
                wi[k] = j as u32;
            }
        }
        let none = distinct.len() as u32;
        wi.iter_mut()
            .filter(|w| **w == u32::MAX)
            .for_each(|w| *w = none);
        results.push(r);
        widx.push(wi);
        weights.push(distinct);
    }
    let mut strides = Vec::with_capacity(layers.len());
    let mut k_total: u64 = 1;
    for w in &weights {
        strides.push(k_total);
        k_total = k_total.checked_mul(w.len() as u64 + 1).ok_or_else(|| {
            Error::invalid("weights of evidence: too many combinations of classes")
        })?;
    }
    let prior_l = prior_logit(study_cells, nd);
    let mut f = Fitted {
        layers: results,
        prior: nd / study_cells,
        study_cells,
        n_deposits: nd,
        ci: CiTest {
            t: 0.0,
            s_t: 0.0,
            n_over_t: 0.0,
            probability: 0.0,
        },
        auc: f64::NAN,
        conditions: Vec::new(),
        widx,
        weights,
        strides,
        prior_logit: prior_l,
        table: KeyTable::Sparse(HashMap::new()),
        n_cells: n,
    };
    // Cells per condition key.
    let counts: Vec<(u64, u64)> = if k_total <= DENSE_KEYS && n <= u32::MAX as usize {
        let k = k_total as usize;
        let tiles: Vec<Vec<u32>> = (0..n.div_ceil(TILE))
            .into_par_iter()
            .fold(
                || vec![0u32; k],
                |mut acc, t| {
                    let mut keys = Vec::new();
                    f.tile_keys(layers, t * TILE, &mut keys);
                    for (key, &s) in keys.iter().zip(&study[t * TILE..]) {
                        if s {
                            acc[*key as usize] += 1;
                        }
                    }
                    acc
                },
            )
            .collect();
        let mut total = vec![0u64; k];
        for t in tiles {
            total.iter_mut().zip(t).for_each(|(a, b)| *a += b as u64);
        }
        f.table = KeyTable::Dense((0..k_total).map(|key| f.key_value(key)).collect());
        total
            .into_iter()
            .enumerate()
            .filter(|c| c.1 > 0)
            .map(|(k, c)| (k as u64, c))
            .collect()
    } else {
        let maps: Vec<HashMap<u64, u64>> = (0..n.div_ceil(TILE))
            .into_par_iter()
            .fold(HashMap::new, |mut acc, t| {
                let mut keys = Vec::new();
                f.tile_keys(layers, t * TILE, &mut keys);
                for (key, &s) in keys.iter().zip(&study[t * TILE..]) {
                    if s {
                        *acc.entry(*key).or_insert(0) += 1;
                    }
                }
                acc
            })
            .collect();
        let mut total: HashMap<u64, u64> = HashMap::new();
        for m in maps {
            for (k, c) in m {
                *total.entry(k).or_insert(0) += c;
            }
        }
        let mut v: Vec<(u64, u64)> = total.into_iter().collect();
        v.sort_unstable();
        f.table = KeyTable::Sparse(v.iter().map(|&(k, _)| (k, f.key_value(k))).collect());
        v
    };
    // Deposits per key: points and distinct cells.
    let mut dep: HashMap<u64, (u64, u64)> = HashMap::new();
    for &i in deposit_cells {
        dep.entry(f.cell_key(layers, i)).or_default().0 += 1;
    }
    let mut distinct_cells = deposit_cells.to_vec();
    distinct_cells.sort_unstable();
    distinct_cells.dedup();
    for &i in &distinct_cells {
        dep.entry(f.cell_key(layers, i)).or_default().1 += 1;
    }
    let mut conds: Vec<Condition> = counts
        .iter()
        .map(|&(key, cells)| {
            let (p, s) = f.lookup(key);
            let d = dep.get(&key).copied().unwrap_or_default();
            Condition {
                posterior: p,
                std: s,
                cells,
                points: d.0,
                deposit_cells: d.1,
            }
        })
        .collect();
    conds.sort_by_key(|c| (c.posterior.to_bits(), c.std.to_bits()));
    let mut merged: Vec<Condition> = Vec::with_capacity(conds.len());
    for c in conds {
        match merged.last_mut() {
            Some(m)
                if m.posterior.to_bits() == c.posterior.to_bits()
                    && m.std.to_bits() == c.std.to_bits() =>
            {
                m.cells += c.cells;
                m.points += c.points;
                m.deposit_cells += c.deposit_cells;
            }
            _ => merged.push(c),
        }
    }
    let ci_conds: Vec<(f64, f64, f64)> = merged
        .iter()
        .map(|c| (c.cells as f64 * unit, c.posterior, c.std))
        .collect();
    f.ci = ci_test(&ci_conds, nd);
    f.conditions = merged;
    let (levels, pts, cells) = f.levels();
    let neg: Vec<u64> = levels
        .cells
        .iter()
        .zip(&cells)
        .map(|(c, d)| c - d)
        .collect();
    f.auc = validation::auc_levels(&pts, &neg);
    Ok(f)
}

impl Fitted {
    /// Condition keys of the cells of the tile starting at `start`.
    fn tile_keys(&self, layers: &[CodedLayer], start: usize, keys: &mut Vec<u64>) {
        let len = TILE.min(self.n_cells - start);
        keys.clear();
        keys.resize(len, 0);
        for ((l, wi), &st) in layers.iter().zip(&self.widx).zip(&self.strides) {
            match &l.codes {
                Codes::U8(c) => keys
                    .iter_mut()
                    .zip(&c[start..start + len])
                    .for_each(|(k, &c)| *k += wi[c as usize] as u64 * st),
                Codes::U16(c) => keys
                    .iter_mut()
                    .zip(&c[start..start + len])
                    .for_each(|(k, &c)| *k += wi[c as usize] as u64 * st),
            }
        }
    }

    fn cell_key(&self, layers: &[CodedLayer], i: usize) -> u64 {
        layers
            .iter()
            .zip(&self.widx)
            .zip(&self.strides)
            .map(|((l, wi), &st)| {
                let c = match &l.codes {
                    Codes::U8(c) => c[i] as usize,
                    Codes::U16(c) => c[i] as usize,
                };
                wi[c] as u64 * st
            })
            .sum()
    }

    /// Posterior and standard deviation of a condition key, summing the layers' weights in
    /// layer order.
    fn key_value(&self, key: u64) -> (f64, f64) {
        let (mut sw, mut sv) = (0.0, 0.0);
        for (w, &st) in self.weights.iter().zip(&self.strides) {
            let d = ((key / st) % (w.len() as u64 + 1)) as usize;
            if let Some(&(wt, v)) = w.get(d) {
                sw += wt;
                sv += v;
            }
        }
        posterior(self.prior_logit, self.n_deposits, sw, sv)
    }

    fn lookup(&self, key: u64) -> (f64, f64) {
        match &self.table {
            KeyTable::Dense(t) => t[key as usize],
            KeyTable::Sparse(m) => m[&key],
        }
    }

    /// Fills `out` (one value per cell, row-major; NaN outside the study area) tile by tile.
    pub fn fill<T: Copy + Send + FromF64>(
        &self,
        layers: &[CodedLayer],
        study: &[bool],
        what: Output,
        out: &mut [T],
    ) -> Result<()> {
        if out.len() != self.n_cells
            || study.len() != self.n_cells
            || layers.len() != self.widx.len()
            || layers.iter().any(|l| l.codes.len() != self.n_cells)
        {
            return Err(Error::invalid(
                "weights of evidence: output, study area or layers differ from the fitted model",
            ));
        }
        out.par_chunks_mut(TILE).enumerate().for_each(|(t, o)| {
            let mut keys = Vec::with_capacity(TILE);
            self.tile_keys(layers, t * TILE, &mut keys);
            for ((o, key), &s) in o.iter_mut().zip(&keys).zip(&study[t * TILE..]) {
                let v = if s {
                    let (p, sd) = self.lookup(*key);
                    match what {
                        Output::Posterior => p,
                        Output::Std => sd,
                        Output::Confidence if sd > 0.0 => p / sd,
                        Output::Confidence => f64::NAN,
                    }
                } else {
                    f64::NAN
                };
                *o = T::from_f64(v);
            }
        });
        Ok(())
    }

    /// Distinct posterior levels with the deposit points and distinct deposit cells of each.
    fn levels(&self) -> (Levels, Vec<u64>, Vec<u64>) {
        let levels = Levels::from_groups(self.conditions.iter().map(|c| (c.posterior, c.cells)));
        let mut pts = vec![0u64; levels.score.len()];
        let mut cells = vec![0u64; levels.score.len()];
        for c in &self.conditions {
            if let Some(k) = levels.find(c.posterior) {
                pts[k] += c.points;
                cells[k] += c.deposit_cells;
            }
        }
        (levels, pts, cells)
    }

    /// Validation of the posterior (success-rate curve with the training deposits, prediction
    /// rate with `withheld` cells, capture at `tops` percent) from the unique conditions,
    /// without sorting the cells. `training_outside` and `withheld_outside` are the points that
    /// fell outside the grid or the study area, reported in the counts.
    pub fn validate(
        &self,
        layers: &[CodedLayer],
        study: &[bool],
        withheld: &[usize],
        training_outside: (usize, usize),
        withheld_outside: (usize, usize),
        tops: &[f64],
    ) -> Result<ValidationReport> {
        let (levels, points, cells) = self.levels();
        let nd = self.n_deposits as usize;
        let training = LevelHits {
            points,
            cells,
            given: nd + training_outside.0 + training_outside.1,
            outside_grid: training_outside.0,
            outside_study: training_outside.1,
            on_nodata: 0,
        };
        let with = if withheld.is_empty() && withheld_outside == (0, 0) {
            None
        } else {
            let mut h = LevelHits {
                points: vec![0; levels.score.len()],
                cells: vec![0; levels.score.len()],
                given: withheld.len() + withheld_outside.0 + withheld_outside.1,
                outside_grid: withheld_outside.0,
                outside_study: withheld_outside.1,
                on_nodata: 0,
            };
            let mut distinct = withheld.to_vec();
            distinct.sort_unstable();
            distinct.dedup();
            for (list, counts) in [(withheld, &mut h.points), (&distinct[..], &mut h.cells)] {
                for &i in list {
                    if i >= self.n_cells || !study[i] {
                        return Err(Error::invalid(
                            "a withheld deposit cell lies outside the study area",
                        ));
                    }
                    let (p, _) = self.lookup(self.cell_key(layers, i));
                    if let Some(k) = levels.find(p) {
                        counts[k] += 1;
                    }
                }
            }
            Some(h)
        };
        validation::validate_levels(&levels, &training, with.as_ref(), tops)
    }
}

/// Conversion of an f64 result into an output sample type.
pub trait FromF64 {
    fn from_f64(x: f64) -> Self;
}

impl FromF64 for f32 {
    fn from_f64(x: f64) -> Self {
        x as f32
    }
}

impl FromF64 for f64 {
    fn from_f64(x: f64) -> Self {
        x
    }
}
