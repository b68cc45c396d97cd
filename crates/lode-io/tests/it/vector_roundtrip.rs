//! Write → read round trips for GeoJSON, Shapefile and GeoPackage; byte-identical output for
//! identical input; errors for layers a format cannot hold.

use crate::vector_common;

use geo_types::{Geometry, LineString, Point, Polygon};
use lode_core::{AttrValue, Crs, FieldDef, FieldKind, VectorLayer};
use lode_io::Format;
use vector_common::*;

const LAYERS: [&str; 4] = ["points", "lines", "polygons", "gk"];

fn roundtrip(ext: &str, format: Format) {
    let dir = tempfile::tempdir().unwrap();
    for layer in LAYERS {
        let src = lode_io::read_vector(&data(&format!("{layer}.geojson"))).unwrap();
        let out = dir.path().join(format!("{layer}.{ext}"));
        lode_io::write_vector(&out, &src, Some(format)).unwrap();
        let back = lode_io::read_vector(&out).unwrap();
        assert_same_layer(&src, &back, &format!("{layer}.{ext}"));
        assert_eq!(back.name, layer);
        // Same input, same bytes.
        let again = dir.path().join(format!("again_{layer}.{ext}"));
        lode_io::write_vector(&again, &src, Some(format)).unwrap();
        assert_eq!(
            std::fs::read(&out).unwrap(),
            std::fs::read(&again).unwrap(),
            "{layer}.{ext} not deterministic"
        );
    }
    // Only the outputs remain: no temporaries.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn geojson_roundtrip() {
    roundtrip("geojson", Format::GeoJson);
}

#[test]
fn shapefile_roundtrip() {
    roundtrip("shp", Format::Shapefile);
}

#[test]
fn geopackage_roundtrip() {
    roundtrip("gpkg", Format::GeoPackage);
}

fn mixed_layer() -> VectorLayer {
    let mut l = VectorLayer::new(
        "mixed",
        vec![FieldDef {
            name: "n".into(),
            kind: FieldKind::Int,
        }],
    );
    l.crs = Some(Crs::from_epsg(32633).unwrap());
    l.push(
        Some(Geometry::Point(Point::new(1.0, 2.0))),
        vec![AttrValue::Int(1)],
    )
    .unwrap();
    l.push(
        Some(Geometry::LineString(LineString::from(vec![
            (0.0, 0.0),
            (1.0, 1.0),
        ]))),
        vec![AttrValue::Null],
    )
    .unwrap();
    l.push(None, vec![AttrValue::Int(3)]).unwrap();
    l.push(
        Some(Geometry::GeometryCollection(geo_types::GeometryCollection(
            vec![
                Geometry::Point(Point::new(5.0, 6.0)),
                Geometry::Polygon(Polygon::new(
                    LineString::from(vec![(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (0.0, 0.0)]),
                    vec![],
                )),
            ],
        ))),
        vec![AttrValue::Int(i64::MIN + 1)],
    )
    .unwrap();
    l
}

#[test]
fn mixed_geometries_in_geojson_and_geopackage() {
    let dir = tempfile::tempdir().unwrap();
    let l = mixed_layer();
    for ext in ["geojson", "gpkg"] {
        let p = dir.path().join(format!("mixed.{ext}"));
        lode_io::write_vector(&p, &l, None).unwrap();
        let back = lode_io::read_vector(&p).unwrap();
        assert_same_layer(&l, &back, ext);
    }
}

#[test]
fn mixed_geometries_are_not_a_shapefile() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("mixed.shp");
    let mut l = mixed_layer();
    l.features.truncate(2);
    let e = lode_io::write_vector(&p, &l, None).unwrap_err();
    assert!(e.to_string().contains("mixes"), "{e}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "partial output left behind"
    );
}

#[test]
fn geojson_crs_member_only_when_not_wgs84() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = lode_io::read_vector(&data("gk.geojson")).unwrap();
    let p = dir.path().join("gk.geojson");
    lode_io::write_vector(&p, &l, None).unwrap();
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains("urn:ogc:def:crs:EPSG::28404"));
    l.crs = Some(Crs::from_epsg(4326).unwrap());
    lode_io::write_vector(&p, &l, None).unwrap();
    assert!(!std::fs::read_to_string(&p).unwrap().contains("\"crs\""));
    // Property order is file order, not alphabetical.
    let src = lode_io::read_vector(&data("points.geojson")).unwrap();
    let names: Vec<&str> = src.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["id", "mag_nt", "name", "drilled", "depth_m", "surveyed"]
    );
}

#[test]
fn geojson_legacy_crs_names() {
    let p = std::path::Path::new("x.geojson");
    for (name, code) in [
        ("EPSG:28404", 28404),
        ("urn:ogc:def:crs:EPSG::32633", 32633),
        ("urn:ogc:def:crs:OGC:1.3:CRS84", 4326),
    ] {
        let doc = format!(
            r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"{name}"}}}},"features":[]}}"#
        );
        let l = lode_io::geojson_io::parse(doc.as_bytes(), p).unwrap();
        assert_eq!(l.crs.unwrap().epsg(), Some(code));
    }
    // A bare geometry and a single feature are layers of one feature.
    let l =
        lode_io::geojson_io::parse(br#"{"type":"MultiPoint","coordinates":[[1,2],[3,4,5]]}"#, p)
            .unwrap();
    assert_eq!(l.len(), 1);
    let l = lode_io::geojson_io::parse(
        br#"{"type":"Feature","geometry":null,"properties":{"a":1,"b":2.5,"a2":[1,2]}}"#,
        p,
    )
    .unwrap();
    assert_eq!(
        l.features[0].attrs,
        [
            AttrValue::Int(1),
            AttrValue::Float(2.5),
            AttrValue::Text("[1,2]".into())
        ]
    );
}

#[test]
fn shapefile_field_names_are_laundered() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = VectorLayer::new(
        "t",
        vec![
            FieldDef {
                name: "total_field_anomaly".into(),
                kind: FieldKind::Float,
            },
            FieldDef {
                name: "total_field_anomaly_2".into(),
                kind: FieldKind::Text,
            },
        ],
    );
    l.push(
        Some(Geometry::Point(Point::new(1.5, 2.5))),
        vec![AttrValue::Float(1e-20), AttrValue::Text("é".into())],
    )
    .unwrap();
    l.push(
        Some(Geometry::Point(Point::new(1.0, 2.0))),
        vec![AttrValue::Float(123456789.125), AttrValue::Null],
    )
    .unwrap();
    let p = dir.path().join("t.shp");
    lode_io::write_vector(&p, &l, None).unwrap();
    let back = lode_io::read_vector(&p).unwrap();
    let names: Vec<&str> = back.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["total_fiel", "total_fi_1"]);
    assert_eq!(
        back.features[0].attrs,
        [AttrValue::Float(1e-20), AttrValue::Text("é".into())]
    );
    assert_eq!(
        back.features[1].attrs,
        [AttrValue::Float(123456789.125), AttrValue::Null]
    );
    assert!(back.crs.is_none());
}
