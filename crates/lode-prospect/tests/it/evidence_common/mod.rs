//! Fixture helpers shared by the evidence-layer tests.
#![allow(dead_code)]

use std::path::PathBuf;

use lode_core::{GridGeometry, VectorLayer};

/// Path of a fixture in tests/data/evidence/.
pub fn data(name: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/evidence"
    ))
    .join(name)
}

/// A vector fixture.
pub fn layer(name: &str) -> VectorLayer {
    lode_io::read_vector(&data(name)).unwrap()
}

/// The test grid of grid.json.
pub fn geometry() -> GridGeometry {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data("grid.json")).unwrap()).unwrap();
    let f = |k: &str| v[k].as_f64().unwrap();
    GridGeometry::new(
        f("cols") as usize,
        f("rows") as usize,
        f("x0"),
        f("y0"),
        f("dx"),
        f("dy"),
    )
    .unwrap()
}

/// Column `name` of distances.csv, in row-major cell order.
pub fn reference(name: &str) -> Vec<f64> {
    let text = std::fs::read_to_string(data("distances.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let k = header.iter().position(|h| *h == name).unwrap();
    lines
        .map(|l| l.split(',').nth(k).unwrap().parse().unwrap())
        .collect()
}

/// True when oracles must run (LODE_REQUIRE_ORACLES=1).
pub fn oracles_required() -> bool {
    std::env::var("LODE_REQUIRE_ORACLES").as_deref() == Ok("1")
}
