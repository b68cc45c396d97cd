//! `lode lineaments IN OUT.(geojson|gpkg|shp)`: automatic magnetic and gravity edges as
//! polylines (Blakely & Simpson 1986 THG maxima, or the tilt-angle zero contour of Miller &
//! Singh 1994), with optional lineament density grid and rose (orientation) table.
//!
//! Attributes: `id`, `method`, `strike_deg` (0–180, clockwise from grid north), `length_m`,
//! `amplitude` (mean total horizontal gradient, input units per m), `n_vertices`. Rose CSV
//! columns: `from_deg,to_deg,count,length_m`.

use std::io::Write;
use std::path::{Path, PathBuf};

use lode_core::{Error, Grid, Result};
use lode_geophys::lineaments::{
    extract_lineaments, lineament_density, rose, to_layer, LineamentOptions, Method,
};
use lode_io::Format;

#[derive(clap::Args)]
pub struct Args {
    /// Input grid: gravity, pseudo-gravity or reduced-to-pole magnetics, projected CRS in metres.
    pub input: PathBuf,
    /// Output lineaments: GeoJSON, GeoPackage or shapefile (by extension).
    pub output: PathBuf,
    /// Edge detector: thg (horizontal-gradient maxima) or tilt (tilt-angle zero contour).
    #[arg(long, default_value = "thg")]
    pub method: String,
    /// Shortest lineament kept, m (default: 5 cells).
    #[arg(long = "min-length")]
    pub min_length: Option<f64>,
    /// Blakely–Simpson N: least number of directions (1–4) holding a maximum (thg).
    #[arg(long, default_value_t = 2)]
    pub threshold: u8,
    /// Ignore points where the horizontal gradient is below this fraction of its 99th percentile.
    #[arg(long = "min-amplitude", default_value_t = 0.05)]
    pub min_amplitude: f64,
    /// Largest gap bridged when chaining crest points, cells.
    #[arg(long = "max-gap", default_value_t = 2.0)]
    pub max_gap: f64,
    /// Largest turn when chaining crest points, degrees.
    #[arg(long = "max-turn", default_value_t = 35.0)]
    pub max_turn: f64,
    /// Split a lineament where it deviates from its chord by more than this, degrees.
    #[arg(long = "split", default_value_t = 10.0)]
    pub split: f64,
    /// Douglas–Peucker tolerance, cells.
    #[arg(long, default_value_t = 0.5)]
    pub simplify: f64,
    /// Also write the lineament density (km/km²) on the input grid's cells.
    #[arg(long)]
    pub density: Option<PathBuf>,
    /// Search radius of the density, m (required with --density).
    #[arg(long)]
    pub radius: Option<f64>,
    /// Also write the length-weighted rose of strikes as CSV.
    #[arg(long)]
    pub rose: Option<PathBuf>,
    /// Rose bin width, degrees.
    #[arg(long = "rose-bin", default_value_t = 10.0)]
    pub rose_bin: f64,
    /// Accept a grid without a CRS (or with non-metre units) as metres.
    #[arg(long = "assume-metres")]
    pub assume_metres: bool,
}

/// Refuse grids whose coordinates are not metres (lengths, gradients per m and densities need
/// them).
pub fn require_metres(grid: &Grid, path: &Path, what: &str, assume: bool) -> Result<()> {
    match &grid.crs {
        Some(c) if c.is_geographic() => Err(Error::input(
            path,
            format!(
                "{what} needs a projected grid in metres, not a geographic CRS; reproject it first (lode convert --crs)"
            ),
        )),
        Some(c) if !c.units_are_metres() && !assume => Err(Error::input(
            path,
            "the grid's CRS is not in metres; reproject it or pass --assume-metres",
        )),
        None if !assume => Err(Error::input(
            path,
            format!("the grid has no CRS; {what} needs metres: pass --assume-metres"),
        )),
        _ => Ok(()),
    }
}

pub fn run(a: Args) -> Result<()> {
    let method = Method::parse(&a.method)?;
    match Format::from_extension(&a.output) {
        Some(Format::GeoJson | Format::GeoPackage | Format::Shapefile) => {}
        _ => {
            return Err(Error::invalid(format!(
                "{}: write lineaments as .geojson, .gpkg or .shp",
                a.output.display()
            )))
        }
    }
    let radius = match (&a.density, a.radius) {
        (Some(_), None) => return Err(Error::invalid("--density needs --radius (m)")),
        (_, r) => r,
    };
    let grid = lode_io::read_grid(&a.input)?;
    require_metres(&grid, &a.input, "lineament extraction", a.assume_metres)?;
    let o = LineamentOptions {
        method,
        threshold: a.threshold,
        min_amplitude_frac: a.min_amplitude,
        max_gap_cells: a.max_gap,
        max_turn_deg: a.max_turn,
        split_deg: a.split,
        simplify_cells: a.simplify,
        min_length_m: a.min_length,
    };
    let lines = extract_lineaments(&grid, &o).map_err(|e| e.at(&a.input))?;
    let density = match (&a.density, radius) {
        (Some(_), Some(r)) => {
            let mut d = lineament_density(&lines, &grid.geometry, r)?;
            d.crs = grid.crs.clone();
            Some(d)
        }
        _ => None,
    };
    let bins = match &a.rose {
        Some(_) => Some(rose(&lines, a.rose_bin)?),
        None => None,
    };
    let name = a
        .output
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("lineaments");
    let layer = to_layer(&lines, grid.crs.clone(), name)?;
    lode_io::write_vector(&a.output, &layer, None)?;
    if let (Some(p), Some(d)) = (&a.density, &density) {
        lode_io::write_grid(p, d, None)?;
    }
    if let (Some(p), Some(b)) = (&a.rose, &bins) {
        write_rose(p, b)?;
    }
    let total: f64 = lines.iter().map(|l| l.length_m).sum();
    eprintln!(
        "{} lineaments ({}), {:.1} km",
        lines.len(),
        method.name(),
        total / 1000.0
    );
    Ok(())
}

/// Write a rose table as CSV `from_deg,to_deg,count,length_m`.
pub fn write_rose(path: &Path, bins: &[lode_geophys::lineaments::RoseBin]) -> Result<()> {
    lode_core::atomic::write_file(path, |w| {
        let io = |e| Error::write_io(path, e);
        writeln!(w, "from_deg,to_deg,count,length_m").map_err(io)?;
        for b in bins {
            writeln!(
                w,
                "{},{},{},{:.3}",
                b.from_deg, b.to_deg, b.count, b.length_m
            )
            .map_err(io)?;
        }
        Ok(())
    })
}
