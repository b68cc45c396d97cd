//! The synthetic district: a 40 × 40 km Archaean granite–greenstone terrane in WGS 84 / UTM
//! zone 50S (EPSG:32750, Yilgarn-like), reproducible from a seed, with deposits of gold, iron
//! and rare metals placed by mineral-system rules, and the delivery a partner would hand over.
//!
//! [`District::build`] makes the truth (geology, cover, deposits, 3-D property model) and the
//! fields; [`District::write_delivery`] and [`District::write_truth`] write the files.

pub mod deposits;
pub mod fields;
pub mod geology;
pub mod model;
pub mod soil;
pub mod survey;
pub mod write;

use lode_core::{Crs, Grid, GridGeometry, Result};

use crate::rng::Rng;
use deposits::Deposit;
use fields::ModelGrid;
use geology::Layout;
use model::Surface;

/// Side of the district, m.
pub const SIZE: f64 = 40_000.0;
/// EPSG code of the district's CRS (WGS 84 / UTM zone 50S).
pub const EPSG: u32 = 32750;
/// Cell of the 3-D model, m.
pub const MODEL_CELL: f64 = 50.0;
/// Cells along each side of the (extended) model grid.
pub const MODEL_N: usize = 1024;
/// Survey date of the delivery.
pub const SURVEY_DATE: &str = "2024-06-15";
/// Terrain clearance of the aeromagnetic survey, m.
pub const MAG_CLEARANCE: f64 = 80.0;
/// Flight-line spacing, m.
pub const LINE_SPACING: f64 = 200.0;

/// The district's south-west corner and CRS.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub x0: f64,
    pub y0: f64,
}

/// The geomagnetic field used for induced magnetisation: intensity (nT), inclination and
/// declination (degrees), from IGRF at the district's centre on the survey date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InducingField {
    pub intensity_nt: f64,
    pub inclination_deg: f64,
    pub declination_deg: f64,
}

/// The district's truth and fields.
pub struct District {
    pub seed: u64,
    pub frame: Frame,
    pub layout: Layout,
    pub surface: Surface,
    pub deposits: Vec<Deposit>,
    pub field: InducingField,
    pub model_grid: ModelGrid,
    /// Bouguer anomaly on the model grid at the ground, mGal (row 0 = south).
    pub gravity: Vec<f64>,
    /// Total-field anomaly on the model grid at the survey clearance, nT (row 0 = south).
    pub tmi: Vec<f64>,
}

impl District {
    /// Build the district from a seed.
    pub fn build(seed: u64, field: InducingField) -> Result<District> {
        let mut rng = Rng::new(seed);
        let frame = Frame {
            x0: 400_000.0,
            y0: 6_700_000.0,
        };
        let layout = Layout::new(frame, &mut rng);
        let surface = Surface::new(&layout, &mut rng);
        let deposits = deposits::place(&layout, &mut rng);
        let margin = (MODEL_N as f64 * MODEL_CELL - SIZE) / 2.0;
        let model_grid = ModelGrid {
            n: MODEL_N,
            cell: MODEL_CELL,
            x0: frame.x0 - margin + MODEL_CELL / 2.0,
            y0: frame.y0 - margin + MODEL_CELL / 2.0,
        };
        let slices = model::slices(
            model_grid,
            &layout,
            &deposits,
            &surface,
            (
                field.intensity_nt,
                field.inclination_deg,
                field.declination_deg,
            ),
        );
        let fdir = fields::direction(field.inclination_deg, field.declination_deg);
        let (gravity, tmi) = fields::forward(model_grid, &slices, 0.5, MAG_CLEARANCE, fdir);
        Ok(District {
            seed,
            frame,
            layout,
            surface,
            deposits,
            field,
            model_grid,
            gravity,
            tmi,
        })
    }

    /// The district's CRS.
    pub fn crs(&self) -> Result<Crs> {
        Crs::from_epsg(EPSG)
    }

    /// A north-up grid over the district with this cell size, values from `f(x, y)` at cell centres.
    pub fn grid_of(&self, cell: f64, f: impl Fn(f64, f64) -> f64 + Sync) -> Result<Grid> {
        use rayon::prelude::*;
        let geom = GridGeometry::from_bounds(
            self.frame.x0,
            self.frame.y0,
            self.frame.x0 + SIZE,
            self.frame.y0 + SIZE,
            cell,
            cell,
        )?;
        let v: Vec<f32> = (0..geom.len())
            .into_par_iter()
            .map(|i| {
                let (x, y) = geom.cell_center(i % geom.cols, i / geom.cols);
                f(x, y) as f32
            })
            .collect();
        let mut g = Grid::new_f32(geom, v)?;
        g.crs = Some(self.crs()?);
        Ok(g)
    }

    /// Bilinear interpolation of a model-grid field at (x, y).
    pub fn sample(&self, field: &[f64], x: f64, y: f64) -> f64 {
        let g = self.model_grid;
        let fc = ((x - g.x0) / g.cell).clamp(0.0, (g.n - 1) as f64 - 1e-9);
        let fr = ((y - g.y0) / g.cell).clamp(0.0, (g.n - 1) as f64 - 1e-9);
        let (c0, r0) = (fc.floor() as usize, fr.floor() as usize);
        let (tx, ty) = (fc - c0 as f64, fr - r0 as f64);
        let at = |c: usize, r: usize| field[r * g.n + c];
        (at(c0, r0) * (1.0 - tx) + at(c0 + 1, r0) * tx) * (1.0 - ty)
            + (at(c0, r0 + 1) * (1.0 - tx) + at(c0 + 1, r0 + 1) * tx) * ty
    }
}

impl InducingField {
    /// IGRF-14 at the district's centre (survey height: 420 m ground + clearance) on the survey date.
    pub fn igrf_at_district() -> Result<InducingField> {
        let utm = Crs::from_epsg(EPSG)?;
        let wgs84 = Crs::from_epsg(4326)?;
        let t = lode_core::crs::Transformer::new(&utm, &wgs84)?;
        let (lon, lat) = t.transform(400_000.0 + SIZE / 2.0, 6_700_000.0 + SIZE / 2.0)?;
        let f = lode_geophys::igrf::igrf_at_date(
            SURVEY_DATE,
            lat,
            lon,
            (420.0 + MAG_CLEARANCE) / 1000.0,
        )?;
        Ok(InducingField {
            intensity_nt: f.total_nt,
            inclination_deg: f.inclination_deg,
            declination_deg: f.declination_deg,
        })
    }
}
