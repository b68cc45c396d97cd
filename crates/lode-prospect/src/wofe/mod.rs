//! Weights of evidence (Bonham-Carter 1994, *Geographic Information Systems for Geoscientists*,
//! ch. 9; Agterberg, Bonham-Carter & Wright 1990; Agterberg & Cheng 2002), following the
//! conventions of ArcSDM (Sawatzky et al. 2009) and eis-toolkit.
//!
//! Areas are in unit cells (area in km² / unit-cell area in km²); deposit counts are counts of
//! points (several deposits in one cell count several). With N(D) deposits, N(T) unit cells and a
//! pattern B (eq. 9.8–9.11, 9.19):
//!
//! - W+ = ln[(N(B∩D)/N(D)) / (N(B∩D̄)/N(D̄))], W− = ln[(N(B̄∩D)/N(D)) / (N(B̄∩D̄)/N(D̄))]
//! - s²(W+) = 1/N(B∩D) + 1/N(B∩D̄), s²(W−) = 1/N(B̄∩D) + 1/N(B̄∩D̄)
//! - C = W+ − W−, s(C) = √(s²(W+) + s²(W−)), studentised contrast C/s(C)
//!
//! with N(D̄) = N(T) − N(D) and N(B∩D̄) = N(B) − N(B∩D).
//!
//! Guards (ArcSDM): a pattern holding no deposit gets zero weights. When every deposit falls in the
//! pattern (N(B̄∩D) = 0), 0.99 is subtracted from N(B∩D), N(B̄∩D) = 0.99, and the reduced counts are
//! used consistently (N(B∩D̄) = N(B) − N(B∩D), N(B̄∩D̄) = N(D̄) − N(B∩D̄)); a non-deposit count that
//! comes out ≤ 0 (pattern = whole study area, or pattern cells all holding deposits) is set to
//! 0.99 and its complement to N(D̄) − 0.99. Such rows are flagged `guarded`.

mod coded;

pub use coded::{
    fit_coded, study_from_layers, CodedLayer, Codes, Condition, Fitted, FromF64, Output, TILE,
};
use lode_core::{Error, Result};

/// ArcSDM's guard constant for empty cells of the 2 × 2 table.
pub const GUARD: f64 = 0.99;

/// Weights of one binary pattern.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Weights {
    pub w_plus: f64,
    pub s_w_plus: f64,
    pub w_minus: f64,
    pub s_w_minus: f64,
    pub contrast: f64,
    pub s_contrast: f64,
    pub studentized: f64,
    /// True when a 0.99 guard was applied.
    pub guarded: bool,
}

/// One row of a weights table: a class (unique/categorical) or a cumulative pattern.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightRow {
    /// Class value (for cumulative tables: the threshold class k of the pattern).
    pub class: i64,
    /// Pattern area, unit cells.
    pub cells: f64,
    /// Deposits (points) in the pattern.
    pub points: f64,
    pub w: Weights,
}

/// Weights of pattern B with `b` unit cells and `bd` deposits, in a study area of `t` unit cells
/// holding `d` deposits (Bonham-Carter 1994, eq. 9.8–9.11, ArcSDM guards, see module docs).
pub fn binary_weights(b: f64, bd: f64, t: f64, d: f64) -> Weights {
    if bd <= 0.0 || d <= 0.0 || t <= d {
        return Weights::default();
    }
    let nd = t - d;
    let mut guarded = false;
    let (mut bd, mut nbd) = (bd, d - bd);
    if nbd <= 0.0 {
        bd = d - GUARD;
        nbd = GUARD;
        guarded = true;
    }
    let mut bnd = b - bd;
    let mut nbnd = nd - bnd;
    if nbnd <= 0.0 {
        nbnd = GUARD;
        bnd = nd - GUARD;
        guarded = true;
    } else if bnd <= 0.0 {
        bnd = GUARD;
        nbnd = nd - GUARD;
        guarded = true;
    }
    let w_plus = ((bd / d) / (bnd / nd)).ln();
    let w_minus = ((nbd / d) / (nbnd / nd)).ln();
    let vp = 1.0 / bd + 1.0 / bnd;
    let vm = 1.0 / nbd + 1.0 / nbnd;
    let contrast = w_plus - w_minus;
    let s_contrast = (vp + vm).sqrt();
    Weights {
        w_plus,
        s_w_plus: vp.sqrt(),
        w_minus,
        s_w_minus: vm.sqrt(),
        contrast,
        s_contrast,
        studentized: contrast / s_contrast,
        guarded,
    }
}

