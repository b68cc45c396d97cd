//! Geosoft Oasis montaj grids (.grd), version 2 of the Geosoft Grid File Format.
//!
//! Reference: Geosoft Inc. / Seequent, "Geosoft Grid File Format", Oasis montaj 9.9
//! documentation (help.seequent.com, `geosoft_grid_file_format.htm`); cross-checked against
//! Harmonica's `load_oasis_montaj_grid` (Uieda et al., Fatiando a Terra) and real Oasis montaj
//! files.
//!
//! The 512-byte little-endian header: ES (element size; +1024 when compressed), SF (0 unsigned,
//! 1 signed integer, 2 float, 3 colour), NE (elements per vector), NV (vectors), KX (corner of
//! the first element and storage sense, below), DE/DV (element/vector spacing), X0/Y0 (the
//! bottom-left node), ROT (counter-clockwise rotation about that node, degrees), ZBASE, ZMULT
//! (value = stored / ZMULT + ZBASE), LABEL, MAPNO, PROJ, UNITX/Y/Z, NVPTS,
//! ZMIN/ZMAX/ZMED/ZMEAN (f32), ZVAR (f64), PRCS and a user area. Dummies: −127 (i8), 255 (u8),
//! −32767 (i16), 65535 (u16), −2147483647 (i32), 4294967295 (u32), ≤ −1e32 (floats).
//!
//! KX: |KX| = 1, 2, 3, 4 puts the first element at the bottom-left, upper-left, upper-right or
//! bottom-right node; KX > 0 stores vectors right-handed (element direction × vector direction
//! = +z), KX < 0 left-handed. So KX 1: rows along +x stacked north; −1: columns along +y
//! stacked east; 2: columns along −y stacked east; −2: rows along +x stacked south (the usual
//! raster order); 3: rows along −x stacked south; −3: columns along −y stacked west; 4: columns
//! along +y stacked west; −4: rows along −x stacked north. (The documentation notes that Geosoft
//! only ever wrote ±1.)
//!
//! Colour grids (SF = 3, 4-byte elements) hold Geosoft colour words: byte 0 red, byte 1 green,
//! byte 2 blue, byte 3 the colour model (as in the GX API's colour constants, e.g. red =
//! 0x020000FF; model 3 is CMY with cyan, magenta, yellow in bytes 0–2). lode returns each node
//! as the packed value R·65536 + G·256 + B (0xRRGGBB, exact in f32; CMY converted as R = 255 − C
//! …), NaN for 0 (Geosoft's transparent colour) and 0xFFFFFFFF (the 4-byte unsigned dummy);
//! ZBASE/ZMULT do not apply, and the grid's units are `"0xRRGGBB"`.
//!
//! Compressed grids: a block table (signature 0xF8E7D8C7, compression type, block count,
//! vectors per block, i64 block offsets, i32 block sizes), each block a 16-byte header and a
//! compressed stream of its vectors (a last block may be padded with dummies). The
//! documentation numbers the types 1 = zlib and 2 = LZRW1, but Oasis montaj writes zlib blocks
//! under type 2, so lode accepts either type and decodes each block by its content: a zlib
//! header (RFC 1950) → zlib; else LZRW1 ([`lzrw1`], Williams 1991) with its 4-byte flag, else
//! without it. lode writes type 2 for zlib (as Oasis does) and 1 for LZRW1.
//! Geosoft grids are node-registered: lode puts cell centres on the nodes.

pub mod lzrw1;

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
    /// Colour word (SF = 3, 4 bytes), read as packed 0xRRGGBB.
    Rgb,
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
            (4, 3) => Element::Rgb,
            _ => return None,
        })
    }

    /// Bytes per element.
    pub fn size(self) -> usize {
        match self {
            Element::U8 | Element::I8 => 1,
            Element::U16 | Element::I16 => 2,
            Element::U32 | Element::I32 | Element::F32 | Element::Rgb => 4,
            Element::F64 => 8,
        }
    }

    fn sign_flag(self) -> i32 {
        match self {
            Element::U8 | Element::U16 | Element::U32 => 0,
            Element::I8 | Element::I16 | Element::I32 => 1,
            Element::F32 | Element::F64 => 2,
            Element::Rgb => 3,
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
            Element::Rgb => f64::NAN,
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
            Element::Rgb => (0.0, 16_777_215.0),
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
            Element::Rgb => rgb_value(a4()),
        }
    }

    fn is_dummy(self, v: f64) -> bool {
        if self.is_float() || self == Element::Rgb {
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
            Element::Rgb if v.is_nan() => out.extend_from_slice(&[0; 4]),
            Element::Rgb => {
                let c = v as u32;
                out.extend_from_slice(&[(c >> 16) as u8, (c >> 8) as u8, c as u8, RGB_MODEL]);
            }
        }
    }
}

