//! GeoJSON (RFC 7946, Butler et al. 2016) features, with the legacy 2008 `crs` member.
//!
//! Reading: a FeatureCollection, a single Feature or a bare geometry. Every geometry type is
//! read (z/m ordinates are dropped). Attributes are typed from the JSON values with one schema
//! inferred over all features, fields in order of first appearance: integers + floats → Float,
//! any mix with strings or booleans → Text, nested arrays/objects → Text (their JSON). A missing
//! `crs` member means WGS 84 longitude/latitude (EPSG:4326, RFC 7946 §4); a legacy
//! `{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::N"}}` (or `EPSG:N`) gives the CRS.
//!
//! Writing: one feature per line, feature and property order preserved, numbers in the shortest
//! form that reads back exactly; the `crs` member is written (as GDAL does) when the CRS is not
//! EPSG:4326. A CRS without an EPSG code cannot be named in GeoJSON and is dropped.

use std::fmt;
use std::io::Write;
use std::path::Path;

use geo_types::{
    Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint, MultiPolygon,
    Point, Polygon,
};
use geojson::{GeometryValue, Position};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use lode_core::{AttrValue, Crs, Error, FieldDef, FieldKind, Result, VectorLayer};

/// Read a vector layer.
pub fn read(path: &Path) -> Result<VectorLayer> {
    let bytes = std::fs::read(path).map_err(|e| Error::read_io(path, e))?;
    let mut layer = parse(&bytes, path)?;
    if layer.name.is_empty() {
        layer.name = stem(path);
    }
    Ok(layer)
}

pub(crate) fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Properties in file order.
struct Props(Vec<(String, serde_json::Value)>);

impl<'de> Deserialize<'de> for Props {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Props;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a properties object")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut m: A,
            ) -> std::result::Result<Props, A::Error> {
                let mut v: Vec<(String, serde_json::Value)> = Vec::new();
                while let Some((k, val)) = m.next_entry::<String, serde_json::Value>()? {
                    if let Some(e) = v.iter_mut().find(|(n, _)| *n == k) {
                        e.1 = val;
                    } else {
                        v.push((k, val));
                    }
                }
                Ok(Props(v))
            }
            fn visit_unit<E>(self) -> std::result::Result<Props, E> {
                Ok(Props(Vec::new()))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
struct RawFeature {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    geometry: Option<geojson::Geometry>,
    #[serde(default)]
    properties: Option<Props>,
}

#[derive(Deserialize)]
struct Top {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    crs: Option<serde_json::Value>,
    #[serde(default)]
    features: Option<Vec<RawFeature>>,
}

/// Parse GeoJSON bytes; `path` names the file in errors. The layer name is the `name` member
/// (empty when absent).
pub fn parse(bytes: &[u8], path: &Path) -> Result<VectorLayer> {
    let bad = |e: serde_json::Error| Error::input(path, format!("invalid GeoJSON: {e}"));
    let top: Top = serde_json::from_slice(bytes).map_err(bad)?;
    let crs = match &top.crs {
        None | Some(serde_json::Value::Null) => Some(Crs::from_epsg(4326)?),
        Some(c) => Some(crs_member(c).map_err(|m| Error::input(path, m))?),
    };
    let raw: Vec<RawFeature> = match top.kind.as_str() {
        "FeatureCollection" => top
            .features
            .ok_or_else(|| Error::input(path, "FeatureCollection without \"features\""))?,
        "Feature" => vec![serde_json::from_slice(bytes).map_err(bad)?],
        _ => {
            let g: geojson::Geometry = serde_json::from_slice(bytes).map_err(bad)?;
            vec![RawFeature {
                kind: "Feature".into(),
                geometry: Some(g),
                properties: None,
            }]
        }
    };
    let mut schema = SchemaBuilder::default();
    let mut rows = Vec::with_capacity(raw.len());
    for (i, f) in raw.into_iter().enumerate() {
        if f.kind != "Feature" {
            return Err(Error::input(
                path,
                format!("feature {i}: type is {:?}, not \"Feature\"", f.kind),
            ));
        }
        let geometry = match f.geometry {
            Some(g) => Some(
                to_geo(&g.value).map_err(|m| Error::input(path, format!("feature {i}: {m}")))?,
            ),
            None => None,
        };
        let props: Vec<(String, AttrValue)> = f
            .properties
            .map(|p| p.0)
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k, json_to_attr(v)))
            .collect();
        schema.observe(&props);
        rows.push((geometry, props));
    }
    let (fields, index) = schema.finish();
    let mut layer = VectorLayer::new(top.name.unwrap_or_default(), fields.clone());
    layer.crs = crs;
    for (geometry, props) in rows {
        let mut attrs = vec![AttrValue::Null; fields.len()];
        for (k, v) in props {
            let j = index[&k];
            attrs[j] = coerce(v, fields[j].kind);
        }
        layer.push(geometry, attrs)?;
    }
    Ok(layer)
}

