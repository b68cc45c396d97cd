//! ESRI ASCII grids: GDAL-written fixtures (tools/make_raster_fixtures.sh), round trips, bad input
//! and a live GDAL oracle.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;
use common::{assert_gdal_geometry, assert_matches_xyz, gdal_to_xyz, oracle, xyz};

use lode_core::{Crs, Error, Grid, GridGeometry};
use lode_io::esri_ascii;

fn data(name: &str) -> PathBuf {
    common::fixture("esri_ascii", name)
}

#[test]
fn reads_gdal_fixture_exactly() {
    let g = lode_io::read_grid(&data("utm33.asc")).unwrap();
    assert_eq!((g.cols(), g.rows()), (23, 17));
    let e = g.geometry;
    assert_eq!(
        (e.x0, e.y0, e.dx, e.dy),
        (500123.5, 4100456.25 + 17.0 * 25.0, 25.0, 25.0)
    );
    assert_matches_xyz(&g, &xyz(&data("utm33.asc.xyz")), -99999.0);
    assert_gdal_geometry(&g, &data("utm33.asc.json"));
    assert_eq!(g.nodata, Some(-99999.0));
    assert!(g.values.as_f64().iter().filter(|v| v.is_nan()).count() > 30);
    assert_eq!(g.crs.as_ref().and_then(Crs::epsg), Some(32633));
}

fn sample(f32s: bool) -> Grid {
    let geom = GridGeometry::new(5, 3, 1000.5, 2000.25, 10.0, 12.5).unwrap();
    let v: Vec<f64> = (0..15)
        .map(|i| {
            if i == 7 {
                f64::NAN
            } else {
                (i as f64).sin() * 1e3 / 7.0 + 1e-7
            }
        })
        .collect();
    let g = Grid::new_f64(geom, v).unwrap();
    if f32s {
        let mut g = g;
        g.to_f32_storage();
        g
    } else {
        g
    }
}

#[test]
fn round_trip_is_exact_with_prj() {
    let dir = tempfile::tempdir().unwrap();
    for f32s in [true, false] {
        let mut g = sample(f32s);
        g.crs = Some(Crs::from_epsg(32633).unwrap());
        let p = dir.path().join("rt.asc");
        esri_ascii::write(&p, &g).unwrap();
        assert!(dir.path().join("rt.prj").exists());
        let back = esri_ascii::read(&p).unwrap();
        assert!(back.geometry.same_as(&g.geometry));
        assert_eq!(back.values.is_f32(), f32s);
        for (a, b) in g.values_f64().iter().zip(back.values_f64().iter()) {
            assert!(a == b || (a.is_nan() && b.is_nan()), "{a} vs {b}");
        }
        assert_eq!(back.crs.unwrap().epsg(), Some(32633));
    }
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["rt.asc", "rt.prj"], "no temporaries left behind");
}

#[test]
fn centre_registration_and_gdal_dx_dy() {
    let t =
        "NCOLS 2\nNROWS 2\nXLLCENTER 10\nYLLCENTER 20\nDX 2\nDY 4\nnodata_value -1\n1 2\n-1 4\n";
    let g = esri_ascii::parse(t.as_bytes(), Path::new("t.asc")).unwrap();
    assert_eq!(
        (g.geometry.x0, g.geometry.y0, g.geometry.dx, g.geometry.dy),
        (9.0, 26.0, 2.0, 4.0)
    );
    assert!(g.get(0, 1).is_nan());
    assert_eq!(g.get(1, 1), 4.0);
}

fn input_err(bytes: &[u8]) -> String {
    match esri_ascii::parse(bytes, Path::new("bad.asc")) {
        Err(Error::Input { path, msg }) => {
            assert_eq!(path, Path::new("bad.asc"));
            msg
        }
        other => panic!("expected an input error, got {other:?}"),
    }
}

#[test]
fn bad_input_is_an_input_error() {
    let h = "ncols 3\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n";
    assert!(input_err(format!("{h}1 2 3\n4 5").as_bytes()).contains("holds 5"));
    assert!(input_err(format!("{h}1 2 3\n4 5 6 7").as_bytes()).contains("holds 7"));
    input_err(b"");
    input_err(b"\x00\x01\x02");
    input_err(b"ncols 1000000000\nnrows 1000000000\nxllcorner 0\nyllcorner 0\ncellsize 1\n1\n");
    input_err(b"ncols -3\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2 3 4 5 6\n");
    input_err(b"ncols 3\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 0\n1 2 3 4 5 6\n");
    input_err(b"ncols 3\nnrows 2\nxllcorner 0\ncellsize 1\n1 2 3 4 5 6\n");
    input_err(format!("{h}1 2 3\n4 x 6").as_bytes());
    input_err(b"ncols");
}

#[test]
fn gdal_reads_what_lode_writes() {
    if !oracle("gdal_translate") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut g = sample(true);
    g.crs = Some(Crs::from_epsg(32633).unwrap());
    let p = dir.path().join("o.asc");
    esri_ascii::write(&p, &g).unwrap();
    let out = dir.path().join("o.xyz");
    gdal_to_xyz(&p, &out);
    let nodata = g.values_f64().iter().any(|v| v.is_nan());
    assert!(nodata);
    assert_matches_xyz(&g, &xyz(&out), -9999.0);
    let info = Command::new("gdalinfo").arg(&p).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.contains("UTM zone 33N") || info.contains("UTM_Zone_33N"),
        "{info}"
    );
}
