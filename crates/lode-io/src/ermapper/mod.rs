//! ER Mapper raster datasets: a text `.ers` header and a raw data file.
//!
//! Reference: Earth Resource Mapping, "ER Mapper Customization Guide", chapter "Raster dataset
//! header file" (DatasetHeader / CoordinateSpace / RasterInfo blocks); GDAL's ERS driver.
//! The data file is `DataFile` when given, else the header's name without extension, or the
//! header file itself from `HeaderOffset` on. Cells are band-interleaved by line; lode reads
//! band 1. `RegistrationCoord` (Eastings/Northings, Longitude/Latitude in d:m:s,
//! MetersX/MetersY or MeridianX/MeridianY) locates the point `RegistrationCellX/Y` (cell units
//! from the top-left corner, default 0,0). Datum/Projection names map to EPSG via [`crs`].

pub mod crs;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use lode_core::atomic::AtomicSet;
use lode_core::grid::MAX_CELLS;
use lode_core::{Crs, Error, Grid, GridGeometry, Result, Values};

/// Cell types of ER Mapper rasters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellType {
    U8,
    I8,
    U16,
    I16,
    U32,
    I32,
    F32,
    F64,
}

impl CellType {
    fn parse(s: &str) -> Option<CellType> {
        Some(match s.to_ascii_lowercase().as_str() {
            "unsigned8bitinteger" => CellType::U8,
            "signed8bitinteger" => CellType::I8,
            "unsigned16bitinteger" => CellType::U16,
            "signed16bitinteger" => CellType::I16,
            "unsigned32bitinteger" => CellType::U32,
            "signed32bitinteger" => CellType::I32,
            "ieee4bytereal" => CellType::F32,
            "ieee8bytereal" => CellType::F64,
            _ => return None,
        })
    }

    fn size(self) -> usize {
        match self {
            CellType::U8 | CellType::I8 => 1,
            CellType::U16 | CellType::I16 => 2,
            CellType::U32 | CellType::I32 | CellType::F32 => 4,
            CellType::F64 => 8,
        }
    }

    fn decode(self, b: &[u8], msb: bool) -> f64 {
        let mut a = [0u8; 8];
        a[..b.len()].copy_from_slice(b);
        if msb {
            a[..b.len()].reverse();
        }
        let a4 = [a[0], a[1], a[2], a[3]];
        match self {
            CellType::U8 => a[0] as f64,
            CellType::I8 => a[0] as i8 as f64,
            CellType::U16 => u16::from_le_bytes([a[0], a[1]]) as f64,
            CellType::I16 => i16::from_le_bytes([a[0], a[1]]) as f64,
            CellType::U32 => u32::from_le_bytes(a4) as f64,
            CellType::I32 => i32::from_le_bytes(a4) as f64,
            CellType::F32 => f32::from_le_bytes(a4) as f64,
            CellType::F64 => f64::from_le_bytes(a),
        }
    }
}

/// What lode uses of an `.ers` header.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub cell_type: CellType,
    pub msb_first: bool,
    pub lines: usize,
    pub cells_per_line: usize,
    pub bands: usize,
    pub geometry: GridGeometry,
    pub nodata: Option<f64>,
    pub epsg: Option<u32>,
    pub data_file: Option<String>,
    pub header_offset: Option<usize>,
}

/// Read a dataset from its `.ers` header and data file.
pub fn read(path: &Path) -> Result<Grid> {
    let bytes = std::fs::read(path).map_err(|e| Error::read_io(path, e))?;
    let h = parse_header(&bytes, path)?;
    let grid = if let Some(off) = h.header_offset {
        let data = bytes.get(off..).ok_or_else(|| {
            Error::input(
                path,
                format!("HeaderOffset {off} lies beyond the end of the file"),
            )
        })?;
        decode(&h, data, path)?
    } else {
        let dp = data_path(path, &h);
        let data = std::fs::read(&dp).map_err(|e| Error::read_io(&dp, e))?;
        decode(&h, &data, &dp)?
    };
    Ok(grid)
}

/// Parse a header and the bytes of its data (fuzzing entry point); `path` names the file.
pub fn parse(header: &[u8], data: &[u8], path: &Path) -> Result<Grid> {
    let h = parse_header(header, path)?;
    decode(&h, data, path)
}

