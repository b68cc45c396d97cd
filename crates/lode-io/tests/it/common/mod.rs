//! Helpers shared by the GDAL-fixture tests of the grid formats.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use lode_core::Grid;

pub fn xyz(path: &Path) -> Vec<[f64; 3]> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Vec<f64> = l.split_whitespace().map(|t| t.parse().unwrap()).collect();
            [v[0], v[1], v[2]]
        })
        .collect()
}
pub fn gdal_geometry(json: &Path) -> ([usize; 2], [f64; 6]) {
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    let size = [
        j["size"][0].as_u64().unwrap() as usize,
        j["size"][1].as_u64().unwrap() as usize,
    ];
    let gt: Vec<f64> = j["geoTransform"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    (size, gt.try_into().unwrap())
}
pub fn assert_gdal_geometry(g: &Grid, json: &Path) {
    let (size, gt) = gdal_geometry(json);
    assert_eq!(size, [g.cols(), g.rows()], "{}", json.display());
    for (a, b) in g.geometry.geotransform().iter().zip(gt) {
        assert!(
            (a - b).abs() < 1e-9,
            "{}: {:?} vs {gt:?}",
            json.display(),
            g.geometry.geotransform()
        );
    }
}
pub fn oracle(tool: &str) -> bool {
    if Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return true;
    }
    if std::env::var("LODE_REQUIRE_ORACLES").as_deref() == Ok("1") {
        panic!("oracle {tool} is required (LODE_REQUIRE_ORACLES=1) but not installed");
    }
    eprintln!("skipping: {tool} is not installed");
    false
}

/// A fixture file of tests/data/<folder>/.
pub fn fixture(folder: &str, name: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data"))
        .join(folder)
        .join(name)
}

/// Every cell centre and value of `g` equals GDAL's dump (values compared in f32; `nodata` → NaN).
pub fn assert_matches_xyz(g: &Grid, rows: &[[f64; 3]], nodata: f64) {
    assert_eq!(rows.len(), g.geometry.len());
    for (i, [x, y, z]) in rows.iter().enumerate() {
        let (c, r) = (i % g.cols(), i / g.cols());
        let (cx, cy) = g.geometry.cell_center(c, r);
        assert!(
            (cx - x).abs() < 1e-6 && (cy - y).abs() < 1e-6,
            "cell {c},{r}"
        );
        let v = g.get(c, r);
        if *z == nodata {
            assert!(v.is_nan(), "cell {c},{r}: {v} should be no-data");
        } else {
            assert_eq!(v as f32, *z as f32, "cell {c},{r}");
        }
    }
}

/// a == b cell for cell (NaN = NaN).
pub fn same_values(a: &Grid, b: &Grid) {
    for (x, y) in a.values_f64().iter().zip(b.values_f64().iter()) {
        assert!(x == y || (x.is_nan() && y.is_nan()), "{x} vs {y}");
    }
}

/// GDAL's XYZ dump of `path` written to `out` (`gdal_translate -of XYZ`).
pub fn gdal_to_xyz(path: &Path, out: &Path) {
    let st = Command::new("gdal_translate")
        .args(["-q", "-of", "XYZ"])
        .arg(path)
        .arg(out)
        .status()
        .unwrap();
    assert!(st.success(), "gdal_translate {}", path.display());
}