/// Class histogram of one evidence layer: (class, unit cells, deposits), sorted by class.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Histogram {
    pub classes: Vec<(i64, f64, f64)>,
}

impl Histogram {
    /// Total unit cells.
    pub fn cells(&self) -> f64 {
        self.classes.iter().map(|c| c.1).sum()
    }
    /// Total deposits.
    pub fn points(&self) -> f64 {
        self.classes.iter().map(|c| c.2).sum()
    }
}

/// Unique table: each class against the rest of the study area.
pub fn unique_table(h: &Histogram) -> Vec<WeightRow> {
    let (t, d) = (h.cells(), h.points());
    h.classes
        .iter()
        .map(|&(class, cells, points)| WeightRow {
            class,
            cells,
            points,
            w: binary_weights(cells, points, t, d),
        })
        .collect()
}

/// Cumulative table: pattern = classes ≤ k (ascending) or ≥ k (descending); rows in the order of
/// accumulation.
pub fn cumulative_table(h: &Histogram, ascending: bool) -> Vec<WeightRow> {
    let (t, d) = (h.cells(), h.points());
    let mut order: Vec<_> = h.classes.clone();
    if !ascending {
        order.reverse();
    }
    let (mut cells, mut points) = (0.0, 0.0);
    order
        .iter()
        .map(|&(class, c, p)| {
            cells += c;
            points += p;
            WeightRow {
                class,
                cells,
                points,
                w: binary_weights(cells, points, t, d),
            }
        })
        .collect()
}

/// Generalisation rule of a cumulative table into a binary pattern.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Generalize {
    /// Row of maximum contrast.
    MaxContrast,
    /// Row of maximum contrast, accepted only if its studentised contrast ≥ the threshold.
    MaxContrastIfStudentized(f64),
    /// Row of maximum contrast among rows with studentised contrast ≥ the threshold.
    MaxContrastAmongStudentized(f64),
    /// Row of maximum studentised contrast.
    MaxStudentized,
    /// Manual cut: the pattern ends at this class.
    Manual(i64),
}

/// Index of the row that ends the pattern, or an error when the rule has no feasible row.
/// Rows without deposits, or whose pattern is the whole study area, are not candidates.
pub fn generalize(rows: &[WeightRow], rule: Generalize) -> Result<usize> {
    let total = rows.iter().map(|r| r.cells).fold(0.0, f64::max);
    let cand = |r: &WeightRow| r.points > 0.0 && r.cells < total && r.w.s_contrast > 0.0;
    let argmax = |key: &dyn Fn(&WeightRow) -> Option<f64>| {
        let mut best: Option<(usize, f64)> = None;
        for (i, r) in rows.iter().enumerate() {
            if let Some(k) = key(r) {
                if best.is_none_or(|(_, b)| k > b) {
                    best = Some((i, k));
                }
            }
        }
        best.map(|b| b.0)
    };
    let none = |what: String| Error::invalid(format!("weights of evidence: {what}"));
    match rule {
        Generalize::MaxContrast => argmax(&|r| cand(r).then_some(r.w.contrast))
            .ok_or_else(|| none("no row with deposits to generalise".into())),
        Generalize::MaxContrastIfStudentized(th) => {
            let i = argmax(&|r| cand(r).then_some(r.w.contrast))
                .ok_or_else(|| none("no row with deposits to generalise".into()))?;
            if rows[i].w.studentized >= th {
                Ok(i)
            } else {
                Err(none(format!(
                    "the maximum contrast (class {}) has studentised contrast {:.4} < {th}: not feasible",
                    rows[i].class, rows[i].w.studentized
                )))
            }
        }
        Generalize::MaxContrastAmongStudentized(th) => {
            argmax(&|r| (cand(r) && r.w.studentized >= th).then_some(r.w.contrast))
                .ok_or_else(|| none(format!("no row with studentised contrast ≥ {th}")))
        }
        Generalize::MaxStudentized => argmax(&|r| cand(r).then_some(r.w.studentized))
            .ok_or_else(|| none("no row with deposits to generalise".into())),
        Generalize::Manual(k) => rows
            .iter()
            .position(|r| r.class == k)
            .ok_or_else(|| none(format!("manual cut class {k} is not in the table"))),
    }
}

