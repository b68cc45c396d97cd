//! Plane geometry helpers shared by the planning modules, and GeoJSON-shaped serde for geo-types.
//!
//! Angles: azimuths are degrees clockwise from grid north; strikes are axial (0–180°).
//! Coordinates are in the analysis CRS (projected, metres).

use geo::{Area, BoundingRect, Contains, Distance, Euclidean};
use geo_types::{Coord, Geometry, LineString, MultiPolygon, Point, Polygon};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Value};

/// Unit vector (east, north) of an azimuth in degrees clockwise from north.
pub fn azimuth_vector(az_deg: f64) -> (f64, f64) {
    let a = az_deg.to_radians();
    (a.sin(), a.cos())
}

/// Azimuth (degrees clockwise from north, in [0, 360)) of the vector (east, north).
pub fn vector_azimuth(e: f64, n: f64) -> f64 {
    let az = e.atan2(n).to_degrees();
    wrap360(az)
}

/// An angle wrapped into [0, 360).
pub fn wrap360(a: f64) -> f64 {
    let w = a.rem_euclid(360.0);
    if w >= 360.0 {
        0.0
    } else {
        w
    }
}

/// An axial direction wrapped into [0, 180).
pub fn wrap180(a: f64) -> f64 {
    let w = a.rem_euclid(180.0);
    if w >= 180.0 {
        0.0
    } else {
        w
    }
}

/// Second moments of a polygon's area (exact, Green's theorem), about its centroid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AreaMoments {
    /// Area, CRS units².
    pub area: f64,
    /// Centroid (x, y).
    pub centroid: (f64, f64),
    /// Central moments ∫(x−cx)², ∫(y−cy)², ∫(x−cx)(y−cy) over the area.
    pub sxx: f64,
    pub syy: f64,
    pub sxy: f64,
}

impl AreaMoments {
    /// Azimuth of the principal (long) axis, axial degrees in [0, 180).
    pub fn long_axis_azimuth(&self) -> f64 {
        // Angle of the major eigenvector from the x (east) axis, counter-clockwise.
        let phi = 0.5 * (2.0 * self.sxy).atan2(self.sxx - self.syy);
        wrap180(90.0 - phi.to_degrees())
    }

    /// Elongation: ratio of the principal standard deviations (≥ 1; 1 for a disc or a square).
    pub fn elongation(&self) -> f64 {
        let tr = self.sxx + self.syy;
        let det = self.sxx * self.syy - self.sxy * self.sxy;
        let disc = (0.25 * tr * tr - det).max(0.0).sqrt();
        let (l1, l2) = (0.5 * tr + disc, 0.5 * tr - disc);
        if l2 <= 0.0 {
            f64::INFINITY
        } else {
            (l1 / l2).sqrt()
        }
    }
}

fn ring_sums(ring: &LineString<f64>, ox: f64, oy: f64) -> [f64; 6] {
    // [2A, 6A·cx, 6A·cy, 12∫x², 12∫y², 24∫xy] of the ring relative to (ox, oy), signed.
    let mut s = [0.0; 6];
    let pts = &ring.0;
    if pts.len() < 3 {
        return s;
    }
    let n = pts.len();
    for i in 0..n {
        let a = pts[i];
        let b = pts[(i + 1) % n];
        let (x0, y0, x1, y1) = (a.x - ox, a.y - oy, b.x - ox, b.y - oy);
        let cr = x0 * y1 - x1 * y0;
        s[0] += cr;
        s[1] += (x0 + x1) * cr;
        s[2] += (y0 + y1) * cr;
        s[3] += (x0 * x0 + x0 * x1 + x1 * x1) * cr;
        s[4] += (y0 * y0 + y0 * y1 + y1 * y1) * cr;
        s[5] += (x0 * y1 + 2.0 * x0 * y0 + 2.0 * x1 * y1 + x1 * y0) * cr;
    }
    s
}

/// Exact area moments of a multipolygon (exteriors add, holes subtract, whatever their winding).
pub fn area_moments(mp: &MultiPolygon<f64>) -> Option<AreaMoments> {
    let r = mp.bounding_rect()?;
    let (ox, oy) = (r.min().x, r.min().y);
    let mut t = [0.0; 6];
    for poly in mp {
        let mut add = |ring: &LineString<f64>, outer: bool| {
            let s = ring_sums(ring, ox, oy);
            let sign = if (s[0] >= 0.0) == outer { 1.0 } else { -1.0 };
            for k in 0..6 {
                t[k] += sign * s[k];
            }
        };
        add(poly.exterior(), true);
        for h in poly.interiors() {
            add(h, false);
        }
    }
    let area = 0.5 * t[0];
    if area <= 0.0 {
        return None;
    }
    let cx = t[1] / (6.0 * area);
    let cy = t[2] / (6.0 * area);
    let ixx = t[3] / 12.0;
    let iyy = t[4] / 12.0;
    let ixy = t[5] / 24.0;
    Some(AreaMoments {
        area,
        centroid: (cx + ox, cy + oy),
        sxx: ixx - area * cx * cx,
        syy: iyy - area * cy * cy,
        sxy: ixy - area * cx * cy,
    })
}

