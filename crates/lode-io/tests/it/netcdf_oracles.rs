//! Live oracles: a grid lode writes as netCDF is read by GMT (`gmt grdinfo -C`, `gmt grd2xyz`)
//! and GDAL (`gdalinfo -json`, `gdal_translate -of XYZ`) with the same geometry, CRS and values.
//! Skipped when a tool is missing, unless LODE_REQUIRE_ORACLES=1.

use std::path::Path;
use std::process::Command;

use lode_core::{Crs, Grid, GridGeometry};
use lode_io::netcdf;

fn have(tool: &str, arg: &str) -> bool {
    let ok = Command::new(tool)
        .arg(arg)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        if std::env::var("LODE_REQUIRE_ORACLES").as_deref() == Ok("1") {
            panic!("oracle {tool} is required (LODE_REQUIRE_ORACLES=1) but not available");
        }
        eprintln!("skipping: {tool} not available");
    }
    ok
}

fn run(tool: &str, args: &[&str], dir: &Path) -> String {
    let o = Command::new(tool)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// 9 × 6 cells of 250 m × 100 m in UTM 33N, two NaN cells, values unique per cell.
fn utm_grid(f32_values: bool) -> Grid {
    let geo = GridGeometry::new(9, 6, 500125.0, 6001000.0, 250.0, 100.0).unwrap();
    let vals: Vec<f64> = (0..54)
        .map(|i| match i {
            4 | 31 => f64::NAN,
            _ => 100.0 * (i / 9) as f64 + (i % 9) as f64 + 0.125,
        })
        .collect();
    let mut g = Grid::new_f64(geo, vals).unwrap();
    if f32_values {
        g.to_f32_storage();
    }
    g.crs = Some(Crs::from_epsg(32633).unwrap());
    g.units = Some("nT".into());
    g.field = Some("anomaly".into());
    g
}

/// A single column or row: written pixel-registered (node_offset = 1).
fn thin_grid(cols: usize, rows: usize) -> Grid {
    let geo = GridGeometry::new(cols, rows, 1000.0, 5000.0, 50.0, 20.0).unwrap();
    let mut g = Grid::new_f64(geo, (0..cols * rows).map(|i| i as f64 - 0.5).collect()).unwrap();
    g.crs = Some(Crs::from_epsg(32633).unwrap());
    g
}

fn geo_grid() -> Grid {
    let geo = GridGeometry::new(6, 4, 26.0, -24.0, 0.25, 0.5).unwrap();
    let mut g = Grid::new_f64(geo, (0..24).map(|i| 978000.0 + i as f64 * 1.5).collect()).unwrap();
    g.crs = Some(Crs::from_epsg(4326).unwrap());
    g
}

/// Every (x, y, z) line must be a cell centre whose lode value agrees (NaN for no data, or
/// the `nodata` token); 1e-6 relative for printed values.
fn compare_xyz(g: &Grid, text: &str, nodata: Option<f64>) {
    let mut n = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Vec<f64> = line
            .split_whitespace()
            .map(|t| t.parse().unwrap())
            .collect();
        let (c, r) = g.geometry.xy_to_pixel(v[0], v[1]);
        assert!(
            (c.fract() - 0.5).abs() < 1e-6 && (r.fract() - 0.5).abs() < 1e-6,
            "{line}: not a cell centre"
        );
        let want = g.get(c as usize, r as usize);
        let got = if Some(v[2]) == nodata { f64::NAN } else { v[2] };
        if want.is_nan() {
            assert!(got.is_nan(), "{line}: expected NaN");
        } else {
            assert!(
                (got - want).abs() <= 1e-6 * want.abs().max(1.0),
                "{line}: expected {want}"
            );
        }
        n += 1;
    }
    assert_eq!(n, g.geometry.len());
}

#[test]
fn gmt_reads_lode_netcdf() {
    if !have("gmt", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, g, geographic) in [
        ("utm32.nc", utm_grid(true), false),
        ("utm64.nc", utm_grid(false), false),
        ("geo.nc", geo_grid(), true),
        ("col.nc", thin_grid(1, 5), false),
        ("row.nc", thin_grid(4, 1), false),
    ] {
        netcdf::write(&dir.path().join(name), &g).unwrap();
        // name w e s n z0 z1 dx dy nx ny reg gtype
        let info = run("gmt", &["grdinfo", "-C", name], dir.path());
        let f: Vec<&str> = info.split_whitespace().collect();
        let num = |i: usize| f[i].parse::<f64>().unwrap();
        let gm = &g.geometry;
        let [xmin, ymin, xmax, ymax] = gm.extent();
        let pixel = gm.cols == 1 || gm.rows == 1;
        let h = if pixel { 0.0 } else { 0.5 };
        let want = [
            xmin + h * gm.dx,
            xmax - h * gm.dx,
            ymin + h * gm.dy,
            ymax - h * gm.dy,
        ];
        for (i, w) in want.iter().enumerate() {
            assert!(
                (num(1 + i) - w).abs() <= 1e-9 * w.abs().max(1.0),
                "{name}: {info}"
            );
        }
        let s = g.stats();
        assert!(
            (num(5) - s.min).abs() <= 1e-6 * s.min.abs().max(1.0),
            "{name}: {info}"
        );
        assert!(
            (num(6) - s.max).abs() <= 1e-6 * s.max.abs().max(1.0),
            "{name}: {info}"
        );
        assert!(
            (num(7) - gm.dx).abs() < 1e-9 && (num(8) - gm.dy).abs() < 1e-9,
            "{info}"
        );
        assert_eq!((num(9) as usize, num(10) as usize), (gm.cols, gm.rows));
        assert_eq!(f[11], if pixel { "1" } else { "0" }, "{name}: registration");
        assert_eq!(
            f[12],
            if geographic { "1" } else { "0" },
            "{name}: geographic flag"
        );
        let xyz = run(
            "gmt",
            &["grd2xyz", name, "--FORMAT_FLOAT_OUT=%.12g"],
            dir.path(),
        );
        compare_xyz(&g, &xyz, None);
    }
}

#[test]
fn gdal_reads_lode_netcdf() {
    if !have("gdalinfo", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, g, epsg) in [
        ("utm.nc", utm_grid(true), 32633),
        ("geo.nc", geo_grid(), 4326),
        ("col.nc", thin_grid(1, 5), 32633),
        ("row.nc", thin_grid(4, 1), 32633),
    ] {
        netcdf::write(&dir.path().join(name), &g).unwrap();
        let info = run("gdalinfo", &["-json", name], dir.path());
        let j: serde_json::Value = serde_json::from_str(&info).unwrap();
        let gt: Vec<f64> = j["geoTransform"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let want = g.geometry.geotransform();
        for i in 0..6 {
            assert!(
                (gt[i] - want[i]).abs() <= 1e-9 * want[i].abs().max(1.0),
                "{name}: {gt:?} != {want:?}"
            );
        }
        assert_eq!(j["size"][0].as_u64(), Some(g.cols() as u64));
        assert_eq!(j["size"][1].as_u64(), Some(g.rows() as u64));
        let wkt = j["coordinateSystem"]["wkt"].as_str().unwrap();
        assert!(
            wkt.trim_end().ends_with(&format!("ID[\"EPSG\",{epsg}]]")),
            "{name}: {wkt}"
        );
        let xyz = run(
            "gdal_translate",
            &[
                "-q",
                "-of",
                "XYZ",
                "-co",
                "DECIMAL_PRECISION=9",
                name,
                "/vsistdout/",
            ],
            dir.path(),
        );
        compare_xyz(&g, &xyz, None);
    }
}
