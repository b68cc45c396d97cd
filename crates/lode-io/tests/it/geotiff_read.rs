//! GeoTIFF reader against GDAL: every fixture in tests/data/geotiff (made by
//! tools/make_geotiff_fixtures.py) is read and compared with what GDAL 3.6 read from it:
//! every value exactly (bit for bit after widening to f64; NaN where GDAL reports no data),
//! size, geotransform (to 1e-9 of a cell), no-data value, CRS (EPSG code, or the proj string
//! token by token), units and description.

use std::path::{Path, PathBuf};

use lode_io::geotiff;

fn dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/geotiff"
    ))
}

/// proj string as sorted (key, value) pairs with numbers normalised; a 7-parameter +towgs84
/// whose rotations and scale are zero is written as its 3 shifts.
fn proj_tokens(s: &str) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = s
        .split_whitespace()
        .filter(|t| *t != "+no_defs" && *t != "+type=crs")
        .map(|t| {
            let (k, v) = t.split_once('=').unwrap_or((t, ""));
            let v = match v.parse::<f64>() {
                Ok(x) => format!("{x}"),
                Err(_) => v
                    .split(',')
                    .map(|p| p.parse::<f64>().map(|x| format!("{x}")).unwrap_or(p.into()))
                    .collect::<Vec<_>>()
                    .join(","),
            };
            let v = if k == "+towgs84" {
                v.trim_end_matches(",0").to_string()
            } else {
                v
            };
            (k.to_string(), v)
        })
        .collect();
    v.sort();
    v
}

fn check(tif: &Path) {
    let name = tif.display().to_string();
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tif.with_extension("json")).unwrap())
            .unwrap();
    let band = meta["band"].as_u64().unwrap() as usize;
    let g = geotiff::read_band(tif, band).unwrap_or_else(|e| panic!("{e}"));
    let bytes = std::fs::read(tif).unwrap();
    let m = geotiff::parse_band(&bytes, tif, band).unwrap();
    let bits = |g: &lode_core::Grid| {
        g.values
            .as_f64()
            .iter()
            .map(|v| v.to_bits())
            .collect::<Vec<_>>()
    };
    assert!(
        bits(&m) == bits(&g) && m.geometry == g.geometry && m.crs == g.crs,
        "{name}: parse ≠ read"
    );
    assert_eq!(g.cols() as u64, meta["cols"].as_u64().unwrap(), "{name}");
    assert_eq!(g.rows() as u64, meta["rows"].as_u64().unwrap(), "{name}");
    let gt: Vec<f64> = meta["geotransform"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let ours = g.geometry.geotransform();
    for i in 0..6 {
        assert!(
            (ours[i] - gt[i]).abs() <= 1e-9 * gt[1].abs(),
            "{name}: geotransform {ours:?} vs GDAL {gt:?}"
        );
    }
    let nodata = meta["nodata"].as_str().map(|s| s.parse::<f64>().unwrap());
    match (nodata, g.nodata) {
        (None, None) => {}
        (Some(a), Some(b)) => assert!(
            a == b || (a.is_nan() && b.is_nan()),
            "{name}: nodata {b} vs {a}"
        ),
        (a, b) => panic!("{name}: nodata {b:?} vs GDAL {a:?}"),
    }
    let expected: Vec<f64> = std::fs::read(tif.with_extension("expected.f64"))
        .unwrap()
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
        .collect();
    assert_eq!(expected.len(), g.values.len(), "{name}");
    for (i, &e) in expected.iter().enumerate() {
        let v = g.values.get(i);
        if Some(e) == nodata || e.is_nan() {
            assert!(v.is_nan(), "{name}: cell {i} is {v}, GDAL says no data");
        } else {
            assert_eq!(
                v.to_bits(),
                e.to_bits(),
                "{name}: cell {i}: {v} vs GDAL {e}"
            );
        }
    }
    match (meta["epsg"].as_u64(), meta["proj4"].as_str(), &g.crs) {
        (None, None, None) => {}
        (Some(code), _, Some(c)) => assert_eq!(c.epsg(), Some(code as u32), "{name}: CRS {c}"),
        (None, Some(p), Some(c)) => assert_eq!(
            proj_tokens(c.proj4()),
            proj_tokens(p),
            "{name}: CRS {c} vs GDAL {p}"
        ),
        (e, p, c) => panic!("{name}: CRS {c:?} vs GDAL {e:?} {p:?}"),
    }
    assert_eq!(
        g.units.as_deref(),
        meta["units"].as_str().filter(|s| !s.is_empty()),
        "{name}"
    );
    assert_eq!(
        g.field.as_deref(),
        meta["description"].as_str().filter(|s| !s.is_empty()),
        "{name}"
    );
}

