//! ESRI Shapefile (.shp/.shx/.dbf) with its .prj and .cpg (ESRI Shapefile Technical
//! Description, 1998).
//!
//! Geometry is read and written with the `shapefile` crate; Z and M variants are read as 2-D.
//! Polygon rings: clockwise rings are exteriors, counter-clockwise rings holes; each hole goes to
//! the exterior that contains it (else the preceding exterior). Polylines with one part are
//! LineStrings, polygons with one exterior Polygons. The .dbf is handled by [`dbf`].
//!
//! Writing needs one geometry class per layer (points, multipoints, lines or polygons; single and
//! multi forms of one class mix) and a geometry on every feature; field names are laundered to
//! 10 bytes, text to 254 bytes, strings are UTF-8 with a `UTF-8` .cpg. All files (.shp, .shx,
//! .dbf, .cpg, .prj) are committed together through [`AtomicSet`].

pub mod dbf;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use geo_types::{
    Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon,
};
use shapefile::{PolygonRing, ReadableShape, Shape, ShapeWriter};

use lode_core::atomic::AtomicSet;
use lode_core::{Error, Result, VectorLayer};

use crate::prj::{read_prj, write_prj};

fn sidecar(path: &Path, ext: &str) -> Option<PathBuf> {
    [ext.to_string(), ext.to_ascii_uppercase()]
        .iter()
        .map(|e| path.with_extension(e))
        .find(|p| p.exists())
}

/// Read a vector layer (path to the .shp; the .dbf, .cpg and .prj beside it are used when present).
pub fn read(path: &Path) -> Result<VectorLayer> {
    let shp = std::fs::read(path).map_err(|e| Error::read_io(path, e))?;
    let dbf = match sidecar(path, "dbf") {
        Some(p) => Some(std::fs::read(&p).map_err(|e| Error::read_io(&p, e))?),
        None => None,
    };
    let enc = match sidecar(path, "cpg") {
        Some(p) => {
            dbf::encoding_from_cpg(&std::fs::read_to_string(&p).map_err(|e| Error::read_io(&p, e))?)
        }
        None => dbf::Encoding::Guess,
    };
    let mut layer = parse(&shp, dbf.as_deref(), enc, path)?;
    layer.name = crate::geojson_io::stem(path);
    layer.crs = read_prj(path)?;
    Ok(layer)
}

/// Parse .shp bytes with the optional .dbf bytes; `path` names the file in errors.
pub fn parse(
    shp: &[u8],
    dbf_bytes: Option<&[u8]>,
    enc: dbf::Encoding,
    path: &Path,
) -> Result<VectorLayer> {
    let bad = |e: shapefile::Error| Error::input(path, format!("invalid shapefile: {e}"));
    if shp.len() < 100 {
        return Err(Error::input(
            path,
            "shapefile is truncated (no 100-byte header)",
        ));
    }
    if shp[..4] != [0, 0, 0x27, 0x0a] {
        return Err(Error::input(path, "not a shapefile (wrong file code)"));
    }
    let declared = u32::from_be_bytes([shp[24], shp[25], shp[26], shp[27]]) as u64 * 2;
    if declared > shp.len() as u64 {
        return Err(Error::input(
            path,
            format!(
                "shapefile is truncated: header says {declared} bytes, file has {}",
                shp.len()
            ),
        ));
    }
    // Records end at the declared length; each is checked, then decoded from its own bytes
    // only, so a record the crate reads short (a null shape with padding) cannot shift the
    // next one and no count can reach past its record.
    let shp = &shp[..declared.max(100) as usize];
    let records = check_records(shp).map_err(|m| Error::input(path, m))?;
    let mut geoms = Vec::with_capacity(records.len());
    for (i, content) in records.into_iter().enumerate() {
        let size = i32::try_from(content.len())
            .map_err(|_| Error::input(path, format!("shape {i}: record too large")))?;
        let s = Shape::read_from(&mut Cursor::new(content), size).map_err(bad)?;
        geoms.push(to_geo(s).map_err(|m| Error::input(path, format!("shape {i}: {m}")))?);
    }
    let table = match dbf_bytes {
        Some(b) => Some(dbf::parse(b, enc, path)?),
        None => None,
    };
    let fields = table.as_ref().map(|t| t.fields.clone()).unwrap_or_default();
    let mut layer = VectorLayer::new("", fields);
    match table {
        Some(t) => {
            if t.records.len() != geoms.len() {
                return Err(Error::input(
                    path,
                    format!("{} shapes but {} dbf records", geoms.len(), t.records.len()),
                ));
            }
            for ((g, r), del) in geoms.into_iter().zip(t.records).zip(t.deleted) {
                if !del {
                    layer.push(g, r)?;
                }
            }
        }
        None => {
            for g in geoms {
                layer.push(g, Vec::new())?;
            }
        }
    }
    Ok(layer)
}

