//! FlatGeobuf vector layers (read; FlatGeobuf 3.x specification, Hollander 2020,
//! <https://flatgeobuf.org>).
//!
//! Layout: magic `fgb\x03fgb\x01`, size-prefixed header flatbuffer, optional packed Hilbert
//! R-tree index (40-byte nodes), then size-prefixed feature flatbuffers. The header and each
//! feature are verified with the `flatgeobuf` crate's generated flatbuffer readers; every size is
//! checked against the file length before use. Geometry: all simple-feature types (z/m dropped);
//! properties typed from the header columns (integers → Int, Float/Double → Float, Bool → Bool,
//! String/Json/DateTime → Text; Binary is read as Null). CRS: `crs.code` with organisation EPSG
//! (or none) → EPSG code, else the WKT.

use std::path::Path;

use flatgeobuf::{ColumnType, GeometryType};
use geo_types::{
    Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint, MultiPolygon,
    Point, Polygon,
};

use lode_core::{AttrValue, Crs, Error, FieldDef, FieldKind, Result, VectorLayer};

/// Read a vector layer.
pub fn read(path: &Path) -> Result<VectorLayer> {
    let bytes = std::fs::read(path).map_err(|e| Error::read_io(path, e))?;
    let mut layer = parse(&bytes, path)?;
    if layer.name.is_empty() {
        layer.name = crate::geojson_io::stem(path);
    }
    Ok(layer)
}

/// Write a vector layer (not supported: FlatGeobuf is read-only in lode).
pub fn write(path: &Path, _layer: &VectorLayer) -> Result<()> {
    Err(Error::invalid(format!(
        "{}: writing FlatGeobuf is not supported; write GeoPackage, Shapefile or GeoJSON",
        path.display()
    )))
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    b.get(at..at.checked_add(4)?)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize)
}

/// Bytes of the packed R-tree for `n` items and node size `m` (checked).
fn index_size(n: u64, m: u16) -> Option<u64> {
    if n == 0 || m == 0 {
        return Some(0);
    }
    let m = (m as u64).max(2);
    let (mut k, mut nodes) = (n, n);
    loop {
        k = k.div_ceil(m);
        nodes = nodes.checked_add(k)?;
        if k == 1 {
            break;
        }
    }
    nodes.checked_mul(40)
}

/// Parse FlatGeobuf bytes; `path` names the file in errors.
pub fn parse(b: &[u8], path: &Path) -> Result<VectorLayer> {
    let bad = |m: String| Error::input(path, m);
    if b.len() < 12 {
        return Err(bad("file is too short to be FlatGeobuf".into()));
    }
    if &b[..3] != b"fgb" || b[3] != 3 || &b[4..7] != b"fgb" {
        return Err(bad("not a FlatGeobuf file (wrong magic bytes)".into()));
    }
    let hsize = u32_at(b, 8).unwrap_or(0);
    let hend = 12usize
        .checked_add(hsize)
        .filter(|&e| e <= b.len() && hsize >= 8)
        .ok_or_else(|| bad(format!("header size {hsize} exceeds the file")))?;
    let header = flatgeobuf::size_prefixed_root_as_header(&b[8..hend])
        .map_err(|e| bad(format!("invalid FlatGeobuf header: {e}")))?;
    let columns: Vec<(String, ColumnType)> = header
        .columns()
        .map(|cs| {
            cs.iter()
                .map(|c| (c.name().to_string(), c.type_()))
                .collect()
        })
        .unwrap_or_default();
    let fields: Vec<FieldDef> = columns
        .iter()
        .map(|(n, t)| FieldDef {
            name: n.clone(),
            kind: kind_of(*t),
        })
        .collect();
    let mut layer = VectorLayer::new(header.name().unwrap_or(""), fields);
    layer.crs = match header.crs() {
        None => None,
        Some(c) => {
            let org = c.org().unwrap_or("EPSG");
            if c.code() > 0 && org.eq_ignore_ascii_case("EPSG") {
                Some(Crs::from_epsg(c.code() as u32).map_err(|e| e.at(path))?)
            } else if let Some(w) = c.wkt().filter(|w| !w.trim().is_empty()) {
                Some(Crs::from_wkt(w).map_err(|e| e.at(path))?)
            } else {
                None
            }
        }
    };
    let htype = header.geometry_type();
    let isize = index_size(header.features_count(), header.index_node_size())
        .and_then(|s| usize::try_from(s).ok())
        .ok_or_else(|| bad("index size overflows".into()))?;
    let mut pos = hend
        .checked_add(isize)
        .filter(|&p| p <= b.len())
        .ok_or_else(|| bad("file is truncated (spatial index)".into()))?;
    let mut i = 0usize;
    while pos < b.len() {
        let size = u32_at(b, pos).ok_or_else(|| bad(format!("feature {i}: truncated size")))?;
        let end = pos
            .checked_add(4)
            .and_then(|p| p.checked_add(size))
            .filter(|&e| e <= b.len())
            .ok_or_else(|| {
                bad(format!(
                    "feature {i}: size {size} exceeds the file (truncated?)"
                ))
            })?;
        let f = flatgeobuf::size_prefixed_root_as_feature(&b[pos..end])
            .map_err(|e| bad(format!("feature {i}: invalid flatbuffer: {e}")))?;
        let geometry = match f.geometry() {
            Some(g) => geom(&g, htype, 0).map_err(|m| bad(format!("feature {i}: {m}")))?,
            None => None,
        };
        let mut attrs = vec![AttrValue::Null; columns.len()];
        if let Some(p) = f.properties() {
            props(p.bytes(), &columns, &mut attrs).map_err(|m| bad(format!("feature {i}: {m}")))?;
        }
        layer.push(geometry, attrs)?;
        pos = end;
        i += 1;
    }
    Ok(layer)
}

