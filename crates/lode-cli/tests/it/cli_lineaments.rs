//! `lode lineaments`: GeoJSON output readable by lode_io with the documented attributes,
//! density and rose outputs, and one-line exit-2 errors for bad input.

use lode_core::{Crs, Grid, GridGeometry};
use lode_geophys::prism::{GravityModel, Prism};

use crate::common::{cell_centres, epsg, lode, ok, refused, s, write_grid};

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
    let v = GravityModel::new(&[p], &[300.0])
        .unwrap()
        .eval_many(&cell_centres(&g));
    Grid::new_f64(g, v).unwrap().with_crs(crs)
}

#[test]
fn cli_lineaments_geojson_density_rose() {
    let d = tempfile::tempdir().unwrap();
    let inp = write_grid(d.path(), "g.tif", &prism_grid(epsg(32735)));
    let out = d.path().join("l.geojson");
    let dens = d.path().join("dens.tif");
    let rose = d.path().join("rose.csv");
    ok(&lode(&[
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
    ]));
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
    ok(&lode(&[
        "lineaments",
        s(&inp),
        s(&out2),
        "--min-length",
        "500",
    ]));
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&out2).unwrap());
    let gp = d.path().join("t.gpkg");
    ok(&lode(&["lineaments", s(&inp), s(&gp), "--method", "tilt"]));
    assert!(!lode_io::read_vector(&gp).unwrap().is_empty());
}

#[test]
fn cli_lineaments_bad_input_exits_2() {
    let d = tempfile::tempdir().unwrap();
    let nocrs = write_grid(d.path(), "nocrs.tif", &prism_grid(None));
    let mut g = prism_grid(epsg(4326));
    g.geometry = GridGeometry::new(N, N, 20.0, -20.0, 0.001, 0.001).unwrap();
    let geo = write_grid(d.path(), "geo.tif", &g);
    let good = write_grid(d.path(), "good.tif", &prism_grid(epsg(32735)));
    let out = d.path().join("l.geojson");
    let txt = d.path().join("l.txt");
    for (inp, o, options, needle) in [
        (&nocrs, &out, &[][..], "no CRS"),
        (&geo, &out, &[], "geographic"),
        (&good, &out, &["--method", "sobel"], "sobel"),
        (&good, &out, &["--threshold", "7"], ""),
        (&good, &out, &["--density", "d.tif"], ""),
        (&good, &txt, &[], ""),
    ] {
        let args = [&["lineaments", s(inp), s(o)][..], options].concat();
        refused(&args, o, needle);
    }
    assert!(!out.exists());
}
