//! Writing a grid as netCDF classic (CDF-1, or CDF-2 beyond 2 GiB) following COARDS/CF-1.7,
//! as GMT and GDAL read it. Encoding per the NetCDF Classic Format Specification (Unidata,
//! netCDF Users Guide, "File Format Specifications"): big-endian header of dimensions,
//! global attributes and variables, then each fixed-size variable's data padded to 4 bytes.

use std::io::Write;
use std::path::Path;

use lode_core::{atomic, Error, Grid, Result, Values};

use super::cf::{self, CfValue};

const NC_DIMENSION: u32 = 0x0A;
const NC_VARIABLE: u32 = 0x0B;
const NC_ATTRIBUTE: u32 = 0x0C;
const NC_CHAR: u32 = 2;
const NC_INT: u32 = 4;
const NC_FLOAT: u32 = 5;
const NC_DOUBLE: u32 = 6;

enum Attr {
    Text(String),
    Int(i32),
    Float(f32),
    Double(Vec<f64>),
}

struct Var {
    name: &'static str,
    dims: Vec<u32>,
    attrs: Vec<(&'static str, Attr)>,
    nc_type: u32,
    bytes: u64,
    begin: u64,
}

/// The encoded file: header bytes, then the data of x, y, crs and z.
struct Encoded<'g> {
    header: Vec<u8>,
    grid: &'g Grid,
    has_crs: bool,
    /// Rows north → south; else south → north (ascending y) as GMT and GDAL write them.
    top_down: bool,
}

/// Write `grid` to `path` atomically.
pub(super) fn write(path: &Path, grid: &Grid) -> Result<()> {
    let enc = encode(grid).map_err(|e| match e {
        Error::Invalid(m) => Error::invalid(format!("{}: {m}", path.display())),
        e => e,
    })?;
    atomic::write_file(path, |w| {
        enc.write_to(w).map_err(|e| Error::write_io(path, e))
    })
}

/// The file's bytes (for tests and fuzzing; [`write`] streams instead).
pub(super) fn to_bytes(grid: &Grid) -> Result<Vec<u8>> {
    let enc = encode(grid)?;
    let mut out = Vec::new();
    enc.write_to(&mut out)
        .map_err(|e| Error::internal(e.to_string()))?;
    Ok(out)
}

