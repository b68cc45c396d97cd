//! Surfer grids (DSAA, DSBB, DSRB): GDAL-written fixtures (tools/make_raster_fixtures.sh), round
//! trips, bad input and a live GDAL oracle.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;
use common::{assert_gdal_geometry, gdal_to_xyz, oracle, same_values, xyz};

use lode_core::{Error, Grid, GridGeometry};
use lode_io::surfer;

fn data(name: &str) -> PathBuf {
    common::fixture("surfer", name)
}

/// Cell centres equal GDAL's node positions and values are equal (in f64 when `exact`, else
/// in f32); values ≥ 1.7014e38 are Surfer blanks.
fn assert_matches_xyz(g: &Grid, rows: &[[f64; 3]], exact: bool) {
    assert_eq!(rows.len(), g.geometry.len());
    for (i, [x, y, z]) in rows.iter().enumerate() {
        let (c, r) = (i % g.cols(), i / g.cols());
        let (cx, cy) = g.geometry.cell_center(c, r);
        assert!(
            (cx - x).abs() < 1e-6 && (cy - y).abs() < 1e-6,
            "cell {c},{r}: {cx},{cy} vs {x},{y}"
        );
        let v = g.get(c, r);
        if *z >= 1.7014e38 {
            assert!(v.is_nan(), "cell {c},{r}: {v} should be blank");
        } else if exact {
            assert_eq!(v, *z, "cell {c},{r}");
        } else {
            assert_eq!(v as f32, *z as f32, "cell {c},{r}");
        }
    }
}

#[test]
fn reads_gdal_fixtures_exactly() {
    for (f, exact) in [
        ("utm33_gsag.grd", false),
        ("utm33_gsbg.grd", true),
        ("utm33_gs7bg.grd", true),
    ] {
        let g = lode_io::read_grid(&data(f)).unwrap();
        assert_eq!((g.cols(), g.rows()), (23, 17), "{f}");
        // GDAL's extent of the same grid as the ESRI ASCII source: 500123.5 .. 500698.5, top 4100881.25.
        let e = g.geometry.extent();
        for (a, b) in e.iter().zip([500123.5, 4100456.25, 500698.5, 4100881.25]) {
            assert!((a - b).abs() < 1e-6, "{f}: extent {e:?}");
        }
        assert_matches_xyz(&g, &xyz(&data(&format!("{f}.xyz"))), exact);
        assert_gdal_geometry(&g, &data(&format!("{f}.json")));
        assert!(g.values_f64().iter().filter(|v| v.is_nan()).count() > 30);
    }
}

fn sample() -> Grid {
    let geom = GridGeometry::new(6, 4, -100.0, 55.5, 0.5, 0.25).unwrap();
    let v: Vec<f32> = (0..24)
        .map(|i| {
            if i % 5 == 3 {
                f32::NAN
            } else {
                (i as f32).cos() * 321.123
            }
        })
        .collect();
    Grid::new_f32(geom, v).unwrap()
}

#[test]
fn round_trips_all_three() {
    let dir = tempfile::tempdir().unwrap();
    let g = sample();
    type W = fn(&Path, &Grid) -> lode_core::Result<()>;
    let writers: [(&str, W); 3] = [
        ("a.grd", surfer::write_ascii),
        ("b.grd", surfer::write_6),
        ("c.grd", surfer::write_7),
    ];
    for (name, w) in writers {
        let p = dir.path().join(name);
        w(&p, &g).unwrap();
        let back = lode_io::read_grid(&p).unwrap();
        assert!(
            back.geometry.same_as(&g.geometry),
            "{name}: {:?}",
            back.geometry
        );
        same_values(&g, &back);
    }
    // Deterministic output.
    let p2 = dir.path().join("c2.grd");
    surfer::write_7(&p2, &g).unwrap();
    assert_eq!(
        std::fs::read(dir.path().join("c.grd")).unwrap(),
        std::fs::read(&p2).unwrap()
    );
}

