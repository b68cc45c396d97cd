//! Survey metadata carried by grids and survey data.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Acquisition metadata: what a partner states about a survey.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SurveyMeta {
    /// Survey date, ISO 8601 (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Sensor height above ground (terrain clearance), metres.
    pub sensor_height_m: Option<f64>,
    /// Flight-line spacing, metres.
    pub line_spacing_m: Option<f64>,
    /// Any other key/value pairs found in the file (kept for round trips).
    pub extra: BTreeMap<String, String>,
}
