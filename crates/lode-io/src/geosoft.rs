//! Geosoft Oasis montaj grids (.grd), version 2 of the Geosoft Grid File Format.
//!
//! Reference: Geosoft Inc., "Grid File Format (GRD)", Oasis montaj documentation
//! (help.seequent.com, "grid_file_format__grd"); cross-checked against Harmonica's
//! `load_oasis_montaj_grid` (Uieda et al., Fatiando a Terra) and real Oasis montaj files.
//!
//! The 512-byte little-endian header: ES (element size; +1024 when compressed), SF (0 unsigned,
//! 1 signed integer, 2 float, 3 colour), NE (elements per vector), NV (vectors), KX (1: vectors
//! are rows along X; −1: vectors are columns along Y), DE/DV (element/vector spacing), X0/Y0
//! (origin node), ROT (counter-clockwise rotation about the origin, degrees), ZBASE, ZMULT
//! (value = stored / ZMULT + ZBASE), LABEL, MAPNO, PROJ, UNITX/Y/Z, NVPTS, ZMIN/ZMAX/ZMED/ZMEAN
//! (f32), ZVAR (f64), PRCS and a user area. Dummies: −127 (i8), 255 (u8), −32767 (i16),
//! 65535 (u16), −2147483647 (i32), 4294967295 (u32), ≤ −1e32 (floats).
//! Compressed grids: a block table (signature, type 1 = LZRW1 / 2 = zlib, block count, vectors
//! per block, i64 block offsets, i32 block sizes), each block a 16-byte header and a zlib stream.
//! Geosoft grids are node-registered: lode puts cell centres on the nodes.

use std::io::{Read, Write};
use std::path::Path;

use lode_core::grid::MAX_CELLS;
use lode_core::{Error, Grid, GridGeometry, Result, Values};

const HEADER: usize = 512;
const COMP_SIG: u32 = 0xF8E7_D8C7;
const BLOCK_SIG: u32 = 0xFEFF_0E0F;
/// The float dummy value.
pub const DUMMY_FLOAT: f64 = -1e32;

/// Element type of the stored values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Element {
    U8,
    I8,
    U16,
    I16,
    U32,
    I32,
    F32,
    F64,
}

impl Element {
    fn from_es_sf(es: i32, sf: i32) -> Option<Element> {
        Some(match (es, sf) {
            (1, 0) => Element::U8,
            (1, 1) => Element::I8,
            (2, 0) => Element::U16,
            (2, 1) => Element::I16,
            (4, 0) => Element::U32,
            (4, 1) => Element::I32,
            (4, 2) => Element::F32,
            (8, 2) | (8, 1) | (8, 0) => Element::F64,
            _ => return None,
        })
    }

    /// Bytes per element.
    pub fn size(self) -> usize {
        match self {
            Element::U8 | Element::I8 => 1,
            Element::U16 | Element::I16 => 2,
            Element::U32 | Element::I32 | Element::F32 => 4,
            Element::F64 => 8,
        }
    }

    fn sign_flag(self) -> i32 {
        match self {
            Element::U8 | Element::U16 | Element::U32 => 0,
            Element::I8 | Element::I16 | Element::I32 => 1,
            Element::F32 | Element::F64 => 2,
        }
    }

    fn is_float(self) -> bool {
        matches!(self, Element::F32 | Element::F64)
    }

    /// The dummy (no-data) value of this type.
    pub fn dummy(self) -> f64 {
        match self {
            Element::U8 => 255.0,
            Element::I8 => -127.0,
            Element::U16 => 65535.0,
            Element::I16 => -32767.0,
            Element::U32 => 4294967295.0,
            Element::I32 => -2147483647.0,
            Element::F32 | Element::F64 => DUMMY_FLOAT,
        }
    }

    fn range(self) -> (f64, f64) {
        match self {
            Element::U8 => (0.0, 254.0),
            Element::I8 => (-126.0, 127.0),
            Element::U16 => (0.0, 65534.0),
            Element::I16 => (-32766.0, 32767.0),
            Element::U32 => (0.0, 4294967294.0),
            Element::I32 => (-2147483646.0, 2147483647.0),
            Element::F32 => (-f32::MAX as f64, f32::MAX as f64),
            Element::F64 => (-f64::MAX, f64::MAX),
        }
    }