/// Per-class generalised weight: (class, generalised class, weight, s(weight)).
pub type ClassWeight = (i64, i64, f64, f64);

/// Generalised weights of a cumulative table cut at row `cut`: classes in the pattern get gen
/// class 2 and (W+, s(W+)) of that row; the others gen class 1 and (W−, s(W−)).
pub fn generalized_weights(rows: &[WeightRow], cut: usize) -> Vec<ClassWeight> {
    let w = rows[cut].w;
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            if i <= cut {
                (r.class, 2, w.w_plus, w.s_w_plus)
            } else {
                (r.class, 1, w.w_minus, w.s_w_minus)
            }
        })
        .collect()
}

/// Unique weights: each class gets its own W+ (zero for classes without deposits); gen class =
/// class.
pub fn unique_weights(rows: &[WeightRow]) -> Vec<ClassWeight> {
    rows.iter()
        .map(|r| (r.class, r.class, r.w.w_plus, r.w.s_w_plus))
        .collect()
}

/// Gen class of the pool of small classes in categorical weights.
pub const POOLED: i64 = -1;

/// Categorical weights with pooling (eis-toolkit): classes with deposits and |studentised
/// contrast| ≥ `threshold` keep their own W+; the others are pooled into one class (gen class
/// [`POOLED`]) whose weight is the W+ of the pooled class against the rest.
pub fn categorical_weights(h: &Histogram, threshold: f64) -> Vec<ClassWeight> {
    let rows = unique_table(h);
    let keep = |r: &WeightRow| r.points > 0.0 && r.w.studentized.abs() >= threshold;
    let (mut pc, mut pp) = (0.0, 0.0);
    for r in rows.iter().filter(|r| !keep(r)) {
        pc += r.cells;
        pp += r.points;
    }
    let pooled = binary_weights(pc, pp, h.cells(), h.points());
    rows.iter()
        .map(|r| {
            if keep(r) {
                (r.class, r.class, r.w.w_plus, r.w.s_w_plus)
            } else {
                (r.class, POOLED, pooled.w_plus, pooled.s_w_plus)
            }
        })
        .collect()
}

/// Prior logit ln[N(D) / (N(T) − N(D))].
pub fn prior_logit(t: f64, d: f64) -> f64 {
    (d / (t - d)).ln()
}

/// Posterior probability and its standard deviation from the prior logit and the sum of weights
/// and of their variances: P = O/(1+O), O = exp(prior logit + ΣW), s²(P) = P²·(1/N(D) + Σs²(W))
/// (Agterberg et al. 1990; Bonham-Carter 1994, eq. 9.23; ArcSDM).
pub fn posterior(prior_logit: f64, n_deposits: f64, sum_w: f64, sum_var: f64) -> (f64, f64) {
    let l = prior_logit + sum_w;
    let p = 1.0 / (1.0 + (-l).exp());
    (p, p * (1.0 / n_deposits + sum_var).sqrt())
}

