//! Cloud Optimized GeoTIFF writer.
//!
//! Layout as GDAL's COG driver writes it (GDAL 3.1+, "COG – Cloud Optimized GeoTIFF generator"):
//! the TIFF header, GDAL's structural-metadata ghost area (`LAYOUT=IFDS_BEFORE_DATA`,
//! `BLOCK_ORDER=ROW_MAJOR`, `BLOCK_LEADER=SIZE_AS_UINT4`, `BLOCK_TRAILER=LAST_4_BYTES_REPEATED`),
//! every IFD (full resolution first, then the overviews from largest to smallest) with its tag
//! data, then the tile data from the smallest overview to the full resolution, tiles in row-major
//! order, each preceded by its size as a little-endian u32 and followed by its last four bytes.
//! Tiles are 256 × 256 (edge tiles padded with the no-data value), Deflate-compressed in parallel;
//! floats use the floating-point predictor (3) by default. Overviews halve the size (rounding up)
//! until the image fits one tile, each cell the NaN-aware mean of its 2 × 2 parent cells.
//! BigTIFF is chosen when a classic TIFF would exceed 4 GiB. Same grid → same bytes.

use std::io::Write;
use std::path::Path;

use lode_core::{atomic, Error, Grid, Result, Values};
use rayon::prelude::*;

use super::geokeys::{keys_for, GeoKeys, KeyValue};

/// Tile edge, pixels.
pub const TILE: usize = 256;

/// Writer options.
#[derive(Debug, Clone, Copy)]
pub struct WriteOptions {
    /// zlib compression level 1 (fastest) … 9 (smallest).
    pub level: u32,
    /// Apply the floating-point predictor (tag value 3) before Deflate.
    pub predictor: bool,
    /// Write reduced-resolution overviews.
    pub overviews: bool,
    /// Write BigTIFF even when a classic TIFF would do.
    pub bigtiff: bool,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            level: 6,
            predictor: true,
            overviews: true,
            bigtiff: false,
        }
    }
}

/// Write a grid as a Cloud Optimized GeoTIFF with the default options.
pub fn write(path: &Path, grid: &Grid) -> Result<()> {
    write_with(path, grid, &WriteOptions::default())
}

/// Write a grid as a Cloud Optimized GeoTIFF.
pub fn write_with(path: &Path, grid: &Grid, opts: &WriteOptions) -> Result<()> {
    grid.geometry.validate()?;
    let plan = match &grid.values {
        Values::F32(v) => plan::<f32>(v, grid, opts, path)?,
        Values::F64(v) => plan::<f64>(v, grid, opts, path)?,
    };
    atomic::write_file(path, |w| {
        let io = |e| Error::write_io(path, e);
        w.write_all(&plan.head).map_err(io)?;
        for l in plan.tiles.iter().rev() {
            for t in l {
                w.write_all(&(t.len() as u32).to_le_bytes()).map_err(io)?;
                w.write_all(t).map_err(io)?;
                w.write_all(&t[t.len() - 4..]).map_err(io)?;
            }
        }
        Ok(())
    })
}

trait WSample: Copy + Send + Sync + 'static {
    const BYTES: usize;
    fn to_f64(self) -> f64;
    fn from_f64(x: f64) -> Self;
    fn le(self, out: &mut [u8]);
    fn be(self, out: &mut [u8]);
}

impl WSample for f32 {
    const BYTES: usize = 4;
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn from_f64(x: f64) -> Self {
        x as f32
    }
    fn le(self, out: &mut [u8]) {
        out.copy_from_slice(&self.to_le_bytes())
    }
    fn be(self, out: &mut [u8]) {
        out.copy_from_slice(&self.to_be_bytes())
    }
}

impl WSample for f64 {
    const BYTES: usize = 8;
    fn to_f64(self) -> f64 {
        self
    }
    fn from_f64(x: f64) -> Self {
        x
    }
    fn le(self, out: &mut [u8]) {
        out.copy_from_slice(&self.to_le_bytes())
    }
    fn be(self, out: &mut [u8]) {
        out.copy_from_slice(&self.to_be_bytes())
    }
}

