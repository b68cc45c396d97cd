//! End-to-end tests of `lode qc` on the synthetic delivery in tests/data/qc/delivery
//! (built by tools/make_qc_fixture.py; the known answers are listed there).

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::common::{data, lode_cmd, ok, one_line_error, s};

/// Runs `lode qc ARGS…` in a 120-column terminal.
fn qc(args: &[&str]) -> Output {
    lode_cmd()
        .arg("qc")
        .args(args)
        .env("COLUMNS", "120")
        .output()
        .expect("run lode")
}

fn delivery() -> PathBuf {
    data("qc/delivery")
}

fn file(name: &str) -> String {
    delivery().join(name).display().to_string()
}

fn qc_json(args: &[&str]) -> Value {
    let out = ok(&qc(&[&["--json"][..], args].concat()));
    serde_json::from_str(&out).expect("JSON report")
}

/// (file name, check, severity) of every finding.
fn findings(v: &Value) -> Vec<(String, String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let name = Path::new(f["file"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (
                name,
                f["check"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn message<'a>(v: &'a Value, name: &str, check: &str) -> &'a str {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"].as_str().unwrap().ends_with(name) && f["check"] == check)
        .unwrap_or_else(|| panic!("no {check} finding for {name}"))["message"]
        .as_str()
        .unwrap()
}

#[test]
fn delivery_findings() {
    let v = qc_json(&[s(&delivery())]);
    let files: Vec<(&str, &str)> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["status"].as_str().unwrap()))
        .collect();
    let (b, fa, l, m) = (
        file("broken.asc"),
        file("far.asc"),
        file("lines.csv"),
        file("mag_grid.asc"),
    );
    assert_eq!(
        files,
        [
            (b.as_str(), "unreadable"),
            (fa.as_str(), "ok"),
            (l.as_str(), "ok"),
            (m.as_str(), "ok")
        ]
    );
    assert_eq!(
        v["files"][3]["sidecars"][0].as_str().unwrap(),
        file("mag_grid.prj")
    );
    assert_eq!(v["files"][3]["crs"], "EPSG:32755");

    let got = findings(&v);
    let expect = [
        ("broken.asc", "unreadable", "error"),
        ("far.asc", "units-missing", "warning"),
        ("lines.csv", "crs-missing", "warning"),
        ("lines.csv", "units-missing", "info"),
        ("lines.csv", "line-spacing", "info"),
        ("lines.csv", "spikes", "warning"),
        ("lines.csv", "corrugation", "warning"),
        ("mag_grid.asc", "units-missing", "warning"),
        ("mag_grid.asc", "spikes", "warning"),
        ("far.asc", "extent-no-overlap", "warning"),
        ("mag_grid.asc", "cell-vs-line-spacing", "warning"),
    ];
    let expect: Vec<(String, String, String)> = expect
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, expect);
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["summary"]["warnings"], 8);
    assert_eq!(v["summary"]["infos"], 2);

    assert!(message(&v, "broken.asc", "unreadable").contains("header declares 10 × 10"));
    assert!(message(&v, "mag_grid.asc", "spikes").contains("column 12, row 9 "));
    // The CSV spike: line L1050 (the 6th line of 201 points), its 51st point → index 5·201 + 50.
    assert!(message(&v, "lines.csv", "spikes").contains("on line L1050 at point 1055 "));
    assert!(message(&v, "lines.csv", "line-spacing").contains("line spacing 200.0 m"));
    assert!(message(&v, "lines.csv", "line-spacing").contains("interval 20.00 m"));
    assert!(message(&v, "mag_grid.asc", "cell-vs-line-spacing").contains("coarser than 1/3"));
    for f in v["findings"].as_array().unwrap() {
        assert!(!f["fix"].as_str().unwrap().is_empty());
    }
}

#[test]
fn table_output() {
    let text = ok(&qc(&[s(&delivery())]));
    let first = text.lines().next().unwrap();
    for h in ["SEVERITY", "FILE", "CHECK", "FINDING", "FIX"] {
        assert!(first.contains(h), "{first}");
    }
    assert!(text.lines().all(|l| l.chars().count() <= 120), "{text}");
    // Errors come first.
    assert!(text.lines().nth(2).unwrap().starts_with("error"), "{text}");
    assert!(
        text.trim_end()
            .ends_with("1 error(s), 8 warning(s), 2 info(s)."),
        "{text}"
    );
}

#[test]
fn missing_and_broken_inputs() {
    // One existing file and one missing path: the missing one is a finding.
    let v = qc_json(&[&file("mag_grid.asc"), "/nonexistent/lode-qc.asc"]);
    let got = findings(&v);
    assert!(
        got.contains(&("lode-qc.asc".into(), "unreadable".into(), "error".into())),
        "{got:?}"
    );

    // Nothing exists: usage error, one line, exit 2.
    one_line_error(&qc(&["/nonexistent/a.asc", "/nonexistent/b.asc"]), "");

    // Only unreadable files: exit 2 naming the reader's complaint.
    one_line_error(&qc(&[&file("broken.asc")]), "broken.asc");
}

#[test]
fn inputs_are_not_modified() {
    let dir = tempfile::tempdir().unwrap();
    let mut before = Vec::new();
    for name in ["mag_grid.asc", "mag_grid.prj", "lines.csv"] {
        let p: PathBuf = dir.path().join(name);
        std::fs::copy(file(name), &p).unwrap();
        before.push((p.clone(), std::fs::read(&p).unwrap()));
    }
    let d = dir.path().display().to_string();
    let a = ok(&qc(&["--json", &d]));
    let b = ok(&qc(&["--json", &d]));
    assert_eq!(a, b, "deterministic output");
    for (p, bytes) in before {
        assert_eq!(std::fs::read(&p).unwrap(), bytes);
    }
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "no files written: {names:?}");
}