fn kind_of(t: ColumnType) -> FieldKind {
    match t {
        ColumnType::Bool => FieldKind::Bool,
        ColumnType::Float | ColumnType::Double => FieldKind::Float,
        ColumnType::String | ColumnType::Json | ColumnType::DateTime | ColumnType::Binary => {
            FieldKind::Text
        }
        _ => FieldKind::Int,
    }
}

fn props(
    b: &[u8],
    cols: &[(String, ColumnType)],
    out: &mut [AttrValue],
) -> std::result::Result<(), String> {
    let mut p = 0usize;
    let take = |p: &mut usize, n: usize| -> std::result::Result<&[u8], String> {
        let end = p
            .checked_add(n)
            .filter(|&e| e <= b.len())
            .ok_or("properties are truncated")?;
        let s = &b[*p..end];
        *p = end;
        Ok(s)
    };
    while p < b.len() {
        let ix = take(&mut p, 2)?;
        let j = u16::from_le_bytes([ix[0], ix[1]]) as usize;
        let (_, t) = cols
            .get(j)
            .ok_or_else(|| format!("property column {j} is not in the header"))?;
        let fixed = |n: usize, p: &mut usize| take(p, n);
        let v = match *t {
            ColumnType::Byte => AttrValue::Int(fixed(1, &mut p)?[0] as i8 as i64),
            ColumnType::UByte => AttrValue::Int(fixed(1, &mut p)?[0] as i64),
            ColumnType::Bool => AttrValue::Bool(fixed(1, &mut p)?[0] != 0),
            ColumnType::Short => {
                let s = fixed(2, &mut p)?;
                AttrValue::Int(i16::from_le_bytes([s[0], s[1]]) as i64)
            }
            ColumnType::UShort => {
                let s = fixed(2, &mut p)?;
                AttrValue::Int(u16::from_le_bytes([s[0], s[1]]) as i64)
            }
            ColumnType::Int => AttrValue::Int(i32::from_le_bytes(arr(fixed(4, &mut p)?)) as i64),
            ColumnType::UInt => AttrValue::Int(u32::from_le_bytes(arr(fixed(4, &mut p)?)) as i64),
            ColumnType::Long => AttrValue::Int(i64::from_le_bytes(arr(fixed(8, &mut p)?))),
            ColumnType::ULong => {
                let u = u64::from_le_bytes(arr(fixed(8, &mut p)?));
                i64::try_from(u).map_or(AttrValue::Float(u as f64), AttrValue::Int)
            }
            ColumnType::Float => {
                AttrValue::Float(f32::from_le_bytes(arr(fixed(4, &mut p)?)) as f64)
            }
            ColumnType::Double => AttrValue::Float(f64::from_le_bytes(arr(fixed(8, &mut p)?))),
            ColumnType::String | ColumnType::Json | ColumnType::DateTime | ColumnType::Binary => {
                let n = u32::from_le_bytes(arr(fixed(4, &mut p)?)) as usize;
                let s = take(&mut p, n)?;
                if *t == ColumnType::Binary {
                    AttrValue::Null
                } else {
                    AttrValue::Text(String::from_utf8_lossy(s).into_owned())
                }
            }
            other => return Err(format!("unknown column type {}", other.0)),
        };
        out[j] = v;
    }
    Ok(())
}

