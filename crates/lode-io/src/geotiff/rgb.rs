//! 3-band 8-bit RGB GeoTIFF writer (ternary images, colour composites).
//!
//! A classic little-endian TIFF 6.0 (Adobe 1992): chunky (pixel-interleaved) RGB, strips of
//! about 64 KiB, each Deflate-compressed (code 8), PhotometricInterpretation RGB (2),
//! georeferenced with ModelPixelScale + ModelTiepoint (or ModelTransformation when rotated) and
//! the EPSG GeoKeys of [`super::geokeys`]. Value 0 in all bands is no data (GDAL_NODATA "0").
//! Same input → same bytes.

use std::io::Write;
use std::path::Path;

use lode_core::{atomic, Error, Result};
use lode_core::{Crs, GridGeometry};

use super::geokeys::keys_for;

/// One IFD entry: tag, TIFF type, count, little-endian value bytes.
struct Entry(u16, u16, u32, Vec<u8>);

fn shorts(tag: u16, v: &[u16]) -> Entry {
    Entry(
        tag,
        3,
        v.len() as u32,
        v.iter().flat_map(|x| x.to_le_bytes()).collect(),
    )
}
fn longs(tag: u16, v: &[u32]) -> Entry {
    Entry(
        tag,
        4,
        v.len() as u32,
        v.iter().flat_map(|x| x.to_le_bytes()).collect(),
    )
}
fn doubles(tag: u16, v: &[f64]) -> Entry {
    Entry(
        tag,
        12,
        v.len() as u32,
        v.iter().flat_map(|x| x.to_le_bytes()).collect(),
    )
}
fn ascii(tag: u16, s: &str) -> Entry {
    let mut d = s.as_bytes().to_vec();
    d.push(0);
    Entry(tag, 2, d.len() as u32, d)
}

/// Encode red, green and blue bands (row-major, row 0 north, `geometry.len()` bytes each).
pub fn encode_rgb(
    geometry: &GridGeometry,
    crs: Option<&Crs>,
    bands: [&[u8]; 3],
) -> Result<Vec<u8>> {
    geometry.validate()?;
    let (w, h) = (geometry.cols, geometry.rows);
    let n = w
        .checked_mul(h)
        .ok_or_else(|| Error::invalid("RGB image too large"))?;
    if bands.iter().any(|b| b.len() != n) {
        return Err(Error::invalid("RGB band length differs from the grid size"));
    }
    if w > u32::MAX as usize || h > u32::MAX as usize {
        return Err(Error::invalid("RGB image too large for a classic TIFF"));
    }
    let rows_per_strip = (65536 / (3 * w)).clamp(1, h);
    let mut out = vec![b'I', b'I', 42, 0, 0, 0, 0, 0];
    let (mut offsets, mut counts) = (Vec::new(), Vec::new());
    let mut row = 0;
    while row < h {
        let end = (row + rows_per_strip).min(h);
        let mut raw = Vec::with_capacity((end - row) * w * 3);
        let span = row * w..end * w;
        for ((r, g), b) in bands[0][span.clone()]
            .iter()
            .zip(&bands[1][span.clone()])
            .zip(&bands[2][span])
        {
            raw.extend_from_slice(&[*r, *g, *b]);
        }
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
        enc.write_all(&raw)
            .map_err(|e| Error::internal(format!("Deflate failed: {e}")))?;
        let z = enc
            .finish()
            .map_err(|e| Error::internal(format!("Deflate failed: {e}")))?;
        offsets.push(out.len());
        counts.push(z.len() as u32);
        out.extend_from_slice(&z);
        row = end;
    }
    if out.len() > u32::MAX as usize - 1_000_000 {
        return Err(Error::invalid("RGB image too large for a classic TIFF"));
    }
    let offsets: Vec<u32> = offsets.into_iter().map(|o| o as u32).collect();
    let mut e = vec![
        longs(256, &[w as u32]),
        longs(257, &[h as u32]),
        shorts(258, &[8, 8, 8]),
        shorts(259, &[8]),
        shorts(262, &[2]),
        longs(273, &offsets),
        shorts(277, &[3]),
        longs(278, &[rows_per_strip as u32]),
        longs(279, &counts),
        shorts(284, &[1]),
        shorts(339, &[1, 1, 1]),
    ];
    let g = geometry;
    if g.is_north_up() {
        e.push(doubles(33550, &[g.dx, g.dy, 0.0]));
        e.push(doubles(33922, &[0.0, 0.0, 0.0, g.x0, g.y0, 0.0]));
    } else {
        let t = g.geotransform();
        e.push(doubles(
            34264,
            &[
                t[1], t[2], 0.0, t[0], t[4], t[5], 0.0, t[3], 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                1.0,
            ],
        ));
    }
    if let Some(crs) = crs {
        let keys = keys_for(crs)
            .map_err(|m| Error::invalid(format!("CRS {} not writable: {m}", crs.identifier())))?;
        let (dir, dbl, asc) = keys.encode();
        e.push(shorts(34735, &dir));
        if !dbl.is_empty() {
            e.push(doubles(34736, &dbl));
        }
        if !asc.is_empty() {
            e.push(ascii(34737, &asc));
        }
    }
    e.push(ascii(42113, "0"));
    e.sort_by_key(|x| x.0);
    if out.len() % 2 == 1 {
        out.push(0);
    }
    let ifd = out.len();
    out[4..8].copy_from_slice(&(ifd as u32).to_le_bytes());
    let mut extra = ifd + 2 + 12 * e.len() + 4;
    let mut tail = Vec::new();
    out.extend_from_slice(&(e.len() as u16).to_le_bytes());
    for Entry(tag, typ, count, data) in &e {
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&typ.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        if data.len() <= 4 {
            let mut v = [0u8; 4];
            v[..data.len()].copy_from_slice(data);
            out.extend_from_slice(&v);
        } else {
            out.extend_from_slice(&(extra as u32).to_le_bytes());
            tail.extend_from_slice(data);
            extra += data.len();
            if data.len() % 2 == 1 {
                tail.push(0);
                extra += 1;
            }
        }
    }
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&tail);
    Ok(out)
}

/// Write a 3-band 8-bit RGB GeoTIFF atomically; see [`encode_rgb`].
pub fn write_rgb(
    path: &Path,
    geometry: &GridGeometry,
    crs: Option<&Crs>,
    bands: [&[u8]; 3],
) -> Result<()> {
    let bytes = encode_rgb(geometry, crs, bands).map_err(|e| e.at(path))?;
    atomic::write_bytes(path, &bytes)
}
