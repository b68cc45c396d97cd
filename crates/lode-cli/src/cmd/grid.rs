//! `lode grid IN OUT --x COL --y COL --z COL --cell SIZE [--crs-in EPSG:N] [--crs EPSG:N]
//! [--tension T] [--blank DIST] [--region W,E,S,N] [--method mincurv|bigrid --line COL]`:
//! minimum-curvature gridding of survey data, or bi-directional (anisotropic) gridding along
//! flight lines.

use std::path::PathBuf;

use lode_core::crs::Transformer;
use lode_core::{Crs, Error, Result};
use lode_geophys::gridding::{grid_lines_bidirectional, grid_points, BigridParams, SurfaceParams};
use lode_io::{Format, SurveyOptions};

#[derive(clap::Args)]
pub struct Args {
    /// Survey data (CSV/XYZ or ASEG-GDF2).
    pub input: PathBuf,
    /// Output grid.
    pub output: PathBuf,
    /// X (easting or longitude) column, by name or 0-based index.
    #[arg(long)]
    pub x: Option<String>,
    /// Y (northing or latitude) column.
    #[arg(long)]
    pub y: Option<String>,
    /// Value column.
    #[arg(long)]
    pub z: String,
    /// Line identifier column.
    #[arg(long)]
    pub line: Option<String>,
    /// CRS of the input coordinates, when the file does not say.
    #[arg(long = "crs-in")]
    pub crs_in: Option<String>,
    /// CRS of the output grid; the points are reprojected on the way in.
    #[arg(long)]
    pub crs: Option<String>,
    /// Cell size (node spacing) in output CRS units.
    #[arg(long)]
    pub cell: f64,
    /// Tension in [0, 1): 0 = minimum curvature; 0.25 suits potential fields.
    #[arg(long, default_value_t = 0.25)]
    pub tension: f64,
    /// Blank cells farther than this distance from any datum (output CRS units).
    #[arg(long)]
    pub blank: Option<f64>,
    /// Node extent W,E,S,N (default: the data extent snapped to the cell).
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    pub region: Option<Vec<f64>>,
    /// Convergence limit as a fraction of the RMS of the de-trended data.
    #[arg(long, default_value_t = 1e-4)]
    pub convergence: f64,
    /// Output format (default from the extension).
    #[arg(long)]
    pub format: Option<String>,
    /// Gridding method: `mincurv` (minimum curvature with tension, as GMT surface) or `bigrid`
    /// (bi-directional along flight lines, needs --line).
    #[arg(long, default_value = "mincurv")]
    pub method: String,
    /// bigrid: largest gap between neighbouring lines bridged, in median line spacings.
    #[arg(long, default_value_t = 2.5)]
    pub max_line_gap: f64,
}

pub fn run(a: Args) -> Result<()> {
    let format = a.format.as_deref().map(Format::parse).transpose()?;
    let crs_in = a.crs_in.as_deref().map(Crs::parse).transpose()?;
    let crs_out = a.crs.as_deref().map(Crs::parse).transpose()?;
    if let Some(b) = a.blank {
        if !(b.is_finite() && b > 0.0) {
            return Err(Error::invalid(format!("--blank must be positive, got {b}")));
        }
    }
    let opts = SurveyOptions {
        x: a.x.clone(),
        y: a.y.clone(),
        z: Some(a.z.clone()),
        line: a.line.clone(),
        crs: crs_in.clone(),
        ..Default::default()
    };
    let survey = lode_io::read_survey(&a.input, &opts)?;
    let zi = survey
        .column_index(&a.z)
        .or_else(|| {
            a.z.parse::<usize>()
                .ok()
                .filter(|&i| i < survey.columns.len())
        })
        .ok_or_else(|| Error::input(&a.input, format!("no column {:?}", a.z)))?;
    let source_crs = crs_in.or_else(|| survey.crs.clone());
    let mut xs = survey.xs().to_vec();
    let mut ys = survey.ys().to_vec();
    let target_crs = match (&source_crs, &crs_out) {
        (Some(s), Some(t)) => {
            let tr = Transformer::new(s, t)?;
            if !tr.is_identity() {
                tr.transform_slices(&mut xs, &mut ys)
                    .map_err(|e| e.at(&a.input))?;
            }
            Some(t.clone())
        }
        (None, Some(_)) => {
            return Err(Error::input(
                &a.input,
                "has no CRS to reproject from; give the input CRS with --crs-in",
            ))
        }
        (s, None) => s.clone(),
    };
    let mut p = SurfaceParams::new(a.cell);
    p.tension = a.tension;
    p.blank = a.blank;
    p.convergence = a.convergence;
    if let Some(r) = &a.region {
        if r.len() != 4 || !(r[1] > r[0] && r[3] > r[2]) {
            return Err(Error::invalid(
                "--region must be W,E,S,N with W < E and S < N",
            ));
        }
        p.region = Some([r[0], r[2], r[1], r[3]]);
    }
    let mut g = match a.method.as_str() {
        "mincurv" => grid_points(&xs, &ys, &survey.columns[zi], &p).map_err(|e| e.at(&a.input))?,
        "bigrid" => {
            let lines = survey.line.as_ref().ok_or_else(|| {
                Error::input(
                    &a.input,
                    "bi-directional gridding needs the line of each point: give --line COL",
                )
            })?;
            let mut b = BigridParams::new(a.cell);
            b.blank = p.blank;
            b.region = p.region;
            b.max_line_gap = a.max_line_gap;
            let (g, geo) = grid_lines_bidirectional(&xs, &ys, &survey.columns[zi], lines, &b)
                .map_err(|e| e.at(&a.input))?;
            eprintln!(
                "bigrid: {} traverse lines at {:.1}° spaced {:.1}, {} tie lines left out",
                geo.traverse_lines, geo.azimuth_deg, geo.line_spacing, geo.tie_lines
            );
            g
        }
        m => {
            return Err(Error::invalid(format!(
                "unknown gridding method '{m}' (use mincurv or bigrid)"
            )))
        }
    };
    g.crs = target_crs;
    g.field = Some(survey.names[zi].clone());
    g.units = survey.units.get(zi).cloned().flatten();
    g.meta = survey.meta.clone();
    lode_io::write_grid(&a.output, &g, format)?;
    println!(
        "{}: {} × {} cells of {} from {} points",
        a.output.display(),
        g.cols(),
        g.rows(),
        a.cell,
        survey.len()
    );
    Ok(())
}
