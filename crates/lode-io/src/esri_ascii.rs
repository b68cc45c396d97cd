//! ESRI ASCII grid (.asc, "Arc/Info ASCII Grid") with its .prj sidecar.
//!
//! Header keys (case-insensitive): `ncols`, `nrows`, `xllcorner`|`xllcenter`,
//! `yllcorner`|`yllcenter`, `cellsize` (or GDAL's `dx` + `dy`), optional `NODATA_value`; then
//! `nrows` rows of `ncols` values, north row first (ESRI, "ESRI ASCII raster format", ArcGIS
//! documentation). Cells are areas, so the geometry maps directly onto lode's convention.
//! Values are read as f32 unless a value carries more than 9 significant digits (then f64).
//! f32 values are written as their shortest round-trip decimal; f64 values that are not exact
//! f32s with 17 significant digits, so both read back exactly.

use std::io::Write;
use std::path::Path;

use lode_core::atomic::AtomicSet;
use lode_core::grid::MAX_CELLS;
use lode_core::{Crs, Error, Grid, GridGeometry, Result, Values};

/// Read a grid and the CRS of its .prj sidecar.
pub fn read(path: &Path) -> Result<Grid> {
    let bytes = std::fs::read(path).map_err(|e| Error::read_io(path, e))?;
    let mut g = parse(&bytes, path)?;
    g.crs = read_crs(path)?;
    Ok(g)
}

/// Parse the bytes of an ESRI ASCII grid (without its .prj); `path` names the file in errors.
pub fn parse(bytes: &[u8], path: &Path) -> Result<Grid> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| Error::input(path, "ESRI ASCII grid is not UTF-8/ASCII text"))?;
    let mut tokens = text.split_ascii_whitespace().peekable();
    let mut h = Header::default();
    while let Some(&key) = tokens.peek() {
        if key.parse::<f64>().is_ok() || key.eq_ignore_ascii_case("nan") {
            break;
        }
        tokens.next();
        let value = tokens
            .next()
            .ok_or_else(|| Error::input(path, format!("header key {key:?} has no value")))?;
        h.set(key, value, path)?;
    }
    let geometry = h.geometry(path)?;
    let n = geometry.len();
    // Every value takes at least 2 bytes (a digit and a separator).
    if n as u64 > bytes.len() as u64 / 2 + 1 {
        return Err(Error::input(
            path,
            format!(
                "header declares {} × {} cells but the file holds only {} bytes",
                geometry.cols,
                geometry.rows,
                bytes.len()
            ),
        ));
    }
    let data: Vec<&str> = tokens.collect();
    if data.len() != n {
        return Err(Error::input(
            path,
            format!(
                "header declares {} × {} = {n} values but the file holds {}",
                geometry.cols,
                geometry.rows,
                data.len()
            ),
        ));
    }
    let values = parse_values(&data, path)?;
    let mut grid = Grid::from_values(geometry, values).map_err(|e| e.at(path))?;
    if let Some(nd) = h.nodata {
        grid.apply_nodata(nd);
    }
    Ok(grid)
}

/// Parse value tokens: f32 unless a token has more than 9 significant digits (then f64).
pub(crate) fn parse_values(data: &[&str], path: &Path) -> Result<Values> {
    let bad = |t: &str| Error::input(path, format!("invalid grid value {t:?}"));
    if data.iter().any(|t| significant_digits(t) > 9) {
        let v = data
            .iter()
            .map(|t| t.parse::<f64>().map_err(|_| bad(t)))
            .collect::<Result<Vec<_>>>()?;
        return Ok(Values::F64(v));
    }
    let v = data
        .iter()
        .map(|t| t.parse::<f32>().map_err(|_| bad(t)))
        .collect::<Result<Vec<_>>>()?;
    Ok(Values::F32(v))
}

/// Number of significant digits of a decimal token (mantissa only).
fn significant_digits(t: &str) -> usize {
    let mantissa = t.split(['e', 'E']).next().unwrap_or("");
    let digits = mantissa.bytes().filter(u8::is_ascii_digit);
    digits.skip_while(|&d| d == b'0').count()
}

#[derive(Default)]
struct Header {
    ncols: Option<i64>,
    nrows: Option<i64>,
    xll: Option<(f64, bool)>,
    yll: Option<(f64, bool)>,
    cellsize: Option<f64>,
    dx: Option<f64>,
    dy: Option<f64>,
    nodata: Option<f64>,
}

impl Header {
    fn set(&mut self, key: &str, value: &str, path: &Path) -> Result<()> {
        let num = || -> Result<f64> {
            value.parse::<f64>().map_err(|_| {
                Error::input(path, format!("header {key} has invalid value {value:?}"))
            })
        };
        let int = || -> Result<i64> {
            value.parse::<i64>().map_err(|_| {
                Error::input(path, format!("header {key} has invalid value {value:?}"))
            })
        };
        match key.to_ascii_lowercase().as_str() {
            "ncols" => self.ncols = Some(int()?),
            "nrows" => self.nrows = Some(int()?),
            "xllcorner" => self.xll = Some((num()?, false)),
            "xllcenter" => self.xll = Some((num()?, true)),
            "yllcorner" => self.yll = Some((num()?, false)),
            "yllcenter" => self.yll = Some((num()?, true)),
            "cellsize" => self.cellsize = Some(num()?),
            "dx" => self.dx = Some(num()?),
            "dy" => self.dy = Some(num()?),
            "nodata_value" => self.nodata = Some(num()?),
            _ => {
                return Err(Error::input(
                    path,
                    format!("unknown ESRI ASCII header key {key:?}"),
                ))
            }
        }
        Ok(())
    }

