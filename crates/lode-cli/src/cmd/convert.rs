//! `lode convert IN OUT [--format NAME] [--crs EPSG:N] [--cell SIZE] [--resampling …]`.

use std::path::PathBuf;

use lode_core::{Crs, Dataset, Error, Result};
use lode_io::Format;

#[derive(clap::Args)]
pub struct Args {
    /// Input file (any readable grid or vector format).
    pub input: PathBuf,
    /// Output file.
    pub output: PathBuf,
    /// Output format (GDAL driver name or alias); default from the extension.
    #[arg(long)]
    pub format: Option<String>,
    /// Reproject to this CRS (EPSG:N, proj string or WKT).
    #[arg(long)]
    pub crs: Option<String>,
    /// Output cell size when reprojecting or resampling a grid (CRS units).
    #[arg(long)]
    pub cell: Option<f64>,
    /// Resampling for grids: nearest, bilinear or cubic.
    #[arg(long, default_value = "bilinear")]
    pub resampling: String,
}

pub fn run(a: Args) -> Result<()> {
    let format = a.format.as_deref().map(Format::parse).transpose()?;
    let target = a.crs.as_deref().map(Crs::parse).transpose()?;
    let resampling = lode_core::crs::Resampling::parse(&a.resampling)?;
    if let Some(c) = a.cell {
        if !(c.is_finite() && c > 0.0) {
            return Err(Error::invalid(format!("--cell must be positive, got {c}")));
        }
    }
    if a.input == a.output {
        return Err(Error::invalid("output would overwrite the input"));
    }
    match lode_io::read(&a.input)? {
        Dataset::Grid(g) => {
            let g = if target.is_some() || a.cell.is_some() {
                lode_core::crs::reproject_grid(&g, target.as_ref(), a.cell, resampling)
                    .map_err(|e| e.at(&a.input))?
            } else {
                g
            };
            lode_io::write_grid(&a.output, &g, format)
        }
        Dataset::Vector(mut l) => {
            if let Some(t) = &target {
                lode_core::crs::reproject_layer(&mut l, t).map_err(|e| e.at(&a.input))?;
            }
            lode_io::write_vector(&a.output, &l, format)
        }
        Dataset::Points(_) => Err(Error::input(
            &a.input,
            "survey point data cannot be converted; grid it with `lode grid`",
        )),
    }
}
