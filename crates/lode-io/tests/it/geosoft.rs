//! Geosoft grids: real Oasis montaj files (tests/data/geosoft, from Harmonica, BSD-3), every
//! element type / ordering / scaling / compression / rotation through the writer, bad input.

use std::path::{Path, PathBuf};

use lode_core::{Error, Grid, GridGeometry};
use lode_io::geosoft::{self, Compression, Element, WriteOptions};

fn data(name: &str) -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/geosoft"
    ))
    .join(name)
}

#[test]
fn reads_oasis_montaj_grids_exactly() {
    let expected = std::fs::read_to_string(data("om_expected.csv")).unwrap();
    for f in ["om_float.grd", "om_compress.grd"] {
        let p = data(f);
        let head = std::fs::read(&p).unwrap();
        assert!(
            geosoft::looks_like_geosoft(&head[..1024.min(head.len())]),
            "{f}"
        );
        let g = lode_io::read_grid(&p).unwrap();
        assert_eq!((g.cols(), g.rows()), (50, 49), "{f}");
        let e = g.geometry;
        assert_eq!(
            (e.x0, e.y0, e.dx, e.dy, e.rotation_deg),
            (0.5, 24.5, 1.0, 1.0, 0.0),
            "{f}"
        );
        assert!(g.values.is_f32());
        let mut n = 0;
        let mut nan = 0;
        for line in expected.lines().skip(1) {
            let v: Vec<&str> = line.split(',').collect();
            let (x, y): (f64, f64) = (v[0].parse().unwrap(), v[1].parse().unwrap());
            let (c, r) = g.geometry.cell_of(x, y).unwrap();
            assert_eq!(g.geometry.cell_center(c, r), (x, y));
            let got = g.get(c, r);
            if v[2] == "nan" {
                assert!(got.is_nan(), "{f} at {x},{y}: {got}");
                nan += 1;
            } else {
                assert_eq!(got, v[2].parse::<f64>().unwrap(), "{f} at {x},{y}");
            }
            n += 1;
        }
        assert_eq!((n, nan), (2450, 655));
    }
}

/// A grid whose values are exactly representable as ZBASE + k/ZMULT for integers k in 0..=120.
fn sample(cols: usize, rows: usize, zbase: f64, zmult: f64) -> Grid {
    let geom = GridGeometry::new(cols, rows, 300_000.0, 6_200_000.0, 20.0, 25.0).unwrap();
    let v: Vec<f64> = (0..cols * rows)
        .map(|i| {
            if i % 7 == 2 {
                f64::NAN
            } else {
                zbase + ((i * 13) % 121) as f64 / zmult
            }
        })
        .collect();
    Grid::new_f64(geom, v).unwrap()
}

fn assert_same(a: &Grid, b: &Grid, what: &str) {
    assert!(
        b.geometry.same_as(&a.geometry),
        "{what}: {:?} vs {:?}",
        b.geometry,
        a.geometry
    );
    for (i, (x, y)) in a.values_f64().iter().zip(b.values_f64().iter()).enumerate() {
        assert!(
            x == y || (x.is_nan() && y.is_nan()),
            "{what}: value {i}: {x} vs {y}"
        );
    }
}

#[test]
fn every_storage_variant_decodes_to_the_written_values() {
    let elements = [
        Element::U8,
        Element::I8,
        Element::U16,
        Element::I16,
        Element::U32,
        Element::I32,
        Element::F32,
        Element::F64,
        Element::Rgb,
    ];
    let mut count = 0;
    for element in elements {
        for kx in [1, -1, 2, -2, 3, -3, 4, -4] {
            for (zbase, zmult) in [(0.0, 1.0), (-20.0, 4.0)] {
                if element == Element::Rgb && zbase != 0.0 {
                    continue;
                }
                for compression in [Compression::None, Compression::Zlib, Compression::Lzrw1] {
                    for rotation in [0.0, 23.5] {
                        let mut g = sample(9, 7, zbase, zmult);
                        g.geometry.rotation_deg = rotation;
                        let opts = WriteOptions {
                            element,
                            kx,
                            zbase,
                            zmult,
                            compression,
                            vectors_per_block: 3,
                        };
                        let what = format!("{opts:?} rot {rotation}");
                        let bytes = geosoft::encode(&g, &opts).unwrap();
                        assert!(geosoft::looks_like_geosoft(&bytes), "{what}");
                        let back = geosoft::parse(&bytes, Path::new("gen.grd")).unwrap();
                        assert_same(&g, &back, &what);
                        count += 1;
                    }
                }
            }
        }
    }
    assert_eq!(count, (8 * 2 + 1) * 8 * 3 * 2);
}

