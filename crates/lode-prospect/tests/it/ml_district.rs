//! Machine learning on the synthetic district (lode-synth, seed 7): evidence layers computed from
//! the district's geology and fields, the gold deposits as positives. Checks: random forest and
//! gradient boosting score AUC > 0.7 on spatially held-out blocks; spatial folds never share a
//! block; models trained on the known deposits rank the withheld ones above most of the area;
//! deposits outside the grid or on no-data are reported; the prospectivity grid is 0–1 with NaN
//! where evidence is missing, and bitwise reproducible.

use std::sync::OnceLock;

use geo::{Distance, Euclidean, Point};
use lode_core::Grid;
use lode_prospect::evidence::{EvidenceLayer, EvidenceSet, LayerKind};
use lode_prospect::ml::{self, cv, ClassWeight, Dataset, DatasetOptions, ModelKind, ModelParams};
use lode_synth::district::deposits::Commodity;
use lode_synth::district::geology::Lithology;
use lode_synth::district::{District, InducingField};

const CELL: f64 = 250.0;

struct Case {
    set: EvidenceSet,
    gold: Vec<(f64, f64)>,
    known: Vec<(f64, f64)>,
    withheld: Vec<(f64, f64)>,
}

fn case() -> &'static Case {
    static CASE: OnceLock<Case> = OnceLock::new();
    CASE.get_or_init(|| {
        let d = District::build(7, InducingField::igrf_at_district().unwrap()).unwrap();
        let shears: Vec<_> = d.layout.shears().into_iter().map(|s| s.1).collect();
        let layer = |g: Grid, kind: LayerKind, units: &str| EvidenceLayer {
            grid: g,
            kind,
            units: units.into(),
            source: "lode-synth district seed 7".into(),
        };
        let dist = d
            .grid_of(CELL, |x, y| {
                let p = Point::new(x, y);
                shears
                    .iter()
                    .map(|l| Euclidean.distance(&p, l))
                    .fold(f64::INFINITY, f64::min)
            })
            .unwrap();
        let lith = d
            .grid_of(CELL, |x, y| d.layout.lithology(x, y) as u8 as f64)
            .unwrap();
        let contact = d
            .grid_of(CELL, |x, y| d.layout.granite_contact_distance(x, y))
            .unwrap();
        let grav = d.grid_of(CELL, |x, y| d.sample(&d.gravity, x, y)).unwrap();
        let tmi = d.grid_of(CELL, |x, y| d.sample(&d.tmi, x, y)).unwrap();
        let mut set = EvidenceSet::new(dist.geometry, dist.crs.clone());
        let legend = Lithology::ALL
            .iter()
            .map(|l| (*l as u8 as i64, l.name().to_string()))
            .collect();
        set.insert("dist_faults", layer(dist, LayerKind::Continuous, "m"))
            .unwrap();
        set.insert(
            "lithology",
            layer(lith, LayerKind::Categorical { legend }, ""),
        )
        .unwrap();
        set.insert("dist_contacts", layer(contact, LayerKind::Continuous, "m"))
            .unwrap();
        set.insert("grav_bouguer", layer(grav, LayerKind::Continuous, "mGal"))
            .unwrap();
        set.insert("mag_tmi", layer(tmi, LayerKind::Continuous, "nT"))
            .unwrap();
        let gold: Vec<_> = d
            .deposits
            .iter()
            .filter(|x| x.commodity == Commodity::Gold)
            .collect();
        Case {
            set,
            gold: gold.iter().map(|x| (x.x, x.y)).collect(),
            known: gold
                .iter()
                .filter(|x| x.known)
                .map(|x| (x.x, x.y))
                .collect(),
            withheld: gold
                .iter()
                .filter(|x| !x.known)
                .map(|x| (x.x, x.y))
                .collect(),
        }
    })
}

fn layers() -> Vec<String> {
    [
        "dist_faults",
        "lithology",
        "dist_contacts",
        "grav_bouguer",
        "mag_tmi",
    ]
    .map(String::from)
    .to_vec()
}

fn options() -> DatasetOptions {
    DatasetOptions {
        n_background: 3000,
        buffer_m: 500.0,
        class_weight: ClassWeight::Balanced,
        seed: 11,
        ..Default::default()
    }
}

fn params() -> ModelParams {
    let mut p = ModelParams::default();
    p.random_forest.n_trees = 100;
    p.random_forest.min_samples_leaf = 2;
    p.gradient_boosting.n_iter = 60;
    p
}