/// Walk the records and check every declared part/point count against the record length
/// before the `shapefile` crate allocates for them; returns each record's content bytes.
fn check_records(shp: &[u8]) -> std::result::Result<Vec<&[u8]>, String> {
    let i32le = |b: &[u8], at: usize| -> Option<i64> {
        b.get(at..at + 4)
            .map(|s| i32::from_le_bytes([s[0], s[1], s[2], s[3]]) as i64)
    };
    let mut pos = 100usize;
    let mut n = 0usize;
    let mut records = Vec::new();
    while pos + 8 <= shp.len() {
        let words =
            u32::from_be_bytes([shp[pos + 4], shp[pos + 5], shp[pos + 6], shp[pos + 7]]) as usize;
        let len = words * 2;
        let start = pos + 8;
        let end = start
            .checked_add(len)
            .filter(|&e| e <= shp.len())
            .ok_or_else(|| format!("record {n}: length {len} runs past the end of the file"))?;
        let c = &shp[start..end];
        let need = match i32le(c, 0) {
            None => return Err(format!("record {n}: empty record")),
            Some(0) => Some(4),
            Some(1) => Some(20),
            Some(11 | 21) => Some(28),
            // Z variants carry a Z range and a Z per point (spec: mandatory); M is optional.
            Some(t @ (8 | 18 | 28)) => i32le(c, 36).map(|np| {
                let z = if t == 18 { 16 + 8 * np } else { 0 };
                if np < 0 {
                    i64::MAX
                } else {
                    40 + 16 * np + z
                }
            }),
            Some(t @ (3 | 5 | 13 | 15 | 23 | 25 | 31)) => {
                i32le(c, 36).zip(i32le(c, 40)).map(|(nparts, np)| {
                    let part = if t == 31 { 8 } else { 4 };
                    let z = if matches!(t, 13 | 15 | 31) {
                        16 + 8 * np
                    } else {
                        0
                    };
                    if nparts < 0 || np < 0 {
                        i64::MAX
                    } else {
                        44 + part * nparts + 16 * np + z
                    }
                })
            }
            Some(_) => Some(4),
        };
        match need {
            Some(k) if k >= 0 && k <= len as i64 => {}
            _ => {
                return Err(format!(
                    "record {n}: its part/point counts exceed its length {len}"
                ))
            }
        }
        // Part start indices must rise within the point count.
        if let Some(3 | 5 | 13 | 15 | 23 | 25 | 31) = i32le(c, 0) {
            let (nparts, np) = (i32le(c, 36).unwrap_or(0), i32le(c, 40).unwrap_or(0));
            let mut prev = 0;
            for k in 0..nparts as usize {
                let at = i32le(c, 44 + 4 * k).unwrap_or(-1);
                if at < prev || at > np {
                    return Err(format!(
                        "record {n}: part {k} starts at point {at} (of {np})"
                    ));
                }
                prev = at;
            }
        }
        records.push(c);
        pos = end;
        n += 1;
    }
    if pos != shp.len() {
        return Err(format!("record {n}: truncated record header"));
    }
    Ok(records)
}

macro_rules! xy {
    ($pts:expr) => {
        $pts.iter()
            .map(|p| Coord { x: p.x, y: p.y })
            .collect::<Vec<_>>()
    };
}

fn lines(parts: Vec<Vec<Coord<f64>>>) -> Geometry<f64> {
    let mut ls: Vec<LineString<f64>> = parts.into_iter().map(LineString::new).collect();
    if ls.len() == 1 {
        Geometry::LineString(ls.remove(0))
    } else {
        Geometry::MultiLineString(MultiLineString(ls))
    }
}