#[test]
fn surfer7_keeps_f64_and_rotation() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = sample();
    g.to_f64_storage();
    g.set(1, 1, 1.0 / 3.0);
    g.geometry.rotation_deg = 30.0;
    let p = dir.path().join("r.grd");
    surfer::write_7(&p, &g).unwrap();
    let back = surfer::read(&p).unwrap();
    assert!(back.geometry.same_as(&g.geometry), "{:?}", back.geometry);
    same_values(&g, &back);
    assert!(surfer::write_6(&dir.path().join("r6.grd"), &g).is_err());
}

fn input_err(bytes: &[u8]) -> String {
    match surfer::parse(bytes, Path::new("bad.grd")) {
        Err(Error::Input { path, msg }) => {
            assert_eq!(path, Path::new("bad.grd"));
            msg
        }
        other => panic!("expected an input error, got {other:?}"),
    }
}

fn dsbb(nx: i16, ny: i16, n_values: usize) -> Vec<u8> {
    let mut b = b"DSBB".to_vec();
    b.extend_from_slice(&nx.to_le_bytes());
    b.extend_from_slice(&ny.to_le_bytes());
    for v in [0.0f64, 1.0, 0.0, 1.0, 0.0, 1.0] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    b.extend(std::iter::repeat_n(0u8, 4 * n_values));
    b
}

fn dsrb(nrow: i32, ncol: i32, data_size: u32, data: usize) -> Vec<u8> {
    let mut b = b"DSRB".to_vec();
    b.extend_from_slice(&4u32.to_le_bytes());
    b.extend_from_slice(&2i32.to_le_bytes());
    b.extend_from_slice(b"GRID");
    b.extend_from_slice(&72u32.to_le_bytes());
    b.extend_from_slice(&nrow.to_le_bytes());
    b.extend_from_slice(&ncol.to_le_bytes());
    for v in [0.0f64, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.70141e38] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    b.extend_from_slice(b"DATA");
    b.extend_from_slice(&data_size.to_le_bytes());
    b.extend(std::iter::repeat_n(0u8, data));
    b
}

#[test]
fn bad_input_is_an_input_error() {
    assert!(surfer::parse(&dsbb(3, 2, 6), Path::new("ok.grd")).is_ok());
    assert!(surfer::parse(&dsrb(2, 3, 48, 48), Path::new("ok.grd")).is_ok());
    input_err(b"");
    input_err(b"DSXX");
    input_err(&dsbb(3, 2, 5));
    input_err(&dsbb(3, 2, 7));
    input_err(&dsbb(-3, 2, 6));
    input_err(&dsbb(3, 2, 6)[..40]);
    input_err(&dsrb(2, 3, 48, 40));
    input_err(&dsrb(2, 3, 40, 40));
    input_err(&dsrb(1_000_000_000, 1_000_000_000, 48, 48));
    input_err(&dsrb(-2, 3, 48, 48));
    input_err(&dsrb(2, 3, 48, 48)[..30]);
    input_err(b"DSAA\n3 2\n0 1\n0 1\n0 1\n1 2 3 4 5\n");
    input_err(b"DSAA\n1000000000 1000000000\n0 1\n0 1\n0 1\n1 2 3 4 5\n");
    input_err(b"DSAA\n3 2\n1 0\n0 1\n0 1\n1 2 3 4 5 6\n");
    input_err(b"DSAA\n3");
}

#[test]
fn gdal_reads_what_lode_writes() {
    if !oracle("gdal_translate") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let g = sample();
    type W = fn(&Path, &Grid) -> lode_core::Result<()>;
    let writers: [(&str, W, &str); 3] = [
        ("a.grd", surfer::write_ascii, "GSAG"),
        ("b.grd", surfer::write_6, "GSBG"),
        ("c.grd", surfer::write_7, "GS7BG"),
    ];
    for (name, w, driver) in writers {
        let p = dir.path().join(name);
        w(&p, &g).unwrap();
        let out = dir.path().join(format!("{name}.xyz"));
        gdal_to_xyz(&p, &out);
        assert_matches_xyz(&g, &xyz(&out), false);
        let info = Command::new("gdalinfo").arg(&p).output().unwrap();
        assert!(String::from_utf8_lossy(&info.stdout).contains(&format!("Driver: {driver}/")));
    }
}