fn data_path(path: &Path, h: &Header) -> PathBuf {
    match &h.data_file {
        Some(f) => path.parent().unwrap_or(Path::new("")).join(f),
        None => path.with_extension(""),
    }
}

/// Parse the `.ers` header text into nested `Block.Key` entries (lower-case) and interpret it.
pub fn parse_header(bytes: &[u8], path: &Path) -> Result<Header> {
    let text = std::str::from_utf8(bytes)
        .or_else(|e| std::str::from_utf8(&bytes[..e.valid_up_to()]))
        .map_err(|_| Error::input(path, "ER Mapper header is not text"))?;
    let mut stack: Vec<String> = Vec::new();
    let mut kv: HashMap<String, String> = HashMap::new();
    let mut done = false;
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if let Some(name) = t
            .strip_suffix(" Begin")
            .or_else(|| t.strip_suffix("\tBegin"))
        {
            stack.push(name.trim().to_ascii_lowercase());
            continue;
        }
        if let Some(name) = t.strip_suffix(" End").or_else(|| t.strip_suffix("\tEnd")) {
            if stack.pop().as_deref() != Some(name.trim().to_ascii_lowercase().as_str()) {
                return Err(Error::input(path, format!("unbalanced block end {t:?}")));
            }
            if stack.is_empty() {
                done = true;
                break;
            }
            continue;
        }
        if stack.is_empty() {
            return Err(Error::input(
                path,
                "not an ER Mapper header (no DatasetHeader Begin)",
            ));
        }
        if let Some((k, v)) = t.split_once('=') {
            let mut key = stack.join(".");
            key.push('.');
            key.push_str(&k.trim().to_ascii_lowercase());
            kv.insert(key, v.trim().trim_matches('"').to_string());
        }
    }
    if !done || !kv.keys().all(|k| k.starts_with("datasetheader.")) {
        return Err(Error::input(
            path,
            "not a complete ER Mapper header (DatasetHeader Begin … DatasetHeader End)",
        ));
    }
    interpret(&kv, path)
}

fn interpret(kv: &HashMap<String, String>, path: &Path) -> Result<Header> {
    let get = |k: &str| kv.get(&format!("datasetheader.{k}")).map(String::as_str);
    let ri = |k: &str| get(&format!("rasterinfo.{k}"));
    let num = |k: &str, v: &str| -> Result<f64> {
        parse_dms(v).ok_or_else(|| Error::input(path, format!("{k} has invalid value {v:?}")))
    };
    let count = |k: &str| -> Result<i64> {
        let v = ri(k).ok_or_else(|| Error::input(path, format!("RasterInfo lacks {k}")))?;
        v.parse::<i64>()
            .map_err(|_| Error::input(path, format!("{k} has invalid value {v:?}")))
    };
    let ct = ri("celltype").ok_or_else(|| Error::input(path, "RasterInfo lacks CellType"))?;
    let cell_type = CellType::parse(ct)
        .ok_or_else(|| Error::input(path, format!("unsupported CellType {ct:?}")))?;
    let msb_first = match get("byteorder").map(str::to_ascii_lowercase).as_deref() {
        None | Some("msbfirst") => true,
        Some("lsbfirst") => false,
        Some(o) => return Err(Error::input(path, format!("invalid ByteOrder {o:?}"))),
    };
    let (lines, cells, bands) = (
        count("nroflines")?,
        count("nrofcellsperline")?,
        ri("nrofbands").map_or(Ok(1), |_| count("nrofbands"))?,
    );
    if lines <= 0
        || cells <= 0
        || !(1..=65535).contains(&bands)
        || (lines as u64)
            .saturating_mul(cells as u64)
            .saturating_mul(bands as u64)
            > MAX_CELLS
    {
        return Err(Error::input(
            path,
            format!("invalid raster size {cells} cells × {lines} lines × {bands} bands"),
        ));
    }
    let dim = |k: &str| -> Result<f64> {
        match ri(&format!("cellinfo.{k}")) {
            None => Ok(1.0),
            Some(v) => num(k, v),
        }
    };
    let (dx, dy) = (dim("xdimension")?, dim("ydimension")?);
    let reg = |k: &str| ri(&format!("registrationcoord.{k}"));
    let pair = [
        ("eastings", "northings"),
        ("longitude", "latitude"),
        ("metersx", "metersy"),
        ("meridianx", "meridiany"),
    ]
    .iter()
    .find_map(|(a, b)| Some((reg(a)?, reg(b)?)));
    let (ex, ny) = match pair {
        Some((a, b)) => (num("RegistrationCoord", a)?, num("RegistrationCoord", b)?),
        None => (0.0, 0.0),
    };
    let cell = |k: &str| ri(k).map_or(Ok(0.0), |v| num(k, v));
    let (rcx, rcy) = (cell("registrationcellx")?, cell("registrationcelly")?);
    if let Some(r) = get("coordinatespace.rotation") {
        let rot = num("Rotation", r)?;
        if rot != 0.0 {
            return Err(Error::input(
                path,
                format!("rotated ER Mapper datasets (Rotation = {r}) are not supported"),
            ));
        }
    }
    let geometry = GridGeometry::new(
        cells as usize,
        lines as usize,
        ex - rcx * dx,
        ny + rcy * dy,
        dx,
        dy,
    )
    .map_err(|e| e.at(path))?;
    let nodata = match ri("nullcellvalue") {
        Some(v) => Some(num("NullCellValue", v)?),
        None => None,
    };
    let epsg = crs::to_epsg(
        get("coordinatespace.datum").unwrap_or("RAW"),
        get("coordinatespace.projection").unwrap_or("RAW"),
    );
    let header_offset = match get("headeroffset") {
        Some(v) => Some(
            v.parse::<usize>()
                .map_err(|_| Error::input(path, format!("invalid HeaderOffset {v:?}")))?,
        ),
        None => None,
    };
    Ok(Header {
        cell_type,
        msb_first,
        lines: lines as usize,
        cells_per_line: cells as usize,
        bands: bands as usize,
        geometry,
        nodata,
        epsg,
        data_file: get("datafile").map(str::to_string),
        header_offset,
    })
}

