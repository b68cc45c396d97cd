//! Vector overlays: lines, polygons, point symbols and labels, clipped to the map frame.

use std::fmt::Write as _;

use geo::{BoundingRect, Euclidean, InteriorPoint, InterpolatableLine};
use geo_types::{Coord, Geometry, LineString, Polygon};
use lode_core::{AttrValue, Error, Result};

use super::{MapLayout, MapSpec, Shapes, Style};
use crate::draw::{self, marker_path, n, Anchor, Font, Marker, Svg};

pub(crate) fn extent_of(g: &[Geometry<f64>]) -> Option<[f64; 4]> {
    let mut e: Option<[f64; 4]> = None;
    for r in g.iter().filter_map(|g| g.bounding_rect()) {
        e = Some(lode_core::union_extent(
            e,
            [r.min().x, r.min().y, r.max().x, r.max().y],
        ));
    }
    e
}

/// The kind of geometry an overlay mostly holds, for its legend symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Point,
    Line,
    Area,
}

fn kind_of(g: &Geometry<f64>) -> Option<Kind> {
    match g {
        Geometry::Point(_) | Geometry::MultiPoint(_) => Some(Kind::Point),
        Geometry::Line(_) | Geometry::LineString(_) | Geometry::MultiLineString(_) => {
            Some(Kind::Line)
        }
        Geometry::Polygon(_)
        | Geometry::MultiPolygon(_)
        | Geometry::Rect(_)
        | Geometry::Triangle(_) => Some(Kind::Area),
        Geometry::GeometryCollection(c) => c.0.iter().find_map(kind_of),
    }
}

/// The kind of the first geometry of an overlay.
pub(crate) fn overlay_kind(s: &Shapes) -> Option<Kind> {
    match s {
        Shapes::Layer(l) => l
            .features
            .iter()
            .filter_map(|f| f.geometry.as_ref())
            .find_map(kind_of),
        Shapes::Geometries(g, _) => g.iter().find_map(kind_of),
    }
}

struct Px<'a>(&'a MapLayout);

impl Px<'_> {
    fn at(&self, c: Coord<f64>) -> (f64, f64) {
        let l = self.0;
        (
            l.frame[0] as f64 + (c.x - l.extent[0]) / l.units_per_px,
            l.frame[1] as f64 + (l.extent[3] - c.y) / l.units_per_px,
        )
    }
    fn ring(&self, ls: &LineString<f64>, close: bool, d: &mut String) {
        for (i, c) in ls.0.iter().enumerate() {
            let (x, y) = self.at(*c);
            let _ = write!(d, "{}{} {}", if i == 0 { "M" } else { "L" }, n(x), n(y));
        }
        if close && !ls.0.is_empty() {
            d.push('Z');
        }
    }
    fn polygon(&self, p: &Polygon<f64>, d: &mut String) {
        self.ring(p.exterior(), true, d);
        for r in p.interiors() {
            self.ring(r, true, d);
        }
    }
}

#[derive(Default)]
struct Parts {
    lines: String,
    polys: String,
    points: Vec<(f64, f64)>,
}

fn collect(g: &Geometry<f64>, px: &Px, out: &mut Parts) {
    match g {
        Geometry::Point(p) => out.points.push(px.at(p.0)),
        Geometry::MultiPoint(m) => out.points.extend(m.0.iter().map(|p| px.at(p.0))),
        Geometry::Line(l) => px.ring(&LineString(vec![l.start, l.end]), false, &mut out.lines),
        Geometry::LineString(l) => px.ring(l, false, &mut out.lines),
        Geometry::MultiLineString(m) => m.0.iter().for_each(|l| px.ring(l, false, &mut out.lines)),
        Geometry::Polygon(p) => px.polygon(p, &mut out.polys),
        Geometry::MultiPolygon(m) => m.0.iter().for_each(|p| px.polygon(p, &mut out.polys)),
        Geometry::Rect(r) => px.polygon(&r.to_polygon(), &mut out.polys),
        Geometry::Triangle(t) => px.polygon(&t.to_polygon(), &mut out.polys),
        Geometry::GeometryCollection(c) => c.0.iter().for_each(|g| collect(g, px, out)),
    }
}

