//! Weights of evidence through the coded engine: bit-identical to a per-cell evaluation of the
//! published formulas (dense and hashed condition tables, u8 and u16 codes), and its validation
//! from unique conditions equal to `validation::validate` on the posterior grid.

use std::collections::{BTreeMap, HashMap};

use lode_core::grid::Grid;
use lode_prospect::validation::{self, DEFAULT_TOPS};
use lode_prospect::wofe::*;

const WOFE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/wofe");

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// Per-cell posterior, its deviation and the CI test as the original implementation did.
fn per_cell(
    layers: &[Layer],
    study: &[bool],
    m: &Fitted,
    unit: f64,
) -> (Vec<f64>, Vec<f64>, CiTest) {
    let nd = m.n_deposits;
    let prior_l = prior_logit(m.study_cells, nd);
    let lookups: Vec<HashMap<i64, (f64, f64)>> = m
        .layers
        .iter()
        .map(|r| {
            r.class_weights
                .iter()
                .map(|c| (c.0, (c.2, c.3 * c.3)))
                .collect()
        })
        .collect();
    let (mut p, mut s) = (vec![f64::NAN; study.len()], vec![f64::NAN; study.len()]);
    let mut groups: BTreeMap<(u64, u64), u64> = BTreeMap::new();
    for i in 0..study.len() {
        if !study[i] {
            continue;
        }
        let (mut sw, mut sv) = (0.0, 0.0);
        for (l, lk) in layers.iter().zip(&lookups) {
            let c = l.classes[i];
            if c.is_finite() {
                if let Some(&(w, v)) = lk.get(&(c.round() as i64)) {
                    sw += w;
                    sv += v;
                }
            }
        }
        (p[i], s[i]) = posterior(prior_l, nd, sw, sv);
        *groups.entry((p[i].to_bits(), s[i].to_bits())).or_default() += 1;
    }
    let conds: Vec<(f64, f64, f64)> = groups
        .iter()
        .map(|(&(a, b), &c)| (c as f64 * unit, f64::from_bits(a), f64::from_bits(b)))
        .collect();
    (p, s, ci_test(&conds, nd))
}

fn same_bits(a: &[f64], b: &[f64], what: &str) {
    assert_eq!(a.len(), b.len());
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!(
            x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()),
            "{what} cell {i}: {x} vs {y}"
        );
    }
}

fn check_against_per_cell(
    classes: &[Vec<f64>],
    kinds: &[LayerType],
    study: &[bool],
    dep: &[usize],
) {
    let unit = 0.25;
    let layers: Vec<Layer> = classes
        .iter()
        .zip(kinds)
        .map(|(c, &kind)| Layer { classes: c, kind })
        .collect();
    let coded: Vec<CodedLayer> = layers
        .iter()
        .map(|l| CodedLayer::new(l.classes, l.kind, true).unwrap())
        .collect();
    let f = fit_coded(&coded, study, dep, unit, None).unwrap();
    let mut p = vec![0.0; study.len()];
    let mut s = vec![0.0; study.len()];
    f.fill(&coded, study, Output::Posterior, &mut p).unwrap();
    f.fill(&coded, study, Output::Std, &mut s).unwrap();
    let (rp, rs, ci) = per_cell(&layers, study, &f, unit);
    same_bits(&p, &rp, "posterior");
    same_bits(&s, &rs, "std");
    assert_eq!(f.ci.t.to_bits(), ci.t.to_bits());
    assert_eq!(f.ci.s_t.to_bits(), ci.s_t.to_bits());
    // The AUC equals the AUC of the per-cell posteriors (points vs cells without a deposit).
    let mut is_dep = vec![false; study.len()];
    dep.iter().for_each(|&i| is_dep[i] = true);
    let pos: Vec<f64> = dep.iter().map(|&i| rp[i]).collect();
    let neg: Vec<f64> = (0..study.len())
        .filter(|&i| study[i] && !is_dep[i])
        .map(|i| rp[i])
        .collect();
    assert!((f.auc - validation::auc(&pos, &neg)).abs() < 1e-12);
    // The legacy entry point gives the same rasters.
    let m = fit(&layers, study, dep, unit, None).unwrap();
    same_bits(&m.posterior, &rp, "fit posterior");
}

