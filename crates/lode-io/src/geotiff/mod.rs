//! GeoTIFF and Cloud Optimized GeoTIFF (COG).
//!
//! Reading ([`read`], [`read_band`], [`parse`]): classic TIFF and BigTIFF, strips and tiles,
//! chunky or planar bands; no compression, PackBits, LZW, Deflate (codes 8 and 32946) and ZSTD;
//! the horizontal predictor (2) and the floating-point predictor (3); 8–64-bit signed and
//! unsigned integers and 32/64-bit floats. Georeferencing from ModelPixelScale + ModelTiepoint
//! or ModelTransformation, with GDAL's half-cell shift for `PixelIsPoint`; the CRS from the
//! GeoKeys ([`geokeys`]); no data from GDAL_NODATA (tag 42113) and units and field name from
//! GDAL_METADATA (tag 42112). Tiles are decoded in parallel straight into the output grid.
//!
//! Writing ([`write`]): a COG as GDAL's COG driver lays it out (GDAL 3.1+), see [`write`].
//!
//! References: TIFF 6.0 (Adobe 1992); BigTIFF (Aware Systems 2008); GeoTIFF 1.0 (Ritter &
//! Ruth 1995) and OGC GeoTIFF 1.1 (OGC 19-008r4, 2019); GDAL COG driver documentation.

mod decode;
mod geokeys;
pub mod rgb;
mod tiff;
mod write;

use std::fs::File;
use std::path::Path;

use lode_core::{Error, Grid, GridGeometry, Result, Values};

use decode::{decode_band, Layout};
use geokeys::GeoKeys;
use tiff::{Ifd, Source};

pub use write::{write, write_with, WriteOptions};

/// Read band 1 of a GeoTIFF.
pub fn read(path: &Path) -> Result<Grid> {
    read_band(path, 1)
}

/// Read band `band` (1-based) of a GeoTIFF. Tiles are read with positioned reads, so memory
/// holds the output grid plus one tile per worker thread.
pub fn read_band(path: &Path, band: usize) -> Result<Grid> {
    let f = File::open(path).map_err(|e| Error::read_io(path, e))?;
    let len = f.metadata().map_err(|e| Error::read_io(path, e))?.len();
    decode(&Source::File(&f, len), path, band)
}

/// Parse band 1 of a GeoTIFF held in memory; `path` names it in errors.
pub fn parse(bytes: &[u8], path: &Path) -> Result<Grid> {
    parse_band(bytes, path, 1)
}

/// Parse band `band` (1-based) of a GeoTIFF held in memory.
pub fn parse_band(bytes: &[u8], path: &Path, band: usize) -> Result<Grid> {
    decode(&Source::Mem(bytes), path, band)
}

fn decode(src: &Source, path: &Path, band: usize) -> Result<Grid> {
    decode_inner(src, path, band).map_err(|m| Error::input(path, m))
}

fn decode_inner(src: &Source, path: &Path, band: usize) -> std::result::Result<Grid, String> {
    let ifd = Ifd::read(src)?;
    let lay = Layout::from_ifd(&ifd, src.len())?;
    if band == 0 || band > lay.spp {
        return Err(format!(
            "band {band} requested; the file has {} band(s)",
            lay.spp
        ));
    }
    let nodata = ifd.ascii(42113).and_then(|s| parse_nodata(&s));
    let keys = match ifd.uints(34735)? {
        Some(dir) => GeoKeys::parse(
            &dir,
            &ifd.doubles(34736)?.unwrap_or_default(),
            &ifd.ascii(34737).unwrap_or_default(),
        )?,
        None => GeoKeys::default(),
    };
    let mut gt = geotransform(&ifd)?;
    if keys.pixel_is_point() {
        gt[0] -= 0.5 * (gt[1] + gt[2]);
        gt[3] -= 0.5 * (gt[4] + gt[5]);
    }
    let south_up = gt[2] == 0.0 && gt[4] == 0.0 && gt[5] > 0.0;
    if south_up {
        gt[3] += gt[5] * lay.height as f64;
        gt[5] = -gt[5];
    }
    let geometry =
        GridGeometry::from_geotransform(lay.width, lay.height, gt).map_err(|e| e.to_string())?;
    let mut values = if lay.kind.fits_f32() {
        Values::F32(decode_band::<f32>(src, &lay, band - 1, nodata)?)
    } else {
        Values::F64(decode_band::<f64>(src, &lay, band - 1, nodata)?)
    };
    if south_up {
        match &mut values {
            Values::F32(v) => flip_rows(v, lay.width),
            Values::F64(v) => flip_rows(v, lay.width),
        }
    }
    let mut grid = Grid::from_values(geometry, values).map_err(|e| e.to_string())?;
    grid.nodata = nodata;
    grid.crs = match keys.crs() {
        Ok(c) => c,
        Err(msg) => {
            eprintln!("warning: {}: {msg}; the grid has no CRS", path.display());
            None
        }
    };
    if let Some(xml) = ifd.ascii(42112) {
        apply_metadata(&mut grid, &xml, band - 1);
    }
    Ok(grid)
}

