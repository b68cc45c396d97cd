//! Format detection by content (magic bytes and headers), with the extension only as a tie-breaker.

use std::io::Read;
use std::path::Path;

use lode_core::{Error, Result};

/// Every format lode reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    GeoTiff,
    EsriAscii,
    SurferAscii,
    Surfer6,
    Surfer7,
    Geosoft,
    ErMapper,
    NetCdf,
    Csv,
    AsegGdf,
    GeoJson,
    Shapefile,
    GeoPackage,
    FlatGeobuf,
}

impl Format {
    /// All formats, in the order `lode formats` lists them.
    pub const ALL: [Format; 14] = [
        Format::GeoTiff,
        Format::EsriAscii,
        Format::SurferAscii,
        Format::Surfer6,
        Format::Surfer7,
        Format::Geosoft,
        Format::ErMapper,
        Format::NetCdf,
        Format::Csv,
        Format::AsegGdf,
        Format::GeoJson,
        Format::Shapefile,
        Format::GeoPackage,
        Format::FlatGeobuf,
    ];

    /// The canonical name (GDAL driver names where GDAL has the format).
    pub fn name(self) -> &'static str {
        match self {
            Format::GeoTiff => "GTiff",
            Format::EsriAscii => "AAIGrid",
            Format::SurferAscii => "GSAG",
            Format::Surfer6 => "GSBG",
            Format::Surfer7 => "GS7BG",
            Format::Geosoft => "Geosoft",
            Format::ErMapper => "ERS",
            Format::NetCdf => "netCDF",
            Format::Csv => "CSV",
            Format::AsegGdf => "ASEG-GDF2",
            Format::GeoJson => "GeoJSON",
            Format::Shapefile => "ESRI Shapefile",
            Format::GeoPackage => "GPKG",
            Format::FlatGeobuf => "FlatGeobuf",
        }
    }

    /// "grid", "points" or "vector".
    pub fn kind(self) -> &'static str {
        match self {
            Format::Csv | Format::AsegGdf => "points",
            Format::GeoJson | Format::Shapefile | Format::GeoPackage | Format::FlatGeobuf => {
                "vector"
            }
            _ => "grid",
        }
    }

    /// Parse a `--format` name (case-insensitive; GDAL driver names and common aliases).
    pub fn parse(name: &str) -> Result<Format> {
        let n = name.trim().to_ascii_lowercase();
        Ok(match n.as_str() {
            "gtiff" | "geotiff" | "tiff" | "tif" | "cog" => Format::GeoTiff,
            "aaigrid" | "esri-ascii" | "asc" | "ascii" => Format::EsriAscii,
            "gsag" | "surfer-ascii" | "dsaa" => Format::SurferAscii,
            "gsbg" | "surfer6" | "dsbb" => Format::Surfer6,
            "gs7bg" | "surfer7" | "dsrb" | "surfer" => Format::Surfer7,
            "geosoft" | "oasis" | "geosoft-grd" => Format::Geosoft,
            "ers" | "ermapper" => Format::ErMapper,
            "netcdf" | "nc" | "gmt" => Format::NetCdf,
            "csv" | "xyz" => Format::Csv,
            "aseg-gdf2" | "aseg-gdf" | "gdf" => Format::AsegGdf,
            "geojson" | "json" => Format::GeoJson,
            "esri shapefile" | "shapefile" | "shp" => Format::Shapefile,
            "gpkg" | "geopackage" => Format::GeoPackage,
            "flatgeobuf" | "fgb" => Format::FlatGeobuf,
            _ => return Err(Error::invalid(format!("unknown format {name:?}"))),
        })
    }

    /// The default output format for a file extension (`.grd` means Geosoft; GMT users give `.nc`).
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "tif" | "tiff" => Format::GeoTiff,
            "asc" => Format::EsriAscii,
            "grd" => Format::Geosoft,
            "ers" => Format::ErMapper,
            "nc" | "cdf" => Format::NetCdf,
            "csv" | "xyz" | "txt" => Format::Csv,
            "dat" | "dfn" => Format::AsegGdf,
            "geojson" | "json" => Format::GeoJson,
            "shp" => Format::Shapefile,
            "gpkg" => Format::GeoPackage,
            "fgb" => Format::FlatGeobuf,
            _ => return None,
        })
    }
}

/// Detect the format of a file from its first bytes (and, where the content is ambiguous, its
/// extension and companion files).
pub fn detect(path: &Path) -> Result<Format> {
    let meta = std::fs::metadata(path).map_err(|e| Error::read_io(path, e))?;
    if meta.is_dir() {
        return Err(Error::input(path, "is a directory, not a file"));
    }
    if meta.len() == 0 {
        return Err(Error::input(path, "file is empty"));
    }
    let mut head = vec![0u8; 1024];
    let n = {
        let mut f = std::fs::File::open(path).map_err(|e| Error::read_io(path, e))?;
        let mut n = 0;
        while n < head.len() {
            match f.read(&mut head[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) => return Err(Error::read_io(path, e)),
            }
        }
        n
    };
    head.truncate(n);
    detect_bytes(&head, path).ok_or_else(|| {
        Error::input(
            path,
            "unrecognised file format (no known magic bytes or header)",
        )
    })
}

/// Detect a format from the first bytes of a file; `path` breaks ties (extension, companions).
pub fn detect_bytes(head: &[u8], path: &Path) -> Option<Format> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    if head.starts_with(b"II*\0")
        || head.starts_with(b"MM\0*")
        || head.starts_with(b"II+\0")
        || head.starts_with(b"MM\0+")
    {
        return Some(Format::GeoTiff);
    }
    if head.starts_with(b"DSAA") {
        return Some(Format::SurferAscii);
    }
    if head.starts_with(b"DSBB") {
        return Some(Format::Surfer6);
    }
    if head.starts_with(b"DSRB") {
        return Some(Format::Surfer7);
    }
    if head.starts_with(b"CDF\x01")
        || head.starts_with(b"CDF\x02")
        || head.starts_with(b"CDF\x05")
        || head.starts_with(b"\x89HDF\r\n\x1a\n")
    {
        return Some(Format::NetCdf);
    }
    if head.starts_with(b"SQLite format 3\0") {
        return Some(Format::GeoPackage);
    }
    if head.starts_with(b"fgb\x03") {
        return Some(Format::FlatGeobuf);
    }
    if head.len() >= 4 && head[..4] == [0x00, 0x00, 0x27, 0x0a] {
        return Some(Format::Shapefile);
    }
    let text = String::from_utf8_lossy(&head[..head.len().min(512)]);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("DatasetHeader") {
        return Some(Format::ErMapper);
    }
    let lower = trimmed.to_ascii_lowercase();
    if lower.starts_with("ncols")
        || lower.starts_with("nrows")
        || lower.starts_with("xllcorner")
        || lower.starts_with("xllcenter")
    {
        return Some(Format::EsriAscii);
    }
    if trimmed.starts_with('{') {
        return Some(Format::GeoJson);
    }
    if ext == "dfn"
        || (ext == "dat" && path.with_extension("dfn").exists())
        || lower.starts_with("defn")
    {
        return Some(Format::AsegGdf);
    }
    if geosoft::looks_like_geosoft(head) {
        return Some(Format::Geosoft);
    }
    if !head.is_empty() && std::str::from_utf8(&head[..head.len().saturating_sub(4)]).is_ok() {
        return Some(Format::Csv);
    }
    None
}

use crate::geosoft;