    fn geometry(&self, path: &Path) -> Result<GridGeometry> {
        let missing = |k: &str| Error::input(path, format!("ESRI ASCII header lacks {k}"));
        let ncols = self.ncols.ok_or_else(|| missing("ncols"))?;
        let nrows = self.nrows.ok_or_else(|| missing("nrows"))?;
        if ncols <= 0 || nrows <= 0 || (ncols as u64).saturating_mul(nrows as u64) > MAX_CELLS {
            return Err(Error::input(
                path,
                format!("invalid grid size {ncols} × {nrows}"),
            ));
        }
        let (dx, dy) = match (self.cellsize, self.dx, self.dy) {
            (Some(c), _, _) => (c, c),
            (None, Some(dx), Some(dy)) => (dx, dy),
            _ => return Err(missing("cellsize (or dx and dy)")),
        };
        if !(dx.is_finite() && dy.is_finite() && dx > 0.0 && dy > 0.0) {
            return Err(Error::input(path, format!("invalid cell size {dx} × {dy}")));
        }
        let (xll, xc) = self.xll.ok_or_else(|| missing("xllcorner or xllcenter"))?;
        let (yll, yc) = self.yll.ok_or_else(|| missing("yllcorner or yllcenter"))?;
        let x0 = if xc { xll - dx / 2.0 } else { xll };
        let ybottom = if yc { yll - dy / 2.0 } else { yll };
        let y0 = ybottom + nrows as f64 * dy;
        GridGeometry::new(ncols as usize, nrows as usize, x0, y0, dx, dy).map_err(|e| e.at(path))
    }
}

/// The CRS of the .prj beside `path`. WKT that lode-core cannot map is tried against the
/// common ESRI names ([`crs_from_esri_name`]) before it is reported as an error.
pub(crate) fn read_crs(path: &Path) -> Result<Option<Crs>> {
    match crate::prj::read_prj(path) {
        Ok(c) => Ok(c),
        Err(e) => {
            let text = std::fs::read_to_string(crate::prj::prj_path(path)).unwrap_or_default();
            match crs_from_esri_name(&text) {
                Some(c) => Ok(Some(c)),
                None => Err(e),
            }
        }
    }
}

/// EPSG code of a .prj whose outer name is a well-known ESRI name: `WGS_1984_UTM_Zone_33N`
/// (326zz/327zz), `GDA_1994_MGA_Zone_55` (283zz), `GDA2020_MGA_Zone_55` (78zz),
/// `NAD_1983_UTM_Zone_10N` (269zz), `ETRS_1989_UTM_Zone_32N` (258zz), `GCS_WGS_1984` (4326),
/// `GCS_GDA_1994` (4283), `GCS_North_American_1983` (4269).
pub fn esri_name_to_epsg(wkt: &str) -> Option<u32> {
    let start = wkt.find('"')? + 1;
    let end = start + wkt[start..].find('"')?;
    let name = wkt[start..end].to_ascii_uppercase();
    let zone = |prefix: &str| -> Option<(u32, char)> {
        let rest = name.strip_prefix(prefix)?;
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let hemi = rest[digits.len()..].chars().next().unwrap_or(' ');
        Some((digits.parse().ok()?, hemi))
    };
    match name.as_str() {
        "GCS_WGS_1984" => return Some(4326),
        "GCS_GDA_1994" => return Some(4283),
        "GCS_GDA2020" => return Some(7844),
        "GCS_NORTH_AMERICAN_1983" => return Some(4269),
        _ => {}
    }
    if let Some((z, h)) = zone("WGS_1984_UTM_ZONE_") {
        if (1..=60).contains(&z) {
            return match h {
                'N' => Some(32600 + z),
                'S' => Some(32700 + z),
                _ => None,
            };
        }
    }
    if let Some((z, _)) = zone("GDA_1994_MGA_ZONE_") {
        return (46..=59).contains(&z).then_some(28300 + z);
    }
    if let Some((z, _)) = zone("GDA2020_MGA_ZONE_") {
        return (46..=59).contains(&z).then_some(7800 + z);
    }
    if let Some((z, 'N')) = zone("NAD_1983_UTM_ZONE_") {
        return (1..=23).contains(&z).then_some(26900 + z);
    }
    if let Some((z, 'N')) = zone("ETRS_1989_UTM_ZONE_") {
        return (28..=38).contains(&z).then_some(25800 + z);
    }
    None
}

fn crs_from_esri_name(wkt: &str) -> Option<Crs> {
    Crs::from_epsg(esri_name_to_epsg(wkt)?).ok()
}