/// Agterberg–Cheng conditional-independence test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CiTest {
    /// Predicted number of deposits T = Σ cells × posterior.
    pub t: f64,
    /// Standard deviation of T: √Σ_k (n_k · s(P_k))² over unique conditions k (ArcSDM).
    pub s_t: f64,
    /// n / T.
    pub n_over_t: f64,
    /// Φ((T − n)/s(T)): ArcSDM's probability that the model is not conditionally independent
    /// (above 0.95, reject conditional independence).
    pub probability: f64,
}

/// The test from the unique conditions (unit cells, posterior, s(posterior)) and n deposits
/// (Agterberg & Cheng 2002).
pub fn ci_test(conditions: &[(f64, f64, f64)], n: f64) -> CiTest {
    let t: f64 = conditions.iter().map(|c| c.0 * c.1).sum();
    let s_t = conditions
        .iter()
        .map(|c| (c.0 * c.2).powi(2))
        .sum::<f64>()
        .sqrt();
    let z = if s_t > 0.0 { (t - n) / s_t } else { 0.0 };
    CiTest {
        t,
        s_t,
        n_over_t: n / t,
        probability: normal_cdf(z),
    }
}

/// Standard normal CDF via erfc (W. J. Cody's rational Chebyshev approximation as in Numerical
/// Recipes `erfcc`, |error| < 1.2e-7).
pub fn normal_cdf(z: f64) -> f64 {
    let x = -z / std::f64::consts::SQRT_2;
    let ax = x.abs();
    let t = 1.0 / (1.0 + 0.5 * ax);
    let r = t
        * (-ax * ax - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    let erfc = if x >= 0.0 { r } else { 2.0 - r };
    0.5 * erfc
}

/// ROC AUC of positive against negative scores (Mann–Whitney U, ties counted one half): the
/// validation module's implementation, re-exported where weights of evidence reports it.
pub use crate::validation::auc;

/// How an evidence layer's classes are turned into weights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LayerType {
    /// Each class its own W+ (zero without deposits).
    Unique,
    /// Cumulative ascending (pattern = classes ≤ k), generalised by the rule.
    Ascending(Generalize),
    /// Cumulative descending (pattern = classes ≥ k), generalised by the rule.
    Descending(Generalize),
    /// Categorical with pooling below the studentised-contrast threshold.
    Categorical(f64),
}

/// One evidence layer: class per cell (NaN = no data), row-major on the common grid.
pub struct Layer<'a> {
    pub classes: &'a [f64],
    pub kind: LayerType,
}

/// Weights table and per-class generalised weights of one layer.
#[derive(Debug, Clone)]
pub struct LayerResult {
    /// Unique table for unique/categorical layers, cumulative table otherwise.
    pub table: Vec<WeightRow>,
    pub class_weights: Vec<ClassWeight>,
}

/// Result of a weights-of-evidence model.
#[derive(Debug, Clone)]
pub struct Model {
    pub layers: Vec<LayerResult>,
    /// Posterior probability per cell (NaN outside the study area).
    pub posterior: Vec<f64>,
    /// Standard deviation of the posterior per cell.
    pub posterior_std: Vec<f64>,
    /// Prior probability N(D)/N(T).
    pub prior: f64,
    /// Study area, unit cells.
    pub study_cells: f64,
    pub n_deposits: f64,
    pub ci: CiTest,
    /// ROC AUC of the posterior, deposit cells vs the other study cells.
    pub auc: f64,
}

/// Class histogram of a layer over the study area (cells where `study` and the layer is valid);
/// deposits are counted per point. `unit` = unit cells per grid cell.
pub fn histogram(classes: &[f64], study: &[bool], deposit_cells: &[usize], unit: f64) -> Histogram {
    let mut map: std::collections::BTreeMap<i64, (f64, f64)> = Default::default();
    let mut counts: std::collections::BTreeMap<i64, u64> = Default::default();
    for (i, &c) in classes.iter().enumerate() {
        if study[i] && c.is_finite() {
            *counts.entry(c.round() as i64).or_default() += 1;
        }
    }
    for (&k, &n) in &counts {
        map.insert(k, (n as f64 * unit, 0.0));
    }
    for &i in deposit_cells {
        let c = classes[i];
        if study[i] && c.is_finite() {
            if let Some(e) = map.get_mut(&(c.round() as i64)) {
                e.1 += 1.0;
            }
        }
    }
    Histogram {
        classes: map.into_iter().map(|(k, (c, p))| (k, c, p)).collect(),
    }
}

