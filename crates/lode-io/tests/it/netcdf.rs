//! netCDF grids: fixtures written by GMT 6, GDAL and netCDF-C (tools/make_netcdf_fixtures.sh)
//! against the values and geometry those tools dump; round trips; bad input.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lode_core::{Crs, Error, Grid, GridGeometry};
use lode_io::netcdf;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/netcdf/");

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(DIR).join(name)
}

fn info(stem: &str) -> HashMap<String, String> {
    std::fs::read_to_string(fixture(&format!("{stem}.info")))
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn xyz(stem: &str) -> Vec<[f64; 3]> {
    std::fs::read_to_string(fixture(&format!("{stem}.xyz")))
        .unwrap()
        .lines()
        .map(|l| {
            let v: Vec<f64> = l.split_whitespace().map(|t| t.parse().unwrap()).collect();
            [v[0], v[1], v[2]]
        })
        .collect()
}

/// Compare a grid with the tool's dump: size, outer extent (1e-9 of the span), every cell
/// centre (1e-6 of a cell) and every value (relative 2e-9: the dumps have 10 significant
/// digits), NaN where the tool has no data; then the CRS, units and field name.
fn check(grid: &Grid, stem: &str) {
    let inf = info(stem);
    let g = &grid.geometry;
    assert_eq!(g.cols.to_string(), inf["cols"], "{stem}: cols");
    assert_eq!(g.rows.to_string(), inf["rows"], "{stem}: rows");
    let e = g.extent();
    let want: Vec<f64> = ["xmin", "ymin", "xmax", "ymax"]
        .iter()
        .map(|k| inf[*k].parse().unwrap())
        .collect();
    let span = (want[2] - want[0]).max(want[3] - want[1]);
    for i in 0..4 {
        assert!(
            (e[i] - want[i]).abs() <= 1e-9 * span,
            "{stem}: extent {e:?} != {want:?}"
        );
    }
    let pts = xyz(stem);
    assert_eq!(pts.len(), g.len(), "{stem}: every cell is listed");
    let mut nan = 0;
    for [x, y, z] in pts {
        let (c, r) = g.xy_to_pixel(x, y);
        assert!(
            (c.fract() - 0.5).abs() < 1e-6 && (r.fract() - 0.5).abs() < 1e-6,
            "{stem}: ({x}, {y}) is not a cell centre: {c}, {r}"
        );
        let v = grid.get(c as usize, r as usize);
        if z.is_nan() {
            nan += 1;
            assert!(v.is_nan(), "{stem}: ({x}, {y}) should be NaN, is {v}");
        } else {
            assert!(
                (v - z).abs() <= 2e-9 * z.abs().max(1.0),
                "{stem}: ({x}, {y}) = {v}, expected {z}"
            );
        }
    }
    assert_eq!(grid.stats().nodata, nan, "{stem}: NaN count");
    match inf["epsg"].as_str() {
        "none" => assert!(grid.crs.is_none(), "{stem}: no CRS expected"),
        code => assert_eq!(
            grid.crs
                .as_ref()
                .and_then(|c| c.epsg())
                .map(|c| c.to_string()),
            Some(code.to_string()),
            "{stem}: CRS {:?}",
            grid.crs
        ),
    }
    let units = Some(inf["units"].clone()).filter(|u| !u.is_empty());
    assert_eq!(grid.units, units, "{stem}: units");
    assert_eq!(
        grid.field.as_deref(),
        Some(inf["field"].as_str()),
        "{stem}: field"
    );
}

#[test]
fn gmt_netcdf4_deflate_chunked() {
    let bytes = std::fs::read(fixture("gmt_nc4_cartesian.nc")).unwrap();
    assert!(bytes.starts_with(b"\x89HDF\r\n\x1a\n"));
    let g = netcdf::read(&fixture("gmt_nc4_cartesian.nc")).unwrap();
    check(&g, "gmt_nc4_cartesian");
    let via_dispatch = lode_io::read_grid(&fixture("gmt_nc4_cartesian.nc")).unwrap();
    assert_eq!(via_dispatch.geometry, g.geometry);
    assert_eq!(via_dispatch.stats().nodata, g.stats().nodata);
    assert!(g.values.is_f32());
    // Gridline registration: nodes 0..50 step 2 are cell centres.
    assert_eq!(g.geometry.cell_center(0, 0), (0.0, 30.0));
}

#[test]
fn gmt_classic_float_geographic_pixel() {
    let p = fixture("gmt_nf_geo_pixel.nc");
    assert!(std::fs::read(&p).unwrap().starts_with(b"CDF\x01"));
    let g = netcdf::read(&p).unwrap();
    check(&g, "gmt_nf_geo_pixel");
    // Pixel registration: -R10/15/-30/-26 are the outer edges.
    assert_eq!(g.geometry.extent(), [10.0, -30.0, 15.0, -26.0]);
    assert!(g.crs.as_ref().unwrap().is_geographic());
}

#[test]
fn gmt_short_with_scale_offset_and_fill() {
    let g = netcdf::read(&fixture("gmt_ns_scaled.nc")).unwrap();
    check(&g, "gmt_ns_scaled");
    // _FillValue −9999 stored, unpacked: −9999·0.5 + 100.
    assert_eq!(g.nodata, Some(-9999.0 * 0.5 + 100.0));
}

#[test]
fn gmt_legacy_cf_format() {
    let g = netcdf::read(&fixture("gmt_cf_legacy.nc")).unwrap();
    check(&g, "gmt_cf_legacy");
}

#[test]
fn gmt_projected_grid_mapping() {
    let p = fixture("gmt_nc4_utm33.nc");
    let g = netcdf::read(&p).unwrap();
    // GMT's spatial_ref WKT (grdedit -JEPSG:32633) has no EPSG code: the CRS is what
    // lode-core makes of that WKT, UTM zone 33 on WGS84.
    let nc = netcdf_reader::NcFile::open(&p).unwrap();
    let gm = nc.variable("grid_mapping").unwrap();
    let wkt = gm
        .attribute("spatial_ref")
        .unwrap()
        .value
        .as_string()
        .unwrap();
    match Crs::from_wkt(&wkt) {
        Ok(want) => {
            let got = g.crs.as_ref().expect("CRS from spatial_ref");
            assert!(got.same_as(&want), "{got:?} != {want:?}");
            let p4 = got.proj4();
            assert!(p4.contains("+zone=33") || p4.contains("+lon_0=15"), "{p4}");
        }
        Err(_) => assert!(g.crs.is_none()),
    }
    let mut g = g;
    g.crs = Some(Crs::from_epsg(32633).unwrap());
    check(&g, "gmt_nc4_utm33");
    assert_eq!(
        g.geometry.extent(),
        [499750.0, 5999750.0, 510250.0, 6006250.0]
    );
}

#[test]
fn gmt_real_gravity_grid() {
    let g = netcdf::read(&fixture("gravity_bushveld.nc")).unwrap();
    check(&g, "gravity_bushveld");
    assert!(g.stats().nodata > 0 && g.stats().valid > 700);
}

#[test]
fn gdal_classic_nc() {
    let g = netcdf::read(&fixture("gdal_nc3_utm33.nc")).unwrap();
    check(&g, "gdal_nc3_utm33");
    assert_eq!(g.nodata, Some(-9999.0));
}

#[test]
fn gdal_netcdf4() {
    let p = fixture("gdal_nc4_utm33.nc");
    assert!(std::fs::read(&p).unwrap().starts_with(b"\x89HDF"));
    check(&netcdf::read(&p).unwrap(), "gdal_nc4_utm33");
}

#[test]
fn gdal_64bit_offset_top_down() {
    let p = fixture("gdal_nc2_topdown.nc");
    assert!(std::fs::read(&p).unwrap().starts_with(b"CDF\x02"));
    let g = netcdf::read(&p).unwrap();
    check(&g, "gdal_nc2_topdown");
    let a = netcdf::read(&fixture("gdal_nc3_utm33.nc")).unwrap();
    assert!(g.geometry.same_as(&a.geometry));
    assert_eq!(g.values_f64().len(), a.values_f64().len());
    for (x, y) in g.values_f64().iter().zip(a.values_f64().iter()) {
        assert!(x == y || (x.is_nan() && y.is_nan()));
    }
}

#[test]
fn cdf5_leading_time_dimension_and_variable_choice() {
    let p = fixture("py_cdf5.nc");
    assert!(std::fs::read(&p).unwrap().starts_with(b"CDF\x05"));
    let g = netcdf::read(&p).unwrap();
    check(&g, "py_cdf5");
    assert!(!g.values.is_f32());
    let e = netcdf::read_variable(&p, "elevation").unwrap();
    check(&e, "py_cdf5.elevation");
    assert_eq!(e.nodata, Some(-32767.0));
    // The same values stored (lon, lat): transposed back.
    let mut t = netcdf::read_variable(&p, "anomaly_t").unwrap();
    assert!(t.geometry.same_as(&g.geometry));
    t.field = Some("total field anomaly".into());
    check(&t, "py_cdf5");
    let err = netcdf::read_variable(&p, "lat").unwrap_err();
    assert!(matches!(err, Error::Input { .. }), "{err}");
    let err = netcdf::read_variable(&p, "nope").unwrap_err();
    assert!(err.to_string().contains("no variable named"), "{err}");
}

fn sample_grid(f32_values: bool, crs: Option<Crs>) -> Grid {
    let geo = GridGeometry::new(7, 5, 500125.0, 6001000.0, 250.0, 100.0).unwrap();
    let vals: Vec<f64> = (0..35)
        .map(|i| {
            if i == 9 {
                f64::NAN
            } else {
                (i as f64) * 1.25 - 7.1
            }
        })
        .collect();
    let mut g = Grid::new_f64(geo, vals).unwrap();
    if f32_values {
        g.to_f32_storage();
    }
    g.crs = crs;
    g.units = Some("nT".into());
    g.field = Some("total field anomaly".into());
    g
}

fn assert_same(a: &Grid, b: &Grid) {
    assert!(
        a.geometry.same_as(&b.geometry),
        "{:?} != {:?}",
        a.geometry,
        b.geometry
    );
    assert_eq!(a.values.is_f32(), b.values.is_f32());
    for (x, y) in a.values_f64().iter().zip(b.values_f64().iter()) {
        assert!(
            x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()),
            "{x} != {y}"
        );
    }
    assert_eq!(a.units, b.units);
    assert_eq!(a.field, b.field);
    assert_eq!(
        a.crs.as_ref().and_then(|c| c.epsg()),
        b.crs.as_ref().and_then(|c| c.epsg())
    );
}

