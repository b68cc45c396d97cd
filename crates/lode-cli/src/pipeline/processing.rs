//! Processing of a magnetic delivery: tie-line levelling of the line data, minimum-curvature
//! gridding, and the standard transforms an interpreter looks at.

use std::path::{Path, PathBuf};

use lode_core::{Crs, Error, Grid, Result};
use lode_geophys::gridding::{grid_points, SurfaceParams};
use lode_geophys::levelling::{level_tie_lines, LevellingReport};
use lode_geophys::transforms::{apply_chain, Direction, Op, TransformOptions};
use lode_io::SurveyOptions;

/// What the magnetic processing produced.
pub struct MagProcessing {
    pub levelling: LevellingReport,
    pub files: Vec<PathBuf>,
}

/// Level `lines` (CSV with `line`, `x`, `y` and `value` columns; ties named `T…`), grid them at
/// `cell` m, and write the grid and its transforms (rtp, dz, tilt, as, upcont:500) into `out`.
/// `field` = (inclination, declination) of the geomagnetic field, degrees.
pub fn magnetics(
    lines: &Path,
    value: &str,
    crs: &Crs,
    cell: f64,
    field: (f64, f64),
    out: &Path,
) -> Result<MagProcessing> {
    std::fs::create_dir_all(out).map_err(|e| Error::write_io(out, e))?;
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
    let (levelled, levelling) = level_tie_lines(s.xs(), s.ys(), &s.columns[zi], line, &is_tie, 1)
        .map_err(|e| e.at(lines))?;
    let mut p = SurfaceParams::new(cell);
    p.tension = 0.25;
    p.blank = Some(2.5 * s.meta.line_spacing_m.unwrap_or(200.0).max(cell));
    let mut g = grid_points(s.xs(), s.ys(), &levelled, &p).map_err(|e| e.at(lines))?;
    g.crs = Some(crs.clone());
    g.units = Some("nT".into());
    g.field = Some("total_field_anomaly_levelled".into());
    let mut files = Vec::new();
    files.push(write(out, "mag_levelled.tif", &g)?);
    let o = TransformOptions {
        direction: Some(Direction::induced(field.0, field.1)),
        ..Default::default()
    };
    for (name, chain) in [
        ("mag_rtp.tif", "rtp"),
        ("mag_rtp_dz.tif", "rtp,dz"),
        ("mag_rtp_tilt.tif", "rtp,tilt"),
        ("mag_as.tif", "as"),
        ("mag_rtp_upcont500.tif", "rtp,upcont:500"),
    ] {
        let ops = Op::parse_chain(chain)?;
        let (t, _warnings) = apply_chain(&g, &ops, &o)?;
        files.push(write(out, name, &t)?);
    }
    Ok(MagProcessing { levelling, files })
}

fn write(dir: &Path, name: &str, g: &Grid) -> Result<PathBuf> {
    let p = dir.join(name);
    lode_io::write_grid(&p, g, None)?;
    Ok(PathBuf::from(name))
}