/// Extent of a multipolygon along and across an axis through `origin` with azimuth `az_deg`:
/// (along_min, along_max, across_min, across_max), CRS units. "Across" is positive to the right
/// of the axis (towards azimuth + 90°).
pub fn oriented_extent(mp: &MultiPolygon<f64>, origin: (f64, f64), az_deg: f64) -> [f64; 4] {
    let (ue, un) = azimuth_vector(az_deg);
    let (re, rn) = (un, -ue);
    let mut e = [
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    for poly in mp {
        for c in poly.exterior().coords() {
            let (dx, dy) = (c.x - origin.0, c.y - origin.1);
            let a = dx * ue + dy * un;
            let b = dx * re + dy * rn;
            e[0] = e[0].min(a);
            e[1] = e[1].max(a);
            e[2] = e[2].min(b);
            e[3] = e[3].max(b);
        }
    }
    e
}

/// A point from an origin, a distance along an azimuth and a distance to its right.
pub fn offset(origin: (f64, f64), az_deg: f64, along: f64, right: f64) -> (f64, f64) {
    let (ue, un) = azimuth_vector(az_deg);
    (
        origin.0 + along * ue + right * un,
        origin.1 + along * un - right * ue,
    )
}

/// Distance from a point to a multipolygon (0 inside), CRS units.
pub fn distance_to(mp: &MultiPolygon<f64>, x: f64, y: f64) -> f64 {
    let p = Point::new(x, y);
    if mp.contains(&p) {
        return 0.0;
    }
    Euclidean.distance(mp, &p)
}

/// Unsigned area of a multipolygon, CRS units².
pub fn area(mp: &MultiPolygon<f64>) -> f64 {
    mp.unsigned_area()
}

fn coord_json(c: &Coord<f64>) -> Value {
    json!([c.x, c.y])
}

fn ring_json(ls: &LineString<f64>) -> Value {
    Value::Array(ls.coords().map(coord_json).collect())
}

fn polygon_json(p: &Polygon<f64>) -> Value {
    let mut rings = vec![ring_json(p.exterior())];
    rings.extend(p.interiors().iter().map(ring_json));
    Value::Array(rings)
}

/// The GeoJSON geometry object of a geometry (points, lines, polygons and their multis).
pub fn geometry_to_geojson(g: &Geometry<f64>) -> Value {
    match g {
        Geometry::Point(p) => json!({"type": "Point", "coordinates": coord_json(&p.0)}),
        Geometry::LineString(l) => json!({"type": "LineString", "coordinates": ring_json(l)}),
        Geometry::MultiLineString(m) => json!({
            "type": "MultiLineString",
            "coordinates": Value::Array(m.0.iter().map(ring_json).collect())
        }),
        Geometry::Polygon(p) => json!({"type": "Polygon", "coordinates": polygon_json(p)}),
        Geometry::MultiPolygon(m) => json!({
            "type": "MultiPolygon",
            "coordinates": Value::Array(m.0.iter().map(polygon_json).collect())
        }),
        Geometry::MultiPoint(m) => json!({
            "type": "MultiPoint",
            "coordinates": Value::Array(m.0.iter().map(|p| coord_json(&p.0)).collect())
        }),
        other => {
            // Lines, rectangles, triangles and collections never occur in plans; write as polygons/lines.
            let v: Vec<Value> = geo::CoordsIter::coords_iter(other)
                .map(|c| coord_json(&c))
                .collect();
            json!({"type": "MultiPoint", "coordinates": v})
        }
    }
}

fn parse_coord(v: &Value) -> Result<Coord<f64>, String> {
    let a = v.as_array().ok_or("coordinate is not an array")?;
    if a.len() < 2 {
        return Err("coordinate needs two numbers".into());
    }
    let x = a[0].as_f64().ok_or("coordinate is not a number")?;
    let y = a[1].as_f64().ok_or("coordinate is not a number")?;
    Ok(Coord { x, y })
}

fn parse_ring(v: &Value) -> Result<LineString<f64>, String> {
    let a = v.as_array().ok_or("expected an array of coordinates")?;
    Ok(LineString(
        a.iter().map(parse_coord).collect::<Result<Vec<_>, _>>()?,
    ))
}

fn parse_polygon(v: &Value) -> Result<Polygon<f64>, String> {
    let a = v.as_array().ok_or("expected an array of rings")?;
    let mut rings = a.iter().map(parse_ring).collect::<Result<Vec<_>, _>>()?;
    if rings.is_empty() {
        return Err("polygon without rings".into());
    }
    let ext = rings.remove(0);
    Ok(Polygon::new(ext, rings))
}

/// A geometry from a GeoJSON geometry object (the inverse of [`geometry_to_geojson`]).
pub fn geometry_from_geojson(v: &Value) -> Result<Geometry<f64>, String> {
    let t = v
        .get("type")
        .and_then(Value::as_str)
        .ok_or("missing type")?;
    let c = v.get("coordinates").ok_or("missing coordinates")?;
    let arr = || c.as_array().ok_or("coordinates are not an array");
    Ok(match t {
        "Point" => Geometry::Point(Point(parse_coord(c)?)),
        "LineString" => Geometry::LineString(parse_ring(c)?),
        "MultiLineString" => Geometry::MultiLineString(geo_types::MultiLineString(
            arr()?
                .iter()
                .map(parse_ring)
                .collect::<Result<Vec<_>, _>>()?,
        )),
        "Polygon" => Geometry::Polygon(parse_polygon(c)?),
        "MultiPolygon" => Geometry::MultiPolygon(MultiPolygon(
            arr()?
                .iter()
                .map(parse_polygon)
                .collect::<Result<Vec<_>, _>>()?,
        )),
        "MultiPoint" => Geometry::MultiPoint(geo_types::MultiPoint(
            arr()?
                .iter()
                .map(|p| parse_coord(p).map(Point))
                .collect::<Result<Vec<_>, _>>()?,
        )),
        other => return Err(format!("unsupported geometry type {other}")),
    })
}

/// Serde for `Geometry<f64>` as a GeoJSON geometry object.
pub mod serde_geometry {
    use super::*;

    pub fn serialize<S: Serializer>(g: &Geometry<f64>, s: S) -> Result<S::Ok, S::Error> {
        geometry_to_geojson(g).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Geometry<f64>, D::Error> {
        let v = Value::deserialize(d)?;
        geometry_from_geojson(&v).map_err(serde::de::Error::custom)
    }
}

/// Serde for `MultiPolygon<f64>` as a GeoJSON MultiPolygon object.
pub mod serde_multipolygon {
    use super::*;

    pub fn serialize<S: Serializer>(g: &MultiPolygon<f64>, s: S) -> Result<S::Ok, S::Error> {
        geometry_to_geojson(&Geometry::MultiPolygon(g.clone())).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<MultiPolygon<f64>, D::Error> {
        let v = Value::deserialize(d)?;
        match geometry_from_geojson(&v).map_err(serde::de::Error::custom)? {
            Geometry::MultiPolygon(m) => Ok(m),
            Geometry::Polygon(p) => Ok(MultiPolygon(vec![p])),
            _ => Err(serde::de::Error::custom("expected a MultiPolygon")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::polygon;

    #[test]
    fn moments_of_a_rotated_rectangle_give_its_long_axis() {
        // 400 × 100 rectangle whose long side points to azimuth 30°.
        let c = (1000.0, 2000.0);
        let corners = [
            (-200.0, -50.0),
            (200.0, -50.0),
            (200.0, 50.0),
            (-200.0, 50.0),
        ];
        let ring: Vec<Coord<f64>> = corners
            .iter()
            .map(|&(a, r)| {
                let (x, y) = offset(c, 30.0, a, r);
                Coord { x, y }
            })
            .collect();
        let mp = MultiPolygon(vec![Polygon::new(LineString(ring), vec![])]);
        let m = area_moments(&mp).unwrap();
        assert!((m.area - 40_000.0).abs() < 1e-6);
        assert!((m.centroid.0 - c.0).abs() < 1e-9 && (m.centroid.1 - c.1).abs() < 1e-9);
        assert!((m.long_axis_azimuth() - 30.0).abs() < 1e-9);
        assert!((m.elongation() - 4.0).abs() < 1e-9);
        let e = oriented_extent(&mp, c, 30.0);
        assert!((e[0] + 200.0).abs() < 1e-9 && (e[1] - 200.0).abs() < 1e-9);
        assert!((e[2] + 50.0).abs() < 1e-9 && (e[3] - 50.0).abs() < 1e-9);
    }

    #[test]
    fn holes_subtract_from_moments() {
        let p = polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)],
            interiors: [[(x: 2.0, y: 2.0), (x: 4.0, y: 2.0), (x: 4.0, y: 4.0), (x: 2.0, y: 4.0)]],
        );
        let m = area_moments(&MultiPolygon(vec![p])).unwrap();
        assert!((m.area - 96.0).abs() < 1e-9);
        // Centroid: (100·5 − 4·3)/96.
        assert!((m.centroid.0 - (500.0 - 12.0) / 96.0).abs() < 1e-9);
    }

    #[test]
    fn geojson_round_trip() {
        let p = polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 0.0)],
            interiors: [],
        );
        let g = Geometry::MultiPolygon(MultiPolygon(vec![p]));
        let v = geometry_to_geojson(&g);
        assert_eq!(v["type"], "MultiPolygon");
        assert_eq!(geometry_from_geojson(&v).unwrap(), g);
    }

    #[test]
    fn azimuths() {
        assert!((vector_azimuth(1.0, 0.0) - 90.0).abs() < 1e-12);
        assert!((vector_azimuth(0.0, -1.0) - 180.0).abs() < 1e-12);
        assert!((vector_azimuth(-1.0, 0.0) - 270.0).abs() < 1e-12);
        let (e, n) = azimuth_vector(45.0);
        assert!((e - n).abs() < 1e-12);
        assert_eq!(wrap180(200.0), 20.0);
    }
}
