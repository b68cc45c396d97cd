//! CSV / XYZ survey data: delimited text with a header (or without), column selection and a
//! line-number column.

use std::path::Path;

use lode_core::{Crs, Error, Result, SurveyData};

/// Which columns of survey data are what.
#[derive(Debug, Clone, Default)]
pub struct SurveyOptions {
    /// Name (or 0-based index) of the x column; default: the first of x, easting, east, lon, longitude.
    pub x: Option<String>,
    /// Name (or index) of the y column; default: the first of y, northing, north, lat, latitude.
    pub y: Option<String>,
    /// Name (or index) of the value column.
    pub z: Option<String>,
    /// Name (or index) of the line identifier column.
    pub line: Option<String>,
    /// CRS of the coordinates, when the file does not say.
    pub crs: Option<Crs>,
}

/// Read survey data.
pub fn read(path: &Path, _opts: &SurveyOptions) -> Result<SurveyData> {
    Err(Error::input(path, "reader not implemented yet"))
}
