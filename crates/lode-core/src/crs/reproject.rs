//! Reprojection of grids and vector layers.

use crate::{Crs, Error, Grid, Result, VectorLayer};

/// Resampling method for grid reprojection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resampling {
    Nearest,
    Bilinear,
    Cubic,
}

impl Resampling {
    /// Parse `nearest`, `bilinear` or `cubic`.
    pub fn parse(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "nearest" | "near" => Ok(Resampling::Nearest),
            "bilinear" | "linear" => Ok(Resampling::Bilinear),
            "cubic" | "bicubic" => Ok(Resampling::Cubic),
            _ => Err(Error::invalid(format!(
                "unknown resampling {s:?} (nearest, bilinear or cubic)"
            ))),
        }
    }
}

/// Reproject (and/or resample) a grid to `target` CRS and `cell` size.
pub fn reproject_grid(
    _grid: &Grid,
    _target: Option<&Crs>,
    _cell: Option<f64>,
    _resampling: Resampling,
) -> Result<Grid> {
    Err(Error::internal("grid reprojection not implemented yet"))
}

/// Reproject every geometry of a layer to `target`, in place.
pub fn reproject_layer(_layer: &mut VectorLayer, _target: &Crs) -> Result<()> {
    Err(Error::internal("vector reprojection not implemented yet"))
}
