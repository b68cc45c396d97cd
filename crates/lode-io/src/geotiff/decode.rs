//! Decoding strips and tiles straight into the output grid: decompression (none, PackBits,
//! LZW, Deflate, ZSTD), byte order, the horizontal predictor (TIFF 6.0 §14) and the
//! floating-point predictor (Adobe Photoshop TIFF Technical Note 3, 2005), sample conversion.

use rayon::prelude::*;

use super::tiff::{Ifd, Source};

/// Sample type of the stored band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    U8,
    I8,
    U16,
    I16,
    U32,
    I32,
    U64,
    I64,
    F32,
    F64,
}

impl Kind {
    fn from_tags(format: u64, bits: u64) -> Result<Kind, String> {
        Ok(match (format, bits) {
            (1 | 4, 8) => Kind::U8,
            (2, 8) => Kind::I8,
            (1 | 4, 16) => Kind::U16,
            (2, 16) => Kind::I16,
            (1 | 4, 32) => Kind::U32,
            (2, 32) => Kind::I32,
            (1 | 4, 64) => Kind::U64,
            (2, 64) => Kind::I64,
            (3, 32) => Kind::F32,
            (3, 64) => Kind::F64,
            (f, b) => {
                return Err(format!(
                    "unsupported sample type: SampleFormat {f} with {b} bits per sample"
                ))
            }
        })
    }

    pub fn bytes(self) -> usize {
        match self {
            Kind::U8 | Kind::I8 => 1,
            Kind::U16 | Kind::I16 => 2,
            Kind::U32 | Kind::I32 | Kind::F32 => 4,
            Kind::U64 | Kind::I64 | Kind::F64 => 8,
        }
    }

    /// True when every value converts exactly to f32 (stored as `Values::F32`).
    pub fn fits_f32(self) -> bool {
        matches!(
            self,
            Kind::U8 | Kind::I8 | Kind::U16 | Kind::I16 | Kind::F32
        )
    }
}

/// How the image data of one IFD is laid out.
#[derive(Debug)]
pub(crate) struct Layout {
    pub width: usize,
    pub height: usize,
    pub spp: usize,
    pub kind: Kind,
    pub planar_separate: bool,
    pub chunk_w: usize,
    pub chunk_h: usize,
    pub tiled: bool,
    pub offsets: Vec<u64>,
    pub counts: Vec<u64>,
    pub compression: u64,
    pub predictor: u64,
    pub little: bool,
}

/// The largest tile or strip accepted, bytes decoded.
const MAX_CHUNK_BYTES: u64 = 1 << 31;

