//! `lode wofe` end to end on the eis-toolkit reference case (tests/data/wofe/EXPECTED.md):
//! weights within 5e-5, T within 1e-6.
// Tabulated values such as s = 1.4142 are data, not approximations of √2.
#![allow(clippy::approx_constant)]

use std::path::Path;
use std::process::Command;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/wofe");

fn lode(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lode"))
        .args(args)
        .output()
        .unwrap()
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

#[test]
fn ascending_and_descending_reproduce_expected() {
    let out = tempfile::tempdir().unwrap();
    let ev = format!("{DIR}/wofe_evidence_raster.tif");
    let o = lode(&[
        "wofe",
        "--evidence",
        &format!("{ev}:ascending,{ev}:descending"),
        "--deposits",
        &format!("{DIR}/wofe_deposits.shp"),
        "--generalize",
        "studentized:1",
        "--round-weights",
        "4",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let asc = read_csv(&out.path().join("weights_wofe_evidence_raster.csv"));
    // class 1: area, points, W+, sW+, W−, sW−, C, sC, studC, gen class, weight, s(weight)
    let exp = [
        275., 9., 0.4810, 0.3389, -0.3994, 0.3806, 0.8804, 0.5096, 1.7275, 2., 0.4810, 0.3389,
    ];
    for (g, e) in row(&asc, 1).iter().zip(exp) {
        close(*g, e);
    }
    let r10 = row(&asc, 10);
    for (g, e) in [r10[2], r10[4], r10[6], r10[8]]
        .into_iter()
        .zip([-0.0520, 1.6589, -1.7109, -1.5690])
    {
        close(g, e);
    }
    close(row(&asc, 13)[9], 1.0);
    close(row(&asc, 13)[10], -0.3994);
    let desc = read_csv(
        &out.path()
            .join("weights_wofe_evidence_raster_descending.csv"),
    );
    let exp = [
        12., 1., 1.4694, 1.0445, -0.0501, 0.2608, 1.5194, 1.0765, 1.4114, 2., 1.4694, 1.0445,
    ];
    for (g, e) in row(&desc, 10).iter().zip(exp) {
        close(*g, e);
    }
    close(row(&desc, 13)[9], 2.0);
    close(row(&desc, 8)[10], -0.0501);
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("summary.json")).unwrap())
            .unwrap();
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
    let ev = format!("{DIR}/wofe_evidence_raster.tif");
    let o = lode(&[
        "wofe",
        "--evidence",
        &format!("{ev},{ev}:categorical"),
        "--deposits",
        &format!("{DIR}/wofe_deposits.shp"),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let u = read_csv(&out.path().join("weights_wofe_evidence_raster.csv"));
    let exp = [
        2., 1., 3.8673, 1.4142, -0.0632, 0.2607, 3.9305, 1.4380, 2.7332,
    ];
    for (g, e) in row(&u, 10).iter().zip(exp) {
        close(*g, e);
    }
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
    let o = lode(&[
        "wofe",
        "--evidence",
        &format!("{DIR}/wofe_evidence_raster.tif"),
        "--deposits",
        &format!("{DIR}/missing.shp"),
        "--out",
        dest.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "{err}"
    );
    assert!(!dest.exists());
    let o = lode(&[
        "wofe",
        "--evidence",
        &format!("{DIR}/wofe_evidence_raster.tif"),
        "--deposits",
        &format!("{DIR}/wofe_deposits.shp"),
        "--generalize",
        "bogus",
        "--out",
        dest.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!dest.exists());
}