#[test]
fn round_trip_projected_f32_and_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let g = sample_grid(true, Some(Crs::from_epsg(32633).unwrap()));
    let p = dir.path().join("a.nc");
    netcdf::write(&p, &g).unwrap();
    let bytes = std::fs::read(&p).unwrap();
    assert!(bytes.starts_with(b"CDF\x01"));
    assert_eq!(bytes, netcdf::to_bytes(&g).unwrap());
    netcdf::write(&p, &g).unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), bytes, "same grid, same bytes");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporaries left"
    );
    let back = netcdf::read(&p).unwrap();
    assert_same(&g, &back);
    assert_eq!(lode_io::read_grid(&p).unwrap().geometry, back.geometry);
}

#[test]
fn round_trip_geographic_f64_without_crs_metadata_loss() {
    let geo = GridGeometry::new(4, 3, 26.0, -24.0, 0.1, 0.05).unwrap();
    let mut g = Grid::new_f64(geo, (0..12).map(|i| 978000.0 + i as f64 / 3.0).collect()).unwrap();
    g.crs = Some(Crs::from_epsg(4326).unwrap());
    g.meta.date = Some("2019-05-02".into());
    g.meta.line_spacing_m = Some(200.0);
    let bytes = netcdf::to_bytes(&g).unwrap();
    let back = netcdf::parse(&bytes, Path::new("mem.nc")).unwrap();
    assert_eq!(back.field.as_deref(), Some("z"));
    g.field = Some("z".into());
    assert_same(&g, &back);
    assert_eq!(back.meta.date.as_deref(), Some("2019-05-02"));
    assert_eq!(back.meta.line_spacing_m, Some(200.0));
    // No CRS at all: plain x/y, still the same cells.
    g.crs = None;
    let back = netcdf::parse(&netcdf::to_bytes(&g).unwrap(), Path::new("mem.nc")).unwrap();
    assert!(back.crs.is_none());
    assert_same(&g, &back);
}