/// Where a feature's label goes, CRS units: the point, the middle of a line, inside a polygon.
fn label_anchor(g: &Geometry<f64>) -> Option<Coord<f64>> {
    match g {
        Geometry::Point(p) => Some(p.0),
        Geometry::LineString(l) => l.point_at_ratio_from_start(&Euclidean, 0.5).map(|p| p.0),
        Geometry::MultiLineString(m) => {
            m.0.first()
                .and_then(|l| l.point_at_ratio_from_start(&Euclidean, 0.5))
                .map(|p| p.0)
        }
        other => other.interior_point().map(|p| p.0),
    }
}

fn label_text(v: &AttrValue) -> Option<String> {
    match v {
        AttrValue::Float(f) if f.is_finite() => Some(crate::ticks::group(&format!(
            "{}",
            (f * 100.0).round() / 100.0
        ))),
        other => other.as_text(),
    }
}

pub(crate) fn draw_overlays(s: &mut Svg, spec: &MapSpec, lay: &MapLayout) -> Result<()> {
    let px = Px(lay);
    let map_crs = super::map_crs(spec);
    let mut labels: Vec<(f64, f64, String, &Style, bool)> = Vec::new();
    s.raw(r#"<g clip-path="url(#clip-{ID})">"#);
    for o in &spec.layers {
        let st = &o.style;
        let geoms: Vec<(&Geometry<f64>, Option<String>)> = match o.shapes {
            Shapes::Layer(l) => {
                if let (Some(a), Some(b)) = (&l.crs, &map_crs) {
                    if !a.same_as(b) {
                        return Err(Error::invalid(format!(
                            "layer {} is in {}, the map in {}: reproject it first",
                            l.name,
                            a.identifier(),
                            b.identifier()
                        )));
                    }
                }
                let fi = match &st.label_field {
                    Some(f) => Some(l.field_index(f).ok_or_else(|| {
                        Error::invalid(format!("layer {} has no field {f:?} to label with", l.name))
                    })?),
                    None => None,
                };
                l.features
                    .iter()
                    .filter_map(|f| {
                        let g = f.geometry.as_ref()?;
                        Some((g, fi.and_then(|i| label_text(&f.attrs[i]))))
                    })
                    .collect()
            }
            Shapes::Geometries(g, lab) => {
                if !lab.is_empty() && lab.len() != g.len() {
                    return Err(Error::invalid(format!(
                        "overlay {}: {} labels for {} geometries",
                        o.name,
                        lab.len(),
                        g.len()
                    )));
                }
                g.iter()
                    .enumerate()
                    .map(|(i, g)| (g, lab.get(i).cloned()))
                    .collect()
            }
        };
        let mut parts = Parts::default();
        for (g, lab) in &geoms {
            collect(g, &px, &mut parts);
            if let (Some(t), Some(c)) = (lab, label_anchor(g)) {
                let (x, y) = px.at(c);
                labels.push((x, y, t.clone(), st, matches!(g, Geometry::Point(_))));
            }
        }
        let stroke = st.stroke.map(|c| (c, st.width));
        if !parts.polys.is_empty() {
            let mut a = draw::paint(st.fill, st.fill_opacity, stroke, Some(&st.dash));
            a.push_str(r#" fill-rule="evenodd""#);
            s.path(&parts.polys, &a);
        }
        if !parts.lines.is_empty() {
            s.path(
                &parts.lines,
                &draw::paint(None, 1.0, stroke, Some(&st.dash)),
            );
        }
        if !parts.points.is_empty() {
            let m = if st.marker == Marker::None {
                Marker::Circle
            } else {
                st.marker
            };
            let mut d = String::new();
            for (x, y) in &parts.points {
                d.push_str(&marker_path(m, *x, *y, st.marker_size));
            }
            let (fill, stroke) = if m == Marker::Cross {
                (
                    None,
                    Some((st.fill.or(st.stroke).unwrap_or([0; 3]), st.width.max(1.5))),
                )
            } else {
                (st.fill, stroke)
            };
            s.path(&d, &draw::paint(fill, 1.0, stroke, None));
        }
    }
    for (x, y, t, st, point) in labels {
        let f = Font::new(st.label_size).halo();
        if point {
            s.text(x + st.marker_size * 0.5 + 3.0, y - 3.0, &t, f);
        } else {
            s.text(x, y + 0.35 * st.label_size, &t, f.anchor(Anchor::Middle));
        }
    }
    s.raw("</g>");
    Ok(())
}
