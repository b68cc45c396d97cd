//! Value checks: empty datasets, units, nodata fraction, constant values and tiny grids.

use lode_core::{Grid, SurveyData, VectorLayer};

use super::{Finding, Severity};

/// Nodata fraction above which a warning is given (20 %).
pub const NODATA_WARN: f64 = 0.20;
/// Grids with fewer rows or columns than this are too small for the spatial checks.
pub const TINY_GRID: usize = 5;

/// Column names (lowercase) that are bookkeeping or coordinates, not measured values.
const NOT_VALUES: &[&str] = &[
    "line",
    "lineno",
    "line_no",
    "line_number",
    "flight",
    "flt",
    "fid",
    "fiducial",
    "time",
    "utc",
    "gpstime",
    "gps_time",
    "date",
    "year",
    "month",
    "day",
    "id",
    "x",
    "y",
    "east",
    "easting",
    "north",
    "northing",
    "lon",
    "long",
    "longitude",
    "lat",
    "latitude",
    "e",
    "n",
    "point",
    "station",
    "tie",
    "type",
    "index",
];

/// Indices of the survey columns that hold measured values (all but the coordinates and the
/// bookkeeping columns: line, fiducial, time, date, …).
pub fn value_columns(s: &SurveyData) -> Vec<usize> {
    (0..s.names.len())
        .filter(|&j| j != s.x && j != s.y)
        .filter(|&j| !NOT_VALUES.contains(&s.names[j].trim().to_ascii_lowercase().as_str()))
        .collect()
}

fn pct(f: f64) -> String {
    format!("{:.1} %", 100.0 * f)
}

fn nodata_finding(file: &str, what: &str, missing: usize, total: usize) -> Option<Finding> {
    if total == 0 {
        return None;
    }
    let frac = missing as f64 / total as f64;
    if missing == total {
        return Some(Finding::new(
            file,
            "nodata-fraction",
            Severity::Error,
            format!("{what}: every value ({total}) is nodata"),
            "The file holds no data: check the nodata value in the header (it may equal the data) or ask for a re-export.",
        ));
    }
    (frac > NODATA_WARN).then(|| {
        Finding::new(
            file,
            "nodata-fraction",
            Severity::Warning,
            format!("{what}: {} nodata ({missing} of {total} values)", pct(frac)),
            "Check that the survey outline explains the gaps; if not, the nodata value may be wrong or the data truncated — ask the contractor.",
        )
    })
}

/// Units, nodata fraction, constant grid and tiny grid.
pub fn check_grid_values(file: &str, g: &Grid) -> Vec<Finding> {
    let mut out = Vec::new();
    let st = g.stats();
    let total = g.geometry.len();
    if g.units.as_deref().is_none_or(|u| u.trim().is_empty()) {
        let field = g
            .field
            .as_deref()
            .map(|f| format!(" (field {f:?})"))
            .unwrap_or_default();
        out.push(Finding::new(
            file,
            "units-missing",
            Severity::Warning,
            format!("the grid's units are not stated{field}"),
            "Confirm the units (nT, mGal, ppm, cps, …) with the contractor and record them; filters and models need them.",
        ));
    }
    out.extend(nodata_finding(file, "grid", st.nodata, total));
    if st.valid >= 2 && st.max == st.min {
        out.push(Finding::new(
            file,
            "constant-grid",
            Severity::Error,
            format!("all {} valid cells equal {}", st.valid, st.min),
            "A constant grid carries no information: probably an export failure or a wrong nodata value; ask for a re-export.",
        ));
    }
    if g.rows() < TINY_GRID || g.cols() < TINY_GRID {
        out.push(Finding::new(
            file,
            "tiny-grid",
            Severity::Warning,
            format!(
                "the grid has only {} columns × {} rows; spike and corrugation checks need at least {TINY_GRID} × {TINY_GRID}",
                g.cols(),
                g.rows()
            ),
            "Check that this is the intended grid (not a thumbnail or a header-only export).",
        ));
    }
    out
}

/// Empty survey, units of the value columns, nodata fraction of coordinates and values, constant
/// columns.
pub fn check_survey_values(file: &str, s: &SurveyData) -> Vec<Finding> {
    let mut out = Vec::new();
    let n = s.len();
    if n == 0 {
        out.push(Finding::new(
            file,
            "empty",
            Severity::Error,
            "the file holds no data points",
            "Ask the contractor for a complete export.",
        ));
        return out;
    }
    let bad_xy = s
        .xs()
        .iter()
        .zip(s.ys())
        .filter(|(x, y)| !x.is_finite() || !y.is_finite())
        .count();
    out.extend(nodata_finding(file, "coordinates", bad_xy, n));
    let cols = value_columns(s);
    let no_units: Vec<&str> = cols
        .iter()
        .filter(|&&j| {
            s.units
                .get(j)
                .is_none_or(|u| u.as_deref().is_none_or(|u| u.trim().is_empty()))
        })
        .map(|&j| s.names[j].as_str())
        .collect();
    if !no_units.is_empty() {
        let shown: Vec<&str> = no_units.iter().take(8).copied().collect();
        let more = if no_units.len() > 8 {
            format!(" and {} more", no_units.len() - 8)
        } else {
            String::new()
        };
        out.push(Finding::new(
            file,
            "units-missing",
            Severity::Info,
            format!(
                "units are not stated for {} column(s): {}{more}",
                no_units.len(),
                shown.join(", ")
            ),
            "Take the units from the survey's logistics report (or the ASEG-GDF .dfn) and record them.",
        ));
    }
    for &j in &cols {
        let c = &s.columns[j];
        let missing = c.iter().filter(|v| !v.is_finite()).count();
        out.extend(nodata_finding(
            file,
            &format!("column {}", s.names[j]),
            missing,
            n,
        ));
        let mut it = c.iter().filter(|v| v.is_finite());
        if let Some(&first) = it.next() {
            if n - missing >= 2 && it.all(|&v| v == first) {
                out.push(Finding::new(
                    file,
                    "constant-column",
                    Severity::Info,
                    format!("column {} is constant ({first}) over {} points", s.names[j], n - missing),
                    "Ignore it if it is a flag or a setting; otherwise the channel failed or was not exported.",
                ));
            }
        }
    }
    out
}

/// Empty layer.
pub fn check_vector(file: &str, v: &VectorLayer) -> Vec<Finding> {
    if v.features.iter().all(|f| f.geometry.is_none()) {
        return vec![Finding::new(
            file,
            "empty",
            Severity::Error,
            format!("the layer has {} features and none has a geometry", v.len()),
            "Ask the contractor for a complete export.",
        )];
    }
    Vec::new()
}