#[test]
fn every_fixture_matches_gdal() {
    let mut n = 0;
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "tif"))
        .collect();
    names.sort();
    for p in names {
        check(&p);
        n += 1;
    }
    assert!(n >= 25, "only {n} fixtures");
}

#[test]
fn sample_types_map_to_storage() {
    let f32_kinds = [
        "u8_strip_lzw_pred2",
        "i8_strip_deflate",
        "u16_tiled_deflate_pred2",
        "i16_strip_zstd_pred2_nodata",
        "f32_strip_none",
    ];
    let f64_kinds = [
        "u32_strip_lzw_pred2",
        "i32_tiled_deflate_pred2",
        "u64_strip_deflate",
        "i64_tiled_zstd_pred2",
        "f64_tiled_lzw_pred3",
    ];
    for k in f32_kinds {
        assert!(
            geotiff::read(&dir().join(format!("{k}.tif")))
                .unwrap()
                .values
                .is_f32(),
            "{k}"
        );
    }
    for k in f64_kinds {
        assert!(
            !geotiff::read(&dir().join(format!("{k}.tif")))
                .unwrap()
                .values
                .is_f32(),
            "{k}"
        );
    }
    let i8 = geotiff::read(&dir().join("i8_strip_deflate.tif")).unwrap();
    assert!(i8.stats().min < 0.0, "signed bytes read as unsigned");
}

#[test]
fn band_out_of_range_is_input_error() {
    let p = dir().join("u16_3band_pixel_interleaved.tif");
    assert!(geotiff::read_band(&p, 3).is_ok());
    for b in [0, 4] {
        let e = geotiff::read_band(&p, b).unwrap_err();
        assert!(matches!(e, lode_core::Error::Input { .. }), "{e}");
    }
}

#[test]
fn real_evidence_map_matches_its_readme() {
    // wofe-eis README: 39 × 28 cells, EPSG:3067-family TM35FIN, nodata 15 on 311 cells, 781 valid.
    let g = geotiff::read(&dir().join("real_wofe_evidence_u8.tif")).unwrap();
    assert_eq!((g.cols(), g.rows()), (39, 28));
    assert_eq!(g.nodata, Some(15.0));
    let nan = g.values.as_f64().iter().filter(|v| v.is_nan()).count();
    assert_eq!(nan, 311);
    assert_eq!(g.values.len() - nan, 781);
}

#[test]
fn old_style_deflate_code_32946_reads_like_8() {
    let p = dir().join("f32_tiled_deflate.tif");
    let mut b = std::fs::read(&p).unwrap();
    let ifd = u32::from_le_bytes(b[4..8].try_into().unwrap()) as usize;
    let n = u16::from_le_bytes([b[ifd], b[ifd + 1]]) as usize;
    let e = (0..n)
        .map(|i| ifd + 2 + 12 * i)
        .find(|&e| b[e..e + 2] == 259u16.to_le_bytes())
        .unwrap();
    assert_eq!(b[e + 8..e + 10], 8u16.to_le_bytes());
    b[e + 8..e + 10].copy_from_slice(&32946u16.to_le_bytes());
    let old = geotiff::parse(&b, &p).unwrap();
    let new = geotiff::read(&p).unwrap();
    assert!(old
        .values
        .as_f64()
        .iter()
        .zip(new.values.as_f64().iter())
        .all(|(a, b)| a.to_bits() == b.to_bits()));
}

#[test]
fn format_dispatch_reads_and_writes_geotiff() {
    let g = lode_io::read_grid(&dir().join("f32_user_tm.tif")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let p = out.path().join("x.tif");
    lode_io::write_grid(&p, &g, None).unwrap();
    let r = lode_io::read_grid(&p).unwrap();
    assert!(r.crs.as_ref().unwrap().same_as(g.crs.as_ref().unwrap()));
    assert!(g
        .values
        .as_f64()
        .iter()
        .zip(r.values.as_f64().iter())
        .all(|(a, b)| a.to_bits() == b.to_bits()));
}