/// A decimal number or ER Mapper's `d:m:s` angle (sign on the degrees).
fn parse_dms(s: &str) -> Option<f64> {
    let s = s.trim();
    if !s.contains(':') {
        return s.parse::<f64>().ok().filter(|x| x.is_finite());
    }
    let neg = s.starts_with('-');
    let mut parts = s.trim_start_matches(['-', '+']).split(':');
    let d: f64 = parts.next()?.trim().parse().ok()?;
    let m: f64 = parts.next().unwrap_or("0").trim().parse().ok()?;
    let sec: f64 = parts.next().unwrap_or("0").trim().parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    let v = d + m / 60.0 + sec / 3600.0;
    v.is_finite().then_some(if neg { -v } else { v })
}

/// Decode band 1 of the data bytes described by `h`.
pub fn decode(h: &Header, data: &[u8], path: &Path) -> Result<Grid> {
    let es = h.cell_type.size();
    let line_bytes = h.cells_per_line * es * h.bands;
    let need = line_bytes * h.lines;
    if data.len() < need {
        return Err(Error::input(
            path,
            format!(
                "header declares {} × {} cells × {} bands of {es} bytes ({need} bytes) but the data holds {} bytes",
                h.cells_per_line,
                h.lines,
                h.bands,
                data.len()
            ),
        ));
    }
    let n = h.lines * h.cells_per_line;
    let band = |r: usize| &data[r * line_bytes..r * line_bytes + h.cells_per_line * es];
    let values = match (h.cell_type, h.msb_first) {
        (CellType::F32, _) | (CellType::U8 | CellType::I8 | CellType::U16 | CellType::I16, _) => {
            let mut v = Vec::with_capacity(n);
            for r in 0..h.lines {
                v.extend(
                    band(r)
                        .chunks_exact(es)
                        .map(|c| h.cell_type.decode(c, h.msb_first) as f32),
                );
            }
            Values::F32(v)
        }
        _ => {
            let mut v = Vec::with_capacity(n);
            for r in 0..h.lines {
                v.extend(
                    band(r)
                        .chunks_exact(es)
                        .map(|c| h.cell_type.decode(c, h.msb_first)),
                );
            }
            Values::F64(v)
        }
    };
    let mut g = Grid::from_values(h.geometry, values).map_err(|e| e.at(path))?;
    if let Some(nd) = h.nodata {
        g.apply_nodata(nd);
    }
    if let Some(code) = h.epsg {
        g.crs = Some(Crs::from_epsg(code).map_err(|e| e.at(path))?);
    }
    Ok(g)
}

