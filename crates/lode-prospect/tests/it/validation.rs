//! Validation (success/prediction-rate curves, ROC AUC, capture efficiency) against
//! scikit-learn's roc_auc_score and a numpy re-computation (tools/make_validation_reference.py,
//! tests/data/validation/reference.json), to 1e-9, and on hand-computed cases with ties.

use lode_core::grid::{Grid, GridGeometry};
use lode_prospect::validation::{self, validate, DEFAULT_TOPS};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/validation");
const WOFE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/wofe");
const TOL: f64 = 1e-9;

fn points(name: &str) -> Vec<(f64, f64)> {
    std::fs::read_to_string(format!("{DIR}/{name}"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let (x, y) = l.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

fn close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() <= TOL, "{what}: got {a}, expected {b}");
}

fn check_set(got: &validation::DepositSet, exp: &serde_json::Value, what: &str) {
    for (k, v) in [
        ("given", got.given),
        ("used", got.used),
        ("outside_grid", got.outside_grid),
        ("outside_study", got.outside_study),
        ("on_nodata", got.on_nodata),
        ("cells", got.cells),
    ] {
        assert_eq!(v as u64, exp[k].as_u64().unwrap(), "{what} {k}");
    }
    close(
        got.roc_auc,
        exp["roc_auc"].as_f64().unwrap(),
        &format!("{what} roc_auc"),
    );
    close(
        got.curve_auc,
        exp["curve_auc"].as_f64().unwrap(),
        &format!("{what} curve_auc"),
    );
    let caps = exp["capture"].as_array().unwrap();
    assert_eq!(got.capture.len(), caps.len());
    for (c, e) in got.capture.iter().zip(caps) {
        close(
            c.share,
            e.as_f64().unwrap(),
            &format!("{what} capture {}", c.top_percent),
        );
    }
}

fn reference_report() -> validation::ValidationReport {
    let score = lode_io::read_grid(format!("{DIR}/score.asc").as_ref()).unwrap();
    let mask = lode_io::read_grid(format!("{DIR}/mask.asc").as_ref()).unwrap();
    validate(
        &score,
        Some(&mask),
        &points("training.csv"),
        &points("withheld.csv"),
        &DEFAULT_TOPS,
    )
    .unwrap()
}

#[test]
fn matches_sklearn_reference() {
    let exp: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{DIR}/reference.json")).unwrap())
            .unwrap();
    let r = reference_report();
    assert_eq!(r.study_cells, exp["study_cells"].as_u64().unwrap());
    assert_eq!(r.nodata_cells, exp["nodata_cells"].as_u64().unwrap());
    check_set(&r.training, &exp["training"], "training");
    check_set(r.withheld.as_ref().unwrap(), &exp["withheld"], "withheld");
    // The curve's vertices reproduce its area and end at (1, 1).
    let last = r.curve.last().unwrap();
    assert_eq!(
        (last.area_fraction, last.success, last.prediction),
        (1.0, 1.0, 1.0)
    );
    let area: f64 = r
        .curve
        .windows(2)
        .map(|w| (w[1].area_fraction - w[0].area_fraction) * (w[0].success + w[1].success) / 2.0)
        .sum();
    close(area, r.training.curve_auc, "area from curve vertices");
}

#[test]
fn real_evidence_raster_auc_matches_sklearn() {
    let exp: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{DIR}/evidence_auc.json")).unwrap())
            .unwrap();
    let score = lode_io::read_grid(format!("{WOFE}/wofe_evidence_raster.tif").as_ref()).unwrap();
    let v = lode_io::read_vector(format!("{WOFE}/wofe_deposits.shp").as_ref()).unwrap();
    let pts: Vec<(f64, f64)> = v
        .features
        .iter()
        .filter_map(|f| match &f.geometry {
            Some(geo_types::Geometry::Point(p)) => Some((p.x(), p.y())),
            _ => None,
        })
        .collect();
    let r = validate(&score, None, &pts, &[], &DEFAULT_TOPS).unwrap();
    assert_eq!(r.training.used as u64, exp["deposits"].as_u64().unwrap());
    assert_eq!(
        r.study_cells - r.training.cells as u64,
        exp["negatives"].as_u64().unwrap()
    );
    close(
        r.training.roc_auc,
        exp["roc_auc"].as_f64().unwrap(),
        "roc_auc",
    );
    assert!(r.withheld.is_none());
}

fn row_grid(values: &[f64]) -> Grid {
    let g = GridGeometry::new(values.len(), 1, 0.0, 1.0, 1.0, 1.0).unwrap();
    Grid::new_f64(g, values.to_vec()).unwrap()
}

/// Point at the centre of column c of a one-row grid.
fn at(c: usize) -> (f64, f64) {
    (c as f64 + 0.5, 0.5)
}

#[test]
fn tied_scores_form_one_step() {
    // Scores 3, 2, 2, 1; one deposit on a cell of score 2. By hand: AUC = (0·1 + ½·1 + 1·1)/3
    // = 0.5; curve (0,0) (¼,0) (¾,1) (1,1), area ½·½ + ¼ = 0.5; capture at 50 % = ½ (half of
    // the tied level), at 25 % = 0.
    let r = validate(
        &row_grid(&[3.0, 2.0, 2.0, 1.0]),
        None,
        &[at(1)],
        &[],
        &[25.0, 50.0],
    )
    .unwrap();
    close(r.training.roc_auc, 0.5, "auc");
    close(r.training.curve_auc, 0.5, "curve auc");
    close(r.training.capture[0].share, 0.0, "capture 25");
    close(r.training.capture[1].share, 0.5, "capture 50");
    assert_eq!(r.training.capture[1].score_threshold, 2.0);
    assert_eq!(r.levels, 3);
    // Both tied cells give the same result.
    let r2 = validate(
        &row_grid(&[3.0, 2.0, 2.0, 1.0]),
        None,
        &[at(2)],
        &[],
        &[25.0, 50.0],
    )
    .unwrap();
    assert_eq!(r.training, r2.training);
    assert_eq!(
        r.curves_csv(),
        "area_fraction,score,success_rate,prediction_rate\n0,,0,\n0.25,3,0,\n0.75,2,1,\n1,1,1,\n"
    );
}

#[test]
fn all_deposits_in_the_top_cell() {
    // Two points in the single top cell of five: AUC 1; curve (0,0) (0.2,1) (1,1), area 0.9;
    // capture 1 % → 0.05, 10 % → 0.5, 20 % → 1.
    let r = validate(
        &row_grid(&[5.0, 1.0, 1.0, 1.0, 1.0]),
        None,
        &[at(0), at(0)],
        &[at(4)],
        &[1.0, 10.0, 20.0],
    )
    .unwrap();
    close(r.training.roc_auc, 1.0, "auc");
    close(r.training.curve_auc, 0.9, "curve auc");
    let shares: Vec<f64> = r.training.capture.iter().map(|c| c.share).collect();
    for (g, e) in shares.iter().zip([0.05, 0.5, 1.0]) {
        close(*g, e, "capture");
    }
    assert_eq!((r.training.used, r.training.cells), (2, 1));
    // Withheld point on a score-1 cell: below the top cell (4 negatives, 1 of them above it,
    // 3 tied) → AUC = (0 + ½·3)/4 = 0.375; curve (0,0) (0.2,0) (1,1): area 0.4.
    let w = r.withheld.as_ref().unwrap();
    close(w.roc_auc, 0.375, "withheld auc");
    close(w.curve_auc, 0.4, "withheld curve auc");
    let csv = r.capture_csv();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("set,top_percent,score_threshold,share,deposits")
    );
    let f: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&f[..3], &["training", "1", "5"]);
    close(f[3].parse().unwrap(), 0.05, "csv share");
    close(f[4].parse().unwrap(), 0.1, "csv deposits");
}