/// Fits weights for each layer and computes the posterior, its standard deviation, the
/// conditional-independence test and the AUC. Cells on a layer's no data take weight 0 and
/// variance 0 there; each layer's weights are computed over the study cells where it is valid;
/// the prior uses the whole study area. `deposit_cells` holds one cell index per deposit point,
/// all inside the study area. `round` rounds the generalised weights and their standard
/// deviations to that many decimals before the posterior, as eis-toolkit does (4); `None` keeps
/// full precision. Class values are rounded to integers. The AUC ranks deposit points against
/// the study cells without a deposit (ties counted one half). Runs on [`fit_coded`]; use that
/// directly to keep memory to one small code per cell and layer.
pub fn fit(
    layers: &[Layer],
    study: &[bool],
    deposit_cells: &[usize],
    unit: f64,
    round: Option<i32>,
) -> Result<Model> {
    let n = study.len();
    if layers.iter().any(|l| l.classes.len() != n) {
        return Err(Error::invalid(
            "evidence layers differ in size from the study area",
        ));
    }
    let coded = layers
        .iter()
        .map(|l| CodedLayer::new(l.classes, l.kind, false))
        .collect::<Result<Vec<_>>>()?;
    let f = fit_coded(&coded, study, deposit_cells, unit, round)?;
    let mut posterior = vec![0.0f64; n];
    let mut posterior_std = vec![0.0f64; n];
    f.fill(&coded, study, Output::Posterior, &mut posterior)?;
    f.fill(&coded, study, Output::Std, &mut posterior_std)?;
    Ok(Model {
        layers: f.layers,
        posterior,
        posterior_std,
        prior: f.prior,
        study_cells: f.study_cells,
        n_deposits: f.n_deposits,
        ci: f.ci,
        auc: f.auc,
    })
}

/// Cell index of every deposit point (Point and MultiPoint geometries) inside the study area,
/// and the number of points outside the grid, outside the study area or on no data.
pub fn deposit_cells(
    geometry: &lode_core::grid::GridGeometry,
    deposits: &lode_core::vector::VectorLayer,
    study: &[bool],
) -> (Vec<usize>, usize) {
    let (cells, off_grid, off_study) = locate_points(geometry, deposits, study);
    (cells, off_grid + off_study)
}

/// Cell index of every deposit point (Point and MultiPoint geometries) inside the study area,
/// the number of points outside the grid and the number on the grid but outside the study area.
pub fn locate_points(
    geometry: &lode_core::grid::GridGeometry,
    deposits: &lode_core::vector::VectorLayer,
    study: &[bool],
) -> (Vec<usize>, usize, usize) {
    use geo_types::Geometry;
    let mut pts = Vec::new();
    for f in &deposits.features {
        match &f.geometry {
            Some(Geometry::Point(p)) => pts.push((p.x(), p.y())),
            Some(Geometry::MultiPoint(mp)) => pts.extend(mp.0.iter().map(|p| (p.x(), p.y()))),
            _ => {}
        }
    }
    let mut cells = Vec::with_capacity(pts.len());
    let (mut off_grid, mut off_study) = (0, 0);
    for (x, y) in pts {
        match geometry.cell_of(x, y) {
            Some((c, r)) if study[r * geometry.cols + c] => cells.push(r * geometry.cols + c),
            Some(_) => off_study += 1,
            None => off_grid += 1,
        }
    }
    (cells, off_grid, off_study)
}
