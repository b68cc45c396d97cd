//! `lode evidence`: outputs equal the library's and gdal_rasterize's; bad input exits 2 with one
//! error line and no output.

use std::path::PathBuf;
use std::process::Command;

fn data(name: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/evidence"
    ))
    .join(name)
}

fn lode(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lode"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn evidence_rasterize_equals_gdal_and_writes_the_legend() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("unit.tif");
    let o = lode(&[
        "evidence",
        "rasterize",
        data("map.geojson").to_str().unwrap(),
        "--like",
        data("map_unit.tif").to_str().unwrap(),
        "--attribute",
        "unit",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let got = lode_io::read_grid(&out).unwrap();
    let want = lode_io::read_grid(&data("map_unit.tif")).unwrap();
    let (g, w) = (got.values_f64(), want.values_f64());
    assert!(g
        .iter()
        .zip(w.iter())
        .all(|(a, b)| a == b || (a.is_nan() && b.is_nan())));
    let legend = std::fs::read_to_string(dir.path().join("unit.legend.csv")).unwrap();
    assert!(legend.starts_with("code,name\n1,basalt\n"), "{legend}");
}

#[test]
fn evidence_distance_and_buffer_equal_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("d.tif");
    let faults = data("faults.geojson");
    let args = [
        "evidence",
        "distance",
        faults.to_str().unwrap(),
        "--extent",
        "400000,6700000,440000,6740000",
        "--cell",
        "500",
        "--out",
        out.to_str().unwrap(),
    ];
    let o = lode(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let got = lode_io::read_grid(&out).unwrap();
    let g = lode_core::GridGeometry::new(80, 80, 400_000.0, 6_740_000.0, 500.0, 500.0).unwrap();
    let layer = lode_io::read_vector(&faults).unwrap();
    let want = lode_prospect::evidence::distance::distance_to_features(&layer, &g).unwrap();
    assert!(got.geometry.same_as(&g));
    for (a, b) in got.values_f64().iter().zip(want.values_f64().iter()) {
        assert!((a - b).abs() <= 1e-3 * b.max(1.0), "{a} vs {b}");
    }
    let buf = dir.path().join("b.tif");
    let mut a2 = args.to_vec();
    a2[8] = buf.to_str().unwrap();
    a2.extend(["--buffer", "1000"]);
    assert!(lode(&a2).status.success());
    let b = lode_io::read_grid(&buf).unwrap();
    for (x, d) in b.values_f64().iter().zip(want.values_f64().iter()) {
        assert_eq!(*x, if *d <= 1000.0 { 1.0 } else { 0.0 });
    }
}

#[test]
fn evidence_classify_writes_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.tif");
    let o = lode(&[
        "evidence",
        "classify",
        data("map_density.tif").to_str().unwrap(),
        "--method",
        "quantile",
        "--classes",
        "3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let breaks = std::fs::read_to_string(dir.path().join("c.breaks.csv")).unwrap();
    assert_eq!(breaks.lines().count(), 4, "{breaks}");
    let c = lode_io::read_grid(&out).unwrap();
    assert!(c
        .values_f64()
        .iter()
        .all(|v| v.is_nan() || [1.0, 2.0, 3.0].contains(v)));
}

#[test]
fn evidence_bad_input_exits_2_without_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.tif");
    let map = data("map.geojson");
    for args in [
        vec![
            "evidence",
            "contacts",
            map.to_str().unwrap(),
            "--cell",
            "100",
        ],
        vec![
            "evidence",
            "contacts",
            map.to_str().unwrap(),
            "--cell",
            "100",
            "--attribute",
            "nope",
        ],
        vec![
            "evidence",
            "teleport",
            map.to_str().unwrap(),
            "--cell",
            "100",
        ],
        vec!["evidence", "distance", map.to_str().unwrap()],
        vec![
            "evidence",
            "point-density",
            map.to_str().unwrap(),
            "--cell",
            "100",
            "--radius",
            "50",
        ],
    ] {
        let mut a = args.clone();
        a.extend(["--out", out.to_str().unwrap()]);
        let o = lode(&a);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("error: "), "{err}");
        assert!(!out.exists());
    }
}