fn encode(grid: &Grid) -> Result<Encoded<'_>> {
    let g = &grid.geometry;
    g.validate()?;
    if !g.is_north_up() {
        return Err(Error::invalid(
            "a rotated grid cannot be written as netCDF (coordinate axes must be north-up)",
        ));
    }
    let (cols, rows) = (g.cols as u64, g.rows as u64);
    let geographic = grid.crs.as_ref().is_some_and(|c| c.is_geographic());
    let (xname, yname) = if geographic {
        ("lon", "lat")
    } else {
        ("x", "y")
    };
    let [xmin, ymin, xmax, ymax] = g.extent();
    if ![xmin, ymin, xmax, ymax].iter().all(|v| v.is_finite()) {
        return Err(Error::invalid("grid extent is not finite"));
    }
    // Cell centres are stored as f64 coordinates, which readers (lode included) require to be
    // distinct, monotonic and regular to a fraction of a cell: a spacing below 1e-12 of the
    // coordinates' magnitude (~4500 f64 ulps) cannot be written exactly, so it is refused.
    for (axis, d, lo, hi) in [("x", g.dx, xmin, xmax), ("y", g.dy, ymin, ymax)] {
        if d <= 1e-12 * lo.abs().max(hi.abs()) {
            return Err(Error::invalid(format!(
                "cell size {d} along {axis} is too small for coordinates near {:e}: the cell \
                 centres cannot be written as distinct netCDF coordinates",
                lo.abs().max(hi.abs())
            )));
        }
    }
    // Gridline registration (actual_range = first and last cell centres) as GDAL writes, except
    // for a single row or column, whose spacing only GMT's pixel registration (node_offset = 1,
    // actual_range = outer edges) conveys.
    let pixel = g.cols == 1 || g.rows == 1;
    let (xc, yc) = if pixel {
        ((xmin, xmax), (ymin, ymax))
    } else {
        (
            (xmin + 0.5 * g.dx, xmax - 0.5 * g.dx),
            (ymin + 0.5 * g.dy, ymax - 0.5 * g.dy),
        )
    };

    let axis_attrs = |axis: &str, range: (f64, f64)| {
        let mut a: Vec<(&'static str, Attr)> = Vec::new();
        let (std, long, units) = match (geographic, grid.crs.is_some(), axis) {
            (true, _, "X") => ("longitude", "longitude", Some("degrees_east".to_string())),
            (true, _, _) => ("latitude", "latitude", Some("degrees_north".to_string())),
            (false, true, "X") => (
                "projection_x_coordinate",
                "x coordinate of projection",
                Some(linear_units(grid)),
            ),
            (false, true, _) => (
                "projection_y_coordinate",
                "y coordinate of projection",
                Some(linear_units(grid)),
            ),
            (false, false, "X") => ("", "x", None),
            (false, false, _) => ("", "y", None),
        };
        if !std.is_empty() {
            a.push(("standard_name", Attr::Text(std.into())));
        }
        a.push(("long_name", Attr::Text(long.into())));
        if let Some(u) = units {
            a.push(("units", Attr::Text(u)));
        }
        a.push(("axis", Attr::Text(axis.into())));
        a.push(("actual_range", Attr::Double(vec![range.0, range.1])));
        a
    };

    let mut vars = vec![
        Var {
            name: xname,
            dims: vec![0],
            attrs: axis_attrs("X", xc),
            nc_type: NC_DOUBLE,
            bytes: cols * 8,
            begin: 0,
        },
        Var {
            name: yname,
            dims: vec![1],
            attrs: axis_attrs("Y", yc),
            nc_type: NC_DOUBLE,
            bytes: rows * 8,
            begin: 0,
        },
    ];
    if let Some(crs) = &grid.crs {
        let mut attrs: Vec<(&'static str, Attr)> = cf::proj4_to_cf(crs)
            .into_iter()
            .map(|(k, v)| {
                (
                    k,
                    match v {
                        CfValue::Text(s) => Attr::Text(s),
                        CfValue::Num(x) => Attr::Double(vec![x]),
                    },
                )
            })
            .collect();
        attrs.push(("long_name", Attr::Text("CRS definition".into())));
        if let Some(wkt) = crs.wkt() {
            attrs.push(("crs_wkt", Attr::Text(wkt.to_string())));
            attrs.push(("spatial_ref", Attr::Text(wkt.to_string())));
        }
        attrs.push(("proj4", Attr::Text(crs.proj4().to_string())));
        if let Some(code) = crs.epsg() {
            attrs.push(("epsg_code", Attr::Text(format!("EPSG:{code}"))));
        }
        let gt = g.geotransform();
        attrs.push((
            "GeoTransform",
            Attr::Text(format!(
                "{} {} {} {} {} {}",
                gt[0], gt[1], gt[2], gt[3], gt[4], gt[5]
            )),
        ));
        vars.push(Var {
            name: "crs",
            dims: vec![],
            attrs,
            nc_type: NC_INT,
            bytes: 4,
            begin: 0,
        });
    }
    let stats = grid.stats();
    let f32_values = grid.values.is_f32();
    let mut zattrs: Vec<(&'static str, Attr)> = vec![(
        "long_name",
        Attr::Text(grid.field.clone().unwrap_or_else(|| "z".into())),
    )];
    if let Some(u) = &grid.units {
        zattrs.push(("units", Attr::Text(u.clone())));
    }
    zattrs.push((
        "_FillValue",
        if f32_values {
            Attr::Float(f32::NAN)
        } else {
            Attr::Double(vec![f64::NAN])
        },
    ));
    if stats.valid > 0 {
        zattrs.push(("actual_range", Attr::Double(vec![stats.min, stats.max])));
    }
    if grid.crs.is_some() {
        zattrs.push(("grid_mapping", Attr::Text("crs".into())));
    }
    let esize = if f32_values { 4 } else { 8 };
    vars.push(Var {
        name: "z",
        dims: vec![1, 0],
        attrs: zattrs,
        nc_type: if f32_values { NC_FLOAT } else { NC_DOUBLE },
        bytes: cols
            .checked_mul(rows)
            .and_then(|n| n.checked_mul(esize))
            .ok_or_else(|| Error::invalid("grid too large for netCDF"))?,
        begin: 0,
    });

    let mut globals: Vec<(&'static str, Attr)> = vec![
        ("Conventions", Attr::Text("CF-1.7".into())),
        ("title", Attr::Text(grid.field.clone().unwrap_or_default())),
        ("source", Attr::Text("lode".into())),
    ];
    if pixel {
        globals.push(("node_offset", Attr::Int(1)));
    }
    let meta = &grid.meta;
    if let Some(d) = &meta.date {
        globals.push(("survey_date", Attr::Text(d.clone())));
    }
    if let Some(h) = meta.sensor_height_m {
        globals.push(("sensor_height_m", Attr::Double(vec![h])));
    }
    if let Some(s) = meta.line_spacing_m {
        globals.push(("line_spacing_m", Attr::Double(vec![s])));
    }
    let dims = [(xname, cols), (yname, rows)];

    // CDF-1 offsets are signed 32-bit; larger files take CDF-2's 64-bit offsets.
    let mut version = 1u8;
    let header = loop {
        let off = if version == 1 { 4 } else { 8 };
        let len = header_bytes(version, &dims, &globals, &vars, off)?.len() as u64;
        let mut begin = len;
        for v in vars.iter_mut() {
            v.begin = begin;
            begin += padded(v.bytes);
        }
        if version == 1 && begin > i32::MAX as u64 {
            version = 2;
            continue;
        }
        break header_bytes(version, &dims, &globals, &vars, off)?;
    };
    let has_crs = grid.crs.is_some();
    Ok(Encoded {
        header,
        grid,
        has_crs,
        // GDAL takes a single row or column from the GeoTransform, in its north-up row order.
        top_down: pixel,
    })
}