/// Write an `.ers` header and its raw data file (IEEE4ByteReal, LSBFirst), committed together.
pub fn write(path: &Path, grid: &Grid) -> Result<()> {
    let g = &grid.geometry;
    let bad = |m: String| Error::invalid(format!("{}: {m}", path.display()));
    if !g.is_north_up() {
        return Err(bad("lode does not write rotated ER Mapper datasets".into()));
    }
    let data_path = path.with_extension("");
    if data_path == path {
        return Err(bad("an ER Mapper header needs an extension (.ers)".into()));
    }
    let (datum, projection) = match &grid.crs {
        None => ("RAW", "RAW".to_string()),
        Some(c) => c.epsg().and_then(crs::from_epsg).ok_or_else(|| {
            bad(format!(
                "the CRS {c} has no ER Mapper datum/projection name; reproject the grid or choose another format"
            ))
        })?,
    };
    let nodata = crate::esri_ascii::choose_nodata(grid).map(|x| x as f32);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut t = String::new();
    let _ = (|| -> std::fmt::Result {
        writeln!(t, "DatasetHeader Begin")?;
        writeln!(t, "\tVersion\t= \"6.0\"")?;
        writeln!(t, "\tName\t= \"{name}\"")?;
        writeln!(t, "\tDataSetType\t= ERStorage")?;
        writeln!(t, "\tDataType\t= Raster")?;
        writeln!(t, "\tByteOrder\t= LSBFirst")?;
        writeln!(t, "\tCoordinateSpace Begin")?;
        writeln!(t, "\t\tDatum\t= \"{datum}\"")?;
        writeln!(t, "\t\tProjection\t= \"{projection}\"")?;
        let ctype = if projection == "RAW" { "RAW" } else { "EN" };
        writeln!(t, "\t\tCoordinateType\t= {ctype}")?;
        let units = if projection == "GEODETIC" {
            "DEGREES"
        } else {
            "METERS"
        };
        writeln!(t, "\t\tUnits\t= \"{units}\"")?;
        writeln!(t, "\t\tRotation\t= 0:0:0.0")?;
        writeln!(t, "\tCoordinateSpace End")?;
        writeln!(t, "\tRasterInfo Begin")?;
        writeln!(t, "\t\tCellType\t= IEEE4ByteReal")?;
        if let Some(nd) = nodata {
            writeln!(t, "\t\tNullCellValue\t= {}", crate::esri_ascii::fmt_f32(nd))?;
        }
        writeln!(t, "\t\tNrOfLines\t= {}", g.rows)?;
        writeln!(t, "\t\tNrOfCellsPerLine\t= {}", g.cols)?;
        writeln!(t, "\t\tNrOfBands\t= 1")?;
        writeln!(t, "\t\tCellInfo Begin")?;
        writeln!(t, "\t\t\tXdimension\t= {}", g.dx)?;
        writeln!(t, "\t\t\tYdimension\t= {}", g.dy)?;
        writeln!(t, "\t\tCellInfo End")?;
        writeln!(t, "\t\tRegistrationCellX\t= 0")?;
        writeln!(t, "\t\tRegistrationCellY\t= 0")?;
        writeln!(t, "\t\tRegistrationCoord Begin")?;
        let (kx, ky) = if ctype == "RAW" {
            ("MetersX", "MetersY")
        } else {
            ("Eastings", "Northings")
        };
        writeln!(t, "\t\t\t{kx}\t= {}", g.x0)?;
        writeln!(t, "\t\t\t{ky}\t= {}", g.y0)?;
        writeln!(t, "\t\tRegistrationCoord End")?;
        writeln!(t, "\tRasterInfo End")?;
        writeln!(t, "DatasetHeader End")
    })();
    let mut data = Vec::with_capacity(g.len() * 4);
    for x in grid.values.as_f32().iter() {
        let v = match (x.is_nan(), nodata) {
            (true, Some(nd)) => nd,
            _ => *x,
        };
        data.extend_from_slice(&v.to_le_bytes());
    }
    let mut set = AtomicSet::new();
    set.write_bytes(&data_path, &data)?;
    set.write_bytes(path, t.as_bytes())?;
    set.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dms() {
        assert_eq!(parse_dms("0:0:0.0"), Some(0.0));
        assert_eq!(parse_dms("-33:30:0"), Some(-33.5));
        assert_eq!(parse_dms("12.25"), Some(12.25));
        assert_eq!(parse_dms("a:b"), None);
    }
}
