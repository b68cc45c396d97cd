//! lode_prospect::ml against scikit-learn 1.9 on the committed table in tests/data/ml
//! (tools/make_ml_reference.py): logistic-regression coefficients within 1e-4 relative (of the
//! largest coefficient), probabilities within 1e-5; random-forest and gradient-boosting test AUC
//! within 0.02 of scikit-learn's on the same train/test split; bitwise determinism.

use lode_prospect::ml::{self, ClassWeight, Dataset, Model, ModelKind, ModelParams};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/ml");

fn table(name: &str, cw: ClassWeight) -> Dataset {
    let text = std::fs::read_to_string(format!("{DIR}/reference_{name}.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let names: Vec<String> = header[2..8].iter().map(|s| s.to_string()).collect();
    let (mut x, mut y, mut xy) = (Vec::new(), Vec::new(), Vec::new());
    for l in lines {
        let v: Vec<f64> = l.split(',').map(|s| s.parse().unwrap()).collect();
        xy.push((v[0], v[1]));
        x.extend(v[2..8].iter().map(|&a| a as f32));
        y.push(v[8] as u8);
    }
    Dataset::from_rows(x, y, xy, names, cw).unwrap()
}

fn reference() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(format!("{DIR}/reference.json")).unwrap())
        .unwrap()
}

fn auc(pred: &[f32], y: &[u8]) -> f64 {
    ml::cv::auc_of(pred, y).unwrap()
}

