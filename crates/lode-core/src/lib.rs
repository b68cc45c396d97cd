//! lode-core: the data model every other lode crate shares.
//!
//! - [`Grid`]: one georeferenced regular grid type (f32 or f64 values, NaN = no data).
//! - [`VectorLayer`]: points, lines and polygons with typed attributes.
//! - [`SurveyData`]: point and flight-line survey data (x, y, value columns, line identifiers).
//! - [`Crs`]: coordinate reference systems and transformations.
//! - [`Error`]: the error type whose kind decides the process exit code.
//! - [`atomic`]: write-to-temporary-then-rename for every output file.

pub mod analysis;
pub mod atomic;
pub mod crs;
pub mod dataset;
pub mod error;
pub mod grid;
pub mod meta;
pub mod stats;
pub mod survey;
pub mod vector;

pub use analysis::AnalysisGrid;
pub use crs::Crs;
pub use dataset::Dataset;
pub use error::{Error, Result};
pub use grid::{Grid, GridGeometry, Values};
pub use meta::SurveyMeta;
pub use stats::GridStats;
pub use survey::SurveyData;
pub use vector::{
    points_extent, union_extent, AttrValue, Feature, FieldDef, FieldKind, VectorLayer,
};
