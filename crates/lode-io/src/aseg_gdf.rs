//! ASEG-GDF2 survey data: a .dfn definition file and a fixed-width .dat data file.

use std::path::Path;

use lode_core::{Error, Result, SurveyData};

use crate::SurveyOptions;

/// Read ASEG-GDF2 data (path to the .dat or the .dfn).
pub fn read(path: &Path, _opts: &SurveyOptions) -> Result<SurveyData> {
    Err(Error::input(path, "reader not implemented yet"))
}