    fn decode(self, b: &[u8]) -> f64 {
        let a4 = || [b[0], b[1], b[2], b[3]];
        match self {
            Element::U8 => b[0] as f64,
            Element::I8 => b[0] as i8 as f64,
            Element::U16 => u16::from_le_bytes([b[0], b[1]]) as f64,
            Element::I16 => i16::from_le_bytes([b[0], b[1]]) as f64,
            Element::U32 => u32::from_le_bytes(a4()) as f64,
            Element::I32 => i32::from_le_bytes(a4()) as f64,
            Element::F32 => f32::from_le_bytes(a4()) as f64,
            Element::F64 => f64::from_le_bytes(b[..8].try_into().unwrap_or([0; 8])),
        }
    }

    fn is_dummy(self, v: f64) -> bool {
        if self.is_float() {
            v <= DUMMY_FLOAT || v.is_nan()
        } else {
            v == self.dummy()
        }
    }

    fn encode(self, v: f64, out: &mut Vec<u8>) {
        match self {
            Element::U8 => out.push(v as u8),
            Element::I8 => out.push(v as i8 as u8),
            Element::U16 => out.extend_from_slice(&(v as u16).to_le_bytes()),
            Element::I16 => out.extend_from_slice(&(v as i16).to_le_bytes()),
            Element::U32 => out.extend_from_slice(&(v as u32).to_le_bytes()),
            Element::I32 => out.extend_from_slice(&(v as i32).to_le_bytes()),
            Element::F32 => out.extend_from_slice(&(v as f32).to_le_bytes()),
            Element::F64 => out.extend_from_slice(&v.to_le_bytes()),
        }
    }
}

/// The parsed 512-byte header (the fields lode uses).
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub element: Element,
    pub compressed: bool,
    pub ne: usize,
    pub nv: usize,
    pub kx: i32,
    pub de: f64,
    pub dv: f64,
    pub x0: f64,
    pub y0: f64,
    pub rotation: f64,
    pub zbase: f64,
    pub zmult: f64,
    pub label: String,
}

