//! Gridding of scattered and line data: block-mean pre-processing, minimum curvature with
//! tension (Smith & Wessel 1990, as GMT `surface`), bi-directional (anisotropic) gridding along
//! flight lines, and blanking far from data.

pub mod akima;
pub mod bigrid;
pub mod blank;
pub mod blockmean;
pub mod idw;
pub mod mincurv;

pub use bigrid::{grid_lines_bidirectional, BigridParams, LineGeometry};
pub use blank::blank_far_from_data;
pub use blockmean::block_mean;
pub use mincurv::{grid_points, SurfaceParams};
