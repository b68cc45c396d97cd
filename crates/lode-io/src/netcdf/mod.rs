//! netCDF grids: reads classic (CDF-1), 64-bit offset (CDF-2), 64-bit data (CDF-5) and
//! netCDF-4/HDF5 files as GMT 6, GDAL and CF-writing tools produce them; writes netCDF-3
//! classic following COARDS/CF-1.7 that GMT (`grdinfo`) and GDAL (`gdalinfo`) read with the
//! same geometry and values.
//!
//! Reading finds the grid variable (two dimensions named x/y, lon/lat, longitude/latitude,
//! easting/northing or tagged by their coordinate variables' `axis`, `standard_name` or
//! degree `units`; else the first 2-D variable), takes cell centres from its coordinate
//! variables, refined by GMT's `actual_range` and `node_offset` (1 = pixel registration,
//! where `actual_range` holds the outer cell edges), handles y and x in either order and
//! direction, applies `_Unsigned`, `_FillValue`/`missing_value`/`valid_range` (→ NaN) and
//! `scale_factor`/`add_offset` (CF 1.7 §2.5.1, §8.1), and reads the CRS from the grid
//! mapping (`crs_wkt`/`spatial_ref` WKT, proj string, or CF parameters, Appendix F), with
//! EPSG:4326 for longitude/latitude axes in degrees when nothing better is given.
//!
//! Writing puts cell centres in `x`/`y` (`lon`/`lat` for geographic grids) as gridline
//! registration, rows south to north, values in a `z` variable of the grid's precision
//! (float or double) with `_FillValue` NaN, and a `crs` grid-mapping variable with
//! `crs_wkt`/`spatial_ref`, a proj string and GDAL's `GeoTransform`.

mod cf;
mod read;
mod write;

use std::path::Path;

use lode_core::{Error, Grid, Result};

/// Read the grid of a netCDF file (the variable is found as the module documentation says).
pub fn read(path: &Path) -> Result<Grid> {
    read_opt(path, None)
}

/// Read the 2-D variable `name` of a netCDF file as a grid.
pub fn read_variable(path: &Path, name: &str) -> Result<Grid> {
    read_opt(path, Some(name))
}

fn read_opt(path: &Path, name: Option<&str>) -> Result<Grid> {
    let bytes = std::fs::read(path).map_err(|e| Error::read_io(path, e))?;
    read::parse(bytes, path, name)
}

/// Parse netCDF bytes; `path` names the source in errors.
pub fn parse(bytes: &[u8], path: &Path) -> Result<Grid> {
    read::parse(bytes.to_vec(), path, None)
}

/// Parse the 2-D variable `name` (or the grid variable when `None`) from netCDF bytes.
pub fn parse_variable(bytes: &[u8], path: &Path, name: Option<&str>) -> Result<Grid> {
    read::parse(bytes.to_vec(), path, name)
}

/// Write a grid as netCDF-3 classic (COARDS/CF-1.7), atomically. Rotated grids are refused.
pub fn write(path: &Path, grid: &Grid) -> Result<()> {
    write::write(path, grid)
}

/// The bytes [`write`] writes.
pub fn to_bytes(grid: &Grid) -> Result<Vec<u8>> {
    write::to_bytes(grid)
}
