//! Geosoft grid variants without a public Oasis montaj sample: LZRW1-compressed blocks and
//! colour grids (fixtures written by tools/make_geosoft_fixtures.py, an independent Python
//! implementation), and the KX storage orders ±2..±4 against the orientation the format
//! documentation defines.

use std::path::{Path, PathBuf};

use lode_core::{Error, Grid, GridGeometry};
use lode_io::geosoft::{self, lzrw1, Compression, Element, WriteOptions};

fn data(name: &str) -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/geosoft"
    ))
    .join(name)
}

/// Every node of `grid` equals the fixture CSV (`easting,northing,value`; `nan` = no data)
/// exactly, and the CSV covers every node.
fn assert_matches_csv(grid: &Grid, csv: &str) {
    let text = std::fs::read_to_string(data(csv)).unwrap();
    let mut n = 0;
    for line in text.lines().skip(1) {
        let v: Vec<&str> = line.split(',').collect();
        let (x, y): (f64, f64) = (v[0].parse().unwrap(), v[1].parse().unwrap());
        let (c, r) = grid.geometry.cell_of(x, y).unwrap();
        let (cx, cy) = grid.geometry.cell_center(c, r);
        assert!(
            (cx - x).abs() < 1e-9 && (cy - y).abs() < 1e-9,
            "{csv}: node {x},{y}"
        );
        let got = grid.get(c, r);
        if v[2] == "nan" {
            assert!(got.is_nan(), "{csv} at {x},{y}: {got}");
        } else {
            assert_eq!(got, v[2].parse::<f64>().unwrap(), "{csv} at {x},{y}");
        }
        n += 1;
    }
    assert_eq!(n, grid.geometry.cols * grid.geometry.rows, "{csv}");
}

#[test]
fn reads_lzrw1_blocks_written_by_an_independent_compressor() {
    let g = geosoft::read(&data("lzrw1_i16.grd")).unwrap();
    assert_eq!((g.cols(), g.rows()), (37, 11));
    let e = &g.geometry;
    assert_eq!(
        (e.x0, e.y0, e.dx, e.dy),
        (499_975.0, 7_000_525.0, 50.0, 50.0)
    );
    assert_eq!(g.field.as_deref(), Some("lzrw1 i16 test"));
    assert_matches_csv(&g, "lzrw1_i16.csv");
    // The same grid written by lode with LZRW1 (type 1) and zlib reads back identically.
    for compression in [Compression::Lzrw1, Compression::Zlib] {
        let opts = WriteOptions {
            element: Element::I16,
            zbase: 1000.0,
            zmult: 10.0,
            compression,
            vectors_per_block: 4,
            ..WriteOptions::default()
        };
        let bytes = geosoft::encode(&g, &opts).unwrap();
        let back = geosoft::parse(&bytes, Path::new("w.grd")).unwrap();
        assert_matches_csv(&back, "lzrw1_i16.csv");
    }
}

#[test]
fn reads_colour_grids_as_packed_rgb() {
    let g = geosoft::read(&data("colour.grd")).unwrap();
    assert_eq!((g.cols(), g.rows()), (5, 4));
    assert!(g.values.is_f32());
    assert_eq!(g.units.as_deref(), Some("0xRRGGBB"));
    assert_matches_csv(&g, "colour.csv");
    let bytes = geosoft::encode(
        &g,
        &WriteOptions {
            element: Element::Rgb,
            ..WriteOptions::default()
        },
    )
    .unwrap();
    assert_eq!(i32::from_le_bytes(bytes[4..8].try_into().unwrap()), 3);
    assert_matches_csv(
        &geosoft::parse(&bytes, Path::new("c.grd")).unwrap(),
        "colour.csv",
    );
    // Colour words are not scaled, and values outside 0..=0xFFFFFF do not fit.
    let scaled = WriteOptions {
        element: Element::Rgb,
        zmult: 2.0,
        ..WriteOptions::default()
    };
    assert!(geosoft::encode(&g, &scaled).is_err());
    let mut big = g.clone();
    big.set(0, 0, 16_777_216.0);
    let rgb = WriteOptions {
        element: Element::Rgb,
        ..WriteOptions::default()
    };
    assert!(geosoft::encode(&big, &rgb).is_err());
}

