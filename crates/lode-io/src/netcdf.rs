//! netCDF grids as GMT writes them (classic and netCDF-4/HDF5); writes netCDF-3 COARDS/CF.

use std::path::Path;

use lode_core::{Error, Grid, Result};

/// Read a grid.
pub fn read(path: &Path) -> Result<Grid> {
    Err(Error::input(path, "reader not implemented yet"))
}

/// Write a grid.
pub fn write(path: &Path, _grid: &Grid) -> Result<()> {
    Err(Error::invalid(format!("{}: writer not implemented yet", path.display())))
}