#[test]
fn rotation_is_counter_clockwise_about_the_origin_node() {
    let mut g = sample(4, 3, 0.0, 1.0);
    g.geometry.rotation_deg = 90.0;
    let bytes = geosoft::encode(&g, &WriteOptions::default()).unwrap();
    let back = geosoft::parse(&bytes, Path::new("r.grd")).unwrap();
    let x0 = f64::from_le_bytes(bytes[36..44].try_into().unwrap());
    let y0 = f64::from_le_bytes(bytes[44..52].try_into().unwrap());
    // Origin node = lower-left node; the next node along a row (KX = 1) lies DE to the north.
    let (ox, oy) = back.geometry.cell_center(0, 2);
    assert!((ox - x0).abs() < 1e-6 && (oy - y0).abs() < 1e-6);
    let (nx, ny) = back.geometry.cell_center(1, 2);
    assert!(
        (nx - x0).abs() < 1e-6 && (ny - (y0 + 20.0)).abs() < 1e-6,
        "{nx},{ny}"
    );
}

#[test]
fn default_writer_round_trips_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = sample(11, 5, 0.0, 1.0);
    g.to_f32_storage();
    let p = dir.path().join("w.grd");
    geosoft::write(&p, &g).unwrap();
    let bytes = std::fs::read(&p).unwrap();
    assert_eq!(bytes.len(), 512 + 11 * 5 * 4);
    assert_eq!(i32::from_le_bytes(bytes[0..4].try_into().unwrap()), 4);
    assert_eq!(lode_io::detect(&p).unwrap(), lode_io::Format::Geosoft);
    let back = lode_io::read_grid(&p).unwrap();
    assert_same(&g, &back, "default");
    let p2 = dir.path().join("w2.grd");
    geosoft::write(&p2, &g).unwrap();
    assert_eq!(bytes, std::fs::read(&p2).unwrap());
}

fn input_err(bytes: &[u8]) -> String {
    match geosoft::parse(bytes, Path::new("bad.grd")) {
        Err(Error::Input { path, msg }) => {
            assert_eq!(path, Path::new("bad.grd"));
            msg
        }
        other => panic!("expected an input error, got {other:?}"),
    }
}

fn patch_i32(b: &[u8], at: usize, v: i32) -> Vec<u8> {
    let mut b = b.to_vec();
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    b
}

#[test]
fn bad_input_is_an_input_error() {
    let good = std::fs::read(data("om_float.grd")).unwrap();
    let comp = std::fs::read(data("om_compress.grd")).unwrap();
    input_err(b"");
    input_err(&good[..300]);
    input_err(&good[..good.len() - 1]);
    input_err(&comp[..comp.len() - 100]);
    input_err(&patch_i32(&good, 0, 3));
    input_err(&patch_i32(&good, 4, 5));
    input_err(&patch_i32(&patch_i32(&good, 0, 2), 4, 3));
    input_err(&patch_i32(&good, 8, -50));
    input_err(&patch_i32(&good, 8, 1_000_000_000));
    input_err(&patch_i32(
        &patch_i32(&good, 8, 1_000_000_000),
        12,
        1_000_000_000,
    ));
    input_err(&patch_i32(&good, 12, 60));
    input_err(&patch_i32(&good, 16, 0));
    input_err(&patch_i32(&good, 16, 5));
    input_err(&patch_i32(&good, 16, -7));
    input_err(&patch_i32(&comp, 512 + 4, 3));
    input_err(&patch_i32(&comp, 512, 0x1234));
    input_err(&patch_i32(&comp, 512 + 8, 1_000_000));
    input_err(&patch_i32(&comp, 512 + 16, 99_999));
    input_err(&patch_i32(&comp, 512 + 24, 99_999));
    let huge = patch_i32(&patch_i32(&comp, 8, 100_000), 12, 100_000);
    input_err(&huge);
    let huge_block = patch_i32(&huge, 512 + 12, 100_000);
    input_err(&huge_block);
    let mut zeros = good.clone();
    zeros[20..28].copy_from_slice(&0f64.to_le_bytes());
    input_err(&zeros);
    assert!(!geosoft::looks_like_geosoft(&zeros));
    assert!(!geosoft::looks_like_geosoft(b"DSAA 3 2"));
    assert!(!geosoft::looks_like_geosoft(&[0u8; 600]));
}

