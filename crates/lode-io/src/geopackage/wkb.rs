//! Well-Known Binary geometry (OGC Simple Features Access 1.2.1, §8.2) and the GeoPackage
//! geometry blob header (OGC GeoPackage 1.4, §2.1.3).
//!
//! The decoder accepts both byte orders, ISO (`1000`/`2000`/`3000` offsets) and EWKB
//! (`0x80000000`/`0x40000000`/`0x20000000` flags) dimension codes; Z and M are dropped. Every
//! count is checked against the remaining bytes before allocating. The encoder writes 2-D
//! little-endian WKB.

use geo_types::{
    Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint, MultiPolygon,
    Point, Polygon,
};

const MAX_DEPTH: usize = 32;

struct Rd<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Rd<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or("WKB is truncated")?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self, le: bool) -> Result<u32, String> {
        let s: [u8; 4] = self.take(4)?.try_into().map_err(|_| "WKB is truncated")?;
        Ok(if le {
            u32::from_le_bytes(s)
        } else {
            u32::from_be_bytes(s)
        })
    }
    fn f64(&mut self, le: bool) -> Result<f64, String> {
        let s: [u8; 8] = self.take(8)?.try_into().map_err(|_| "WKB is truncated")?;
        Ok(if le {
            f64::from_le_bytes(s)
        } else {
            f64::from_be_bytes(s)
        })
    }
    /// A count of items of at least `min_size` bytes each, checked against what is left.
    fn count(&mut self, le: bool, min_size: usize) -> Result<usize, String> {
        let n = self.u32(le)? as usize;
        let left = self.b.len() - self.pos;
        if n.checked_mul(min_size).is_none_or(|need| need > left) {
            return Err(format!("WKB count {n} exceeds the data"));
        }
        Ok(n)
    }
}

/// Decode one WKB geometry; returns it and the number of bytes used.
pub fn decode(b: &[u8]) -> Result<(Geometry<f64>, usize), String> {
    let mut r = Rd { b, pos: 0 };
    let g = geom(&mut r, 0)?;
    Ok((g, r.pos))
}