fn to_geo(s: Shape) -> std::result::Result<Option<Geometry<f64>>, String> {
    Ok(Some(match s {
        Shape::NullShape => return Ok(None),
        Shape::Point(p) => Geometry::Point(Point::new(p.x, p.y)),
        Shape::PointM(p) => Geometry::Point(Point::new(p.x, p.y)),
        Shape::PointZ(p) => Geometry::Point(Point::new(p.x, p.y)),
        Shape::Multipoint(m) => {
            Geometry::MultiPoint(MultiPoint(xy!(m.points()).into_iter().map(Point).collect()))
        }
        Shape::MultipointM(m) => {
            Geometry::MultiPoint(MultiPoint(xy!(m.points()).into_iter().map(Point).collect()))
        }
        Shape::MultipointZ(m) => {
            Geometry::MultiPoint(MultiPoint(xy!(m.points()).into_iter().map(Point).collect()))
        }
        Shape::Polyline(l) => lines(l.parts().iter().map(|p| xy!(p)).collect()),
        Shape::PolylineM(l) => lines(l.parts().iter().map(|p| xy!(p)).collect()),
        Shape::PolylineZ(l) => lines(l.parts().iter().map(|p| xy!(p)).collect()),
        Shape::Polygon(p) => polygons(p.rings().iter().map(|r| ring(r, |q| xy!(q))).collect()),
        Shape::PolygonM(p) => polygons(p.rings().iter().map(|r| ring(r, |q| xy!(q))).collect()),
        Shape::PolygonZ(p) => polygons(p.rings().iter().map(|r| ring(r, |q| xy!(q))).collect()),
        Shape::Multipatch(_) => return Err("multipatch shapes are not supported".into()),
    }))
}

fn ring<P>(r: &PolygonRing<P>, f: impl Fn(&[P]) -> Vec<Coord<f64>>) -> (bool, Vec<Coord<f64>>) {
    match r {
        PolygonRing::Outer(p) => (true, f(p)),
        PolygonRing::Inner(p) => (false, f(p)),
    }
}

/// Even-odd point-in-ring test.
fn inside(p: Coord<f64>, ring: &[Coord<f64>]) -> bool {
    let mut c = false;
    let n = ring.len();
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + n - 1) % n]);
        if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
            c = !c;
        }
    }
    c
}

fn polygons(rings: Vec<(bool, Vec<Coord<f64>>)>) -> Geometry<f64> {
    let mut polys: Vec<(LineString<f64>, Vec<LineString<f64>>)> = Vec::new();
    let mut holes = Vec::new();
    for (outer, pts) in rings {
        if outer {
            polys.push((LineString::new(pts), Vec::new()));
        } else {
            holes.push((polys.len(), pts));
        }
    }
    for (after, pts) in holes {
        let probe = pts.first().copied();
        let owner = probe
            .and_then(|p| polys.iter().position(|(ext, _)| inside(p, &ext.0)))
            .or_else(|| after.checked_sub(1));
        match owner {
            Some(o) => polys[o].1.push(LineString::new(pts)),
            None => polys.push((LineString::new(pts), Vec::new())),
        }
    }
    let mut ps: Vec<Polygon<f64>> = polys.into_iter().map(|(e, h)| Polygon::new(e, h)).collect();
    if ps.len() == 1 {
        Geometry::Polygon(ps.remove(0))
    } else {
        Geometry::MultiPolygon(MultiPolygon(ps))
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Point,
    MultiPoint,
    Line,
    Polygon,
}

fn class_of(g: &Geometry<f64>) -> std::result::Result<Class, &'static str> {
    Ok(match g {
        Geometry::Point(_) => Class::Point,
        Geometry::MultiPoint(_) => Class::MultiPoint,
        Geometry::Line(_) | Geometry::LineString(_) | Geometry::MultiLineString(_) => Class::Line,
        Geometry::Polygon(_)
        | Geometry::MultiPolygon(_)
        | Geometry::Rect(_)
        | Geometry::Triangle(_) => Class::Polygon,
        Geometry::GeometryCollection(_) => return Err("a geometry collection"),
    })
}