/// Colour model byte of an RGB Geosoft colour word.
const RGB_MODEL: u8 = 2;
/// Colour model byte of a CMY Geosoft colour word.
const CMY_MODEL: u8 = 3;

/// A Geosoft colour word (bytes R, G, B, model) as packed 0xRRGGBB; NaN for the transparent
/// colour 0 and the unsigned dummy 0xFFFFFFFF.
fn rgb_value(b: [u8; 4]) -> f64 {
    let word = u32::from_le_bytes(b);
    if word == 0 || word == u32::MAX {
        return f64::NAN;
    }
    let [r, g, bl] = if b[3] == CMY_MODEL {
        [255 - b[0], 255 - b[1], 255 - b[2]]
    } else {
        [b[0], b[1], b[2]]
    };
    ((r as u32) << 16 | (g as u32) << 8 | bl as u32) as f64
}

/// Where element `e` of vector `v` lies for storage order `kx`: (column from the west, row
/// from the south) of a grid of `cols` × `rows` nodes.
fn node(kx: i32, e: usize, v: usize, cols: usize, rows: usize) -> (usize, usize) {
    match kx {
        1 => (e, v),
        -1 => (v, e),
        2 => (v, rows - 1 - e),
        -2 => (e, rows - 1 - v),
        3 => (cols - 1 - e, rows - 1 - v),
        -3 => (cols - 1 - v, rows - 1 - e),
        4 => (cols - 1 - v, e),
        _ => (cols - 1 - e, v),
    }
}

