//! `lode decorrugate IN OUT --line-spacing S [--direction ew|ns] [--along F] [--max C]`:
//! microlevelling of a gridded survey.

use std::path::PathBuf;

use lode_core::{Error, Result};
use lode_geophys::levelling::{decorrugate, LineDirection};

#[derive(clap::Args)]
pub struct Args {
    /// Input grid.
    pub input: PathBuf,
    /// Output grid.
    pub output: PathBuf,
    /// Flight-line spacing (CRS units); default: the grid's survey metadata.
    #[arg(long = "line-spacing")]
    pub line_spacing: Option<f64>,
    /// Flight-line direction: ew (along rows) or ns (along columns).
    #[arg(long, default_value = "ew")]
    pub direction: String,
    /// Along-line smoothing, in line spacings.
    #[arg(long, default_value_t = 10.0)]
    pub along: f64,
    /// Largest correction applied (value units).
    #[arg(long)]
    pub max: Option<f64>,
    /// Output format (default from the extension).
    #[arg(long)]
    pub format: Option<String>,
}

pub fn run(a: Args) -> Result<()> {
    let format = a
        .format
        .as_deref()
        .map(lode_io::Format::parse)
        .transpose()?;
    let dir = LineDirection::parse(&a.direction)?;
    let g = lode_io::read_grid(&a.input)?;
    let spacing = a.line_spacing.or(g.meta.line_spacing_m).ok_or_else(|| {
        Error::input(
            &a.input,
            "does not state its line spacing: give --line-spacing",
        )
    })?;
    let out = decorrugate(&g, spacing, dir, a.along, a.max).map_err(|e| e.at(&a.input))?;
    lode_io::write_grid(&a.output, &out, format)
}