/// The CRS named by a legacy `crs` member.
fn crs_member(c: &serde_json::Value) -> std::result::Result<Crs, String> {
    let name = c
        .get("properties")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .ok_or_else(|| format!("unsupported \"crs\" member {c}"))?;
    crs_from_name(name).ok_or_else(|| format!("unknown CRS name {name:?} in the \"crs\" member"))
}

/// `urn:ogc:def:crs:EPSG::N`, `urn:ogc:def:crs:EPSG:6.6:N`, `EPSG:N`, `urn:ogc:def:crs:OGC:1.3:CRS84`.
pub(crate) fn crs_from_name(name: &str) -> Option<Crs> {
    let n = name.trim();
    let upper = n.to_ascii_uppercase();
    if upper.ends_with("CRS84") {
        return Crs::from_epsg(4326).ok();
    }
    let code = if upper.starts_with("URN:OGC:DEF:CRS:EPSG:") || upper.starts_with("EPSG:") {
        n.rsplit(':').next()?.trim().parse::<u32>().ok()?
    } else {
        return Crs::parse(n).ok();
    };
    Crs::from_epsg(code).ok()
}

fn json_to_attr(v: serde_json::Value) -> AttrValue {
    use serde_json::Value as J;
    match v {
        J::Null => AttrValue::Null,
        J::Bool(b) => AttrValue::Bool(b),
        J::Number(n) => match n.as_i64() {
            Some(i) => AttrValue::Int(i),
            None => AttrValue::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        J::String(s) => AttrValue::Text(s),
        other => AttrValue::Text(other.to_string()),
    }
}

/// One attribute schema over many features.
#[derive(Default)]
pub(crate) struct SchemaBuilder {
    fields: Vec<(String, Option<FieldKind>)>,
    index: std::collections::HashMap<String, usize>,
}

impl SchemaBuilder {
    pub(crate) fn observe(&mut self, props: &[(String, AttrValue)]) {
        for (k, v) in props {
            let j = *self.index.entry(k.clone()).or_insert_with(|| {
                self.fields.push((k.clone(), None));
                self.fields.len() - 1
            });
            let kind = match v {
                AttrValue::Null => continue,
                AttrValue::Bool(_) => FieldKind::Bool,
                AttrValue::Int(_) => FieldKind::Int,
                AttrValue::Float(_) => FieldKind::Float,
                AttrValue::Text(_) => FieldKind::Text,
            };
            let slot = &mut self.fields[j].1;
            *slot = Some(match (*slot, kind) {
                (None, k) => k,
                (Some(a), b) if a == b => a,
                (Some(FieldKind::Int), FieldKind::Float)
                | (Some(FieldKind::Float), FieldKind::Int) => FieldKind::Float,
                _ => FieldKind::Text,
            });
        }
    }

    pub(crate) fn finish(self) -> (Vec<FieldDef>, std::collections::HashMap<String, usize>) {
        let fields = self
            .fields
            .into_iter()
            .map(|(name, k)| FieldDef {
                name,
                kind: k.unwrap_or(FieldKind::Text),
            })
            .collect();
        (fields, self.index)
    }
}

/// Convert a value to a field's kind (the kinds come from [`SchemaBuilder`], so this widens only).
pub(crate) fn coerce(v: AttrValue, kind: FieldKind) -> AttrValue {
    match (v, kind) {
        (AttrValue::Null, _) => AttrValue::Null,
        (AttrValue::Int(i), FieldKind::Float) => AttrValue::Float(i as f64),
        (v @ AttrValue::Text(_), FieldKind::Text) => v,
        (v, FieldKind::Text) => AttrValue::Text(v.as_text().unwrap_or_default()),
        (v, _) => v,
    }
}

fn coord(p: &Position) -> std::result::Result<Coord<f64>, String> {
    match p.as_slice() {
        [x, y, ..] => Ok(Coord { x: *x, y: *y }),
        _ => Err("a position has fewer than 2 coordinates".into()),
    }
}

fn line(ps: &[Position]) -> std::result::Result<LineString<f64>, String> {
    ps.iter()
        .map(coord)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map(LineString::new)
}

fn polygon(rings: &[Vec<Position>]) -> std::result::Result<Polygon<f64>, String> {
    let mut it = rings.iter();
    let ext = match it.next() {
        Some(r) => line(r)?,
        None => LineString::new(vec![]),
    };
    let holes = it
        .map(|r| line(r))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(Polygon::new(ext, holes))
}

fn to_geo(v: &GeometryValue) -> std::result::Result<Geometry<f64>, String> {
    Ok(match v {
        GeometryValue::Point { coordinates } => Geometry::Point(Point(coord(coordinates)?)),
        GeometryValue::MultiPoint { coordinates } => Geometry::MultiPoint(MultiPoint(
            coordinates
                .iter()
                .map(|p| coord(p).map(Point))
                .collect::<std::result::Result<_, _>>()?,
        )),
        GeometryValue::LineString { coordinates } => Geometry::LineString(line(coordinates)?),
        GeometryValue::MultiLineString { coordinates } => {
            Geometry::MultiLineString(MultiLineString(
                coordinates
                    .iter()
                    .map(|l| line(l))
                    .collect::<std::result::Result<_, _>>()?,
            ))
        }
        GeometryValue::Polygon { coordinates } => Geometry::Polygon(polygon(coordinates)?),
        GeometryValue::MultiPolygon { coordinates } => Geometry::MultiPolygon(MultiPolygon(
            coordinates
                .iter()
                .map(|p| polygon(p))
                .collect::<std::result::Result<_, _>>()?,
        )),
        GeometryValue::GeometryCollection { geometries } => {
            Geometry::GeometryCollection(GeometryCollection(
                geometries
                    .iter()
                    .map(|g| to_geo(&g.value))
                    .collect::<std::result::Result<_, _>>()?,
            ))
        }
    })
}

fn pos(c: Coord<f64>) -> Position {
    Position::from([c.x, c.y])
}

fn ring(l: &LineString<f64>) -> Vec<Position> {
    l.0.iter().map(|c| pos(*c)).collect()
}

fn poly_rings(p: &Polygon<f64>) -> Vec<Vec<Position>> {
    if p.exterior().0.is_empty() && p.interiors().is_empty() {
        return Vec::new();
    }
    std::iter::once(p.exterior())
        .chain(p.interiors())
        .map(ring)
        .collect()
}

/// A geo-types geometry as a GeoJSON geometry value (Rect/Triangle/Line become polygons/lines).
pub(crate) fn from_geo(g: &Geometry<f64>) -> GeometryValue {
    match g {
        Geometry::Point(p) => GeometryValue::Point {
            coordinates: pos(p.0),
        },
        Geometry::MultiPoint(m) => GeometryValue::MultiPoint {
            coordinates: m.0.iter().map(|p| pos(p.0)).collect(),
        },
        Geometry::Line(l) => GeometryValue::LineString {
            coordinates: vec![pos(l.start), pos(l.end)],
        },
        Geometry::LineString(l) => GeometryValue::LineString {
            coordinates: ring(l),
        },
        Geometry::MultiLineString(m) => GeometryValue::MultiLineString {
            coordinates: m.0.iter().map(ring).collect(),
        },
        Geometry::Polygon(p) => GeometryValue::Polygon {
            coordinates: poly_rings(p),
        },
        Geometry::MultiPolygon(m) => GeometryValue::MultiPolygon {
            coordinates: m.0.iter().map(poly_rings).collect(),
        },
        Geometry::Rect(r) => GeometryValue::Polygon {
            coordinates: poly_rings(&r.to_polygon()),
        },
        Geometry::Triangle(t) => GeometryValue::Polygon {
            coordinates: poly_rings(&t.to_polygon()),
        },
        Geometry::GeometryCollection(c) => GeometryValue::GeometryCollection {
            geometries: c
                .0
                .iter()
                .map(|g| geojson::Geometry::new(from_geo(g)))
                .collect(),
        },
    }
}

fn attr_json(v: &AttrValue) -> serde_json::Value {
    match v {
        AttrValue::Null => serde_json::Value::Null,
        AttrValue::Bool(b) => (*b).into(),
        AttrValue::Int(i) => (*i).into(),
        AttrValue::Float(f) => {
            serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into)
        }
        AttrValue::Text(s) => s.clone().into(),
    }
}