fn geom(r: &mut Rd, depth: usize) -> Result<Geometry<f64>, String> {
    if depth > MAX_DEPTH {
        return Err("WKB geometry collections nest too deeply".into());
    }
    let le = match r.u8()? {
        0 => false,
        1 => true,
        o => return Err(format!("invalid WKB byte order {o}")),
    };
    let raw = r.u32(le)?;
    let mut dims = 2;
    if raw & 0x8000_0000 != 0 {
        dims += 1;
    }
    if raw & 0x4000_0000 != 0 {
        dims += 1;
    }
    if raw & 0x2000_0000 != 0 {
        r.take(4)?; // EWKB SRID
    }
    let code = raw & 0x0fff_ffff;
    let (base, iso) = (code % 1000, code / 1000);
    dims += match iso {
        0 => 0,
        1 | 2 => 1,
        3 => 2,
        _ => return Err(format!("unknown WKB geometry type {raw}")),
    };
    let pt = 8 * dims;
    let coord = |r: &mut Rd| -> Result<Coord<f64>, String> {
        let x = r.f64(le)?;
        let y = r.f64(le)?;
        for _ in 2..dims {
            r.f64(le)?;
        }
        Ok(Coord { x, y })
    };
    let line = |r: &mut Rd| -> Result<LineString<f64>, String> {
        let n = r.count(le, pt)?;
        (0..n)
            .map(|_| coord(r))
            .collect::<Result<Vec<_>, _>>()
            .map(LineString::new)
    };
    let poly = |r: &mut Rd| -> Result<Polygon<f64>, String> {
        let n = r.count(le, 4)?;
        let mut rings = (0..n).map(|_| line(r)).collect::<Result<Vec<_>, _>>()?;
        if rings.is_empty() {
            return Ok(Polygon::new(LineString::new(vec![]), vec![]));
        }
        let ext = rings.remove(0);
        Ok(Polygon::new(ext, rings))
    };
    // Members of multi geometries carry their own header; they must be of the member type.
    let member = |r: &mut Rd, want: u32| -> Result<Geometry<f64>, String> {
        let save = r.pos;
        let g = geom(r, depth + 1)?;
        let ok = matches!(
            (want, &g),
            (1, Geometry::Point(_)) | (2, Geometry::LineString(_)) | (3, Geometry::Polygon(_))
        );
        if !ok {
            return Err(format!(
                "WKB multi-geometry member at byte {save} has the wrong type"
            ));
        }
        Ok(g)
    };
    Ok(match base {
        1 => {
            let c = coord(r)?;
            Geometry::Point(Point(c))
        }
        2 => Geometry::LineString(line(r)?),
        3 => Geometry::Polygon(poly(r)?),
        4 => {
            let n = r.count(le, 5 + 16)?;
            let mut v = Vec::with_capacity(n);
            for _ in 0..n {
                if let Geometry::Point(p) = member(r, 1)? {
                    v.push(p);
                }
            }
            Geometry::MultiPoint(MultiPoint(v))
        }
        5 => {
            let n = r.count(le, 9)?;
            let mut v = Vec::with_capacity(n);
            for _ in 0..n {
                if let Geometry::LineString(l) = member(r, 2)? {
                    v.push(l);
                }
            }
            Geometry::MultiLineString(MultiLineString(v))
        }
        6 => {
            let n = r.count(le, 9)?;
            let mut v = Vec::with_capacity(n);
            for _ in 0..n {
                if let Geometry::Polygon(p) = member(r, 3)? {
                    v.push(p);
                }
            }
            Geometry::MultiPolygon(MultiPolygon(v))
        }
        7 => {
            let n = r.count(le, 9)?;
            let v = (0..n)
                .map(|_| geom(r, depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            Geometry::GeometryCollection(GeometryCollection(v))
        }
        _ => return Err(format!("unsupported WKB geometry type {raw}")),
    })
}

fn put_u32(o: &mut Vec<u8>, v: u32) {
    o.extend_from_slice(&v.to_le_bytes());
}

fn put_coord(o: &mut Vec<u8>, c: Coord<f64>) {
    o.extend_from_slice(&c.x.to_le_bytes());
    o.extend_from_slice(&c.y.to_le_bytes());
}

fn put_line(o: &mut Vec<u8>, l: &LineString<f64>) {
    put_u32(o, l.0.len() as u32);
    for c in &l.0 {
        put_coord(o, *c);
    }
}

fn put_poly(o: &mut Vec<u8>, p: &Polygon<f64>) {
    if p.exterior().0.is_empty() && p.interiors().is_empty() {
        put_u32(o, 0);
        return;
    }
    put_u32(o, 1 + p.interiors().len() as u32);
    put_line(o, p.exterior());
    for h in p.interiors() {
        put_line(o, h);
    }
}

/// Encode a geometry as 2-D little-endian WKB.
pub fn encode(g: &Geometry<f64>, o: &mut Vec<u8>) {
    o.push(1);
    match g {
        Geometry::Point(p) => {
            put_u32(o, 1);
            put_coord(o, p.0);
        }
        Geometry::Line(l) => {
            put_u32(o, 2);
            put_line(o, &LineString::new(vec![l.start, l.end]));
        }
        Geometry::LineString(l) => {
            put_u32(o, 2);
            put_line(o, l);
        }
        Geometry::Polygon(p) => {
            put_u32(o, 3);
            put_poly(o, p);
        }
        Geometry::Rect(r) => {
            put_u32(o, 3);
            put_poly(o, &r.to_polygon());
        }
        Geometry::Triangle(t) => {
            put_u32(o, 3);
            put_poly(o, &t.to_polygon());
        }
        Geometry::MultiPoint(m) => {
            put_u32(o, 4);
            put_u32(o, m.0.len() as u32);
            for p in &m.0 {
                encode(&Geometry::Point(*p), o);
            }
        }
        Geometry::MultiLineString(m) => {
            put_u32(o, 5);
            put_u32(o, m.0.len() as u32);
            for l in &m.0 {
                o.push(1);
                put_u32(o, 2);
                put_line(o, l);
            }
        }
        Geometry::MultiPolygon(m) => {
            put_u32(o, 6);
            put_u32(o, m.0.len() as u32);
            for p in &m.0 {
                o.push(1);
                put_u32(o, 3);
                put_poly(o, p);
            }
        }
        Geometry::GeometryCollection(c) => {
            put_u32(o, 7);
            put_u32(o, c.0.len() as u32);
            for g in &c.0 {
                encode(g, o);
            }
        }
    }
}

/// Decode a GeoPackage geometry blob (`GP` header + WKB). `None` for an empty geometry.
pub fn decode_gpkg(b: &[u8]) -> Result<Option<Geometry<f64>>, String> {
    if b.len() < 8 || &b[..2] != b"GP" {
        return Err("geometry blob lacks the GeoPackage 'GP' magic".into());
    }
    let flags = b[3];
    if flags & 0x20 != 0 {
        return Err("extended GeoPackage geometry types are not supported".into());
    }
    let env = match (flags >> 1) & 0x07 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        e => return Err(format!("invalid GeoPackage envelope indicator {e}")),
    };
    let start = 8 + env;
    if b.len() < start {
        return Err("GeoPackage geometry blob is truncated".into());
    }
    let (g, _) = decode(&b[start..])?;
    if flags & 0x10 != 0 {
        return Ok(None);
    }
    Ok(Some(g))
}

/// Encode a GeoPackage geometry blob: header (version 0, little-endian, xy envelope except for
/// points) and WKB.
pub fn encode_gpkg(g: &Geometry<f64>, srs_id: i32) -> Vec<u8> {
    let mut o = Vec::with_capacity(64);
    o.extend_from_slice(b"GP\0");
    let env = match g {
        Geometry::Point(_) => None,
        _ => bbox(g),
    };
    let empty = bbox(g).is_none();
    let mut flags = 0x01u8;
    if env.is_some() {
        flags |= 1 << 1;
    }
    if empty {
        flags |= 0x10;
    }
    o.push(flags);
    o.extend_from_slice(&srs_id.to_le_bytes());
    if let Some([x0, y0, x1, y1]) = env {
        for v in [x0, x1, y0, y1] {
            o.extend_from_slice(&v.to_le_bytes());
        }
    }
    if empty {
        if let Geometry::Point(_) = g {
            // An empty point is a point of NaNs (GeoPackage 1.4, §2.1.3.1.1).
            o.push(1);
            put_u32(&mut o, 1);
            put_coord(
                &mut o,
                Coord {
                    x: f64::NAN,
                    y: f64::NAN,
                },
            );
            return o;
        }
    }
    encode(g, &mut o);
    o
}

/// Extent [xmin, ymin, xmax, ymax] of the finite coordinates.
pub fn bbox(g: &Geometry<f64>) -> Option<[f64; 4]> {
    let mut e: Option<[f64; 4]> = None;
    walk(g, &mut |c| {
        if c.x.is_finite() && c.y.is_finite() {
            e = Some(match e {
                None => [c.x, c.y, c.x, c.y],
                Some(a) => [a[0].min(c.x), a[1].min(c.y), a[2].max(c.x), a[3].max(c.y)],
            });
        }
    });
    e
}

/// Call `f` on every coordinate of `g`.
pub fn walk(g: &Geometry<f64>, f: &mut impl FnMut(Coord<f64>)) {
    let poly = |p: &Polygon<f64>, f: &mut dyn FnMut(Coord<f64>)| {
        p.exterior()
            .0
            .iter()
            .chain(p.interiors().iter().flat_map(|h| h.0.iter()))
            .for_each(|c| f(*c))
    };
    match g {
        Geometry::Point(p) => f(p.0),
        Geometry::Line(l) => {
            f(l.start);
            f(l.end)
        }
        Geometry::LineString(l) => l.0.iter().for_each(|c| f(*c)),
        Geometry::Polygon(p) => poly(p, f),
        Geometry::MultiPoint(m) => m.0.iter().for_each(|p| f(p.0)),
        Geometry::MultiLineString(m) => m.0.iter().flat_map(|l| l.0.iter()).for_each(|c| f(*c)),
        Geometry::MultiPolygon(m) => m.0.iter().for_each(|p| poly(p, f)),
        Geometry::Rect(r) => poly(&r.to_polygon(), f),
        Geometry::Triangle(t) => poly(&t.to_polygon(), f),
        Geometry::GeometryCollection(c) => c.0.iter().for_each(|g| walk(g, f)),
    }
}
