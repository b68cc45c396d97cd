//! Vector features: points, lines and polygons with typed attributes.

use geo_types::Geometry;

use crate::{Crs, Error, Result};

/// The type of an attribute field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Int,
    Float,
    Text,
    Bool,
}

/// An attribute field of a layer.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDef {
    pub name: String,
    pub kind: FieldKind,
}

/// One attribute value.
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

impl AttrValue {
    /// The value as f64 when numeric.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            AttrValue::Int(i) => Some(*i as f64),
            AttrValue::Float(f) => Some(*f),
            AttrValue::Bool(b) => Some(*b as i64 as f64),
            _ => None,
        }
    }

    /// The value as text (numbers formatted), None for null.
    pub fn as_text(&self) -> Option<String> {
        match self {
            AttrValue::Null => None,
            AttrValue::Bool(b) => Some(b.to_string()),
            AttrValue::Int(i) => Some(i.to_string()),
            AttrValue::Float(f) => Some(f.to_string()),
            AttrValue::Text(s) => Some(s.clone()),
        }
    }
}

/// A feature: a geometry (possibly absent) and one value per field of its layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub geometry: Option<Geometry<f64>>,
    pub attrs: Vec<AttrValue>,
}

/// A layer of features sharing one attribute schema and one CRS.
#[derive(Debug, Clone, PartialEq)]
pub struct VectorLayer {
    /// Layer name (file stem or table name).
    pub name: String,
    /// Coordinate reference system, when known.
    pub crs: Option<Crs>,
    /// Attribute schema.
    pub fields: Vec<FieldDef>,
    /// Features; each has one attribute per field.
    pub features: Vec<Feature>,
}

impl VectorLayer {
    /// An empty layer with a schema.
    pub fn new(name: impl Into<String>, fields: Vec<FieldDef>) -> Self {
        VectorLayer {
            name: name.into(),
            crs: None,
            fields,
            features: Vec::new(),
        }
    }

    /// Append a feature; its attributes must match the schema in number.
    pub fn push(&mut self, geometry: Option<Geometry<f64>>, attrs: Vec<AttrValue>) -> Result<()> {
        if attrs.len() != self.fields.len() {
            return Err(Error::invalid(format!(
                "feature has {} attributes, layer {} has {} fields",
                attrs.len(),
                self.name,
                self.fields.len()
            )));
        }
        self.features.push(Feature { geometry, attrs });
        Ok(())
    }

    /// Index of a field by name (case-insensitive).
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields
            .iter()
            .position(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.features.len()
    }

    /// True when the layer has no features.
    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// Extent [xmin, ymin, xmax, ymax] of all geometries; None when there are none.
    pub fn extent(&self) -> Option<[f64; 4]> {
        use geo::BoundingRect;
        let mut e: Option<[f64; 4]> = None;
        for f in &self.features {
            if let Some(r) = f.geometry.as_ref().and_then(|g| g.bounding_rect()) {
                e = Some(union_extent(
                    e,
                    [r.min().x, r.min().y, r.max().x, r.max().y],
                ));
            }
        }
        e
    }
}

/// The union of an extent (None = empty) with `b`, both [xmin, ymin, xmax, ymax].
pub fn union_extent(a: Option<[f64; 4]>, b: [f64; 4]) -> [f64; 4] {
    match a {
        None => b,
        Some(a) => [
            a[0].min(b[0]),
            a[1].min(b[1]),
            a[2].max(b[2]),
            a[3].max(b[3]),
        ],
    }
}

/// Extent [xmin, ymin, xmax, ymax] of the points whose x and y are both finite; None when none.
pub fn points_extent(xs: &[f64], ys: &[f64]) -> Option<[f64; 4]> {
    xs.iter()
        .zip(ys)
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .fold(None, |e, (&x, &y)| Some(union_extent(e, [x, y, x, y])))
}