struct Plan {
    head: Vec<u8>,
    /// Compressed tiles per level (0 = full resolution), row-major.
    tiles: Vec<Vec<Vec<u8>>>,
}

/// The no-data value written and its GDAL_NODATA text.
fn nodata_of<T: WSample>(grid: &Grid) -> Option<(T, String)> {
    match grid.nodata {
        Some(v) if v.is_finite() && T::from_f64(v).to_f64() == v => {
            Some((T::from_f64(v), format!("{v}")))
        }
        Some(_) => Some((T::from_f64(f64::NAN), "nan".into())),
        None => match &grid.values {
            Values::F32(v) if v.par_iter().any(|x| x.is_nan()) => {
                Some((T::from_f64(f64::NAN), "nan".into()))
            }
            Values::F64(v) if v.par_iter().any(|x| x.is_nan()) => {
                Some((T::from_f64(f64::NAN), "nan".into()))
            }
            _ => None,
        },
    }
}

fn plan<T: WSample>(v: &[T], grid: &Grid, opts: &WriteOptions, path: &Path) -> Result<Plan> {
    let g = &grid.geometry;
    let nodata = nodata_of::<T>(grid);
    let fill = nodata.as_ref().map(|n| n.0).unwrap_or(T::from_f64(0.0));
    let mut levels: Vec<(usize, usize, std::borrow::Cow<[T]>)> = vec![(g.cols, g.rows, v.into())];
    let (mut w, mut h) = (g.cols, g.rows);
    while opts.overviews && w.max(h) > TILE {
        let o = overview(&levels[levels.len() - 1].2, w, h);
        (w, h) = (w.div_ceil(2), h.div_ceil(2));
        levels.push((w, h, o.into()));
    }
    let tiles: Vec<Vec<Vec<u8>>> = levels
        .iter()
        .map(|(w, h, d)| compress_level(d, *w, *h, fill, opts))
        .collect::<Result<_>>()?;
    let mut geo = georef_entries(grid, path);
    if let Some((_, txt)) = &nodata {
        geo.push(Entry::ascii(42113, txt));
    }
    let meta = gdal_metadata(grid);
    let head = layout(
        &levels.iter().map(|l| (l.0, l.1)).collect::<Vec<_>>(),
        &tiles,
        geo,
        meta,
        nodata.map(|n| n.1),
        T::BYTES,
        opts,
    )?;
    Ok(Plan { head, tiles })
}

/// NaN-aware 2 × 2 mean (rows and columns rounded up).
fn overview<T: WSample>(d: &[T], w: usize, h: usize) -> Vec<T> {
    let (ow, oh) = (w.div_ceil(2), h.div_ceil(2));
    let mut out = vec![T::from_f64(f64::NAN); ow * oh];
    out.par_chunks_mut(ow).enumerate().for_each(|(r, row)| {
        for (c, o) in row.iter_mut().enumerate() {
            let (mut s, mut n) = (0.0, 0u32);
            for y in 2 * r..(2 * r + 2).min(h) {
                for x in 2 * c..(2 * c + 2).min(w) {
                    let v = d[y * w + x].to_f64();
                    if !v.is_nan() {
                        s += v;
                        n += 1;
                    }
                }
            }
            if n > 0 {
                *o = T::from_f64(s / n as f64);
            }
        }
    });
    out
}

