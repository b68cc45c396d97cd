//! Any dataset a partner may deliver.

use crate::{Crs, Grid, SurveyData, VectorLayer};

/// A dataset as read from a file: a grid, survey points/lines, or vector features.
#[derive(Debug, Clone)]
pub enum Dataset {
    Grid(Grid),
    Points(SurveyData),
    Vector(VectorLayer),
}

impl Dataset {
    /// "grid", "points" or "vector".
    pub fn kind(&self) -> &'static str {
        match self {
            Dataset::Grid(_) => "grid",
            Dataset::Points(_) => "points",
            Dataset::Vector(_) => "vector",
        }
    }

    /// The dataset's CRS, when known.
    pub fn crs(&self) -> Option<&Crs> {
        match self {
            Dataset::Grid(g) => g.crs.as_ref(),
            Dataset::Points(p) => p.crs.as_ref(),
            Dataset::Vector(v) => v.crs.as_ref(),
        }
    }

    /// Extent [xmin, ymin, xmax, ymax].
    pub fn extent(&self) -> Option<[f64; 4]> {
        match self {
            Dataset::Grid(g) => Some(g.geometry.extent()),
            Dataset::Points(p) => p.extent(),
            Dataset::Vector(v) => v.extent(),
        }
    }
}