fn flip_rows<T>(v: &mut [T], cols: usize) {
    let rows = v.len() / cols;
    for r in 0..rows / 2 {
        let (a, b) = v.split_at_mut((rows - 1 - r) * cols);
        a[r * cols..(r + 1) * cols].swap_with_slice(&mut b[..cols]);
    }
}

/// GDAL-style geotransform from ModelTransformation or ModelPixelScale + ModelTiepoint;
/// without georeferencing, pixel coordinates (x = column, y = −row).
fn geotransform(ifd: &Ifd) -> std::result::Result<[f64; 6], String> {
    if let Some(m) = ifd.doubles(34264)? {
        if m.len() < 16 {
            return Err(format!(
                "ModelTransformation has {} values, expected 16",
                m.len()
            ));
        }
        return Ok([m[3], m[0], m[1], m[7], m[4], m[5]]);
    }
    match (ifd.doubles(33550)?, ifd.doubles(33922)?) {
        (Some(s), Some(t)) => {
            if s.len() < 2 || t.len() < 6 {
                return Err("ModelPixelScale or ModelTiepoint is too short".into());
            }
            let (sx, sy) = (s[0], s[1]);
            Ok([t[3] - t[0] * sx, sx, 0.0, t[4] + t[1] * sy, 0.0, -sy])
        }
        (None, Some(_)) => Err(
            "ModelTiepoint without ModelPixelScale (ground control points) is not supported".into(),
        ),
        _ => Ok([0.0, 1.0, 0.0, 0.0, 0.0, -1.0]),
    }
}

fn parse_nodata(s: &str) -> Option<f64> {
    let t = s.trim();
    match t.to_ascii_lowercase().as_str() {
        "nan" | "-nan" | "+nan" => Some(f64::NAN),
        "inf" | "+inf" | "infinity" => Some(f64::INFINITY),
        "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
        _ => t.parse().ok(),
    }
}

/// Units, field name and dataset items from GDAL_METADATA XML for band `sample` (0-based).
fn apply_metadata(grid: &mut Grid, xml: &str, sample: usize) {
    for item in xml.split("<Item").skip(1) {
        let Some(gt) = item.find('>') else { continue };
        let attrs = &item[..gt];
        let Some(end) = item[gt + 1..].find("</Item>") else {
            continue;
        };
        let value = xml_unescape(&item[gt + 1..gt + 1 + end]);
        let attr = |name: &str| -> Option<String> {
            let i = attrs.find(&format!("{name}=\""))? + name.len() + 2;
            let j = attrs[i..].find('"')?;
            Some(xml_unescape(&attrs[i..i + j]))
        };
        let Some(name) = attr("name") else { continue };
        match attr("sample") {
            Some(s) if s.parse::<usize>().ok() != Some(sample) => continue,
            Some(_) => match (name.as_str(), attr("role").as_deref()) {
                ("UNITS", _) | (_, Some("unittype")) => {
                    grid.units = Some(value).filter(|v| !v.is_empty())
                }
                ("DESCRIPTION", _) | (_, Some("description")) => {
                    grid.field = Some(value).filter(|v| !v.is_empty())
                }
                _ => {}
            },
            None if attr("domain").is_none() => {
                grid.meta.extra.insert(name, value);
            }
            None => {}
        }
    }
}

fn xml_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}