/// KX = 1 bytes re-labelled with another KX: the documentation's corner and handedness rules
/// say where each stored element lands (derived by hand, not by lode's writer).
#[test]
fn storage_orders_follow_the_documented_corner_and_sense() {
    let geom = GridGeometry::new(4, 3, 0.0, 30.0, 10.0, 10.0).unwrap();
    let g = Grid::new_f64(geom, (0..12).map(f64::from).collect()).unwrap();
    let relabel = |from: i32, to: i32| -> Grid {
        let opts = WriteOptions {
            kx: from,
            ..WriteOptions::default()
        };
        let mut b = geosoft::encode(&g, &opts).unwrap();
        b[16..20].copy_from_slice(&to.to_le_bytes());
        geosoft::parse(&b, Path::new("kx.grd")).unwrap()
    };
    let (cols, rows) = (4, 3);
    // Rows from the bottom-left, re-read as rows from the top-left (−2): flipped north–south;
    // as rows from the top-right going west (3): turned 180°; as rows from the bottom-right
    // going west (−4): flipped east–west.
    let cases: [(i32, Relabel); 3] = [
        (-2, |c, r, _, rows| (c, rows - 1 - r)),
        (3, |c, r, cols, rows| (cols - 1 - c, rows - 1 - r)),
        (-4, |c, r, cols, _| (cols - 1 - c, r)),
    ];
    for (kx, map) in cases {
        let back = relabel(1, kx);
        assert_eq!((back.cols(), back.rows()), (cols, rows), "KX {kx}");
        for r in 0..rows {
            for c in 0..cols {
                let (c2, r2) = map(c, r, cols, rows);
                assert_eq!(back.get(c2, r2), g.get(c, r), "KX {kx} at {c},{r}");
            }
        }
    }
    // Columns from the bottom-left going north (−1) re-read as columns from the top-left going
    // south (2): flipped north–south; as columns from the top-right (−3): turned 180°; as
    // columns from the bottom-right going north (4): flipped east–west.
    let cases: [(i32, Relabel); 3] = [
        (2, |c, r, _, rows| (c, rows - 1 - r)),
        (-3, |c, r, cols, rows| (cols - 1 - c, rows - 1 - r)),
        (4, |c, r, cols, _| (cols - 1 - c, r)),
    ];
    for (kx, map) in cases {
        let back = relabel(-1, kx);
        for r in 0..rows {
            for c in 0..cols {
                let (c2, r2) = map(c, r, cols, rows);
                assert_eq!(back.get(c2, r2), g.get(c, r), "KX {kx} at {c},{r}");
            }
        }
    }
}

/// (column, row, cols, rows) of the written grid → (column, row) of the re-labelled grid.
type Relabel = fn(usize, usize, usize, usize) -> (usize, usize);

fn input_err(bytes: &[u8]) -> String {
    match geosoft::parse(bytes, Path::new("bad.grd")) {
        Err(Error::Input { path, msg }) => {
            assert_eq!(path, Path::new("bad.grd"));
            msg
        }
        other => panic!("expected an input error, got {other:?}"),
    }
}

#[test]
fn corrupt_lzrw1_blocks_are_input_errors() {
    let good = std::fs::read(data("lzrw1_i16.grd")).unwrap();
    for cut in (HEADER_END..good.len()).step_by(7) {
        input_err(&good[..cut]);
    }
    // A copy item pointing before the start of the block's output.
    let first_block = i64::from_le_bytes(good[528..536].try_into().unwrap()) as usize + 16;
    let mut bad = good.clone();
    bad[first_block + 4..first_block + 8].copy_from_slice(&[0xFF, 0xFF, 0xF0, 0xFF]);
    let m = input_err(&bad);
    assert!(m.contains("block 0"), "{m}");
    // Flipping any payload byte gives a grid or an input error, never a panic.
    for i in first_block..good.len() {
        let mut b = good.clone();
        b[i] ^= 0x5A;
        let _ = geosoft::parse(&b, Path::new("bad.grd"));
    }
    // An unknown compression type.
    let mut b = good.clone();
    b[516..520].copy_from_slice(&7i32.to_le_bytes());
    assert!(input_err(&b).contains("compression type 7"));
}

const HEADER_END: usize = 512;

#[test]
fn lzrw1_stream_round_trips_grid_bytes() {
    let raw = std::fs::read(data("om_float.grd")).unwrap();
    let c = lzrw1::compress(&raw);
    assert!(c.len() < raw.len());
    assert_eq!(lzrw1::decompress(&c, raw.len()).unwrap(), raw);
    assert!(lzrw1::decompress(&c, raw.len() - 1).is_err());
}
