//! `lode wofe` validation outputs on the eis-toolkit reference case: success- and
//! prediction-rate curves, capture and AUC files, consistent with summary.json and with
//! `lode_prospect::validation` conventions; bad `--tops` is one clear error.

use crate::cli_wofe::{wofe_data, wofe_reference};
use crate::common::{error_line, ok, read_json};

#[test]
fn writes_validation_tables() {
    let out = tempfile::tempdir().unwrap();
    let dep = wofe_data("wofe_deposits.shp");
    let options = ["--withheld", &dep, "--tops", "5,50"];
    ok(&wofe_reference(&["unique"], &options, out.path()));
    let summary = read_json(&out.path().join("summary.json"));
    let v = &summary["validation"];
    assert_eq!(v["study_cells"], 781);
    assert_eq!(v["training"]["used"], 16);
    assert_eq!(v["withheld"]["used"], 16);
    let auc = summary["auc"].as_f64().unwrap();
    assert_eq!(v["training"]["roc_auc"].as_f64().unwrap(), auc);
    assert_eq!(v["withheld"]["roc_auc"].as_f64().unwrap(), auc);
    let curves = std::fs::read_to_string(out.path().join("validation_curves.csv")).unwrap();
    let mut lines = curves.lines();
    assert_eq!(
        lines.next(),
        Some("area_fraction,score,success_rate,prediction_rate")
    );
    assert_eq!(lines.next(), Some("0,,0,0"));
    assert!(curves.trim_end().ends_with(",1,1"), "{curves}");
    let capture = std::fs::read_to_string(out.path().join("validation_capture.csv")).unwrap();
    assert_eq!(capture.lines().count(), 5, "{capture}");
    assert!(capture.contains("\nwithheld,50,"));
    let s = std::fs::read_to_string(out.path().join("validation_summary.csv")).unwrap();
    assert!(s.starts_with("set,given,used,outside_grid,outside_study,on_nodata,cells,roc_auc,curve_auc\ntraining,16,16,0,0,0,"));
}

#[test]
fn bad_tops_is_one_clear_error() {
    let out = tempfile::tempdir().unwrap();
    let o = wofe_reference(&[""], &["--tops", "5,120"], out.path());
    error_line(&o, "--tops");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}