impl Layout {
    pub fn from_ifd(ifd: &Ifd, file_len: u64) -> Result<Layout, String> {
        let need = |tag: u16, name: &str| -> Result<u64, String> {
            ifd.uint(tag)?
                .ok_or_else(|| format!("missing {name} tag ({tag})"))
        };
        let width = need(256, "ImageWidth")?;
        let height = need(257, "ImageLength")?;
        if width == 0 || height == 0 || width.saturating_mul(height) > lode_core::grid::MAX_CELLS {
            return Err(format!("absurd image dimensions {width} × {height}"));
        }
        let spp = ifd.uint(277)?.unwrap_or(1);
        if spp == 0 || spp > 4096 {
            return Err(format!("absurd SamplesPerPixel {spp}"));
        }
        let bits = ifd
            .uints(258)?
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| vec![1]);
        if bits.iter().any(|&b| b != bits[0]) {
            return Err("bands with different bits per sample are not supported".into());
        }
        let fmts = ifd
            .uints(339)?
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| vec![1]);
        if fmts.iter().any(|&f| f != fmts[0]) {
            return Err("bands with different sample formats are not supported".into());
        }
        let kind = Kind::from_tags(fmts[0], bits[0])?;
        let compression = ifd.uint(259)?.unwrap_or(1);
        if !matches!(compression, 1 | 5 | 8 | 32946 | 32773 | 50000) {
            return Err(format!(
                "compression {compression} is not supported (supported: none, LZW, Deflate, PackBits, ZSTD)"
            ));
        }
        let predictor = ifd.uint(317)?.unwrap_or(1);
        if !matches!(predictor, 1..=3) {
            return Err(format!("unknown predictor {predictor}"));
        }
        if predictor == 3 && !matches!(kind, Kind::F32 | Kind::F64) {
            return Err("floating-point predictor on integer samples".into());
        }
        let planar_separate = match ifd.uint(284)?.unwrap_or(1) {
            1 => false,
            2 => true,
            p => return Err(format!("unknown PlanarConfiguration {p}")),
        };
        let tiled = ifd.entries.contains_key(&322);
        let (chunk_w, chunk_h, ot, ct) = if tiled {
            (need(322, "TileWidth")?, need(323, "TileLength")?, 324, 325)
        } else {
            (
                width,
                ifd.uint(278)?.unwrap_or(height).min(height),
                273,
                279,
            )
        };
        if chunk_w == 0 || chunk_h == 0 {
            return Err(format!("absurd tile or strip size {chunk_w} × {chunk_h}"));
        }
        let per_pixel = if planar_separate { 1 } else { spp };
        let chunk_bytes = chunk_w
            .checked_mul(chunk_h)
            .and_then(|n| n.checked_mul(per_pixel))
            .and_then(|n| n.checked_mul(kind.bytes() as u64))
            .filter(|&n| n <= MAX_CHUNK_BYTES)
            .ok_or_else(|| format!("absurd tile or strip size {chunk_w} × {chunk_h}"))?;
        let across = width.div_ceil(chunk_w);
        let down = height.div_ceil(chunk_h);
        let planes = if planar_separate { spp } else { 1 };
        let n_chunks = across * down * planes;
        let offsets = ifd.uints(ot)?.ok_or("missing strip or tile offsets")?;
        let counts = ifd.uints(ct)?.ok_or("missing strip or tile byte counts")?;
        if (offsets.len() as u64) < n_chunks || (counts.len() as u64) < n_chunks {
            return Err(format!(
                "{} offsets and {} byte counts for {n_chunks} strips or tiles",
                offsets.len(),
                counts.len()
            ));
        }
        let decoded = n_chunks.saturating_mul(chunk_bytes);
        // Largest expansion each codec allows: PackBits 128 bytes from 2, LZW and Deflate
        // about 1,000–1,400, a ZSTD RLE block 128 KiB from 4 bytes.
        let ratio = match compression {
            1 => 2,
            32773 => 64,
            50000 => 32768,
            _ => 2048,
        };
        let plausible = file_len.saturating_mul(ratio).max(64 << 20);
        if decoded > plausible {
            return Err(format!(
                "header describes {decoded} bytes of image data, implausible for a file of {file_len} bytes"
            ));
        }
        Ok(Layout {
            width: width as usize,
            height: height as usize,
            spp: spp as usize,
            kind,
            planar_separate,
            chunk_w: chunk_w as usize,
            chunk_h: chunk_h as usize,
            tiled,
            offsets,
            counts,
            compression,
            predictor,
            little: ifd.little,
        })
    }

    fn across(&self) -> usize {
        self.width.div_ceil(self.chunk_w)
    }

    fn per_pixel(&self) -> usize {
        if self.planar_separate {
            1
        } else {
            self.spp
        }
    }
}

/// An output sample type.
pub(crate) trait Sample: Copy + Send + Sync + PartialEq + Default {
    const NAN: Self;
    fn from_f64(x: f64) -> Self;
    fn from_f32(x: f32) -> Self;
}

impl Sample for f32 {
    const NAN: Self = f32::NAN;
    fn from_f64(x: f64) -> Self {
        x as f32
    }
    fn from_f32(x: f32) -> Self {
        x
    }
}

impl Sample for f64 {
    const NAN: Self = f64::NAN;
    fn from_f64(x: f64) -> Self {
        x
    }
    fn from_f32(x: f32) -> Self {
        x as f64
    }
}

/// Decode band `band` (0-based) into a row-major buffer, rows of tiles/strips in parallel;
/// values equal to `nodata` become NaN.
pub(crate) fn decode_band<T: Sample>(
    src: &Source,
    lay: &Layout,
    band: usize,
    nodata: Option<f64>,
) -> Result<Vec<T>, String> {
    let n = lay.width * lay.height;
    let mut out: Vec<T> = Vec::new();
    out.try_reserve_exact(n)
        .map_err(|_| format!("cannot allocate {} × {} cells", lay.width, lay.height))?;
    out.resize(n, T::default());
    let nd = nodata.filter(|v| !v.is_nan()).map(T::from_f64);
    let band_rows = lay.chunk_h * lay.width;
    out.par_chunks_mut(band_rows)
        .enumerate()
        .try_for_each(|(cy, rows)| -> Result<(), String> {
            let mut raw = Vec::new();
            let mut buf = Vec::new();
            let mut scratch = Vec::new();
            for cx in 0..lay.across() {
                let mut idx = cy * lay.across() + cx;
                if lay.planar_separate {
                    idx += band * lay.across() * lay.height.div_ceil(lay.chunk_h);
                }
                if decode_chunk(src, lay, idx, cy, &mut raw, &mut buf, &mut scratch)? {
                    place(lay, &buf, cx, rows, band, nd)?;
                } else {
                    fill_sparse(lay, cx, rows, nodata.is_some());
                }
            }
            Ok(())
        })?;
    Ok(out)
}