/// The shapefile bytes (.shp, .shx, .dbf) of a layer.
pub fn to_bytes(layer: &VectorLayer) -> Result<(Vec<u8>, Vec<u8>, Vec<u8>)> {
    let mut class: Option<Class> = None;
    for (i, f) in layer.features.iter().enumerate() {
        let g = f.geometry.as_ref().ok_or_else(|| {
            Error::invalid(format!(
                "feature {i} has no geometry; a shapefile needs one per feature"
            ))
        })?;
        let c = class_of(g).map_err(|m| {
            Error::invalid(format!("feature {i} is {m}, which a shapefile cannot hold"))
        })?;
        class = Some(match (class, c) {
            (None, c) => c,
            (Some(a), b) if a == b => a,
            (Some(Class::Point), Class::MultiPoint) | (Some(Class::MultiPoint), Class::Point) => Class::MultiPoint,
            (Some(a), b) => {
                return Err(Error::invalid(format!(
                    "layer {} mixes {a:?} and {b:?} geometries (feature {i}); a shapefile holds one geometry type",
                    layer.name
                )))
            }
        });
    }
    let (mut shp, mut shx) = (Vec::new(), Vec::new());
    {
        let mut w = ShapeWriter::with_shx(Cursor::new(&mut shp), Cursor::new(&mut shx));
        let err = |e: shapefile::Error| Error::internal(format!("shapefile writer: {e}"));
        for f in &layer.features {
            let Some(g) = &f.geometry else { continue };
            match class.unwrap_or(Class::Point) {
                Class::Point => {
                    if let Geometry::Point(p) = g {
                        w.write_shape(&shapefile::Point::new(p.x(), p.y()))
                            .map_err(err)?;
                    }
                }
                Class::MultiPoint => {
                    let pts: Vec<shapefile::Point> = match g {
                        Geometry::Point(p) => vec![shapefile::Point::new(p.x(), p.y())],
                        Geometry::MultiPoint(m) => {
                            m.0.iter()
                                .map(|p| shapefile::Point::new(p.x(), p.y()))
                                .collect()
                        }
                        _ => Vec::new(),
                    };
                    w.write_shape(&shapefile::Multipoint::new(pts))
                        .map_err(err)?;
                }
                Class::Line => {
                    let parts: Vec<&LineString<f64>> = match g {
                        Geometry::LineString(l) => vec![l],
                        Geometry::MultiLineString(m) => m.0.iter().collect(),
                        _ => Vec::new(),
                    };
                    let single;
                    let parts = if let Geometry::Line(l) = g {
                        single = LineString::from(vec![l.start, l.end]);
                        vec![&single]
                    } else {
                        parts
                    };
                    let parts: Vec<Vec<shapefile::Point>> = parts
                        .iter()
                        .map(|l| {
                            l.0.iter()
                                .map(|c| shapefile::Point::new(c.x, c.y))
                                .collect()
                        })
                        .collect();
                    if parts.is_empty() || parts.iter().any(|p| p.len() < 2) {
                        return Err(Error::invalid(
                            "a line with an empty part or a part of fewer than 2 points cannot be written to a shapefile",
                        ));
                    }
                    w.write_shape(&shapefile::Polyline::with_parts(parts))
                        .map_err(err)?;
                }
                Class::Polygon => {
                    let mp: MultiPolygon<f64> = match g {
                        Geometry::Polygon(p) => MultiPolygon(vec![p.clone()]),
                        Geometry::MultiPolygon(m) => m.clone(),
                        Geometry::Rect(r) => MultiPolygon(vec![r.to_polygon()]),
                        Geometry::Triangle(t) => MultiPolygon(vec![t.to_polygon()]),
                        _ => MultiPolygon(vec![]),
                    };
                    let pt = |l: &LineString<f64>| -> Vec<shapefile::Point> {
                        l.0.iter()
                            .map(|c| shapefile::Point::new(c.x, c.y))
                            .collect()
                    };
                    let mut rings = Vec::new();
                    for p in mp.0.iter().filter(|p| !p.exterior().0.is_empty()) {
                        rings.push(PolygonRing::Outer(pt(p.exterior())));
                        rings.extend(
                            p.interiors()
                                .iter()
                                .filter(|h| !h.0.is_empty())
                                .map(|h| PolygonRing::Inner(pt(h))),
                        );
                    }
                    if rings.is_empty() {
                        return Err(Error::invalid(
                            "an empty polygon cannot be written to a shapefile",
                        ));
                    }
                    w.write_shape(&shapefile::Polygon::with_rings(rings))
                        .map_err(err)?;
                }
            }
        }
        w.finalize().map_err(err)?;
    }
    if shp.is_empty() {
        // No features: a header-only file of the point type.
        let mut w = ShapeWriter::with_shx(Cursor::new(&mut shp), Cursor::new(&mut shx));
        w.finalize()
            .map_err(|e| Error::internal(format!("shapefile writer: {e}")))?;
    }
    let recs: Vec<&[lode_core::AttrValue]> =
        layer.features.iter().map(|f| f.attrs.as_slice()).collect();
    let dbf = dbf::encode(&layer.fields, &recs)?;
    Ok((shp, shx, dbf))
}

/// Write a vector layer (`path` is the .shp; .shx, .dbf, .cpg and .prj are written beside it).
pub fn write(path: &Path, layer: &VectorLayer) -> Result<()> {
    let (shp, shx, dbf) = to_bytes(layer).map_err(|e| match e {
        Error::Invalid(m) => Error::invalid(format!("{}: {m}", path.display())),
        other => other,
    })?;
    let mut set = AtomicSet::new();
    set.write_bytes(path, &shp)?;
    set.write_bytes(&path.with_extension("shx"), &shx)?;
    set.write_bytes(&path.with_extension("dbf"), &dbf)?;
    set.write_bytes(&path.with_extension("cpg"), b"UTF-8")?;
    write_prj(&mut set, path, layer.crs.as_ref())?;
    set.commit()
}
