//! Attribute rasterisation of polygons on the analysis grid.
//!
//! A cell takes a polygon's value when its centre is inside the polygon — the rule of
//! `gdal_rasterize` without `-at` (GDAL's `llrasterize.cpp`, a scan-line fill after
//! gdImageFilledPolygon): each row is scanned at its centre line; edge crossings are taken on the
//! half-open interval y1 ≤ y < y2 of each non-horizontal edge; the cells between crossing pairs
//! x1 < x2 are those with centres in (x1, x2]; horizontal edges running right to left lying on the
//! centre line are burned separately. All rings of one feature take part in one even-odd fill (holes
//! and multi-part polygons), and later features overwrite earlier ones. The result is identical to
//! `gdal_rasterize` cell by cell (tested against it).

use std::collections::BTreeMap;

use geo_types::{Geometry, Polygon};
use lode_core::{AttrValue, Error, Grid, GridGeometry, Result, VectorLayer};
use rayon::prelude::*;

/// One feature's rings in continuous pixel coordinates (col, row), with its row range.
struct PixelShape {
    rings: Vec<Vec<[f64; 2]>>,
    ymin: f64,
    ymax: f64,
}

fn collect_polygons(
    g: &Geometry<f64>,
    out: &mut Vec<Polygon<f64>>,
) -> std::result::Result<(), &'static str> {
    match g {
        Geometry::Polygon(p) => out.push(p.clone()),
        Geometry::MultiPolygon(m) => out.extend(m.0.iter().cloned()),
        Geometry::Rect(r) => out.push(r.to_polygon()),
        Geometry::Triangle(t) => out.push(t.to_polygon()),
        Geometry::GeometryCollection(gc) => {
            for g in &gc.0 {
                collect_polygons(g, out)?;
            }
        }
        _ => return Err("is not a polygon"),
    }
    Ok(())
}

/// The pixel-space transform of GDAL: the inverse geotransform applied as c = g0 + x·g1 + y·g2.
fn to_pixel(geometry: &GridGeometry) -> impl Fn(f64, f64) -> [f64; 2] + '_ {
    let inv = if geometry.is_north_up() {
        Some([
            -geometry.x0 / geometry.dx,
            1.0 / geometry.dx,
            geometry.y0 / geometry.dy,
            -1.0 / geometry.dy,
        ])
    } else {
        None
    };
    move |x, y| match inv {
        Some(i) => [i[0] + x * i[1], i[2] + y * i[3]],
        None => {
            let (c, r) = geometry.xy_to_pixel(x, y);
            [c, r]
        }
    }
}

fn pixel_shapes(layer: &VectorLayer, geometry: &GridGeometry) -> Result<Vec<Option<PixelShape>>> {
    let px = to_pixel(geometry);
    let mut shapes = Vec::with_capacity(layer.features.len());
    for (i, f) in layer.features.iter().enumerate() {
        let Some(g) = &f.geometry else {
            shapes.push(None);
            continue;
        };
        let mut polys = Vec::new();
        collect_polygons(g, &mut polys).map_err(|m| {
            Error::invalid(format!(
                "layer '{}', feature {i}: the geometry {m}",
                layer.name
            ))
        })?;
        let mut rings = Vec::new();
        let (mut ymin, mut ymax) = (f64::INFINITY, f64::NEG_INFINITY);
        for p in &polys {
            for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
                let mut pts = Vec::with_capacity(ring.0.len());
                for c in &ring.0 {
                    if !(c.x.is_finite() && c.y.is_finite()) {
                        return Err(Error::invalid(format!(
                            "layer '{}', feature {i}: non-finite coordinate",
                            layer.name
                        )));
                    }
                    let q = px(c.x, c.y);
                    ymin = ymin.min(q[1]);
                    ymax = ymax.max(q[1]);
                    pts.push(q);
                }
                if !pts.is_empty() {
                    rings.push(pts);
                }
            }
        }
        shapes.push(if rings.is_empty() {
            None
        } else {
            Some(PixelShape { rings, ymin, ymax })
        });
    }
    Ok(shapes)
}

/// Calls `burn(x_start, x_end)` (inclusive column range, clipped to the grid) for the cells of row
/// `row` whose centres are inside the shape.
fn scan_row(
    shape: &PixelShape,
    row: usize,
    cols: usize,
    ints: &mut Vec<f64>,
    mut burn: impl FnMut(usize, usize),
) {
    let dy = row as f64 + 0.5;
    if dy < shape.ymin.floor() || dy > shape.ymax.floor() + 1.0 {
        return;
    }
    let maxx = cols as i64 - 1;
    let mut fill = |sx: i64, ex: i64| {
        let (sx, ex) = (sx.max(0), ex.min(maxx));
        if sx <= ex {
            burn(sx as usize, ex as usize);
        }
    };
    ints.clear();
    for ring in &shape.rings {
        let n = ring.len();
        for i in 0..n {
            let (p1, p2) = (ring[if i == 0 { n - 1 } else { i - 1 }], ring[i]);
            let (mut x1, mut y1, mut x2, mut y2) = (p1[0], p1[1], p2[0], p2[1]);
            if (y1 < dy && y2 < dy) || (y1 > dy && y2 > dy) {
                continue;
            }
            if y1 > y2 {
                std::mem::swap(&mut y1, &mut y2);
                std::mem::swap(&mut x1, &mut x2);
            } else if y1 == y2 {
                if p1[0] > p2[0] {
                    let hx1 = (p2[0] + 0.5).floor() as i64;
                    let hx2 = (p1[0] + 0.5).floor() as i64;
                    if !(hx1 > maxx || hx2 <= 0) {
                        fill(hx1, hx2 - 1);
                    }
                }
                continue;
            }
            if dy < y2 && dy >= y1 {
                ints.push((dy - y1) * (x2 - x1) / (y2 - y1) + x1);
            }
        }
    }
    ints.sort_by(|a, b| a.total_cmp(b));
    for pair in ints.chunks_exact(2) {
        let sx = (pair[0] + 0.5).floor().clamp(-1.0, maxx as f64 + 1.0) as i64;
        let ex = (pair[1] + 0.5).floor().clamp(0.0, maxx as f64 + 2.0) as i64 - 1;
        fill(sx, ex);
    }
}

