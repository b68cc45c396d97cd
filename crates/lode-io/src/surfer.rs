//! Surfer grids: 6 ASCII (DSAA), 6 binary (DSBB) and 7 binary (DSRB).

use std::path::Path;

use lode_core::{Error, Grid, Result};

/// Read any Surfer grid.
pub fn read(path: &Path) -> Result<Grid> {
    Err(Error::input(path, "reader not implemented yet"))
}

/// Write Surfer 6 ASCII (DSAA).
pub fn write_ascii(path: &Path, _grid: &Grid) -> Result<()> {
    Err(Error::invalid(format!("{}: writer not implemented yet", path.display())))
}

/// Write Surfer 6 binary (DSBB).
pub fn write_6(path: &Path, _grid: &Grid) -> Result<()> {
    Err(Error::invalid(format!("{}: writer not implemented yet", path.display())))
}

/// Write Surfer 7 binary (DSRB).
pub fn write_7(path: &Path, _grid: &Grid) -> Result<()> {
    Err(Error::invalid(format!("{}: writer not implemented yet", path.display())))
}
