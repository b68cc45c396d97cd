//! `lode evidence`: outputs equal the library's and gdal_rasterize's; bad input exits 2 with one
//! error line and no output.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{self, lode, ok, one_line_error, s};

fn data(name: &str) -> PathBuf {
    common::data("evidence").join(name)
}

/// Runs `lode evidence SUB ARGS… --out OUT`.
fn evidence(sub: &str, args: &[&str], out: &Path) -> Output {
    let mut a = vec!["evidence", sub];
    a.extend_from_slice(args);
    a.extend(["--out", s(out)]);
    lode(&a)
}

#[test]
fn evidence_rasterize_equals_gdal_and_writes_the_legend() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("unit.tif");
    ok(&evidence(
        "rasterize",
        &[
            s(&data("map.geojson")),
            "--like",
            s(&data("map_unit.tif")),
            "--attribute",
            "unit",
        ],
        &out,
    ));
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
        s(&faults),
        "--extent",
        "400000,6700000,440000,6740000",
        "--cell",
        "500",
    ];
    ok(&evidence("distance", &args, &out));
    let got = lode_io::read_grid(&out).unwrap();
    let g = lode_core::GridGeometry::new(80, 80, 400_000.0, 6_740_000.0, 500.0, 500.0).unwrap();
    let layer = lode_io::read_vector(&faults).unwrap();
    let want = lode_prospect::evidence::distance::distance_to_features(&layer, &g).unwrap();
    assert!(got.geometry.same_as(&g));
    for (a, b) in got.values_f64().iter().zip(want.values_f64().iter()) {
        assert!((a - b).abs() <= 1e-3 * b.max(1.0), "{a} vs {b}");
    }
    let buf = dir.path().join("b.tif");
    ok(&evidence(
        "distance",
        &[&args[..], &["--buffer", "1000"]].concat(),
        &buf,
    ));
    let b = lode_io::read_grid(&buf).unwrap();
    for (x, d) in b.values_f64().iter().zip(want.values_f64().iter()) {
        assert_eq!(*x, if *d <= 1000.0 { 1.0 } else { 0.0 });
    }
}

#[test]
fn evidence_classify_writes_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.tif");
    ok(&evidence(
        "classify",
        &[
            s(&data("map_density.tif")),
            "--method",
            "quantile",
            "--classes",
            "3",
        ],
        &out,
    ));
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
    let m = s(&map);
    for (sub, args) in [
        ("contacts", &["--cell", "100"][..]),
        ("contacts", &["--cell", "100", "--attribute", "nope"]),
        ("teleport", &["--cell", "100"]),
        ("distance", &[]),
        ("point-density", &["--cell", "100", "--radius", "50"]),
    ] {
        one_line_error(&evidence(sub, &[&[m][..], args].concat(), &out), "");
        assert!(!out.exists(), "{sub} {args:?}");
    }
}

/// `lode evidence geochem` on real station positions (the southern-Africa gravity stations, the
/// elevation standing in for a concentration): the layer is the library's element grid on the
/// `--like` grid, blank exactly where GDAL's inverse-distance reference is; a missing element
/// column is refused.
#[test]
fn evidence_geochem_equals_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(common::data("gravity/bushveld.txt")).unwrap();
    let (mut x, mut y, mut v) = (Vec::new(), Vec::new(), Vec::new());
    let mut csv = String::from("lon,lat,elev_m\n");
    for l in text.lines() {
        let f: Vec<f64> = l.split_whitespace().map(|t| t.parse().unwrap()).collect();
        csv.push_str(&format!("{},{},{}\n", f[1], f[0], f[2]));
        x.push(f[1]);
        y.push(f[0]);
        v.push(f[2]);
    }
    let samples = dir.path().join("stations.csv");
    std::fs::write(&samples, csv).unwrap();
    let like = common::data("geochem/idw_gdal.tif");
    let out = dir.path().join("elev.tif");
    let o = evidence(
        "geochem",
        &[
            s(&samples),
            "--attribute",
            "elev_m",
            "--radius",
            "0.25",
            "--like",
            s(&like),
        ],
        &out,
    );
    let stdout = ok(&o);
    assert!(
        stdout.contains(&format!("elev_m: {} samples", v.len())),
        "{stdout}"
    );
    let got = lode_io::read_grid(&out).unwrap();
    let reference = lode_io::read_grid(&like).unwrap();
    let (want, _) = lode_prospect::evidence::geochem::element_grid(
        &x,
        &y,
        &v,
        &reference.geometry,
        None,
        Some(0.25),
    )
    .unwrap();
    let (g, w, r) = (got.values_f64(), want.values_f64(), reference.values_f64());
    for i in 0..g.len() {
        assert_eq!(g[i].is_nan(), r[i].is_nan(), "cell {i}");
        assert!(g[i] == w[i] || (g[i].is_nan() && w[i].is_nan()), "cell {i}");
    }
    let bad = dir.path().join("bad.tif");
    let o = evidence(
        "geochem",
        &[s(&samples), "--attribute", "Cu_ppm", "--like", s(&like)],
        &bad,
    );
    one_line_error(&o, "Cu_ppm");
    assert!(!bad.exists());
}