fn i32_at(b: &[u8], at: usize) -> i32 {
    i32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn f64_at(b: &[u8], at: usize) -> f64 {
    f64::from_le_bytes(b[at..at + 8].try_into().unwrap_or([0; 8]))
}

/// Parse and validate the header; `Err(msg)` says what is wrong.
fn parse_header(b: &[u8]) -> std::result::Result<Header, String> {
    if b.len() < HEADER {
        return Err(format!(
            "file of {} bytes is shorter than the 512-byte Geosoft header",
            b.len()
        ));
    }
    let (es, sf) = (i32_at(b, 0), i32_at(b, 4));
    let (ne, nv, kx) = (i32_at(b, 8), i32_at(b, 12), i32_at(b, 16));
    let compressed = es > 1024;
    let es_raw = if compressed { es - 1024 } else { es };
    if sf == 3 {
        return Err("colour grids (SF = 3) are not supported".into());
    }
    let element = Element::from_es_sf(es_raw, sf)
        .ok_or_else(|| format!("invalid element size ES = {es} with sign flag SF = {sf}"))?;
    if kx != 1 && kx != -1 {
        return Err(format!(
            "unsupported vector ordering KX = {kx} (only 1 and −1 exist)"
        ));
    }
    if ne <= 0 || nv <= 0 || (ne as u64) * (nv as u64) > MAX_CELLS {
        return Err(format!("invalid grid size NE = {ne}, NV = {nv}"));
    }
    let (de, dv) = (f64_at(b, 20), f64_at(b, 28));
    if !(de.is_finite() && dv.is_finite() && de > 0.0 && dv > 0.0) {
        return Err(format!("invalid spacing DE = {de}, DV = {dv}"));
    }
    let (x0, y0, rotation) = (f64_at(b, 36), f64_at(b, 44), f64_at(b, 52));
    if !(x0.is_finite() && y0.is_finite() && rotation.is_finite() && rotation.abs() <= 360.0) {
        return Err(format!(
            "invalid origin ({x0}, {y0}) or rotation {rotation}"
        ));
    }
    let (zbase, zmult) = (f64_at(b, 60), f64_at(b, 68));
    if !(zbase.is_finite() && zmult.is_finite() && zmult != 0.0) {
        return Err(format!("invalid scaling ZBASE = {zbase}, ZMULT = {zmult}"));
    }
    let label = String::from_utf8_lossy(&b[76..124])
        .trim_end_matches(['\0', ' '])
        .to_string();
    Ok(Header {
        element,
        compressed,
        ne: ne as usize,
        nv: nv as usize,
        kx,
        de,
        dv,
        x0,
        y0,
        rotation,
        zbase,
        zmult,
        label,
    })
}

/// True when the first bytes look like a Geosoft grid header (every storage and geographic
/// field plausible). Conservative: `.grd` is also Surfer's and GMT's extension.
pub fn looks_like_geosoft(head: &[u8]) -> bool {
    parse_header(head).is_ok()
}

/// Read a Geosoft grid.
pub fn read(path: &Path) -> Result<Grid> {
    let bytes = std::fs::read(path).map_err(|e| Error::read_io(path, e))?;
    parse(&bytes, path)
}

/// Parse the bytes of a Geosoft grid; `path` names the file in errors.
pub fn parse(bytes: &[u8], path: &Path) -> Result<Grid> {
    let h = parse_header(bytes).map_err(|m| Error::input(path, m))?;
    let n = h.ne * h.nv;
    let es = h.element.size();
    let need = n
        .checked_mul(es)
        .ok_or_else(|| Error::input(path, "grid size overflows"))?;
    let body = &bytes[HEADER..];
    let raw: std::borrow::Cow<[u8]> = if h.compressed {
        decompress(body, &h, need)
            .map_err(|m| Error::input(path, m))?
            .into()
    } else {
        if body.len() < need {
            return Err(Error::input(
                path,
                format!(
                    "header declares {} × {} elements of {es} bytes ({need} bytes) but the file holds {} bytes of data",
                    h.ne,
                    h.nv,
                    body.len()
                ),
            ));
        }
        (&body[..need]).into()
    };
    // Geometry: vector v, element e → local (x, y) = KX 1: (e·DE, v·DV); KX −1: (v·DV, e·DE).
    let (cols, rows, dx, dy) = if h.kx == 1 {
        (h.ne, h.nv, h.de, h.dv)
    } else {
        (h.nv, h.ne, h.dv, h.de)
    };
    let (s, c) = h.rotation.to_radians().sin_cos();
    let (u, v) = (-dx / 2.0, (rows as f64 - 0.5) * dy);
    let geometry = GridGeometry {
        cols,
        rows,
        x0: h.x0 + u * c - v * s,
        y0: h.y0 + u * s + v * c,
        dx,
        dy,
        rotation_deg: h.rotation,
    };
    geometry.validate().map_err(|e| e.at(path))?;
    let scale = |stored: f64| -> f64 {
        if h.element.is_dummy(stored) {
            f64::NAN
        } else {
            stored / h.zmult + h.zbase
        }
    };
    let index = |col: usize, row: usize| -> usize {
        let up = rows - 1 - row;
        if h.kx == 1 {
            up * h.ne + col
        } else {
            col * h.ne + up
        }
    };
    let exact_f32 = h.element == Element::F32 && h.zbase == 0.0 && h.zmult == 1.0;
    let values = if exact_f32 {
        let mut out = vec![0f32; n];
        for row in 0..rows {
            for col in 0..cols {
                let i = index(col, row) * 4;
                let x = f32::from_le_bytes([raw[i], raw[i + 1], raw[i + 2], raw[i + 3]]);
                out[row * cols + col] = if h.element.is_dummy(x as f64) {
                    f32::NAN
                } else {
                    x
                };
            }
        }
        Values::F32(out)
    } else {
        let mut out = vec![0f64; n];
        for row in 0..rows {
            for col in 0..cols {
                let i = index(col, row) * es;
                out[row * cols + col] = scale(h.element.decode(&raw[i..i + es]));
            }
        }
        Values::F64(out)
    };
    let mut g = Grid::from_values(geometry, values).map_err(|e| e.at(path))?;
    g.nodata = Some(h.element.dummy() / h.zmult + h.zbase);
    if !h.label.is_empty() {
        g.field = Some(h.label.clone());
    }
    Ok(g)
}

/// Decompress the block table that follows the header into `need` bytes.
fn decompress(body: &[u8], h: &Header, need: usize) -> std::result::Result<Vec<u8>, String> {
    if body.len() < 16 {
        return Err("compressed grid has no block table".into());
    }
    let sig = i32_at(body, 0) as u32;
    let ctype = i32_at(body, 4);
    let nb = i32_at(body, 8);
    let vpb = i32_at(body, 12);
    if sig != COMP_SIG {
        return Err(format!(
            "compressed grid has a bad block-table signature {sig:#010x}"
        ));
    }
    if ctype == 1 {
        return Err("LZRW1-compressed grids are not supported (only zlib)".into());
    }
    if ctype != 2 {
        return Err(format!("unknown compression type {ctype}"));
    }
    let expected_blocks = h.nv.div_ceil(vpb.max(1) as usize);
    if nb <= 0 || vpb <= 0 || nb as usize != expected_blocks {
        return Err(format!(
            "block table declares {nb} blocks of {vpb} vectors for {} vectors",
            h.nv
        ));
    }
    let nb = nb as usize;
    // zlib cannot expand data more than 1032-fold: refuse before allocating for a lying header.
    if need / 1032 > body.len() {
        return Err(format!(
            "header declares {} × {} elements but the compressed data holds only {} bytes",
            h.ne,
            h.nv,
            body.len()
        ));
    }
    if nb
        .checked_mul(12)
        .and_then(|t| t.checked_add(16))
        .is_none_or(|t| t > body.len())
    {
        return Err("compressed grid's block table is truncated".into());
    }
    let vector_bytes = h.ne * h.element.size();
    let mut out = Vec::with_capacity(need);
    for b in 0..nb {
        let off = i64::from_le_bytes(body[16 + 8 * b..24 + 8 * b].try_into().unwrap_or([0; 8]));
        let size = i32_at(body, 16 + 8 * nb + 4 * b);
        let start = usize::try_from(off - HEADER as i64)
            .ok()
            .and_then(|s| s.checked_add(16))
            .ok_or(format!("block {b} has an invalid offset {off}"))?;
        let end = usize::try_from(off - HEADER as i64)
            .ok()
            .zip(usize::try_from(size).ok())
            .and_then(|(o, s)| o.checked_add(s))
            .filter(|&e| e <= body.len() && e >= start)
            .ok_or(format!(
                "block {b} (offset {off}, {size} bytes) lies outside the file"
            ))?;
        if i32_at(body, start - 16) as u32 != BLOCK_SIG {
            return Err(format!("block {b} has a bad signature"));
        }
        let vectors = (vpb as usize).min(h.nv - b * vpb as usize);
        let want = vectors * vector_bytes;
        let before = out.len();
        let mut z = flate2::read::ZlibDecoder::new(&body[start..end]).take(want as u64 + 1);
        z.read_to_end(&mut out)
            .map_err(|e| format!("block {b} does not decompress: {e}"))?;
        if out.len() - before != want {
            return Err(format!(
                "block {b} decompresses to {} bytes, expected {want}",
                out.len() - before
            ));
        }
    }
    Ok(out)
}

/// How to store a grid ([`write_with`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WriteOptions {
    pub element: Element,
    /// 1: rows along X (the usual); −1: columns first.
    pub kx: i32,
    /// ZBASE: stored = (value − ZBASE)·ZMULT.
    pub zbase: f64,
    /// ZMULT.
    pub zmult: f64,
    /// zlib-compressed blocks of `vectors_per_block` vectors.
    pub compress: bool,
    pub vectors_per_block: usize,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            element: Element::F32,
            kx: 1,
            zbase: 0.0,
            zmult: 1.0,
            compress: false,
            vectors_per_block: 16,
        }
    }
}