#[test]
fn ml_logistic_matches_sklearn_lbfgs() {
    let r = reference();
    let test = table("test", ClassWeight::None);
    for case in r["logistic"].as_array().unwrap() {
        let cw = match case["class_weight"].as_str().unwrap() {
            "balanced" => ClassWeight::Balanced,
            _ => ClassWeight::None,
        };
        let train = table("train", cw);
        let mut params = ModelParams::default();
        params.logistic.c = case["c"].as_f64().unwrap();
        let m = ml::train(ModelKind::Logistic, &train, &params, 0).unwrap();
        let Model::Logistic(lr) = &m.model else {
            panic!("not logistic")
        };
        let coef: Vec<f64> = case["coef"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let scale = coef.iter().fold(0.0f64, |a, v| a.max(v.abs()));
        let b0 = case["intercept"].as_f64().unwrap();
        assert!(
            (lr.intercept - b0).abs() <= 1e-4 * scale,
            "intercept {} vs {b0}",
            lr.intercept
        );
        for (a, b) in lr.coef.iter().zip(&coef) {
            assert!(
                (a - b).abs() <= 1e-4 * scale,
                "C={} coef {a} vs {b}",
                params.logistic.c
            );
        }
        let pred = m.predict(&test.x);
        for (a, b) in pred
            .iter()
            .zip(case["test_proba_first200"].as_array().unwrap())
        {
            assert!((*a as f64 - b.as_f64().unwrap()).abs() < 1e-5);
        }
        let a = auc(&pred, &test.y);
        assert!((a - case["test_auc"].as_f64().unwrap()).abs() < 1e-6);
    }
}

#[test]
fn ml_forest_and_boosting_auc_match_sklearn() {
    let r = reference();
    let train = table("train", ClassWeight::None);
    let test = table("test", ClassWeight::None);
    let mut params = ModelParams::default();
    params.random_forest.n_trees = 200;
    for (kind, key) in [
        (ModelKind::RandomForest, "random_forest"),
        (ModelKind::GradientBoosting, "gradient_boosting"),
    ] {
        let m = ml::train(kind, &train, &params, 3).unwrap();
        let a = auc(&m.predict(&test.x), &test.y);
        let s = r[key]["test_auc"].as_f64().unwrap();
        eprintln!("{key}: lode AUC {a:.4}, scikit-learn {s:.4}");
        assert!((a - s).abs() < 0.02, "{key}: AUC {a} vs scikit-learn {s}");
        let imp = ml::importance::impurity(&m);
        let total: f64 = imp.iter().map(|v| v.1).sum();
        assert!((total - 1.0).abs() < 1e-9);
    }
}

#[test]
fn ml_same_seed_same_bits() {
    let train = table("train", ClassWeight::Balanced);
    let test = table("test", ClassWeight::None);
    let mut params = ModelParams::default();
    params.random_forest.n_trees = 30;
    params.gradient_boosting.n_iter = 30;
    params.gradient_boosting.subsample = 0.7;
    for kind in [
        ModelKind::Logistic,
        ModelKind::RandomForest,
        ModelKind::GradientBoosting,
    ] {
        let a = ml::train(kind, &train, &params, 42)
            .unwrap()
            .predict(&test.x);
        let b = ml::train(kind, &train, &params, 42)
            .unwrap()
            .predict(&test.x);
        let ab: Vec<u32> = a.iter().map(|v| v.to_bits()).collect();
        let bb: Vec<u32> = b.iter().map(|v| v.to_bits()).collect();
        assert_eq!(ab, bb, "{kind:?}");
        if kind != ModelKind::Logistic {
            let c = ml::train(kind, &train, &params, 43)
                .unwrap()
                .predict(&test.x);
            assert_ne!(a, c, "{kind:?}: another seed gives another model");
        }
    }
}

#[test]
fn ml_probabilities_are_in_unit_interval_and_nan_rows_are_imputed() {
    let train = table("train", ClassWeight::Balanced);
    let mut params = ModelParams::default();
    params.random_forest.n_trees = 20;
    params.gradient_boosting.n_iter = 20;
    for kind in [
        ModelKind::Logistic,
        ModelKind::RandomForest,
        ModelKind::GradientBoosting,
    ] {
        let m = ml::train(kind, &train, &params, 1).unwrap();
        let mut row = train.row(0).to_vec();
        let full = m.predict(&row)[0];
        row[2] = f32::NAN;
        let imputed = m.predict(&row)[0];
        let mut med = train.row(0).to_vec();
        med[2] = train.medians[2];
        assert_eq!(imputed, m.predict(&med)[0]);
        for v in [full, imputed] {
            assert!((0.0..=1.0).contains(&v));
        }
    }
}

/// Elkan & Noto (2008): with well-separated classes and 40 % of the positives labelled at random,
/// c = P(labelled | positive) (0.4185 realised) is recovered within 0.04 from the held-out labelled positives, and the model's
/// output is g(x)/c.
#[test]
fn ml_positive_unlabelled_recovers_label_frequency() {
    use lode_prospect::ml::rng::Rng;
    let mut rng = Rng::new(2008);
    let mut normal = || {
        let (u, v) = (rng.uniform().max(1e-12), rng.uniform());
        ((-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()) as f32
    };
    let (mut x, mut y, mut xy) = (Vec::new(), Vec::new(), Vec::new());
    let mut labelled = Vec::new();
    for i in 0..4000 {
        let positive = i % 2 == 0;
        let m = if positive { 3.0 } else { -3.0 };
        x.push(m + normal());
        x.push(normal());
        labelled.push(positive);
        xy.push((i as f64, 0.0));
    }
    let mut rng = Rng::new(7);
    for l in labelled.iter_mut() {
        *l = *l && rng.uniform() < 0.4;
    }
    y.extend(labelled.iter().map(|&l| l as u8));
    let ds = Dataset::from_rows(x, y, xy, vec!["a".into(), "b".into()], ClassWeight::None).unwrap();
    let mut params = ModelParams::default();
    params.pu.enabled = true;
    // The trees can represent P(labelled | x) levelling off at c inside the positive cluster; a
    // logistic curve cannot (it tends to 1), so its c is biased low.
    params.random_forest.n_trees = 50;
    let rf = ml::train(ModelKind::RandomForest, &ds, &params, 5).unwrap();
    let truth = labelled.iter().filter(|&&l| l).count() as f64 / 2000.0;
    let c = rf.pu_c.unwrap();
    assert!(
        (c - truth).abs() < 0.04,
        "random forest c = {c}, labelled {truth}"
    );
    let m = ml::train(ModelKind::GradientBoosting, &ds, &params, 5).unwrap();
    let c = m.pu_c.unwrap();
    assert!(
        (c - truth).abs() < 0.04,
        "gradient boosting c = {c}, labelled {truth}"
    );
    let g = ml::TrainedModel {
        pu_c: None,
        ..m.clone()
    };
    let (f, g) = (m.predict(&ds.x), g.predict(&ds.x));
    for (a, b) in f.iter().zip(&g) {
        assert_eq!(*a, ((*b as f64 / c).min(1.0)) as f32);
    }
    // A positive far from the boundary gets P ≈ 1 after the correction, not ≈ c.
    assert!(m.predict(&[3.0, 0.0])[0] > 0.9);
    params.pu.holdout = 1.5;
    assert!(ml::train(ModelKind::Logistic, &ds, &params, 5).is_err());
}

#[test]
fn ml_cv_reports_serialise_and_random_folds_are_stratified() {
    let train = table("train", ClassWeight::Balanced);
    let mut params = ModelParams::default();
    params.gradient_boosting.n_iter = 20;
    let folds = ml::cv::random_folds(&train, 5, 9).unwrap();
    for f in 0..5 {
        let pos = (0..train.n())
            .filter(|&i| folds[i] == f && train.y[i] == 1)
            .count();
        assert!((train.n_pos() / 5..=train.n_pos() / 5 + 1).contains(&pos));
    }
    let rep = ml::cv::random_kfold_cv(ModelKind::GradientBoosting, &train, &params, 5, 9).unwrap();
    assert_eq!(rep.folds.len(), 5);
    assert!(
        rep.mean_auc.unwrap() > 0.75 && rep.std_auc.unwrap() < 0.1,
        "{rep:?}"
    );
    let json = serde_json::to_string(&rep).unwrap();
    assert!(json.contains("\"kind\":\"gradient_boosting\""));
    let kinds: Vec<ModelKind> =
        serde_json::from_str("[\"logistic\",\"random_forest\",\"gradient_boosting\"]").unwrap();
    assert_eq!(kinds[1], ModelKind::RandomForest);
    let p: ModelParams = serde_json::from_str("{\"random_forest\":{\"n_trees\":7}}").unwrap();
    assert_eq!(p.random_forest.n_trees, 7);
    assert_eq!(p.gradient_boosting.max_leaf_nodes, 31);
}

#[test]
fn ml_bad_tables_are_refused() {
    let names = vec!["a".to_string()];
    assert!(Dataset::from_rows(
        vec![1.0, 2.0],
        vec![0],
        vec![(0.0, 0.0)],
        names.clone(),
        ClassWeight::None
    )
    .is_err());
    assert!(Dataset::from_rows(
        vec![1.0],
        vec![2],
        vec![(0.0, 0.0)],
        names.clone(),
        ClassWeight::None
    )
    .is_err());
    let one_class = Dataset::from_rows(
        vec![1.0, 2.0],
        vec![0, 0],
        vec![(0.0, 0.0), (1.0, 1.0)],
        names,
        ClassWeight::None,
    )
    .unwrap();
    let e = ml::train(
        ModelKind::RandomForest,
        &one_class,
        &ModelParams::default(),
        0,
    );
    assert!(e.unwrap_err().to_string().contains("both classes"));
}