#[test]
fn constant_score_is_uninformative() {
    let r = validate(&row_grid(&[0.7; 10]), None, &[at(3), at(8)], &[], &[10.0]).unwrap();
    close(r.training.roc_auc, 0.5, "auc");
    close(r.training.curve_auc, 0.5, "curve auc");
    close(r.training.capture[0].share, 0.1, "capture");
}

#[test]
fn deterministic_and_reports_bad_input() {
    let a = reference_report();
    let b = reference_report();
    assert_eq!(a.curves_csv(), b.curves_csv());
    assert_eq!(a.capture_csv(), b.capture_csv());
    assert_eq!(a.summary_csv(), b.summary_csv());
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    let g = row_grid(&[1.0, 2.0, f64::NAN]);
    let e = validate(&g, None, &[at(2), (10.0, 0.5)], &[], &[5.0]).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("1 outside the grid") && msg.contains("1 on no data"),
        "{msg}"
    );
    assert!(validate(&g, None, &[at(0)], &[], &[0.0]).is_err());
    assert!(validate(&g, None, &[at(0)], &[], &[101.0]).is_err());
    let other = row_grid(&[1.0, 1.0]);
    assert!(validate(&g, Some(&other), &[at(0)], &[], &[5.0]).is_err());
    let dir = tempfile::tempdir().unwrap();
    a.write(dir.path(), "validation_").unwrap();
    for f in ["curves.csv", "capture.csv", "summary.csv", "report.json"] {
        assert!(dir.path().join(format!("validation_{f}")).exists(), "{f}");
    }
}
