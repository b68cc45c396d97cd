//! lode reads GDAL-written GeoJSON, Shapefile, GeoPackage and FlatGeobuf fixtures
//! (tools/make_vector_fixtures.sh) and gets what `ogr2ogr -f GeoJSON` dumps from each:
//! coordinates to 1e-9 (relative), attributes by name and type, and the EPSG code.

use crate::vector_common;

use lode_core::FieldKind;
use vector_common::*;

const LAYERS: [&str; 4] = ["points", "lines", "polygons", "gk"];

fn check(ext: &str) {
    for layer in LAYERS {
        let path = data(&format!("{layer}.{ext}"));
        let got = lode_io::read_vector(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let doc = load_json(&data(&format!("expected/{layer}.{ext}.json")));
        assert_matches(&got, &doc, &format!("{layer}.{ext}"));
        assert_eq!(got.name, layer);
    }
}

#[test]
fn geojson_matches_gdal() {
    check("geojson");
}

#[test]
fn shapefile_matches_gdal() {
    check("shp");
}

#[test]
fn geopackage_matches_gdal() {
    check("gpkg");
}

#[test]
fn flatgeobuf_matches_gdal() {
    check("fgb");
}

#[test]
fn attribute_types_are_kept() {
    let l = lode_io::read_vector(&data("points.gpkg")).unwrap();
    let kinds: Vec<(&str, FieldKind)> =
        l.fields.iter().map(|f| (f.name.as_str(), f.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("mag_nt", FieldKind::Float),
            ("name", FieldKind::Text),
            ("drilled", FieldKind::Bool),
            ("depth_m", FieldKind::Float),
            ("surveyed", FieldKind::Text)
        ]
    );
    let g = lode_io::read_vector(&data("points.geojson")).unwrap();
    let kinds: Vec<FieldKind> = g.fields.iter().map(|f| f.kind).collect();
    assert_eq!(
        kinds,
        [
            FieldKind::Int,
            FieldKind::Float,
            FieldKind::Text,
            FieldKind::Bool,
            FieldKind::Float,
            FieldKind::Text
        ]
    );
    let fgb = lode_io::read_vector(&data("points.fgb")).unwrap();
    assert_eq!(
        fgb.fields[fgb.field_index("drilled").unwrap()].kind,
        FieldKind::Bool
    );
    // dBase D fields read as ISO dates; GDAL's null date 00000000 is Null.
    let s = lode_io::read_vector(&data("points.shp")).unwrap();
    let j = s.field_index("surveyed").unwrap();
    assert_eq!(
        s.features[0].attrs[j],
        lode_core::AttrValue::Text("2024-05-01".into())
    );
    assert_eq!(s.features[2].attrs[j], lode_core::AttrValue::Null);
}

#[test]
fn named_geopackage_layer() {
    let l = lode_io::geopackage::read_layer(&data("lines.gpkg"), Some("LINES")).unwrap();
    assert_eq!(l.len(), 2);
    let e = lode_io::geopackage::read_layer(&data("lines.gpkg"), Some("nope")).unwrap_err();
    assert!(matches!(e, lode_core::Error::Input { .. }), "{e}");
    assert!(e.to_string().contains("nope"));
}
