//! Bad vector input: empty, truncated and wrong-magic files give one Error::Input naming the
//! file, never a panic.

use crate::vector_common;

use std::path::Path;

use lode_core::Error;
use vector_common::data;

fn assert_input(r: lode_core::Result<lode_core::VectorLayer>, what: &str) {
    match r {
        Err(e @ Error::Input { .. }) => assert!(
            e.to_string().contains("fuzz") || !e.to_string().is_empty(),
            "{what}: {e}"
        ),
        Err(e) => panic!("{what}: not an input error: {e}"),
        Ok(l) => panic!("{what}: read {} features from bad input", l.len()),
    }
}

#[test]
fn truncated_and_corrupt_files() {
    let p = Path::new("fuzz");
    for layer in ["points", "lines", "polygons"] {
        let fgb = std::fs::read(data(&format!("{layer}.fgb"))).unwrap();
        let shp = std::fs::read(data(&format!("{layer}.shp"))).unwrap();
        let dbf = std::fs::read(data(&format!("{layer}.dbf"))).unwrap();
        let gj = std::fs::read(data(&format!("{layer}.geojson"))).unwrap();
        let gpkg = std::fs::read(data(&format!("{layer}.gpkg"))).unwrap();
        for cut in [0, 3, 11, 12, 50, 99, 100, 101] {
            if cut < fgb.len() {
                assert_input(
                    lode_io::flatgeobuf_io::parse(&fgb[..cut], p),
                    &format!("{layer}.fgb[..{cut}]"),
                );
            }
            if cut < gj.len() {
                assert_input(
                    lode_io::geojson_io::parse(&gj[..cut], p),
                    &format!("{layer}.geojson[..{cut}]"),
                );
            }
        }
        // Truncating a .shp anywhere inside: an error (the header length no longer matches).
        for cut in [0, 50, 100, shp.len() - 1] {
            assert_input(
                lode_io::shapefile_io::parse(
                    &shp[..cut],
                    Some(&dbf),
                    lode_io::shapefile_io::dbf::Encoding::Utf8,
                    p,
                ),
                &format!("{layer}.shp[..{cut}]"),
            );
        }
        // A .dbf cut inside the records.
        assert_input(
            lode_io::shapefile_io::parse(
                &shp,
                Some(&dbf[..dbf.len() - 10]),
                lode_io::shapefile_io::dbf::Encoding::Utf8,
                p,
            ),
            &format!("{layer}.dbf truncated"),
        );
        // Feature bytes cut from a FlatGeobuf file.
        assert_input(
            lode_io::flatgeobuf_io::parse(&fgb[..fgb.len() - 7], p),
            &format!("{layer}.fgb truncated"),
        );
        // A GeoPackage cut in half is not a valid database.
        assert_input(
            lode_io::geopackage::parse(&gpkg[..gpkg.len() / 2], p),
            &format!("{layer}.gpkg truncated"),
        );
        // Wrong magic.
        let mut bad = fgb.clone();
        bad[0] = b'X';
        assert_input(lode_io::flatgeobuf_io::parse(&bad, p), "fgb magic");
        let mut bad = shp.clone();
        bad[3] = 0;
        assert_input(
            lode_io::shapefile_io::parse(&bad, None, lode_io::shapefile_io::dbf::Encoding::Utf8, p),
            "shp magic",
        );
        let mut bad = gpkg.clone();
        bad[0] = b'X';
        assert_input(lode_io::geopackage::parse(&bad, p), "gpkg magic");
    }
    assert_input(
        lode_io::geojson_io::parse(b"{\"type\":\"FeatureCollection\"}", p),
        "no features",
    );
    assert_input(
        lode_io::geojson_io::parse(b"{\"type\":\"Point\",\"coordinates\":[1]}", p),
        "short position",
    );
    assert_input(lode_io::geojson_io::parse(b"[1,2]", p), "not an object");
}