fn arr<const N: usize>(s: &[u8]) -> [u8; N] {
    let mut a = [0u8; N];
    a.copy_from_slice(&s[..N]);
    a
}

fn geom(
    g: &flatgeobuf::Geometry,
    htype: GeometryType,
    depth: usize,
) -> std::result::Result<Option<Geometry<f64>>, String> {
    if depth > 32 {
        return Err("geometry parts nest too deeply".into());
    }
    let t = if htype == GeometryType::Unknown {
        g.type_()
    } else {
        htype
    };
    let xy: Vec<Coord<f64>> = g
        .xy()
        .map(|v| {
            let v: Vec<f64> = v.iter().collect();
            v.chunks_exact(2)
                .map(|c| Coord { x: c[0], y: c[1] })
                .collect()
        })
        .unwrap_or_default();
    let ends: Vec<usize> = g
        .ends()
        .map(|e| e.iter().map(|x| x as usize).collect())
        .unwrap_or_default();
    let split = |xy: &[Coord<f64>]| -> std::result::Result<Vec<LineString<f64>>, String> {
        if ends.is_empty() {
            return Ok(vec![LineString::new(xy.to_vec())]);
        }
        let mut out = Vec::with_capacity(ends.len());
        let mut s = 0;
        for &e in &ends {
            if e < s || e > xy.len() {
                return Err(format!("ring end {e} is out of range"));
            }
            out.push(LineString::new(xy[s..e].to_vec()));
            s = e;
        }
        Ok(out)
    };
    let polygon = |rings: Vec<LineString<f64>>| -> Polygon<f64> {
        let mut it = rings.into_iter();
        let ext = it.next().unwrap_or_else(|| LineString::new(vec![]));
        Polygon::new(ext, it.collect())
    };
    let parts = |depth: usize| -> std::result::Result<Vec<Geometry<f64>>, String> {
        let mut v = Vec::new();
        if let Some(ps) = g.parts() {
            for p in ps.iter() {
                let sub = if t == GeometryType::GeometryCollection {
                    GeometryType::Unknown
                } else {
                    subtype(t)
                };
                if let Some(x) = geom(&p, sub, depth + 1)? {
                    v.push(x);
                }
            }
        }
        Ok(v)
    };
    Ok(Some(match t {
        GeometryType::Point => match xy.first() {
            Some(c) => Geometry::Point(Point(*c)),
            None => return Ok(None),
        },
        GeometryType::MultiPoint => {
            Geometry::MultiPoint(MultiPoint(xy.into_iter().map(Point).collect()))
        }
        GeometryType::LineString => Geometry::LineString(LineString::new(xy)),
        GeometryType::MultiLineString => Geometry::MultiLineString(MultiLineString(split(&xy)?)),
        GeometryType::Polygon => Geometry::Polygon(polygon(split(&xy)?)),
        GeometryType::MultiPolygon => Geometry::MultiPolygon(MultiPolygon(
            parts(depth)?
                .into_iter()
                .filter_map(|p| match p {
                    Geometry::Polygon(p) => Some(p),
                    _ => None,
                })
                .collect(),
        )),
        GeometryType::GeometryCollection => {
            Geometry::GeometryCollection(GeometryCollection(parts(depth)?))
        }
        other => return Err(format!("unsupported FlatGeobuf geometry type {}", other.0)),
    }))
}

fn subtype(t: GeometryType) -> GeometryType {
    match t {
        GeometryType::MultiPolygon => GeometryType::Polygon,
        GeometryType::MultiLineString => GeometryType::LineString,
        GeometryType::MultiPoint => GeometryType::Point,
        _ => GeometryType::Unknown,
    }
}