#[test]
fn ml_gold_is_predicted_on_held_out_blocks() {
    let c = case();
    let (ds, rep) = Dataset::from_evidence(&c.set, &layers(), &c.gold, &options()).unwrap();
    assert_eq!(rep.used.len(), c.gold.len(), "{}", rep.summary());
    assert!(ds
        .feature_names
        .contains(&"lithology=banded-iron-formation".to_string()));
    assert_eq!(ds.p(), 4 + Lithology::ALL.len());
    for kind in [
        ModelKind::Logistic,
        ModelKind::RandomForest,
        ModelKind::GradientBoosting,
    ] {
        let sp = cv::spatial_block_cv(kind, &ds, &params(), 8_000.0, 4, 3).unwrap();
        let rnd = cv::random_kfold_cv(kind, &ds, &params(), 4, 3).unwrap();
        eprintln!(
            "{}: spatial-block AUC {:.3} ± {:.3} {:?}; random k-fold {:.3} ± {:.3}",
            kind.name(),
            sp.mean_auc.unwrap(),
            sp.std_auc.unwrap(),
            sp.folds.iter().map(|f| f.auc).collect::<Vec<_>>(),
            rnd.mean_auc.unwrap(),
            rnd.std_auc.unwrap()
        );
        assert!(sp.folds.iter().all(|f| f.n_test_pos > 0));
        if kind != ModelKind::Logistic {
            assert!(sp.mean_auc.unwrap() > 0.7, "{}: {sp:?}", kind.name());
        }
    }
}

#[test]
fn ml_spatial_folds_are_disjoint_blocks() {
    let c = case();
    let (ds, _) = Dataset::from_evidence(&c.set, &layers(), &c.gold, &options()).unwrap();
    let block = 5_000.0;
    let folds = cv::spatial_folds(&ds, block, 5, 8).unwrap();
    assert_eq!(folds, cv::spatial_folds(&ds, block, 5, 8).unwrap());
    let xmin = ds.coords.iter().map(|c| c.0).fold(f64::INFINITY, f64::min);
    let ymin = ds.coords.iter().map(|c| c.1).fold(f64::INFINITY, f64::min);
    let mut fold_of_block = std::collections::HashMap::new();
    for (i, &(x, y)) in ds.coords.iter().enumerate() {
        let key = (
            ((x - xmin) / block).floor() as i64,
            ((y - ymin) / block).floor() as i64,
        );
        let f = *fold_of_block.entry(key).or_insert(folds[i]);
        assert_eq!(f, folds[i], "block {key:?} is split between folds");
    }
    // Every fold holds deposits and samples; the test squares of different folds never overlap.
    for f in 0..5 {
        assert!((0..ds.n()).any(|i| folds[i] == f && ds.y[i] == 1));
    }
    let mut counts = [0usize; 5];
    for &f in &folds {
        counts[f] += 1;
    }
    let (lo, hi) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
    assert!(*hi < 2 * lo, "unbalanced folds {counts:?}");
    assert!(cv::spatial_folds(&ds, 1e6, 5, 8).is_err());
}

#[test]
fn ml_known_deposits_predict_withheld_ones() {
    let c = case();
    let (ds, _) = Dataset::from_evidence(&c.set, &layers(), &c.known, &options()).unwrap();
    let set = &c.set;
    for kind in [ModelKind::RandomForest, ModelKind::GradientBoosting] {
        let m = ml::train(kind, &ds, &params(), 1).unwrap();
        let g = ml::predict_grid(&m, set).unwrap();
        let v = g.values.as_f32();
        assert!(v.iter().all(|p| (0.0..=1.0).contains(p)));
        let g2 = ml::predict_grid(&ml::train(kind, &ds, &params(), 1).unwrap(), set).unwrap();
        let bits =
            |g: &Grid| -> Vec<u32> { g.values.as_f32().iter().map(|v| v.to_bits()).collect() };
        assert_eq!(bits(&g), bits(&g2), "{kind:?} grid is not reproducible");
        let cell = |&(x, y): &(f64, f64)| {
            let (cc, r) = g.geometry.cell_of(x, y).unwrap();
            v[r * g.geometry.cols + cc] as f64
        };
        let pos: Vec<f64> = c.withheld.iter().map(cell).collect();
        let all: Vec<f64> = v.iter().map(|&p| p as f64).collect();
        let auc = lode_prospect::wofe::auc(&pos, &all);
        eprintln!(
            "{}: withheld gold ({}) AUC against all cells {auc:.3}",
            kind.name(),
            pos.len()
        );
        assert!(auc > 0.75, "{kind:?}: {auc}");
    }
}