/// True when vectors run along X (rows) for storage order `kx`.
fn rows_first(kx: i32) -> bool {
    matches!(kx, 1 | -2 | 3 | -4)
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
    let element = Element::from_es_sf(es_raw, sf)
        .ok_or_else(|| format!("invalid element size ES = {es} with sign flag SF = {sf}"))?;
    if kx == 0 || !(-4..=4).contains(&kx) {
        return Err(format!(
            "invalid storage order KX = {kx} (the format defines ±1 to ±4)"
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
    let (cols, rows, dx, dy) = if rows_first(h.kx) {
        (h.ne, h.nv, h.de, h.dv)
    } else {
        (h.nv, h.ne, h.dv, h.de)
    };
    // The origin (X0, Y0) is the bottom-left node; the outer top-left corner lies half a cell
    // west and (rows − ½) cells north of it, before rotation about the origin.
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
    let el = h.element;
    // Element k of the file (vector k / NE, element k % NE) → its north-up cell index.
    let cell = |k: usize| -> usize {
        let (col, up) = node(h.kx, k % h.ne, k / h.ne, cols, rows);
        (rows - 1 - up) * cols + col
    };
    let values = if el == Element::Rgb || (el == Element::F32 && h.zbase == 0.0 && h.zmult == 1.0) {
        let mut out = vec![0f32; n];
        for (k, b) in raw.chunks_exact(4).enumerate() {
            let x = el.decode(b);
            out[cell(k)] = if el.is_dummy(x) { f32::NAN } else { x as f32 };
        }
        Values::F32(out)
    } else {
        let mut out = vec![0f64; n];
        for (k, b) in raw.chunks_exact(es).enumerate() {
            let x = el.decode(b);
            out[cell(k)] = if el.is_dummy(x) {
                f64::NAN
            } else {
                x / h.zmult + h.zbase
            };
        }
        Values::F64(out)
    };
    let mut g = Grid::from_values(geometry, values).map_err(|e| e.at(path))?;
    if el == Element::Rgb {
        g.units = Some("0xRRGGBB".into());
    } else {
        g.nodata = Some(el.dummy() / h.zmult + h.zbase);
    }
    if !h.label.is_empty() {
        g.field = Some(h.label.clone());
    }
    Ok(g)
}

/// True when `b` starts with a zlib header (RFC 1950: deflate, window ≤ 32 KiB, FCHECK).
fn is_zlib(b: &[u8]) -> bool {
    b.len() >= 2
        && b[0] & 0x0F == 8
        && b[0] >> 4 <= 7
        && (u16::from(b[0]) << 8 | u16::from(b[1])) % 31 == 0
}

/// Decode one compressed block into at least `want` and at most `cap` bytes, by its content.
fn decode_block(data: &[u8], want: usize, cap: usize) -> std::result::Result<Vec<u8>, String> {
    let check = |out: Vec<u8>, how: &str| {
        if out.len() < want {
            Err(format!(
                "{how} data decompresses to {} bytes, expected {want}",
                out.len()
            ))
        } else {
            Ok(out)
        }
    };
    if is_zlib(data) {
        // Grow with the data actually decoded, not with what a header claims.
        let mut out = Vec::with_capacity(want.min(data.len().saturating_mul(8)));
        flate2::read::ZlibDecoder::new(data)
            .take(cap as u64)
            .read_to_end(&mut out)
            .map_err(|e| format!("zlib data does not decompress: {e}"))?;
        return check(out, "zlib");
    }
    let flagged = lzrw1::decompress(data, cap).and_then(|o| check(o, "LZRW1"));
    match flagged {
        Ok(out) => Ok(out),
        Err(e) => lzrw1::decompress_items(data, cap)
            .and_then(|o| check(o, "LZRW1"))
            .map_err(|_| format!("neither zlib nor LZRW1: {e}")),
    }
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
    if ctype != 1 && ctype != 2 {
        return Err(format!(
            "unknown compression type {ctype} (1 and 2 are zlib and LZRW1)"
        ));
    }
    let expected_blocks = h.nv.div_ceil(vpb.max(1) as usize);
    if nb <= 0 || vpb <= 0 || nb as usize != expected_blocks {
        return Err(format!(
            "block table declares {nb} blocks of {vpb} vectors for {} vectors",
            h.nv
        ));
    }
    let nb = nb as usize;
    // zlib cannot expand data more than 1032-fold (LZRW1 8-fold): refuse before allocating for
    // a lying header.
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
    // A block holds at most VPB vectors (the last one may be padded to that size).
    let cap = (vpb as usize).saturating_mul(vector_bytes);
    let mut out = Vec::with_capacity(need.min(body.len().saturating_mul(8)));
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
        let block = decode_block(&body[start..end], want, cap.max(want))
            .map_err(|m| format!("block {b}: {m}"))?;
        out.extend_from_slice(&block[..want]);
    }
    Ok(out)
}

/// Block compression of a written grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    /// zlib blocks, compression type 2 (as Oasis montaj writes them).
    Zlib,
    /// LZRW1 blocks ([`lzrw1`]), compression type 1.
    Lzrw1,
}

/// How to store a grid ([`write_with`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WriteOptions {
    pub element: Element,
    /// Storage order, ±1 to ±4 (module documentation); 1: rows along X from the south (the
    /// usual); −1: columns along Y from the west.
    pub kx: i32,
    /// ZBASE: stored = (value − ZBASE)·ZMULT (0 for colour grids).
    pub zbase: f64,
    /// ZMULT (1 for colour grids).
    pub zmult: f64,
    /// Compressed blocks of `vectors_per_block` vectors.
    pub compression: Compression,
    pub vectors_per_block: usize,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            element: Element::F32,
            kx: 1,
            zbase: 0.0,
            zmult: 1.0,
            compression: Compression::None,
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
    if opts.kx == 0 || !(-4..=4).contains(&opts.kx) {
        return Err(Error::invalid(format!(
            "KX must be ±1 to ±4, not {}",
            opts.kx
        )));
    }
    if opts.element == Element::Rgb && (opts.zbase != 0.0 || opts.zmult != 1.0) {
        return Err(Error::invalid(
            "a colour grid takes no scaling (ZBASE 0, ZMULT 1)",
        ));
    }
    if !(opts.zmult.is_finite() && opts.zmult != 0.0 && opts.zbase.is_finite()) {
        return Err(Error::invalid(
            "ZMULT must be finite and non-zero, ZBASE finite",
        ));
    }
    let (ne, nv, de, dv) = if rows_first(opts.kx) {
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
            let (col, up) = node(opts.kx, ei, vi, g.cols, g.rows);
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
    let compressed = opts.compression != Compression::None;
    let es = el.size() as i32 + if compressed { 1024 } else { 0 };
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
    if compressed {
        compress(
            &mut h,
            &data,
            nv,
            ne * el.size(),
            opts.vectors_per_block.max(1),
            opts.compression,
        )?;
        return Ok(h);
    }
    h.extend_from_slice(&data);
    Ok(h)
}

/// Append the block table and compressed blocks of `data` (nv vectors of `vb` bytes) to `out`.
fn compress(
    out: &mut Vec<u8>,
    data: &[u8],
    nv: usize,
    vb: usize,
    vpb: usize,
    how: Compression,
) -> Result<()> {
    let nb = nv.div_ceil(vpb);
    let ctype: i32 = if how == Compression::Lzrw1 { 1 } else { 2 };
    let blocks: Vec<Vec<u8>> = data
        .chunks((vpb * vb).max(1))
        .map(|chunk| {
            if how == Compression::Lzrw1 {
                return Ok(lzrw1::compress(chunk));
            }
            let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            z.write_all(chunk)
                .and_then(|_| z.finish())
                .map_err(|e| Error::internal(format!("zlib: {e}")))
        })
        .collect::<Result<_>>()?;
    if blocks.iter().any(|b| b.len() > i32::MAX as usize - 16) {
        return Err(Error::invalid("a compressed Geosoft block exceeds 2 GiB"));
    }
    out.extend_from_slice(&COMP_SIG.to_le_bytes());
    out.extend_from_slice(&ctype.to_le_bytes());
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
        out.extend_from_slice(&ctype.to_le_bytes());
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
