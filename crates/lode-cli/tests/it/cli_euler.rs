//! `lode euler`: CSV/GeoPackage output for a buried cube and the input checks.

use std::path::Path;
use std::process::Output;

use lode_core::{Crs, Grid, GridGeometry};
use lode_geophys::prism::{induced_magnetisation, magnetic_field, total_field_anomaly, Prism};

use crate::common::{cell_centres, epsg, lode, ok, one_line_error, s, write_grid};

const N: usize = 120;
const D: f64 = 20.0;

/// Total-field anomaly at the pole of a 40 m cube centred 300 m deep under the grid centre.
fn cube_grid(crs: Option<Crs>) -> Grid {
    let g = GridGeometry::new(N, N, 500_000.0, 7_000_000.0, D, D).unwrap();
    let (cx, cy) = g.cell_center(N / 2, N / 2);
    let p = Prism::new(cx - 20.0, cx + 20.0, cy - 20.0, cy + 20.0, -320.0, -280.0).unwrap();
    let m = induced_magnetisation(0.05, 90.0, 0.0, 50_000.0);
    let v = magnetic_field(&[p], &[m], &cell_centres(&g))
        .unwrap()
        .iter()
        .map(|&b| total_field_anomaly(b, 90.0, 0.0))
        .collect();
    Grid::new_f64(g, v).unwrap().with_crs(crs)
}

/// Runs `lode euler INP OUT --si SI --window WINDOW EXTRA…`.
fn euler(inp: &Path, out: &Path, si: &str, window: &str, extra: &[&str]) -> Output {
    let args = ["euler", s(inp), s(out), "--si", si, "--window", window];
    lode(&[&args[..], extra].concat())
}

#[test]
fn euler_csv_finds_the_cube() {
    let d = tempfile::tempdir().unwrap();
    let g = cube_grid(epsg(32755));
    let (cx, cy) = g.geometry.cell_center(N / 2, N / 2);
    let inp = write_grid(d.path(), "g.tif", &g);
    let (out, out2, gp) = (
        d.path().join("e.csv"),
        d.path().join("e2.csv"),
        d.path().join("e.gpkg"),
    );
    // The CSV twice (for determinism) and a GeoPackage.
    for o in [&out, &out2, &gp] {
        ok(&euler(&inp, o, "3", "15", &[]));
    }
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
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&out2).unwrap());
    // GeoPackage with the same attributes.
    let layer = lode_io::read_vector(&gp).unwrap();
    assert_eq!(layer.features.len(), rows.len());
    assert!(layer.fields.iter().any(|f| f.name == "depth_uncertainty"));
}

#[test]
fn euler_bad_input() {
    let d = tempfile::tempdir().unwrap();
    let inp = write_grid(d.path(), "g.tif", &cube_grid(epsg(32755)));
    let nocrs = write_grid(d.path(), "n.tif", &cube_grid(None));
    let mut g = cube_grid(epsg(4326));
    g.geometry = GridGeometry::new(N, N, 140.0, -30.0, 0.001, 0.001).unwrap();
    let geo = write_grid(d.path(), "geo.tif", &g);
    let g = cube_grid(epsg(32755))
        .with_values_f64(vec![f64::NAN; N * N])
        .unwrap();
    let nan = write_grid(d.path(), "nan.tif", &g);
    let out = d.path().join("e.csv");
    for (i, si, window, needle) in [
        (&inp, "4", "15", "structural index"),
        (&inp, "1", "500", "larger than the grid"),
        (&nocrs, "1", "15", "no CRS"),
        (&geo, "1", "15", "geographic"),
        (&nan, "1", "15", "no valid values"),
    ] {
        one_line_error(&euler(i, &out, si, window, &[]), needle);
        assert!(!out.exists(), "{needle}");
    }
    // A grid without a CRS is accepted when its units are declared metres.
    ok(&euler(&nocrs, &out, "3", "15", &["--assume-metres"]));
    assert!(out.exists());
}