fn compress_level<T: WSample>(
    d: &[T],
    w: usize,
    h: usize,
    fill: T,
    opts: &WriteOptions,
) -> Result<Vec<Vec<u8>>> {
    let (ta, td) = (w.div_ceil(TILE), h.div_ceil(TILE));
    (0..ta * td)
        .into_par_iter()
        .map(|i| {
            let (tx, ty) = (i % ta, i / ta);
            let mut raw = vec![0u8; TILE * TILE * T::BYTES];
            let mut row = vec![fill; TILE];
            let nan_to_fill = !fill.to_f64().is_nan();
            for r in 0..TILE {
                let y = ty * TILE + r;
                row.fill(fill);
                if y < h {
                    let x0 = tx * TILE;
                    let n = TILE.min(w - x0);
                    row[..n].copy_from_slice(&d[y * w + x0..y * w + x0 + n]);
                    if nan_to_fill {
                        for v in &mut row[..n] {
                            if v.to_f64().is_nan() {
                                *v = fill;
                            }
                        }
                    }
                }
                let out = &mut raw[r * TILE * T::BYTES..(r + 1) * TILE * T::BYTES];
                if opts.predictor {
                    fp_encode(&row, out);
                } else {
                    for (v, o) in row.iter().zip(out.chunks_exact_mut(T::BYTES)) {
                        v.le(o);
                    }
                }
            }
            let mut enc = flate2::write::ZlibEncoder::new(
                Vec::with_capacity(raw.len() / 2),
                flate2::Compression::new(opts.level),
            );
            enc.write_all(&raw)
                .map_err(|e| Error::internal(format!("Deflate failed: {e}")))?;
            enc.finish()
                .map_err(|e| Error::internal(format!("Deflate failed: {e}")))
        })
        .collect()
}

/// Floating-point predictor (Adobe TIFF Technical Note 3): byte planes most significant first,
/// then byte-wise horizontal differences.
fn fp_encode<T: WSample>(row: &[T], out: &mut [u8]) {
    let wc = row.len();
    let mut b = [0u8; 8];
    for (c, v) in row.iter().enumerate() {
        v.be(&mut b[..T::BYTES]);
        for (k, &byte) in b[..T::BYTES].iter().enumerate() {
            out[k * wc + c] = byte;
        }
    }
    for i in (1..out.len()).rev() {
        out[i] = out[i].wrapping_sub(out[i - 1]);
    }
}

/// One IFD entry with its value bytes (little-endian).
#[derive(Clone)]
struct Entry {
    tag: u16,
    typ: u16,
    count: u64,
    data: Vec<u8>,
}

impl Entry {
    fn short(tag: u16, v: &[u16]) -> Entry {
        Entry {
            tag,
            typ: 3,
            count: v.len() as u64,
            data: v.iter().flat_map(|x| x.to_le_bytes()).collect(),
        }
    }
    fn long(tag: u16, v: u32) -> Entry {
        Entry {
            tag,
            typ: 4,
            count: 1,
            data: v.to_le_bytes().to_vec(),
        }
    }
    fn doubles(tag: u16, v: &[f64]) -> Entry {
        Entry {
            tag,
            typ: 12,
            count: v.len() as u64,
            data: v.iter().flat_map(|x| x.to_le_bytes()).collect(),
        }
    }
    fn ascii(tag: u16, s: &str) -> Entry {
        let mut data = s.as_bytes().to_vec();
        data.push(0);
        Entry {
            tag,
            typ: 2,
            count: data.len() as u64,
            data,
        }
    }
    fn offsets(tag: u16, v: &[u64], big: bool) -> Entry {
        if big {
            Entry {
                tag,
                typ: 16,
                count: v.len() as u64,
                data: v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            }
        } else {
            Entry {
                tag,
                typ: 4,
                count: v.len() as u64,
                data: v.iter().flat_map(|&x| (x as u32).to_le_bytes()).collect(),
            }
        }
    }
}

