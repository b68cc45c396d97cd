//! `lode wofe` end to end on the eis-toolkit reference case (tests/data/wofe/EXPECTED.md):
//! weights within 5e-5, T within 1e-6.
// Tabulated values such as s = 1.4142 are data, not approximations of √2.
#![allow(clippy::approx_constant)]

use std::path::Path;
use std::process::Output;

use crate::common::{data, error_line, lode, ok, read_json, s};

/// A file of the reference case in tests/data/wofe.
pub(crate) fn wofe_data(name: &str) -> String {
    s(&data("wofe").join(name)).to_string()
}

/// Runs `lode wofe --evidence EVIDENCE --deposits DEPOSITS OPTIONS… --out OUT`.
pub(crate) fn wofe(evidence: &str, deposits: &str, options: &[&str], out: &Path) -> Output {
    let args = ["wofe", "--evidence", evidence, "--deposits", deposits];
    lode(&[&args[..], options, &["--out", s(out)]].concat())
}

/// Runs [`wofe`] on the reference case: the evidence raster once per mode of `modes` (`""` for
/// the default) and the reference deposits.
pub(crate) fn wofe_reference(modes: &[&str], options: &[&str], out: &Path) -> Output {
    let ev = wofe_data("wofe_evidence_raster.tif");
    let evidence: Vec<String> = modes
        .iter()
        .map(|m| match *m {
            "" => ev.clone(),
            m => format!("{ev}:{m}"),
        })
        .collect();
    let deposits = wofe_data("wofe_deposits.shp");
    wofe(&evidence.join(","), &deposits, options, out)
}

/// Rows of a weights CSV keyed by class: the 12 numeric columns after `class`.
fn read_csv(p: &Path) -> Vec<(i64, Vec<f64>)> {
    let text = std::fs::read_to_string(p).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "class,area_km2,points,w_plus,s_w_plus,w_minus,s_w_minus,contrast,s_contrast,studentized_contrast,gen_class,weight,s_weight"
    );
    lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[0].parse().unwrap(),
                f[1..].iter().map(|v| v.parse().unwrap()).collect(),
            )
        })
        .collect()
}

fn row(rows: &[(i64, Vec<f64>)], class: i64) -> &[f64] {
    &rows.iter().find(|r| r.0 == class).unwrap().1
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() <= 5e-5, "got {a}, expected {b}");
}

/// [`close`] for each of the first `want.len()` values of `got`.
fn close_all(got: &[f64], want: &[f64]) {
    assert!(got.len() >= want.len(), "{got:?}");
    for (g, e) in got.iter().zip(want) {
        close(*g, *e);
    }
}

#[test]
fn ascending_and_descending_reproduce_expected() {
    let out = tempfile::tempdir().unwrap();
    ok(&wofe_reference(
        &["ascending", "descending"],
        &["--generalize", "studentized:1", "--round-weights", "4"],
        out.path(),
    ));
    let asc = read_csv(&out.path().join("weights_wofe_evidence_raster.csv"));
    // class 1: area, points, W+, sW+, W−, sW−, C, sC, studC, gen class, weight, s(weight)
    let exp = [
        275., 9., 0.4810, 0.3389, -0.3994, 0.3806, 0.8804, 0.5096, 1.7275, 2., 0.4810, 0.3389,
    ];
    close_all(row(&asc, 1), &exp);
    let r10 = row(&asc, 10);
    close_all(
        &[r10[2], r10[4], r10[6], r10[8]],
        &[-0.0520, 1.6589, -1.7109, -1.5690],
    );
    close(row(&asc, 13)[9], 1.0);
    close(row(&asc, 13)[10], -0.3994);
    let desc = read_csv(
        &out.path()
            .join("weights_wofe_evidence_raster_descending.csv"),
    );
    let exp = [
        12., 1., 1.4694, 1.0445, -0.0501, 0.2608, 1.5194, 1.0765, 1.4114, 2., 1.4694, 1.0445,
    ];
    close_all(row(&desc, 10), &exp);
    close(row(&desc, 13)[9], 2.0);
    close(row(&desc, 8)[10], -0.0501);
    let s = read_json(&out.path().join("summary.json"));
    assert!((s["t"].as_f64().unwrap() - 15.76794227613399).abs() < 1e-6);
    close(s["n_over_t"].as_f64().unwrap(), 1.0147);
    close(s["prior"].as_f64().unwrap(), 16.0 / 781.0);
    assert_eq!(s["n_deposits"].as_f64(), Some(16.0));
    assert_eq!(s["study_area_km2"].as_f64(), Some(781.0));
    for f in ["posterior.tif", "posterior_std.tif", "confidence.tif"] {
        let g = lode_io::read_grid(&out.path().join(f)).unwrap();
        assert_eq!((g.geometry.cols, g.geometry.rows), (39, 28));
    }
    let p = lode_io::read_grid(&out.path().join("posterior.tif")).unwrap();
    let v = p.values.as_f64();
    assert_eq!(v.iter().filter(|x| x.is_finite()).count(), 781);
    assert_eq!(
        v.iter().filter(|x| (**x - 0.05747095).abs() < 1e-6).count(),
        12
    );
}

#[test]
fn unique_and_categorical_tables() {
    let out = tempfile::tempdir().unwrap();
    ok(&wofe_reference(&["", "categorical"], &[], out.path()));
    let u = read_csv(&out.path().join("weights_wofe_evidence_raster.csv"));
    let exp = [
        2., 1., 3.8673, 1.4142, -0.0632, 0.2607, 3.9305, 1.4380, 2.7332,
    ];
    close_all(row(&u, 10), &exp);
    assert_eq!(row(&u, 8)[2..9], [0.0; 7]);
    assert_eq!(row(&u, 8)[9..], [8.0, 0.0, 0.0]);
    let c = read_csv(
        &out.path()
            .join("weights_wofe_evidence_raster_categorical.csv"),
    );
    for k in [2, 5, 6, 8, 13] {
        close(row(&c, k)[10], -0.8055);
        close(row(&c, k)[11], 1.0047);
    }
    close(row(&c, 3)[10], -0.4920);
}

#[test]
fn bad_input_exits_2_without_output() {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("o");
    let ev = wofe_data("wofe_evidence_raster.tif");
    let o = wofe(&ev, &wofe_data("missing.shp"), &[], &dest);
    error_line(&o, "missing.shp");
    assert!(!dest.exists());
    let o = wofe_reference(&[""], &["--generalize", "bogus"], &dest);
    error_line(&o, "bogus");
    assert!(!dest.exists());
}