#[test]
fn ml_deposits_off_the_evidence_are_reported_and_missing_cells_are_nan() {
    let c = case();
    let mut set = c.set.clone();
    let geom = set.geometry;
    // Blank the north-west 10 × 10 cells in every layer, and one continuous value elsewhere.
    for l in set.layers.values_mut() {
        for r in 0..10 {
            for cc in 0..10 {
                l.grid.set(cc, r, f64::NAN);
            }
        }
    }
    let (x_nw, y_nw) = geom.cell_center(3, 3);
    let (x_gap, y_gap) = geom.cell_center(50, 50);
    set.layers
        .get_mut("grav_bouguer")
        .unwrap()
        .grid
        .set(50, 50, f64::NAN);
    let mut deps = c.gold.clone();
    deps.push((x_nw, y_nw));
    deps.push((geom.x0 - 1_000.0, geom.y0));
    deps.push((x_gap, y_gap));
    let (ds, rep) = Dataset::from_evidence(&set, &layers(), &deps, &options()).unwrap();
    let n = c.gold.len();
    assert_eq!(rep.on_nodata, vec![n]);
    assert_eq!(rep.outside, vec![n + 1]);
    assert_eq!(rep.imputed, vec![n + 2]);
    assert_eq!(rep.used.len(), n + 1);
    assert_eq!(ds.n_pos(), n + 1);
    assert!(ds.x.iter().all(|v| v.is_finite()));
    let gi = ds
        .feature_names
        .iter()
        .position(|f| f == "grav_bouguer")
        .unwrap();
    assert_eq!(ds.row(n)[gi], ds.medians[gi]);
    let m = ml::train(ModelKind::Logistic, &ds, &params(), 0).unwrap();
    let g = ml::predict_grid(&m, &set).unwrap();
    assert!(g.get(3, 3).is_nan());
    assert!(g.get(50, 50).is_finite());
    assert!(g.get(20, 20).is_finite());
    // Requiring every layer leaves the gap cell out too.
    let strict = DatasetOptions {
        missing: ml::Missing::RequireAll,
        ..options()
    };
    let (ds2, rep2) = Dataset::from_evidence(&set, &layers(), &deps, &strict).unwrap();
    assert_eq!(rep2.on_nodata, vec![n, n + 2]);
    let m2 = ml::train(ModelKind::Logistic, &ds2, &params(), 0).unwrap();
    assert!(ml::predict_grid(&m2, &set).unwrap().get(50, 50).is_nan());
    // Fewer than two usable deposits, or an unknown layer: one clear error.
    let e = Dataset::from_evidence(&set, &layers(), &deps[n..], &options()).unwrap_err();
    assert!(e.to_string().contains("at least two deposits"), "{e}");
    let e = Dataset::from_evidence(&set, &["nope".to_string()], &deps, &options()).unwrap_err();
    assert!(e.to_string().contains("'nope' not found"), "{e}");
}

#[test]
fn ml_model_card_and_importances() {
    let c = case();
    let (ds, rep) = Dataset::from_evidence(&c.set, &layers(), &c.gold, &options()).unwrap();
    let p = params();
    let kind = ModelKind::RandomForest;
    let m = ml::train(kind, &ds, &p, 2).unwrap();
    let folds = cv::spatial_folds(&ds, 8_000.0, 4, 3).unwrap();
    let perm = ml::importance::permutation(kind, &ds, &p, &folds, 4, 2, 5).unwrap();
    assert_eq!(perm.len(), layers().len());
    eprintln!("permutation importance: {perm:?}");
    let best = perm.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
    // Gold sits on the shear zones: distance to faults matters most.
    assert_eq!(best.0, "dist_faults", "{perm:?}");
    let mut card = ml::ModelCard::new(&m, &ds);
    card.deposits = Some(rep);
    card.permutation_importance = perm;
    card.spatial_cv = Some(cv::spatial_block_cv(kind, &ds, &p, 8_000.0, 4, 3).unwrap());
    let json = card.to_json().unwrap();
    let back: ml::ModelCard = serde_json::from_str(&json).unwrap();
    assert_eq!(back.kind, ModelKind::RandomForest);
    assert_eq!(back.n_pos, c.gold.len());
    assert_eq!(back.impurity_importance.len(), ds.p());
    let (a, b) = (back.spatial_cv.unwrap(), card.spatial_cv.unwrap());
    assert_eq!(a.folds.len(), 4);
    for (x, y) in a.folds.iter().zip(&b.folds) {
        assert_eq!((x.n_test, x.n_test_pos), (y.n_test, y.n_test_pos));
        assert!((x.auc.unwrap() - y.auc.unwrap()).abs() < 1e-12);
    }
    assert!(json.contains("\"kind\": \"random_forest\""));
}