fn georef_entries(grid: &Grid, path: &Path) -> Vec<Entry> {
    let g = &grid.geometry;
    let mut e = Vec::new();
    if g.is_north_up() {
        e.push(Entry::doubles(33550, &[g.dx, g.dy, 0.0]));
        e.push(Entry::doubles(33922, &[0.0, 0.0, 0.0, g.x0, g.y0, 0.0]));
    } else {
        let t = g.geotransform();
        e.push(Entry::doubles(
            34264,
            &[
                t[1], t[2], 0.0, t[0], t[4], t[5], 0.0, t[3], 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                1.0,
            ],
        ));
    }
    let keys = match &grid.crs {
        Some(crs) => keys_for(crs).unwrap_or_else(|msg| {
            eprintln!(
                "warning: {}: CRS {} not written: {msg}",
                path.display(),
                crs.identifier()
            );
            GeoKeys(
                std::iter::once((super::geokeys::key::RASTER_TYPE, KeyValue::Short(1))).collect(),
            )
        }),
        None => GeoKeys(
            std::iter::once((super::geokeys::key::RASTER_TYPE, KeyValue::Short(1))).collect(),
        ),
    };
    let (dir, dbl, asc) = keys.encode();
    e.push(Entry::short(34735, &dir));
    if !dbl.is_empty() {
        e.push(Entry::doubles(34736, &dbl));
    }
    if !asc.is_empty() {
        e.push(Entry::ascii(34737, &asc));
    }
    e
}

fn gdal_metadata(grid: &Grid) -> Option<String> {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let mut items = String::new();
    if let Some(u) = &grid.units {
        items += &format!(
            "  <Item name=\"UNITS\" sample=\"0\" role=\"unittype\">{}</Item>\n",
            esc(u)
        );
    }
    if let Some(f) = &grid.field {
        items += &format!(
            "  <Item name=\"DESCRIPTION\" sample=\"0\" role=\"description\">{}</Item>\n",
            esc(f)
        );
    }
    for (k, v) in &grid.meta.extra {
        items += &format!("  <Item name=\"{}\">{}</Item>\n", esc(k), esc(v));
    }
    (!items.is_empty()).then(|| format!("<GDALMetadata>\n{items}</GDALMetadata>\n"))
}

const GHOST: &str = "GDAL_STRUCTURAL_METADATA_SIZE=000140 bytes\nLAYOUT=IFDS_BEFORE_DATA\nBLOCK_ORDER=ROW_MAJOR\nBLOCK_LEADER=SIZE_AS_UINT4\nBLOCK_TRAILER=LAST_4_BYTES_REPEATED\nKNOWN_INCOMPATIBLE_EDITION=NO\n ";

/// Entries of level `l` with these tile offsets and sizes.
#[allow(clippy::too_many_arguments)]
fn level_entries(
    l: usize,
    (w, h): (usize, usize),
    offs: &[u64],
    counts: &[u64],
    big: bool,
    geo: &[Entry],
    meta: &Option<String>,
    nodata: &Option<String>,
    bytes: usize,
    opts: &WriteOptions,
) -> Vec<Entry> {
    let mut e = vec![
        Entry::long(256, w as u32),
        Entry::long(257, h as u32),
        Entry::short(258, &[(bytes * 8) as u16]),
        Entry::short(259, &[8]),
        Entry::short(262, &[1]),
        Entry::short(277, &[1]),
        Entry::short(284, &[1]),
        Entry::short(322, &[TILE as u16]),
        Entry::short(323, &[TILE as u16]),
        Entry::offsets(324, offs, big),
        Entry::offsets(325, counts, big),
        Entry::short(339, &[3]),
    ];
    if opts.predictor {
        e.push(Entry::short(317, &[3]));
    }
    if l > 0 {
        e.push(Entry::long(254, 1));
        if let Some(n) = nodata {
            e.push(Entry::ascii(42113, n));
        }
    } else {
        e.extend(geo.iter().cloned());
        if let Some(m) = meta {
            e.push(Entry::ascii(42112, m));
        }
    }
    e.sort_by_key(|x| x.tag);
    e
}

fn ifd_size(e: &[Entry], big: bool) -> u64 {
    let (cnt, ent, next, inline) = if big { (8, 20, 8, 8) } else { (2, 12, 4, 4) };
    let ext: u64 = e
        .iter()
        .filter(|x| x.data.len() > inline)
        .map(|x| (x.data.len() as u64).next_multiple_of(2))
        .sum();
    cnt + ent * e.len() as u64 + next + ext
}