fn python() -> Option<String> {
    let py = std::env::var("LODE_PYTHON").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../.venv/bin/python").to_string()
    });
    let ok = std::process::Command::new(&py)
        .args(["-c", "import harmonica"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(py);
    }
    if std::env::var("LODE_REQUIRE_ORACLES").as_deref() == Ok("1") {
        panic!("oracle Python with harmonica is required (LODE_REQUIRE_ORACLES=1) but missing");
    }
    eprintln!("skipping: no Python with harmonica");
    None
}

/// Harmonica's `load_oasis_montaj_grid` (an independent reader) decodes what lode writes — every
/// node position (1e-6) and every value (exactly).
#[test]
fn harmonica_reads_what_lode_writes() {
    let Some(py) = python() else { return };
    let script = r#"
import sys, numpy as np, harmonica as hm
for f in sys.argv[1:]:
    g = hm.load_oasis_montaj_grid(f)
    e, n = g.easting.values, g.northing.values
    if e.ndim == 1:
        e, n = np.meshgrid(e, n)
    for x, y, v in zip(e.ravel(), n.ravel(), g.values.ravel()):
        print(repr(float(x)), repr(float(y)), repr(float(v)))
    print("END")
"#;
    let dir = tempfile::tempdir().unwrap();
    let variants = [
        (WriteOptions::default(), 0.0),
        (
            WriteOptions {
                element: Element::I16,
                kx: -1,
                zbase: -20.0,
                zmult: 4.0,
                compression: Compression::Zlib,
                vectors_per_block: 2,
            },
            0.0,
        ),
        (
            WriteOptions {
                element: Element::F64,
                compression: Compression::Zlib,
                ..WriteOptions::default()
            },
            0.0,
        ),
        (
            WriteOptions {
                element: Element::U8,
                ..WriteOptions::default()
            },
            30.0,
        ),
    ];
    let mut grids = Vec::new();
    let mut paths = Vec::new();
    for (i, (opts, rotation)) in variants.iter().enumerate() {
        let mut g = sample(6, 4, opts.zbase, opts.zmult);
        g.geometry.rotation_deg = *rotation;
        let p = dir.path().join(format!("h{i}.grd"));
        geosoft::write_with(&p, &g, opts).unwrap();
        grids.push(g);
        paths.push(p);
    }
    let out = std::process::Command::new(&py)
        .args(["-c", script])
        .args(&paths)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let blocks: Vec<&str> = text
        .split("END\n")
        .filter(|b| !b.trim().is_empty())
        .collect();
    assert_eq!(blocks.len(), variants.len());
    for ((g, (opts, _)), block) in grids.iter().zip(&variants).zip(blocks) {
        let mut n = 0;
        for line in block.lines() {
            let v: Vec<f64> = line
                .split_whitespace()
                .map(|t| t.parse().unwrap())
                .collect();
            let (c, r) = g.geometry.xy_to_pixel(v[0], v[1]);
            let (ci, ri) = (c.floor() as usize, r.floor() as usize);
            assert!(
                (c - ci as f64 - 0.5).abs() < 1e-6 && (r - ri as f64 - 0.5).abs() < 1e-6,
                "{opts:?}: node {line}"
            );
            let want = g.get(ci, ri);
            assert!(
                want == v[2] || (want.is_nan() && v[2].is_nan()),
                "{opts:?}: {line} vs {want}"
            );
            n += 1;
        }
        assert_eq!(n, 24, "{opts:?}");
    }
}
