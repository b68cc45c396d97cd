//! `lode euler`: CSV/GeoPackage output for a buried cube and the input checks.

use std::path::Path;
use std::process::{Command, Output};

use lode_core::{Crs, Grid, GridGeometry};
use lode_geophys::prism::{induced_magnetisation, magnetic_field, total_field_anomaly, Prism};

const N: usize = 120;
const D: f64 = 20.0;

/// Total-field anomaly at the pole of a 40 m cube centred 300 m deep under the grid centre.
fn cube_grid(crs: Option<Crs>) -> Grid {
    let g = GridGeometry::new(N, N, 500_000.0, 7_000_000.0, D, D).unwrap();
    let (cx, cy) = g.cell_center(N / 2, N / 2);
    let p = Prism::new(cx - 20.0, cx + 20.0, cy - 20.0, cy + 20.0, -320.0, -280.0).unwrap();
    let pts: Vec<[f64; 3]> = (0..N * N)
        .map(|i| {
            let (x, y) = g.cell_center(i % N, i / N);
            [x, y, 0.0]
        })
        .collect();
    let m = induced_magnetisation(0.05, 90.0, 0.0, 50_000.0);
    let v = magnetic_field(&[p], &[m], &pts)
        .unwrap()
        .iter()
        .map(|&b| total_field_anomaly(b, 90.0, 0.0))
        .collect();
    Grid::new_f64(g, v).unwrap().with_crs(crs)
}

fn lode(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lode"))
        .args(args)
        .output()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn euler_csv_finds_the_cube() {
    let d = tempfile::tempdir().unwrap();
    let inp = d.path().join("g.tif");
    let g = cube_grid(Some(Crs::from_epsg(32755).unwrap()));
    let (cx, cy) = g.geometry.cell_center(N / 2, N / 2);
    lode_io::write_grid(&inp, &g, None).unwrap();
    let out = d.path().join("e.csv");
    let o = lode(&["euler", s(&inp), s(&out), "--si", "3", "--window", "15"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("x,y,depth,base,si,depth_uncertainty,count")
    );
    let rows: Vec<Vec<f64>> = lines
        .map(|l| l.split(',').map(|x| x.parse().unwrap()).collect())
        .collect();
    let near: Vec<&Vec<f64>> = rows
        .iter()
        .filter(|r| (r[0] - cx).hypot(r[1] - cy) < 100.0)
        .collect();
    assert!(!near.is_empty());
    for r in &near {
        assert!((r[2] - 300.0).abs() < 30.0, "depth {}", r[2]);
        assert_eq!(r[4], 3.0);
        assert!(r[5] <= 15.0);
    }
    // Deterministic output.
    let out2 = d.path().join("e2.csv");
    let o = lode(&["euler", s(&inp), s(&out2), "--si", "3", "--window", "15"]);
    assert!(o.status.success());
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&out2).unwrap());
    // GeoPackage with the same attributes.
    let gp = d.path().join("e.gpkg");
    let o = lode(&["euler", s(&inp), s(&gp), "--si", "3", "--window", "15"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let layer = lode_io::read_vector(&gp).unwrap();
    assert_eq!(layer.features.len(), rows.len());
    assert!(layer.fields.iter().any(|f| f.name == "depth_uncertainty"));
}

fn refused(args: &[&str], out: &Path, needle: &str) {
    let o = lode(args);
    assert_eq!(o.status.code(), Some(2), "{args:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains(needle), "{err}");
    assert!(!out.exists());
}

#[test]
fn euler_bad_input() {
    let d = tempfile::tempdir().unwrap();
    let inp = d.path().join("g.tif");
    lode_io::write_grid(&inp, &cube_grid(Some(Crs::from_epsg(32755).unwrap())), None).unwrap();
    let out = d.path().join("e.csv");
    let (i, o) = (s(&inp), s(&out));
    refused(
        &["euler", i, o, "--si", "4", "--window", "15"],
        &out,
        "structural index",
    );
    refused(
        &["euler", i, o, "--si", "1", "--window", "500"],
        &out,
        "larger than the grid",
    );
    let nocrs = d.path().join("n.tif");
    lode_io::write_grid(&nocrs, &cube_grid(None), None).unwrap();
    refused(
        &["euler", s(&nocrs), o, "--si", "1", "--window", "15"],
        &out,
        "no CRS",
    );
    let o2 = lode(&[
        "euler",
        s(&nocrs),
        o,
        "--si",
        "3",
        "--window",
        "15",
        "--assume-metres",
    ]);
    assert!(
        o2.status.success(),
        "{}",
        String::from_utf8_lossy(&o2.stderr)
    );
    std::fs::remove_file(&out).unwrap();
    let geo = d.path().join("geo.tif");
    let mut g = cube_grid(Some(Crs::from_epsg(4326).unwrap()));
    g.geometry = GridGeometry::new(N, N, 140.0, -30.0, 0.001, 0.001).unwrap();
    lode_io::write_grid(&geo, &g, None).unwrap();
    refused(
        &["euler", s(&geo), o, "--si", "1", "--window", "15"],
        &out,
        "geographic",
    );
    let nan = d.path().join("nan.tif");
    let g = cube_grid(Some(Crs::from_epsg(32755).unwrap()));
    let g = g.with_values_f64(vec![f64::NAN; N * N]).unwrap();
    lode_io::write_grid(&nan, &g, None).unwrap();
    refused(
        &["euler", s(&nan), o, "--si", "1", "--window", "15"],
        &out,
        "no valid values",
    );
}
