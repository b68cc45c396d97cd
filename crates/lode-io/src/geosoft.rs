//! Geosoft Oasis montaj grids (.grd).

use std::path::Path;

use lode_core::{Error, Grid, Result};

/// True when the first bytes look like a Geosoft grid header.
pub fn looks_like_geosoft(_head: &[u8]) -> bool {
    false
}

/// Read a Geosoft grid.
pub fn read(path: &Path) -> Result<Grid> {
    Err(Error::input(path, "reader not implemented yet"))
}

/// Write a Geosoft grid (uncompressed float).
pub fn write(path: &Path, _grid: &Grid) -> Result<()> {
    Err(Error::invalid(format!("{}: writer not implemented yet", path.display())))
}
