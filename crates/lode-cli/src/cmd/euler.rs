//! `lode euler IN OUT.csv --si N --window CELLS`: Euler deconvolution (Reid et al. 1990).
//!
//! CSV columns: `x,y` (grid CRS), `depth` (m below the observation surface, positive down),
//! `base` (base level B, field units; Reid's constant A for SI 0), `si`, `depth_uncertainty`
//! (100·σ_z0/z0, %) and `count` (window solutions merged into the row). `--format gpkg` (or a
//! `.gpkg` output) writes the same attributes on Point features.

use std::io::Write;
use std::path::PathBuf;

use geo_types::{Geometry, Point};
use lode_core::vector::{AttrValue, FieldDef, FieldKind, VectorLayer};
use lode_core::{Error, Result};
use lode_geophys::euler::{check_si, euler_deconvolution, EulerOptions, EulerSolution};
use lode_io::Format;

#[derive(clap::Args)]
pub struct Args {
    /// Input grid (projected CRS in metres, constant observation height).
    pub input: PathBuf,
    /// Output CSV or GeoPackage of the solutions.
    pub output: PathBuf,
    /// Structural index 0–3 (magnetic: 0 contact, 1 dyke/sill edge, 2 pipe, 3 sphere).
    #[arg(long)]
    pub si: f64,
    /// Window side, cells.
    #[arg(long)]
    pub window: usize,
    /// Step between windows, cells (default: half the window, at least 1).
    #[arg(long)]
    pub stride: Option<usize>,
    /// Largest accepted depth uncertainty, % (100·σ_z0/z0).
    #[arg(long = "max-uncertainty", default_value_t = 15.0)]
    pub max_uncertainty: f64,
    /// Largest distance of a solution from its window centre, m (default: the window size).
    #[arg(long = "max-distance")]
    pub max_distance: Option<f64>,
    /// Keep every window solution instead of merging those closer than one cell.
    #[arg(long = "no-cluster")]
    pub no_cluster: bool,
    /// Output format: csv or gpkg (default from the extension).
    #[arg(long)]
    pub format: Option<String>,
    /// Accept a grid without a CRS (or with non-metre units) as metres.
    #[arg(long = "assume-metres")]
    pub assume_metres: bool,
}

pub fn run(a: Args) -> Result<()> {
    check_si(a.si)?;
    let gpkg = match a.format.as_deref() {
        Some(f) => match Format::parse(f)? {
            Format::Csv => false,
            Format::GeoPackage => true,
            _ => return Err(Error::invalid(format!("--format {f}: use csv or gpkg"))),
        },
        None => Format::from_extension(&a.output) == Some(Format::GeoPackage),
    };
    let grid = lode_io::read_grid(&a.input)?;
    match &grid.crs {
        Some(c) if c.is_geographic() => {
            return Err(Error::input(
                &a.input,
                "Euler deconvolution needs a projected grid in metres, not a geographic CRS; \
                 reproject it first (lode convert --crs)",
            ))
        }
        Some(c) if !c.units_are_metres() && !a.assume_metres => {
            return Err(Error::input(
                &a.input,
                "the grid's CRS is not in metres; reproject it or pass --assume-metres",
            ))
        }
        None if !a.assume_metres => {
            return Err(Error::input(
                &a.input,
                "the grid has no CRS; Euler depths need metres: pass --assume-metres",
            ))
        }
        _ => {}
    }
    let mut o = EulerOptions::new(a.si, a.window);
    if let Some(s) = a.stride {
        o.stride = s;
    }
    o.max_uncertainty = a.max_uncertainty;
    o.max_distance = a.max_distance;
    o.cluster = !a.no_cluster;
    let sols = euler_deconvolution(&grid, &o).map_err(|e| e.at(&a.input))?;
    eprintln!("{} solutions", sols.len());
    if gpkg {
        write_gpkg(&a, &grid.crs, &sols)
    } else {
        write_csv(&a, &sols)
    }
}

fn write_csv(a: &Args, sols: &[EulerSolution]) -> Result<()> {
    lode_core::atomic::write_file(&a.output, |w| {
        let io = |e| Error::write_io(&a.output, e);
        writeln!(w, "x,y,depth,base,si,depth_uncertainty,count").map_err(io)?;
        for s in sols {
            writeln!(
                w,
                "{:.3},{:.3},{:.3},{:.6},{},{:.3},{}",
                s.x, s.y, s.depth, s.base, s.si, s.depth_uncertainty, s.count
            )
            .map_err(io)?;
        }
        Ok(())
    })
}

fn write_gpkg(a: &Args, crs: &Option<lode_core::Crs>, sols: &[EulerSolution]) -> Result<()> {
    let f = |n: &str, kind| FieldDef {
        name: n.into(),
        kind,
    };
    let mut layer = VectorLayer::new(
        "euler",
        vec![
            f("depth", FieldKind::Float),
            f("base", FieldKind::Float),
            f("si", FieldKind::Float),
            f("depth_uncertainty", FieldKind::Float),
            f("count", FieldKind::Int),
        ],
    );
    layer.crs = crs.clone();
    for s in sols {
        layer.push(
            Some(Geometry::Point(Point::new(s.x, s.y))),
            vec![
                AttrValue::Float(s.depth),
                AttrValue::Float(s.base),
                AttrValue::Float(s.si),
                AttrValue::Float(s.depth_uncertainty),
                AttrValue::Int(s.count as i64),
            ],
        )?;
    }
    lode_io::write_vector(&a.output, &layer, Some(Format::GeoPackage))
}
