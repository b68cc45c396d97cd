//! GeoJSON (RFC 7946) features.

use std::path::Path;

use lode_core::{Error, Result, VectorLayer};

/// Read a vector layer.
pub fn read(path: &Path) -> Result<VectorLayer> {
    Err(Error::input(path, "reader not implemented yet"))
}

/// Write a vector layer.
pub fn write(path: &Path, _layer: &VectorLayer) -> Result<()> {
    Err(Error::invalid(format!("{}: writer not implemented yet", path.display())))
}
