//! `lode lineaments`: GeoJSON output readable by lode_io with the documented attributes,
//! density and rose outputs, and one-line exit-2 errors for bad input.

use std::path::Path;
use std::process::{Command, Output};

use lode_core::{Crs, Grid, GridGeometry};
use lode_geophys::prism::{GravityModel, Prism};

const N: usize = 100;
const D: f64 = 50.0;
const X0: f64 = 500_000.0;
const Y0: f64 = 7_005_000.0;

/// Gravity of a 2 km × 2 km prism (top 150 m, bottom 2 km) centred under the grid.
fn prism_grid(crs: Option<Crs>) -> Grid {
    let g = GridGeometry::new(N, N, X0, Y0, D, D).unwrap();
    let (cx, cy) = (X0 + 2500.0, Y0 - 2500.0);
    let p = Prism::new(
        cx - 1000.0,
        cx + 1000.0,
        cy - 1000.0,
        cy + 1000.0,
        -2000.0,
        -150.0,
    )
    .unwrap();
    let pts: Vec<[f64; 3]> = (0..N * N)
        .map(|i| {
            let (x, y) = g.cell_center(i % N, i / N);
            [x, y, 0.0]
        })
        .collect();
    let v = GravityModel::new(&[p], &[300.0]).unwrap().eval_many(&pts);
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

fn one_error_line(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let e = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.starts_with("error: "), "{e}");
    e
}

#[test]
fn cli_lineaments_geojson_density_rose() {
    let d = tempfile::tempdir().unwrap();
    let inp = d.path().join("g.tif");
    lode_io::write_grid(
        &inp,
        &prism_grid(Some(Crs::from_epsg(32735).unwrap())),
        None,
    )
    .unwrap();
    let out = d.path().join("l.geojson");
    let dens = d.path().join("dens.tif");
    let rose = d.path().join("rose.csv");
    let o = lode(&[
        "lineaments",
        s(&inp),
        s(&out),
        "--method",
        "thg",
        "--min-length",
        "500",
        "--density",
        s(&dens),
        "--radius",
        "500",
        "--rose",
        s(&rose),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let layer = lode_io::read_vector(&out).unwrap();
    for f in [
        "id",
        "method",
        "strike_deg",
        "length_m",
        "amplitude",
        "n_vertices",
    ] {
        assert!(layer.field_index(f).is_some(), "no field {f}");
    }
    assert!(layer.len() >= 4, "{} lineaments", layer.len());
    let li = layer.field_index("length_m").unwrap();
    let si = layer.field_index("strike_deg").unwrap();
    let mut total = 0.0;
    for f in &layer.features {
        assert!(matches!(
            f.geometry,
            Some(geo_types::Geometry::LineString(_))
        ));
        let len = f.attrs[li].as_f64().unwrap();
        assert!(len >= 500.0);
        total += len;
        let st = f.attrs[si].as_f64().unwrap();
        let off = (st % 90.0).min(90.0 - st % 90.0);
        assert!(off <= 2.0, "strike {st}");
    }
    let text = std::fs::read_to_string(&rose).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("from_deg,to_deg,count,length_m"));
    let rose_total: f64 = lines
        .map(|l| l.split(',').nth(3).unwrap().parse::<f64>().unwrap())
        .sum();
    assert!((rose_total - total).abs() < 0.01 * total.max(1.0));
    let g = lode_io::read_grid(&dens).unwrap();
    assert_eq!((g.cols(), g.rows()), (N, N));
    assert!(g.values.as_f64().iter().any(|&v| v > 0.0));
    // Deterministic; tilt method also runs.
    std::fs::create_dir(d.path().join("again")).unwrap();
    let out2 = d.path().join("again").join("l.geojson");
    let o = lode(&["lineaments", s(&inp), s(&out2), "--min-length", "500"]);
    assert!(o.status.success());
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&out2).unwrap());
    let gp = d.path().join("t.gpkg");
    let o = lode(&["lineaments", s(&inp), s(&gp), "--method", "tilt"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!lode_io::read_vector(&gp).unwrap().is_empty());
}

#[test]
fn cli_lineaments_bad_input_exits_2() {
    let d = tempfile::tempdir().unwrap();
    let nocrs = d.path().join("nocrs.tif");
    lode_io::write_grid(&nocrs, &prism_grid(None), None).unwrap();
    let out = d.path().join("l.geojson");
    let e = one_error_line(&lode(&["lineaments", s(&nocrs), s(&out)]));
    assert!(e.contains("no CRS"), "{e}");
    assert!(!out.exists());
    let geo = d.path().join("geo.tif");
    let mut g = prism_grid(Some(Crs::from_epsg(4326).unwrap()));
    g.geometry = GridGeometry::new(N, N, 20.0, -20.0, 0.001, 0.001).unwrap();
    lode_io::write_grid(&geo, &g, None).unwrap();
    let e = one_error_line(&lode(&["lineaments", s(&geo), s(&out)]));
    assert!(e.contains("geographic"), "{e}");
    let good = d.path().join("good.tif");
    lode_io::write_grid(
        &good,
        &prism_grid(Some(Crs::from_epsg(32735).unwrap())),
        None,
    )
    .unwrap();
    let e = one_error_line(&lode(&[
        "lineaments",
        s(&good),
        s(&out),
        "--method",
        "sobel",
    ]));
    assert!(e.contains("sobel"), "{e}");
    one_error_line(&lode(&[
        "lineaments",
        s(&good),
        s(&out),
        "--threshold",
        "7",
    ]));
    one_error_line(&lode(&[
        "lineaments",
        s(&good),
        s(&out),
        "--density",
        "d.tif",
    ]));
    one_error_line(&lode(&["lineaments", s(&good), s(&d.path().join("l.txt"))]));
    assert!(!out.exists());
}