/// The unit of projected coordinates, from the proj string (metres unless `+units=` says).
fn linear_units(grid: &Grid) -> String {
    let p = grid.crs.as_ref().map(|c| c.proj4()).unwrap_or("");
    match p.split_whitespace().find_map(|t| t.strip_prefix("+units=")) {
        Some("m") | None => "m".into(),
        Some("km") => "km".into(),
        Some("ft") => "ft".into(),
        Some("us-ft") => "US survey foot".into(),
        Some(other) => other.into(),
    }
}

fn padded(n: u64) -> u64 {
    n.div_ceil(4) * 4
}

fn header_bytes(
    version: u8,
    dims: &[(&str, u64)],
    globals: &[(&'static str, Attr)],
    vars: &[Var],
    off: usize,
) -> Result<Vec<u8>> {
    let mut h = Vec::with_capacity(4096);
    h.extend_from_slice(b"CDF");
    h.push(version);
    put_u32(&mut h, 0); // numrecs
    put_u32(&mut h, NC_DIMENSION);
    put_u32(&mut h, dims.len() as u32);
    for (name, len) in dims {
        put_name(&mut h, name);
        let len = u32::try_from(*len)
            .ok()
            .filter(|&l| l <= i32::MAX as u32)
            .ok_or_else(|| Error::invalid("a netCDF classic dimension is limited to 2^31 − 1"))?;
        put_u32(&mut h, len);
    }
    put_attrs(&mut h, globals);
    put_u32(&mut h, NC_VARIABLE);
    put_u32(&mut h, vars.len() as u32);
    for v in vars {
        put_name(&mut h, v.name);
        put_u32(&mut h, v.dims.len() as u32);
        for d in &v.dims {
            put_u32(&mut h, *d);
        }
        put_attrs(&mut h, &v.attrs);
        put_u32(&mut h, v.nc_type);
        // A last variable larger than 4 GiB records vsize 2^32 − 1 (spec, "Note on vsize").
        put_u32(&mut h, u32::try_from(padded(v.bytes)).unwrap_or(u32::MAX));
        if off == 4 {
            put_u32(&mut h, v.begin as u32);
        } else {
            h.extend_from_slice(&v.begin.to_be_bytes());
        }
    }
    Ok(h)
}

fn put_u32(h: &mut Vec<u8>, v: u32) {
    h.extend_from_slice(&v.to_be_bytes());
}

fn pad(h: &mut Vec<u8>) {
    h.resize(h.len().div_ceil(4) * 4, 0);
}

fn put_name(h: &mut Vec<u8>, name: &str) {
    put_u32(h, name.len() as u32);
    h.extend_from_slice(name.as_bytes());
    pad(h);
}

fn put_attrs(h: &mut Vec<u8>, attrs: &[(&'static str, Attr)]) {
    if attrs.is_empty() {
        put_u32(h, 0);
        put_u32(h, 0);
        return;
    }
    put_u32(h, NC_ATTRIBUTE);
    put_u32(h, attrs.len() as u32);
    for (name, a) in attrs {
        put_name(h, name);
        match a {
            Attr::Text(s) => {
                put_u32(h, NC_CHAR);
                put_u32(h, s.len() as u32);
                h.extend_from_slice(s.as_bytes());
            }
            Attr::Int(i) => {
                put_u32(h, NC_INT);
                put_u32(h, 1);
                h.extend_from_slice(&i.to_be_bytes());
            }
            Attr::Float(f) => {
                put_u32(h, NC_FLOAT);
                put_u32(h, 1);
                h.extend_from_slice(&f.to_be_bytes());
            }
            Attr::Double(v) => {
                put_u32(h, NC_DOUBLE);
                put_u32(h, v.len() as u32);
                for x in v {
                    h.extend_from_slice(&x.to_be_bytes());
                }
            }
        }
        pad(h);
    }
}

impl Encoded<'_> {
    fn write_to<W: Write>(&self, w: &mut W) -> std::io::Result<()> {
        let g = &self.grid.geometry;
        let [xmin, ymin, _, ymax] = g.extent();
        w.write_all(&self.header)?;
        let mut buf = Vec::with_capacity(g.cols.max(g.rows) * 8);
        for i in 0..g.cols {
            buf.extend_from_slice(&(xmin + (i as f64 + 0.5) * g.dx).to_be_bytes());
        }
        w.write_all(&buf)?;
        buf.clear();
        for j in 0..g.rows {
            let y = if self.top_down {
                ymax - (j as f64 + 0.5) * g.dy
            } else {
                ymin + (j as f64 + 0.5) * g.dy
            };
            buf.extend_from_slice(&y.to_be_bytes());
        }
        w.write_all(&buf)?;
        if self.has_crs {
            w.write_all(&0i32.to_be_bytes())?;
        }
        let cols = g.cols;
        match &self.grid.values {
            Values::F32(v) => write_rows(w, v, cols, self.top_down, &mut buf)?,
            Values::F64(v) => write_rows(w, v, cols, self.top_down, &mut buf)?,
        }
        // z is last: pad the file to a multiple of 4 bytes.
        let zbytes = (g.cols * g.rows) as u64 * if self.grid.values.is_f32() { 4 } else { 8 };
        let tail = (padded(zbytes) - zbytes) as usize;
        w.write_all(&[0u8; 3][..tail])?;
        Ok(())
    }
}

trait BigEndian: Copy {
    fn put(self, buf: &mut Vec<u8>);
}

impl BigEndian for f32 {
    fn put(self, buf: &mut Vec<u8>) {
        buf.extend_from_slice(&self.to_be_bytes());
    }
}

impl BigEndian for f64 {
    fn put(self, buf: &mut Vec<u8>) {
        buf.extend_from_slice(&self.to_be_bytes());
    }
}

fn write_rows<W: Write, T: BigEndian>(
    w: &mut W,
    v: &[T],
    cols: usize,
    top_down: bool,
    buf: &mut Vec<u8>,
) -> std::io::Result<()> {
    let mut put = |row: &[T]| {
        buf.clear();
        row.iter().for_each(|x| x.put(buf));
        w.write_all(buf)
    };
    if top_down {
        v.chunks_exact(cols).try_for_each(&mut put)
    } else {
        v.chunks_exact(cols).rev().try_for_each(&mut put)
    }
}
