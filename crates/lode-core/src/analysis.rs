//! The analysis grid: the CRS, cell size and extent onto which every layer of a project is harmonised.

use crate::{Crs, GridGeometry};

/// CRS + grid geometry shared by all layers of a project.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisGrid {
    pub crs: Crs,
    pub geometry: GridGeometry,
}
