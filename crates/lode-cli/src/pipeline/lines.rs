//! Magnetic line data to a grid: tie-line levelling (lines whose name starts with `T` are ties)
//! and minimum-curvature gridding with tension 0.25, blanked beyond 2.5 line spacings.

use std::path::Path;

use lode_core::{Crs, Error, Grid, Result};
use lode_geophys::gridding::{grid_points, SurfaceParams};
use lode_geophys::levelling::{level_tie_lines, LevellingReport};
use lode_io::SurveyOptions;

/// Level and grid the `value` column of line data at `cell` m.
pub fn level_and_grid(
    lines: &Path,
    value: &str,
    crs: &Crs,
    cell: f64,
) -> Result<(Grid, LevellingReport)> {
    let opts = SurveyOptions {
        z: Some(value.into()),
        line: Some("line".into()),
        crs: Some(crs.clone()),
        ..Default::default()
    };
    let s = lode_io::read_survey(lines, &opts)?;
    let line = s
        .line
        .as_ref()
        .ok_or_else(|| Error::input(lines, "has no line column"))?;
    let zi = s
        .column_index(value)
        .ok_or_else(|| Error::input(lines, format!("no column {value:?}")))?;
    let is_tie: Vec<bool> = s.line_names.iter().map(|n| n.starts_with('T')).collect();
    let (levelled, report) = level_tie_lines(s.xs(), s.ys(), &s.columns[zi], line, &is_tie, 1)
        .map_err(|e| e.at(lines))?;
    let mut p = SurfaceParams::new(cell);
    p.tension = 0.25;
    p.blank = Some(2.5 * s.meta.line_spacing_m.unwrap_or(200.0).max(cell));
    let mut g = grid_points(s.xs(), s.ys(), &levelled, &p).map_err(|e| e.at(lines))?;
    g.crs = Some(crs.clone());
    g.units = Some("nT".into());
    g.field = Some("total_field_anomaly_levelled".into());
    g.meta = s.meta.clone();
    Ok((g, report))
}