/// Write the grid and, when it has a CRS, its .prj; both files are committed together.
pub fn write(path: &Path, grid: &Grid) -> Result<()> {
    let g = &grid.geometry;
    if !g.is_north_up() {
        return Err(Error::invalid(format!(
            "{}: ESRI ASCII grids cannot hold a rotated grid",
            path.display()
        )));
    }
    let nodata = choose_nodata(grid);
    let mut set = AtomicSet::new();
    set.write(path, |w| {
        write_body(w, grid, nodata).map_err(|e| Error::write_io(path, e))
    })?;
    crate::prj::write_prj(&mut set, path, grid.crs.as_ref())?;
    set.commit()
}

fn write_body(w: &mut impl Write, grid: &Grid, nodata: Option<f64>) -> std::io::Result<()> {
    let g = &grid.geometry;
    writeln!(w, "ncols        {}", g.cols)?;
    writeln!(w, "nrows        {}", g.rows)?;
    writeln!(w, "xllcorner    {}", g.x0)?;
    writeln!(w, "yllcorner    {}", g.y0 - g.rows as f64 * g.dy)?;
    if g.dx == g.dy {
        writeln!(w, "cellsize     {}", g.dx)?;
    } else {
        writeln!(w, "dx           {}", g.dx)?;
        writeln!(w, "dy           {}", g.dy)?;
    }
    if let Some(nd) = nodata {
        writeln!(w, "NODATA_value {}", fmt_f64(nd))?;
    }
    let nd = nodata.map(fmt_f64).unwrap_or_default();
    let mut line = String::new();
    for r in 0..g.rows {
        line.clear();
        for c in 0..g.cols {
            if c > 0 {
                line.push(' ');
            }
            let i = r * g.cols + c;
            match &grid.values {
                Values::F32(v) if !v[i].is_nan() => line.push_str(&fmt_f32(v[i])),
                Values::F64(v) if !v[i].is_nan() => line.push_str(&fmt_value_f64(v[i])),
                _ => line.push_str(&nd),
            }
        }
        line.push('\n');
        w.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// A no-data value for writing: the grid's own when finite and unused, else −9999, −99999,
/// or −3.4028235e38 — the first that no valid value equals. None when there are no NaNs.
pub(crate) fn choose_nodata(grid: &Grid) -> Option<f64> {
    let v = grid.values_f64();
    if !v.iter().any(|x| x.is_nan()) {
        return None;
    }
    let candidates =
        grid.nodata
            .filter(|x| x.is_finite())
            .into_iter()
            .chain([-9999.0, -99999.0, -3.4028235e38]);
    for c in candidates {
        if grid.values.is_f32() && (c as f32) as f64 != c {
            continue;
        }
        if !v.contains(&c) {
            return Some(c);
        }
    }
    Some(f64::from(f32::MIN))
}

/// Shortest decimal that parses back to exactly `x` (scientific notation outside 1e-5..1e15).
pub(crate) fn fmt_f32(x: f32) -> String {
    let a = x.abs();
    if a == 0.0 || (1e-5..1e15).contains(&a) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// Shortest decimal that parses back to exactly `x` (scientific notation outside 1e-5..1e15).
pub(crate) fn fmt_f64(x: f64) -> String {
    let a = x.abs();
    if a == 0.0 || (1e-5..1e15).contains(&a) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// A data value of an f64 grid: the shortest f32 decimal when the value is an exact f32 (read back
/// as f32), else 17 significant digits, which [`parse_values`] reads back as the same f64.
pub(crate) fn fmt_value_f64(x: f64) -> String {
    if (x as f32) as f64 == x {
        fmt_f32(x as f32)
    } else {
        format!("{x:.16e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortest_repr_round_trips() {
        for x in [
            0.1f32,
            1.0 / 3.0,
            -1e-30,
            3.4028235e38,
            16777217.0,
            1e-7,
            123456.79,
        ] {
            assert_eq!(fmt_f32(x).parse::<f32>().unwrap(), x);
        }
    }

    #[test]
    fn f64_values_read_back_exactly() {
        for x in [1234567.8f64, 0.1, 1.0 / 3.0, 0.5, -1e300, 16777217.0] {
            let t = fmt_value_f64(x);
            let v = parse_values(&[t.as_str()], Path::new("t")).unwrap();
            assert_eq!(v.get(0), x, "{t}");
        }
    }

    #[test]
    fn esri_names() {
        let w = r#"PROJCS["WGS_1984_UTM_Zone_33N",GEOGCS["GCS_WGS_1984"]]"#;
        assert_eq!(esri_name_to_epsg(w), Some(32633));
        assert_eq!(
            esri_name_to_epsg(r#"PROJCS["GDA_1994_MGA_Zone_55",X]"#),
            Some(28355)
        );
        assert_eq!(esri_name_to_epsg(r#"GEOGCS["GCS_WGS_1984",X]"#), Some(4326));
        assert_eq!(esri_name_to_epsg(r#"PROJCS["Lambert",X]"#), None);
    }
}