#[test]
fn empty_and_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["geojson", "shp", "gpkg", "fgb"] {
        let p = dir.path().join(format!("empty.{ext}"));
        std::fs::write(&p, b"").unwrap();
        let e = lode_io::read_vector(&p).unwrap_err();
        assert!(
            matches!(e, Error::Input { .. }) && e.to_string().contains("empty"),
            "{ext}: {e}"
        );
        let r = match ext {
            "geojson" => lode_io::geojson_io::read(&p),
            "shp" => lode_io::shapefile_io::read(&p),
            "gpkg" => lode_io::geopackage::read(&p),
            _ => lode_io::flatgeobuf_io::read(&p),
        };
        assert_input(r, ext);
        let missing = dir.path().join(format!("missing.{ext}"));
        assert!(matches!(
            lode_io::read_vector(&missing),
            Err(Error::Input { .. })
        ));
    }
    // An SQLite database without GeoPackage tables.
    let p = dir.path().join("plain.gpkg");
    rusqlite::Connection::open(&p)
        .unwrap()
        .execute_batch("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1);")
        .unwrap();
    let e = lode_io::geopackage::read(&p).unwrap_err();
    assert!(e.to_string().contains("GeoPackage"), "{e}");
    // Writing never leaves a file behind on failure, and never into a missing directory.
    let out = dir.path().join("nodir").join("x.gpkg");
    let l = lode_io::read_vector(&data("points.geojson")).unwrap();
    assert!(lode_io::write_vector(&out, &l, None).is_err());
    // FlatGeobuf is read-only.
    assert!(lode_io::flatgeobuf_io::write(&dir.path().join("x.fgb"), &l).is_err());
}

#[test]
fn gpkg_blob_decoder_guards_counts() {
    use lode_io::geopackage::wkb::{decode, decode_gpkg};
    // A point header with a huge ring count must not allocate.
    let mut b = vec![1u8];
    b.extend_from_slice(&3u32.to_le_bytes());
    b.extend_from_slice(&u32::MAX.to_le_bytes());
    assert!(decode(&b).is_err());
    assert!(decode_gpkg(b"GP\0\x01").is_err());
    assert!(decode_gpkg(b"XX\0\x01\0\0\0\0").is_err());
    // Deeply nested collections are refused, not a stack overflow.
    let mut deep = Vec::new();
    for _ in 0..100 {
        deep.push(1u8);
        deep.extend_from_slice(&7u32.to_le_bytes());
        deep.extend_from_slice(&1u32.to_le_bytes());
    }
    assert!(decode(&deep).is_err());
}

/// Inputs the fuzzers found (tests/data/vector/fuzz/<target>-<kind>-<n>, in the fuzz target's
/// input layout) give an error, not a panic or a huge allocation.
#[test]
fn fuzz_regressions() {
    let dir = data("fuzz");
    let p = Path::new("fuzz");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let b = std::fs::read(&path).unwrap();
        let split = |b: &[u8]| match b.windows(2).position(|w| w == [0xFF, 0x00]) {
            Some(i) => (b[..i].to_vec(), Some(b[i + 2..].to_vec())),
            None => (b.to_vec(), None),
        };
        let target = name.split('-').next().unwrap();
        match target {
            "shapefile" => {
                let (shp, dbf) = split(&b);
                let r = lode_io::shapefile_io::parse(
                    &shp,
                    dbf.as_deref(),
                    lode_io::shapefile_io::dbf::Encoding::Guess,
                    p,
                );
                match r {
                    // Anything read must also write (or refuse) without panicking.
                    Ok(layer) => {
                        let _ = lode_io::shapefile_io::to_bytes(&layer);
                    }
                    Err(e) if name.contains("oom") => {
                        let e = e.to_string();
                        assert!(
                            e.contains("exceed")
                                || e.contains("starts at point")
                                || e.contains("truncated"),
                            "{name}: {e}"
                        );
                    }
                    Err(_) => {}
                }
            }
            "geojson" => assert!(lode_io::geojson_io::parse(&b, p).is_err(), "{name}"),
            "flatgeobuf" => assert!(lode_io::flatgeobuf_io::parse(&b, p).is_err(), "{name}"),
            "geopackage" => {
                let _ = lode_io::geopackage::wkb::decode_gpkg(&b);
                let _ = lode_io::geopackage::parse(&b, p);
            }
            "csv_xyz" => {
                let _ = lode_io::csv_xyz::parse(&b, p, &Default::default());
            }
            "aseg_gdf" => {
                let (dfn, dat) = split(&b);
                let _ = lode_io::aseg_gdf::parse(
                    &dfn,
                    &dat.unwrap_or_default(),
                    p,
                    &Default::default(),
                );
            }
            other => panic!("unknown fuzz target in {name}: {other}"),
        }
    }
}
