//! Target outlines against GDAL's polygonizer (gdal_polygonize.py -8) on the same mask.
//! Reference produced by tools/plan_polygonize_reference.sh (GDAL 3.6.2).

use geo::{Area, BooleanOps};
use geo_types::{Geometry, MultiPolygon};
use lode_core::{Grid, GridGeometry};
use lode_plan::geom::geometry_from_geojson;
use lode_plan::targets::{delineate, TargetParams, Threshold};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/plan");

/// The ESRI ASCII mask as a prospectivity grid: 0.9 where the mask is 1, 0.1 elsewhere.
fn mask() -> Grid {
    let text = std::fs::read_to_string(format!("{DIR}/mask.asc")).unwrap();
    let mut head = std::collections::HashMap::new();
    let mut vals = Vec::new();
    for line in text.lines() {
        let mut it = line.split_whitespace();
        let first = it.next().unwrap();
        if first.chars().next().unwrap().is_ascii_alphabetic() {
            head.insert(
                first.to_ascii_lowercase(),
                it.next().unwrap().parse::<f64>().unwrap(),
            );
        } else {
            vals.push(first.parse::<f64>().unwrap());
            vals.extend(it.map(|v| v.parse::<f64>().unwrap()));
        }
    }
    let (nc, nr, cs) = (
        head["ncols"] as usize,
        head["nrows"] as usize,
        head["cellsize"],
    );
    let g = GridGeometry::new(
        nc,
        nr,
        head["xllcorner"],
        head["yllcorner"] + nr as f64 * cs,
        cs,
        cs,
    )
    .unwrap();
    Grid::new_f64(
        g,
        vals.iter()
            .map(|&v| if v == 1.0 { 0.9 } else { 0.1 })
            .collect(),
    )
    .unwrap()
}

fn gdal_polygons() -> Vec<MultiPolygon<f64>> {
    let text = std::fs::read_to_string(format!("{DIR}/mask_polygons.geojson")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["DN"] == 1)
        .map(|f| match geometry_from_geojson(&f["geometry"]).unwrap() {
            Geometry::Polygon(p) => MultiPolygon(vec![p]),
            Geometry::MultiPolygon(m) => m,
            g => panic!("unexpected {g:?}"),
        })
        .collect()
}

#[test]
fn outlines_cover_the_same_area_as_gdal_polygonize() {
    let grid = mask();
    let p = TargetParams {
        threshold: Threshold::Probability(0.5),
        min_cells: 1,
        ..Default::default()
    };
    let targets = delineate(&grid, "gold", &p).unwrap();
    let gdal = gdal_polygons();
    // Same region: the symmetric difference of the unions has zero area.
    let ours = targets
        .iter()
        .fold(MultiPolygon::<f64>(vec![]), |acc, t| acc.union(&t.polygon));
    let theirs = gdal
        .iter()
        .fold(MultiPolygon::<f64>(vec![]), |acc, m| acc.union(m));
    let xor = ours.xor(&theirs).unsigned_area();
    assert!(xor < 1e-6, "symmetric difference {xor} m²");
    let cells = grid.values_f64().iter().filter(|&&v| v > 0.5).count() as f64;
    assert!((ours.unsigned_area() - cells * 1e4).abs() < 1e-6);
    // Same pieces: each target equals one GDAL feature or the union of several (GDAL splits an
    // 8-connected region at some corner contacts; lode keeps it as one target).
    let mut used = vec![false; gdal.len()];
    for t in &targets {
        let mut acc = MultiPolygon::<f64>(vec![]);
        for (k, g) in gdal.iter().enumerate() {
            if !used[k] && g.intersection(&t.polygon).unsigned_area() > 1e-6 {
                used[k] = true;
                acc = acc.union(g);
            }
        }
        let d = acc.xor(&t.polygon).unsigned_area();
        assert!(d < 1e-6, "{}: differs from GDAL by {d} m²", t.id);
    }
    assert!(used.iter().all(|&u| u));
    // Holes: a target's holes have the same total area as GDAL's.
    let holes = |m: &MultiPolygon<f64>| -> f64 {
        m.0.iter()
            .flat_map(|p| p.interiors())
            .map(|r| geo_types::Polygon::new(r.clone(), vec![]).unsigned_area())
            .sum()
    };
    let h_ours: f64 = targets.iter().map(|t| holes(&t.polygon)).sum();
    let h_gdal: f64 = gdal.iter().map(holes).sum();
    assert!((h_ours - h_gdal).abs() < 1e-6, "holes {h_ours} vs {h_gdal}");
    eprintln!(
        "{} targets, {} GDAL polygons, {} m² of holes",
        targets.len(),
        gdal.len(),
        h_ours
    );
}