#[test]
fn dense_and_hashed_conditions_match_per_cell_formulas() {
    let n = 40_000;
    let mut r = Lcg(7);
    // Four unique layers of 40 classes: 41^4 > 2^20 conditions → hashed table; one of them
    // with holes of no data.
    let mut classes: Vec<Vec<f64>> = (0..4)
        .map(|_| {
            (0..n)
                .map(|_| (r.next() % 40) as f64 * 3.0 - 10.0)
                .collect()
        })
        .collect();
    for i in (0..n).step_by(17) {
        classes[2][i] = f64::NAN;
    }
    let study: Vec<bool> = (0..n).map(|i| i % 101 != 0).collect();
    let dep: Vec<usize> = (0..300)
        .map(|_| (r.next() as usize) % n)
        .filter(|&i| study[i])
        .collect();
    check_against_per_cell(&classes, &[LayerType::Unique; 4], &study, &dep);
    // Two cumulative layers and a categorical one: small dense table.
    let g = Generalize::MaxContrast;
    check_against_per_cell(
        &classes[..3],
        &[
            LayerType::Ascending(g),
            LayerType::Descending(g),
            LayerType::Categorical(1.0),
        ],
        &study,
        &dep,
    );
}

#[test]
fn wide_class_range_uses_u16_codes() {
    let n = 20_000;
    let mut r = Lcg(11);
    // 600 classes spread over a range wider than 65536: sorted-dictionary coding.
    let a: Vec<f64> = (0..n).map(|_| ((r.next() % 600) * 1000) as f64).collect();
    let b: Vec<f64> = (0..n).map(|_| (r.next() % 5) as f64).collect();
    let c = CodedLayer::new(&a, LayerType::Unique, true).unwrap();
    assert!(matches!(c.codes, Codes::U16(_)));
    assert_eq!(c.classes.len(), 600);
    let study = vec![true; n];
    let dep: Vec<usize> = (0..200).map(|_| (r.next() as usize) % n).collect();
    check_against_per_cell(
        &[a, b],
        &[
            LayerType::Unique,
            LayerType::Ascending(Generalize::MaxContrast),
        ],
        &study,
        &dep,
    );
}

#[test]
fn coding_rejects_fractions_only_when_strict() {
    let v = [1.0f32, 2.5, f32::NAN, 3.0];
    assert!(CodedLayer::new(&v, LayerType::Unique, true).is_err());
    let c = CodedLayer::new(&v, LayerType::Unique, false).unwrap();
    assert_eq!(c.classes, vec![1, 3]);
    assert_eq!(
        (0..4).map(|i| c.codes.get(i)).collect::<Vec<_>>(),
        vec![Some(0), Some(1), None, Some(1)]
    );
}

#[test]
fn validation_from_conditions_equals_validation_of_the_grid() {
    let g = lode_io::read_grid(format!("{WOFE}/wofe_evidence_raster.tif").as_ref()).unwrap();
    let geometry = g.geometry;
    let classes = g.values.as_f64().into_owned();
    let study: Vec<bool> = classes.iter().map(|v| v.is_finite()).collect();
    let v = lode_io::read_vector(format!("{WOFE}/wofe_deposits.shp").as_ref()).unwrap();
    let (dep, _) = deposit_cells(&geometry, &v, &study);
    // Train on every third deposit, withhold the others.
    let train: Vec<usize> = dep.iter().step_by(3).copied().collect();
    let held: Vec<usize> = dep
        .iter()
        .enumerate()
        .filter(|(k, _)| k % 3 != 0)
        .map(|x| *x.1)
        .collect();
    let kinds = [
        LayerType::Ascending(Generalize::MaxContrast),
        LayerType::Unique,
    ];
    let coded: Vec<CodedLayer> = kinds
        .iter()
        .map(|&k| CodedLayer::new(&classes, k, true).unwrap())
        .collect();
    let f = fit_coded(&coded, &study, &train, 1.0, Some(4)).unwrap();
    let fast = f
        .validate(&coded, &study, &held, (0, 0), (0, 0), &DEFAULT_TOPS)
        .unwrap();
    let mut p = vec![0.0; study.len()];
    f.fill(&coded, &study, Output::Posterior, &mut p).unwrap();
    let grid = Grid::new_f64(geometry, p).unwrap();
    let centre = |i: usize| geometry.cell_center(i % geometry.cols, i / geometry.cols);
    let tp: Vec<(f64, f64)> = train.iter().map(|&i| centre(i)).collect();
    let hp: Vec<(f64, f64)> = held.iter().map(|&i| centre(i)).collect();
    let slow = validation::validate(&grid, None, &tp, &hp, &DEFAULT_TOPS).unwrap();
    assert_eq!(fast.study_cells, slow.study_cells);
    assert_eq!(fast.levels, slow.levels);
    assert_eq!(fast.curves_csv(), slow.curves_csv());
    assert_eq!(fast.capture_csv(), slow.capture_csv());
    assert_eq!(fast.summary_csv(), slow.summary_csv());
    assert!((fast.training.roc_auc - f.auc).abs() < 1e-15);
}