/// The GeoJSON text of a layer (deterministic).
pub fn to_bytes(layer: &VectorLayer) -> Result<Vec<u8>> {
    let ser = |e: serde_json::Error| Error::internal(format!("GeoJSON serialisation: {e}"));
    let mut out = Vec::with_capacity(256 + layer.features.len() * 128);
    out.extend_from_slice(b"{\n\"type\": \"FeatureCollection\",\n\"name\": ");
    serde_json::to_writer(&mut out, &layer.name).map_err(ser)?;
    out.extend_from_slice(b",\n");
    if let Some(code) = layer
        .crs
        .as_ref()
        .and_then(|c| c.epsg())
        .filter(|&c| c != 4326)
    {
        writeln!(
            out,
            "\"crs\": {{ \"type\": \"name\", \"properties\": {{ \"name\": \"urn:ogc:def:crs:EPSG::{code}\" }} }},"
        )
        .map_err(|e| Error::internal(e.to_string()))?;
    }
    out.extend_from_slice(b"\"features\": [\n");
    for (i, f) in layer.features.iter().enumerate() {
        if f.attrs.len() != layer.fields.len() {
            return Err(Error::invalid(format!(
                "feature {i} has {} attributes, layer has {} fields",
                f.attrs.len(),
                layer.fields.len()
            )));
        }
        out.extend_from_slice(b"{ \"type\": \"Feature\", \"properties\": {");
        for (j, (fd, v)) in layer.fields.iter().zip(&f.attrs).enumerate() {
            if j > 0 {
                out.extend_from_slice(b", ");
            } else {
                out.push(b' ');
            }
            serde_json::to_writer(&mut out, &fd.name).map_err(ser)?;
            out.extend_from_slice(b": ");
            serde_json::to_writer(&mut out, &attr_json(v)).map_err(ser)?;
        }
        out.extend_from_slice(if layer.fields.is_empty() { b"}" } else { b" }" });
        out.extend_from_slice(b", \"geometry\": ");
        match &f.geometry {
            Some(g) => serde_json::to_writer(&mut out, &geojson::Geometry::new(from_geo(g)))
                .map_err(ser)?,
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(if i + 1 < layer.features.len() {
            b" },\n"
        } else {
            b" }\n"
        });
    }
    out.extend_from_slice(b"]\n}\n");
    Ok(out)
}

/// Write a vector layer.
pub fn write(path: &Path, layer: &VectorLayer) -> Result<()> {
    let bytes = to_bytes(layer)?;
    lode_core::atomic::write_bytes(path, &bytes)
}