/// A sparse strip or tile (offset and size 0, as GDAL writes with SPARSE_OK): no data when the
/// file has a no-data value, else zeros (GDAL's convention).
fn fill_sparse<T: Sample>(lay: &Layout, cx: usize, rows: &mut [T], has_nodata: bool) {
    let x0 = cx * lay.chunk_w;
    let w = lay.chunk_w.min(lay.width - x0);
    let v = if has_nodata { T::NAN } else { T::default() };
    for dst in rows.chunks_exact_mut(lay.width) {
        dst[x0..x0 + w].fill(v);
    }
}

/// Decompress one strip or tile into `buf` as native-endian samples; false for a sparse one.
fn decode_chunk(
    src: &Source,
    lay: &Layout,
    idx: usize,
    cy: usize,
    raw: &mut Vec<u8>,
    buf: &mut Vec<u8>,
    scratch: &mut Vec<u8>,
) -> Result<bool, String> {
    let rows = if lay.tiled {
        lay.chunk_h
    } else {
        lay.chunk_h.min(lay.height - cy * lay.chunk_h)
    };
    let bps = lay.kind.bytes();
    let row_bytes = lay.chunk_w * lay.per_pixel() * bps;
    let need = rows * row_bytes;
    buf.clear();
    buf.resize(need, 0);
    let (off, cnt) = (lay.offsets[idx], lay.counts[idx]);
    if off == 0 && cnt == 0 {
        return Ok(false);
    }
    let data = src
        .bytes(off, cnt, raw)
        .map_err(|e| format!("strip/tile {idx}: {e}"))?;
    let got = match lay.compression {
        1 => {
            let n = data.len().min(need);
            buf[..n].copy_from_slice(&data[..n]);
            n
        }
        8 | 32946 => inflate(data, buf)?,
        5 => lzw(data, buf)?,
        32773 => packbits(data, buf),
        50000 => zstd(data, buf)?,
        c => return Err(format!("compression {c} is not supported")),
    };
    if got < need {
        return Err(format!(
            "strip/tile {idx} decodes to {got} bytes, expected {need}"
        ));
    }
    let spp = lay.per_pixel();
    for row in buf.chunks_exact_mut(row_bytes) {
        match lay.predictor {
            3 => fp_predictor(row, spp, bps, scratch),
            p => {
                if lay.little != cfg!(target_endian = "little") && bps > 1 {
                    for s in row.chunks_exact_mut(bps) {
                        s.reverse();
                    }
                }
                if p == 2 {
                    hor_predictor(row, spp, bps);
                }
            }
        }
    }
    Ok(true)
}

/// Undo the horizontal differencing of TIFF 6.0 §14 on native-endian samples.
fn hor_predictor(row: &mut [u8], spp: usize, bps: usize) {
    macro_rules! acc {
        ($t:ty) => {{
            let w = bps * spp;
            for i in (w..row.len()).step_by(bps) {
                let a = <$t>::from_ne_bytes(row[i - w..i - w + bps].try_into().unwrap_or_default());
                let b = <$t>::from_ne_bytes(row[i..i + bps].try_into().unwrap_or_default());
                row[i..i + bps].copy_from_slice(&a.wrapping_add(b).to_ne_bytes());
            }
        }};
    }
    match bps {
        1 => {
            for i in spp..row.len() {
                row[i] = row[i].wrapping_add(row[i - spp]);
            }
        }
        2 => acc!(u16),
        4 => acc!(u32),
        _ => acc!(u64),
    }
}

/// Undo the floating-point predictor: byte-wise accumulation over the row, then reassemble
/// samples from byte planes stored most-significant first.
fn fp_predictor(row: &mut [u8], spp: usize, bps: usize, tmp: &mut Vec<u8>) {
    for i in spp..row.len() {
        row[i] = row[i].wrapping_add(row[i - spp]);
    }
    let wc = row.len() / bps;
    tmp.clear();
    tmp.extend_from_slice(row);
    for c in 0..wc {
        for b in 0..bps {
            let v = tmp[b * wc + c];
            let dst = if cfg!(target_endian = "little") {
                bps - 1 - b
            } else {
                b
            };
            row[c * bps + dst] = v;
        }
    }
}