fn serialize_ifd(out: &mut Vec<u8>, e: &[Entry], big: bool, next: u64) {
    let start = out.len() as u64;
    let inline = if big { 8 } else { 4 };
    let mut ext_pos = start
        + if big {
            8 + 20 * e.len() as u64 + 8
        } else {
            2 + 12 * e.len() as u64 + 4
        };
    let mut ext = Vec::new();
    if big {
        out.extend((e.len() as u64).to_le_bytes());
    } else {
        out.extend((e.len() as u16).to_le_bytes());
    }
    for x in e {
        out.extend(x.tag.to_le_bytes());
        out.extend(x.typ.to_le_bytes());
        if big {
            out.extend(x.count.to_le_bytes());
        } else {
            out.extend((x.count as u32).to_le_bytes());
        }
        if x.data.len() <= inline {
            let mut v = x.data.clone();
            v.resize(inline, 0);
            out.extend(v);
        } else {
            if big {
                out.extend(ext_pos.to_le_bytes());
            } else {
                out.extend((ext_pos as u32).to_le_bytes());
            }
            ext.extend(&x.data);
            if x.data.len() % 2 == 1 {
                ext.push(0);
            }
            ext_pos += (x.data.len() as u64).next_multiple_of(2);
        }
    }
    if big {
        out.extend(next.to_le_bytes());
    } else {
        out.extend((next as u32).to_le_bytes());
    }
    out.extend(ext);
}

/// Header, ghost area and all IFDs, with tile offsets for the data that follows them.
fn layout(
    dims: &[(usize, usize)],
    tiles: &[Vec<Vec<u8>>],
    geo: Vec<Entry>,
    meta: Option<String>,
    nodata: Option<String>,
    bytes: usize,
    opts: &WriteOptions,
) -> Result<Vec<u8>> {
    for big in [opts.bigtiff, true] {
        let hdr = if big { 16 } else { 8 };
        let ifd0 = (hdr + GHOST.len() as u64).next_multiple_of(2);
        let entries = |offs: &[Vec<u64>], counts: &[Vec<u64>]| -> Vec<Vec<Entry>> {
            (0..dims.len())
                .map(|l| {
                    level_entries(
                        l, dims[l], &offs[l], &counts[l], big, &geo, &meta, &nodata, bytes, opts,
                    )
                })
                .collect()
        };
        let counts: Vec<Vec<u64>> = tiles
            .iter()
            .map(|l| l.iter().map(|t| t.len() as u64).collect())
            .collect();
        let zero: Vec<Vec<u64>> = counts.iter().map(|c| vec![0; c.len()]).collect();
        let sizes: Vec<u64> = entries(&zero, &counts)
            .iter()
            .map(|e| ifd_size(e, big))
            .collect();
        let data0 = ifd0 + sizes.iter().sum::<u64>();
        let mut offs = zero.clone();
        let mut pos = data0;
        for l in (0..tiles.len()).rev() {
            for (i, t) in tiles[l].iter().enumerate() {
                offs[l][i] = pos + 4;
                pos += t.len() as u64 + 8;
            }
        }
        if !big && pos > u32::MAX as u64 {
            continue;
        }
        let mut out = Vec::with_capacity(data0 as usize);
        if big {
            out.extend(b"II+\0\x08\0\0\0");
            out.extend(ifd0.to_le_bytes());
        } else {
            out.extend(b"II*\0");
            out.extend((ifd0 as u32).to_le_bytes());
        }
        out.extend(GHOST.as_bytes());
        out.resize(ifd0 as usize, 0);
        let all = entries(&offs, &counts);
        let mut at = ifd0;
        for (l, e) in all.iter().enumerate() {
            at += sizes[l];
            let next = if l + 1 < all.len() { at } else { 0 };
            serialize_ifd(&mut out, e, big, next);
        }
        debug_assert_eq!(out.len() as u64, data0);
        return Ok(out);
    }
    Err(Error::internal("COG layout failed"))
}
