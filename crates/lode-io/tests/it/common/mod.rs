//! Helpers shared by the GDAL-fixture tests of the grid formats.

#![allow(dead_code)]

use std::path::Path;
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