#[test]
fn rotated_grid_is_refused() {
    let mut g = sample_grid(true, None);
    g.geometry.rotation_deg = 10.0;
    let dir = tempfile::tempdir().unwrap();
    let err = netcdf::write(&dir.path().join("r.nc"), &g).unwrap_err();
    assert!(err.to_string().contains("rotated"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

fn input_error(bytes: &[u8]) -> String {
    match netcdf::parse(bytes, Path::new("bad.nc")) {
        Err(e @ Error::Input { .. }) => e.to_string(),
        other => panic!("expected an input error, got {other:?}"),
    }
}

#[test]
fn empty_and_wrong_magic() {
    assert!(input_error(b"").contains("bad.nc"));
    assert!(input_error(b"CDF").contains("too short"));
    assert!(input_error(b"XDF\x01\0\0\0\0\0\0\0\0").contains("magic"));
    let mut b = std::fs::read(fixture("gmt_ns_scaled.nc")).unwrap();
    b[3] = 7;
    input_error(&b);
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("empty.nc");
    std::fs::write(&p, b"").unwrap();
    assert!(matches!(netcdf::read(&p), Err(Error::Input { .. })));
    assert!(matches!(
        netcdf::read(&dir.path().join("missing.nc")),
        Err(Error::Input { .. })
    ));
}

#[test]
fn truncated_files() {
    for name in [
        "gmt_nf_geo_pixel.nc",
        "gmt_nc4_cartesian.nc",
        "py_cdf5.nc",
        "gdal_nc2_topdown.nc",
    ] {
        let b = std::fs::read(fixture(name)).unwrap();
        for cut in (0..b.len()).step_by(23) {
            input_error(&b[..cut]);
        }
    }
    let b = std::fs::read(fixture("gmt_nf_geo_pixel.nc")).unwrap();
    assert!(input_error(&b[..b.len() - 8]).contains("truncated"));
}

#[test]
fn file_without_a_grid() {
    let msg = input_error(&std::fs::read(fixture("no_grid.nc")).unwrap());
    assert!(msg.contains("no 2-D grid variable"), "{msg}");
}

/// A classic header declaring z(y, x) float with the given dimension lengths and no data.
fn classic_header(nx: u32, ny: u32) -> Vec<u8> {
    let mut h = b"CDF\x01".to_vec();
    let w = |h: &mut Vec<u8>, v: u32| h.extend_from_slice(&v.to_be_bytes());
    w(&mut h, 0);
    w(&mut h, 0x0A);
    w(&mut h, 2);
    for (n, len) in [(b'x', nx), (b'y', ny)] {
        w(&mut h, 1);
        h.extend_from_slice(&[n, 0, 0, 0]);
        w(&mut h, len);
    }
    h.extend_from_slice(&[0; 8]);
    w(&mut h, 0x0B);
    w(&mut h, 1);
    w(&mut h, 1);
    h.extend_from_slice(b"z\0\0\0");
    w(&mut h, 2);
    w(&mut h, 1);
    w(&mut h, 0);
    h.extend_from_slice(&[0; 8]);
    w(&mut h, 5);
    w(&mut h, nx.wrapping_mul(ny).wrapping_mul(4));
    let begin = h.len() as u32 + 4;
    w(&mut h, begin);
    h
}

#[test]
fn absurd_dimensions() {
    for (nx, ny) in [
        (0x7fff_ffff, 0x7fff_ffff),
        (100_000, 100_000),
        (5000, 3),
        (0, 4),
    ] {
        input_error(&classic_header(nx, ny));
    }
    // The same header with its data present reads.
    let mut ok = classic_header(3, 2);
    ok.extend_from_slice(&[0x3f, 0x80, 0, 0].repeat(6));
    let g = netcdf::parse(&ok, Path::new("ok.nc")).unwrap();
    assert_eq!((g.cols(), g.rows()), (3, 2));
    assert!(g.values_f64().iter().all(|&v| v == 1.0));
}

#[test]
fn single_row_and_column_round_trip() {
    for (cols, rows) in [(1, 4), (5, 1), (1, 1)] {
        let geo = GridGeometry::new(cols, rows, 300.0, 900.0, 20.0, 30.0).unwrap();
        let g = Grid::new_f64(geo, (0..cols * rows).map(|i| i as f64).collect()).unwrap();
        let back = netcdf::parse(&netcdf::to_bytes(&g).unwrap(), Path::new("m.nc")).unwrap();
        assert!(
            back.geometry.same_as(&g.geometry),
            "{cols}×{rows}: {:?}",
            back.geometry
        );
        assert_eq!(back.values_f64(), g.values_f64());
    }
}