/// Write a Geosoft grid: uncompressed 4-byte float, KX = 1, dummy −1e32.
pub fn write(path: &Path, grid: &Grid) -> Result<()> {
    write_with(path, grid, &WriteOptions::default())
}

/// Write a Geosoft grid with the given storage options.
pub fn write_with(path: &Path, grid: &Grid, opts: &WriteOptions) -> Result<()> {
    let bytes = encode(grid, opts).map_err(|e| e.at(path))?;
    lode_core::atomic::write_bytes(path, &bytes)
}

/// Encode a grid as the bytes of a Geosoft grid file.
pub fn encode(grid: &Grid, opts: &WriteOptions) -> Result<Vec<u8>> {
    let g = &grid.geometry;
    if opts.kx != 1 && opts.kx != -1 {
        return Err(Error::invalid(format!(
            "KX must be 1 or −1, not {}",
            opts.kx
        )));
    }
    if !(opts.zmult.is_finite() && opts.zmult != 0.0 && opts.zbase.is_finite()) {
        return Err(Error::invalid(
            "ZMULT must be finite and non-zero, ZBASE finite",
        ));
    }
    let (ne, nv, de, dv) = if opts.kx == 1 {
        (g.cols, g.rows, g.dx, g.dy)
    } else {
        (g.rows, g.cols, g.dy, g.dx)
    };
    if ne > i32::MAX as usize || nv > i32::MAX as usize {
        return Err(Error::invalid("grid too large for a Geosoft grid"));
    }
    let el = opts.element;
    let (lo, hi) = el.range();
    let vals = grid.values_f64();
    let mut data = Vec::with_capacity(g.len() * el.size());
    for vi in 0..nv {
        for ei in 0..ne {
            let (col, up) = if opts.kx == 1 { (ei, vi) } else { (vi, ei) };
            let v = vals[(g.rows - 1 - up) * g.cols + col];
            let stored = if v.is_nan() {
                el.dummy()
            } else {
                let s = (v - opts.zbase) * opts.zmult;
                let s = if el.is_float() { s } else { s.round() };
                if !(s >= lo && s <= hi) || (el.is_float() && s <= DUMMY_FLOAT) {
                    return Err(Error::invalid(format!(
                        "value {v} does not fit a {el:?} Geosoft element with ZBASE {} and ZMULT {}",
                        opts.zbase, opts.zmult
                    )));
                }
                s
            };
            el.encode(stored, &mut data);
        }
    }
    // Origin node = the lower-left cell centre (before rotation: local (dx/2, −(rows − ½)·dy)).
    let (ox, oy) = g.cell_center(0, g.rows - 1);
    let mut h = vec![0u8; HEADER];
    let es = el.size() as i32 + if opts.compress { 1024 } else { 0 };
    let mut put = |at: usize, b: &[u8]| h[at..at + b.len()].copy_from_slice(b);
    put(0, &es.to_le_bytes());
    put(4, &el.sign_flag().to_le_bytes());
    put(8, &(ne as i32).to_le_bytes());
    put(12, &(nv as i32).to_le_bytes());
    put(16, &opts.kx.to_le_bytes());
    for (i, v) in [de, dv, ox, oy, g.rotation_deg, opts.zbase, opts.zmult]
        .iter()
        .enumerate()
    {
        put(20 + 8 * i, &v.to_le_bytes());
    }
    if let Some(f) = &grid.field {
        let b = f.as_bytes();
        put(76, &b[..b.len().min(47)]);
    }
    let st = Stats::of(&vals);
    put(156, &(st.count.min(i32::MAX as usize) as i32).to_le_bytes());
    for (i, v) in [st.min, st.max, st.median, st.mean].iter().enumerate() {
        put(160 + 4 * i, &(*v as f32).to_le_bytes());
    }
    put(176, &st.var.to_le_bytes());
    for i in 0..4 {
        put(188 + 4 * i, &(DUMMY_FLOAT as f32).to_le_bytes());
    }
    if opts.compress {
        compress(
            &mut h,
            &data,
            nv,
            ne * el.size(),
            opts.vectors_per_block.max(1),
        )?;
        return Ok(h);
    }
    h.extend_from_slice(&data);
    Ok(h)
}

