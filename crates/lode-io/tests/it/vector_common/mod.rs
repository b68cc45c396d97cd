//! Helpers shared by the vector tests: compare a lode layer with GDAL's GeoJSON dump.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use geo_types::{Geometry, LineString, Polygon};
use lode_core::{AttrValue, VectorLayer};
use serde_json::{json, Value};

pub const TOL: f64 = 1e-9;

pub fn data(name: &str) -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/vector"
    ))
    .join(name)
}

pub fn load_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn line(l: &LineString<f64>) -> Value {
    Value::Array(l.0.iter().map(|c| json!([c.x, c.y])).collect())
}

fn poly(p: &Polygon<f64>) -> Value {
    let mut v = vec![line(p.exterior())];
    v.extend(p.interiors().iter().map(line));
    Value::Array(v)
}

/// A geo-types geometry as GeoJSON, built independently of lode's writer.
pub fn geo_json(g: &Geometry<f64>) -> Value {
    match g {
        Geometry::Point(p) => json!({"type": "Point", "coordinates": [p.x(), p.y()]}),
        Geometry::MultiPoint(m) => {
            json!({"type": "MultiPoint", "coordinates": m.0.iter().map(|p| json!([p.x(), p.y()])).collect::<Vec<_>>()})
        }
        Geometry::LineString(l) => json!({"type": "LineString", "coordinates": line(l)}),
        Geometry::MultiLineString(m) => {
            json!({"type": "MultiLineString", "coordinates": m.0.iter().map(line).collect::<Vec<_>>()})
        }
        Geometry::Polygon(p) => json!({"type": "Polygon", "coordinates": poly(p)}),
        Geometry::MultiPolygon(m) => {
            json!({"type": "MultiPolygon", "coordinates": m.0.iter().map(poly).collect::<Vec<_>>()})
        }
        Geometry::GeometryCollection(c) => {
            json!({"type": "GeometryCollection", "geometries": c.0.iter().map(geo_json).collect::<Vec<_>>()})
        }
        other => panic!("unexpected geometry {other:?}"),
    }
}

/// Structural equality with numbers compared to `TOL` (relative to magnitude ≥ 1).
pub fn same(a: &Value, b: &Value, at: &str) {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!((x - y).abs() <= TOL * x.abs().max(1.0), "{at}: {x} != {y}");
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{at}: lengths differ: {a} vs {b}");
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                same(p, q, &format!("{at}[{i}]"));
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(x.len(), y.len(), "{at}: keys differ: {a} vs {b}");
            for (k, v) in x {
                same(
                    v,
                    y.get(k).unwrap_or_else(|| panic!("{at}: missing {k}")),
                    &format!("{at}.{k}"),
                );
            }
        }
        _ => assert_eq!(a, b, "{at}"),
    }
}

fn attr_json(v: &AttrValue) -> Value {
    match v {
        AttrValue::Null => Value::Null,
        AttrValue::Bool(b) => json!(b),
        AttrValue::Int(i) => json!(i),
        AttrValue::Float(f) => json!(f),
        AttrValue::Text(s) => json!(s),
    }
}

/// The EPSG code named by a GeoJSON `crs` member (4326 when absent).
pub fn json_epsg(doc: &Value) -> u32 {
    match doc.get("crs") {
        None => 4326,
        Some(c) => c["properties"]["name"]
            .as_str()
            .unwrap()
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap(),
    }
}

/// Assert that `layer` has the features, attributes, geometries and CRS of GDAL's dump `doc`.
pub fn assert_matches(layer: &VectorLayer, doc: &Value, what: &str) {
    let feats = doc["features"].as_array().unwrap();
    assert_eq!(layer.len(), feats.len(), "{what}: feature count");
    for (i, (f, e)) in layer.features.iter().zip(feats).enumerate() {
        let props = e["properties"].as_object().unwrap();
        // GDAL leaves unset fields out of its dump (FlatGeobuf nulls): absent means null.
        for k in props.keys() {
            assert!(
                layer.field_index(k).is_some(),
                "{what}: no field {k} in {:?}",
                layer.fields
            );
        }
        for (fd, v) in layer.fields.iter().zip(&f.attrs) {
            let e = props.get(&fd.name).unwrap_or(&Value::Null);
            same(
                &attr_json(v),
                e,
                &format!("{what}: feature {i}.{}", fd.name),
            );
        }
        match (&f.geometry, &e["geometry"]) {
            (None, Value::Null) => {}
            (Some(g), ev) => same(&geo_json(g), ev, &format!("{what}: feature {i} geometry")),
            (None, ev) => panic!("{what}: feature {i}: no geometry, expected {ev}"),
        }
    }
    let epsg = layer.crs.as_ref().and_then(|c| c.epsg());
    assert_eq!(epsg, Some(json_epsg(doc)), "{what}: CRS");
}

/// Compare two layers read back from different formats (same fields by name, values, geometry).
pub fn assert_same_layer(a: &VectorLayer, b: &VectorLayer, what: &str) {
    assert_eq!(a.len(), b.len(), "{what}: feature count");
    assert_eq!(
        a.fields.len(),
        b.fields.len(),
        "{what}: fields {:?} vs {:?}",
        a.fields,
        b.fields
    );
    for (fa, fb) in a.fields.iter().zip(&b.fields) {
        assert_eq!(fa.kind, fb.kind, "{what}: kind of {}", fa.name);
    }
    for (i, (x, y)) in a.features.iter().zip(&b.features).enumerate() {
        for (j, (p, q)) in x.attrs.iter().zip(&y.attrs).enumerate() {
            same(
                &attr_json(p),
                &attr_json(q),
                &format!("{what}: feature {i} field {j}"),
            );
        }
        match (&x.geometry, &y.geometry) {
            (Some(g), Some(h)) => same(
                &geo_json(g),
                &geo_json(h),
                &format!("{what}: feature {i} geometry"),
            ),
            (None, None) => {}
            _ => panic!("{what}: feature {i}: geometry presence differs"),
        }
    }
    assert_eq!(
        a.crs.as_ref().and_then(|c| c.epsg()),
        b.crs.as_ref().and_then(|c| c.epsg()),
        "{what}: CRS"
    );
}