/// Burns one value per feature (None = feature left out), later features over earlier ones.
/// Cells no polygon covers stay NaN.
pub(crate) fn burn_values(
    layer: &VectorLayer,
    geometry: &GridGeometry,
    values: &[Option<f64>],
) -> Result<Vec<f64>> {
    geometry.validate()?;
    let shapes = pixel_shapes(layer, geometry)?;
    let cols = geometry.cols;
    let mut out = vec![f64::NAN; geometry.len()];
    out.par_chunks_mut(cols).enumerate().for_each(|(r, row)| {
        let mut ints = Vec::new();
        for (shape, v) in shapes.iter().zip(values) {
            if let (Some(s), Some(v)) = (shape, v) {
                scan_row(s, r, cols, &mut ints, |a, b| row[a..=b].fill(*v));
            }
        }
    });
    Ok(out)
}

/// True for the cells whose centre is inside any polygon of the layer.
pub fn polygon_cover(layer: &VectorLayer, geometry: &GridGeometry) -> Result<Vec<bool>> {
    let ones = vec![Some(1.0); layer.features.len()];
    Ok(burn_values(layer, geometry, &ones)?
        .into_iter()
        .map(|v| v == 1.0)
        .collect())
}

fn field(layer: &VectorLayer, attribute: &str) -> Result<usize> {
    layer.field_index(attribute).ok_or_else(|| {
        Error::invalid(format!(
            "layer '{}' has no attribute '{attribute}'",
            layer.name
        ))
    })
}

/// Numeric attribute rasterisation: each cell takes the value of `attribute` of the (last)
/// polygon containing its centre; NaN outside every polygon and for null or non-numeric values.
pub fn rasterize_numeric(
    layer: &VectorLayer,
    attribute: &str,
    geometry: &GridGeometry,
) -> Result<Grid> {
    let fi = field(layer, attribute)?;
    let vals: Vec<Option<f64>> = layer
        .features
        .iter()
        .map(|f| {
            f.attrs
                .get(fi)
                .and_then(AttrValue::as_f64)
                .filter(|v| v.is_finite())
        })
        .collect();
    let mut g = Grid::new_f64(*geometry, burn_values(layer, geometry, &vals)?)?;
    g.crs = layer.crs.clone();
    g.field = Some(attribute.to_string());
    Ok(g)
}

/// Categorical rasterisation of `attribute`: a grid of integer codes (as f64, NaN outside every
/// polygon) and its legend. Without `mapping`, codes 1..n follow the sorted unique values (numeric
/// order when every value is numeric, else the text order); with `mapping`, each (code, name) pair
/// gives the code of the value whose text is `name`, and a value missing from it is an error.
/// Null values are left out.
pub fn rasterize_categorical(
    layer: &VectorLayer,
    attribute: &str,
    geometry: &GridGeometry,
    mapping: Option<&[(i64, String)]>,
) -> Result<(Grid, Vec<(i64, String)>)> {
    let fi = field(layer, attribute)?;
    let attrs: Vec<&AttrValue> = layer
        .features
        .iter()
        .map(|f| f.attrs.get(fi).unwrap_or(&AttrValue::Null))
        .collect();
    let legend: Vec<(i64, String)> = match mapping {
        Some(m) => m.to_vec(),
        None => {
            let numeric = attrs
                .iter()
                .all(|a| matches!(a, AttrValue::Null) || a.as_f64().is_some_and(f64::is_finite));
            let mut uniq: Vec<&AttrValue> = Vec::new();
            for a in &attrs {
                if !matches!(a, AttrValue::Null) && !uniq.iter().any(|u| u.as_text() == a.as_text())
                {
                    uniq.push(a);
                }
            }
            if numeric {
                uniq.sort_by(|a, b| {
                    a.as_f64()
                        .unwrap_or(0.0)
                        .total_cmp(&b.as_f64().unwrap_or(0.0))
                });
            } else {
                uniq.sort_by_key(|a| a.as_text());
            }
            uniq.iter()
                .enumerate()
                .map(|(k, a)| (k as i64 + 1, a.as_text().unwrap_or_default()))
                .collect()
        }
    };
    let index: BTreeMap<&str, i64> = legend.iter().map(|(c, n)| (n.as_str(), *c)).collect();
    let mut vals = Vec::with_capacity(attrs.len());
    for (i, a) in attrs.iter().enumerate() {
        vals.push(match a.as_text() {
            None => None,
            Some(t) => Some(*index.get(t.as_str()).ok_or_else(|| {
                Error::invalid(format!(
                    "layer '{}', feature {i}: '{attribute}' value '{t}' is not in the legend",
                    layer.name
                ))
            })? as f64),
        });
    }
    let mut g = Grid::new_f64(*geometry, burn_values(layer, geometry, &vals)?)?;
    g.crs = layer.crs.clone();
    g.field = Some(attribute.to_string());
    Ok((g, legend))
}