fn inflate(data: &[u8], buf: &mut [u8]) -> Result<usize, String> {
    let mut d = flate2::Decompress::new(true);
    loop {
        let (i0, o0) = (d.total_in() as usize, d.total_out() as usize);
        if o0 >= buf.len() {
            return Ok(o0);
        }
        let st = d
            .decompress(&data[i0..], &mut buf[o0..], flate2::FlushDecompress::Finish)
            .map_err(|e| format!("corrupt Deflate data: {e}"))?;
        if st == flate2::Status::StreamEnd
            || (d.total_in() as usize == i0 && d.total_out() as usize == o0)
        {
            return Ok(d.total_out() as usize);
        }
    }
}

fn lzw(data: &[u8], buf: &mut [u8]) -> Result<usize, String> {
    let mut d = weezl::decode::Decoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
    let (mut i, mut o) = (0, 0);
    while o < buf.len() {
        let r = d.decode_bytes(&data[i..], &mut buf[o..]);
        i += r.consumed_in;
        o += r.consumed_out;
        match r.status {
            Ok(weezl::LzwStatus::Ok) if r.consumed_in + r.consumed_out > 0 => {}
            Ok(_) => break,
            Err(e) => return Err(format!("corrupt LZW data: {e}")),
        }
    }
    Ok(o)
}

fn zstd(data: &[u8], buf: &mut [u8]) -> Result<usize, String> {
    use std::io::Read;
    let mut d = ruzstd::decoding::StreamingDecoder::new(data)
        .map_err(|e| format!("corrupt ZSTD data: {e}"))?;
    let mut o = 0;
    while o < buf.len() {
        let n = d
            .read(&mut buf[o..])
            .map_err(|e| format!("corrupt ZSTD data: {e}"))?;
        if n == 0 {
            break;
        }
        o += n;
    }
    Ok(o)
}

fn packbits(data: &[u8], buf: &mut [u8]) -> usize {
    let (mut i, mut o) = (0, 0);
    while i < data.len() && o < buf.len() {
        let n = data[i] as i8;
        i += 1;
        if n >= 0 {
            let k = (n as usize + 1).min(data.len() - i).min(buf.len() - o);
            buf[o..o + k].copy_from_slice(&data[i..i + k]);
            i += n as usize + 1;
            o += k;
        } else if n != -128 && i < data.len() {
            let k = ((1 - n as isize) as usize).min(buf.len() - o);
            buf[o..o + k].fill(data[i]);
            i += 1;
            o += k;
        }
    }
    o
}

/// Copy band `band` of a decoded chunk into the output rows of this chunk row.
fn place<T: Sample>(
    lay: &Layout,
    buf: &[u8],
    cx: usize,
    rows: &mut [T],
    band: usize,
    nd: Option<T>,
) -> Result<(), String> {
    let spp = lay.per_pixel();
    let bps = lay.kind.bytes();
    let sub = if lay.planar_separate { 0 } else { band };
    let x0 = cx * lay.chunk_w;
    let w = lay.chunk_w.min(lay.width - x0);
    let row_bytes = lay.chunk_w * spp * bps;
    let px = spp * bps;
    for (r, dst) in rows.chunks_exact_mut(lay.width).enumerate() {
        let src = &buf[r * row_bytes..r * row_bytes + w * px];
        let dst = &mut dst[x0..x0 + w];
        macro_rules! conv {
            ($t:ty, $f:expr) => {
                for (d, s) in dst.iter_mut().zip(src.chunks_exact(px)) {
                    let v = <$t>::from_ne_bytes(
                        s[sub * bps..sub * bps + bps].try_into().unwrap_or_default(),
                    );
                    *d = $f(v);
                }
            };
        }
        match lay.kind {
            Kind::U8 => conv!(u8, |v| T::from_f32(v as f32)),
            Kind::I8 => conv!(i8, |v| T::from_f32(v as f32)),
            Kind::U16 => conv!(u16, |v| T::from_f32(v as f32)),
            Kind::I16 => conv!(i16, |v| T::from_f32(v as f32)),
            Kind::U32 => conv!(u32, |v| T::from_f64(v as f64)),
            Kind::I32 => conv!(i32, |v| T::from_f64(v as f64)),
            Kind::U64 => conv!(u64, |v| T::from_f64(v as f64)),
            Kind::I64 => conv!(i64, |v| T::from_f64(v as f64)),
            Kind::F32 => conv!(f32, T::from_f32),
            Kind::F64 => conv!(f64, T::from_f64),
        }
        if let Some(nd) = nd {
            for d in dst.iter_mut() {
                if *d == nd {
                    *d = T::NAN;
                }
            }
        }
    }
    Ok(())
}