/// Append the block table and zlib blocks of `data` (nv vectors of `vb` bytes) to `out`.
fn compress(out: &mut Vec<u8>, data: &[u8], nv: usize, vb: usize, vpb: usize) -> Result<()> {
    let nb = nv.div_ceil(vpb);
    let blocks: Vec<Vec<u8>> = data
        .chunks((vpb * vb).max(1))
        .map(|chunk| {
            let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            z.write_all(chunk)
                .and_then(|_| z.finish())
                .map_err(|e| Error::internal(format!("zlib: {e}")))
        })
        .collect::<Result<_>>()?;
    out.extend_from_slice(&COMP_SIG.to_le_bytes());
    out.extend_from_slice(&2i32.to_le_bytes());
    out.extend_from_slice(&(nb as i32).to_le_bytes());
    out.extend_from_slice(&(vpb as i32).to_le_bytes());
    let mut off = (HEADER + 16 + 12 * nb) as i64;
    for b in &blocks {
        out.extend_from_slice(&off.to_le_bytes());
        off += 16 + b.len() as i64;
    }
    for b in &blocks {
        out.extend_from_slice(&(16 + b.len() as i32).to_le_bytes());
    }
    for b in &blocks {
        out.extend_from_slice(&BLOCK_SIG.to_le_bytes());
        out.extend_from_slice(&0x7856_3412u32.to_le_bytes());
        out.extend_from_slice(&2i32.to_le_bytes());
        out.extend_from_slice(&1i32.to_le_bytes());
        out.extend_from_slice(b);
    }
    Ok(())
}

struct Stats {
    count: usize,
    min: f64,
    max: f64,
    median: f64,
    mean: f64,
    var: f64,
}

impl Stats {
    fn of(v: &[f64]) -> Stats {
        let mut valid: Vec<f64> = v.iter().copied().filter(|x| !x.is_nan()).collect();
        let n = valid.len();
        if n == 0 {
            let d = DUMMY_FLOAT;
            return Stats {
                count: 0,
                min: d,
                max: d,
                median: d,
                mean: d,
                var: 0.0,
            };
        }
        valid.sort_by(f64::total_cmp);
        let mean = valid.iter().sum::<f64>() / n as f64;
        let var = valid.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        Stats {
            count: n,
            min: valid[0],
            max: valid[n - 1],
            median: valid[n / 2],
            mean,
            var,
        }
    }
}
