//! Evidence layers on the analysis grid: the named rasters every prospectivity model reads.
//!
//! An [`EvidenceSet`] holds layers that all share one [`GridGeometry`] and CRS. Layers are named
//! by the vocabulary below so that templates, weights of evidence and machine learning refer to
//! the same evidence in the same way:
//!
//! | name | meaning | unit |
//! |---|---|---|
//! | `mag_tmi`, `mag_rtp` | total-field anomaly, reduced to the pole | nT |
//! | `mag_as` | analytic signal (total gradient amplitude) | nT/m |
//! | `mag_tilt` | tilt angle | rad |
//! | `grav_bouguer` | Bouguer anomaly | mGal |
//! | `grav_thg` | total horizontal gradient of gravity | mGal/m |
//! | `k_pct`, `th_ppm`, `u_ppm` | radioelement concentrations | %, ppm, ppm |
//! | `th_k`, `u_th` | radiometric ratios | ppm/%, ppm/ppm |
//! | `k_d` | potassium anomaly | % |
//! | `dist_faults` | distance to the nearest fault | m |
//! | `dist_contacts` | distance to the nearest lithological contact | m |
//! | `dist_intrusions` | signed distance to intrusive units (negative inside) | m |
//! | `lineament_density` | length of lineaments per area | km/km² |
//! | `fault_intersections` | density of fault intersections | 1/km² |
//! | `euler_depth` | depth to the nearest Euler source | m |
//! | `lithology` | categorical lithology code (see [`LayerKind::Categorical`]) | — |
//! | `dem` | elevation | m |

pub mod classify;
pub mod density;
pub mod distance;
pub mod edt;
pub mod geochem;
pub mod mask;
pub mod rasterize;

use std::collections::BTreeMap;

use lode_core::{Crs, Error, Grid, GridGeometry, Result};
use serde::{Deserialize, Serialize};

/// Whether a layer holds measurements or category codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LayerKind {
    /// A continuous quantity in `EvidenceLayer::units`.
    Continuous,
    /// Integer category codes stored as f64 (NaN = no data), each with its name.
    Categorical {
        /// (code, name) pairs, e.g. (4, "banded-iron-formation").
        legend: Vec<(i64, String)>,
    },
}

/// One evidence raster with its provenance.
#[derive(Debug, Clone)]
pub struct EvidenceLayer {
    /// The raster on the set's geometry.
    pub grid: Grid,
    /// Continuous or categorical.
    pub kind: LayerKind,
    /// Unit of the values (empty for categorical layers).
    pub units: String,
    /// Where the layer came from (input file and processing), for the model card.
    pub source: String,
}

/// Named evidence layers on one analysis grid.
#[derive(Debug, Clone)]
pub struct EvidenceSet {
    /// The analysis grid's geometry, shared by every layer.
    pub geometry: GridGeometry,
    /// The analysis grid's CRS.
    pub crs: Option<Crs>,
    /// Layers by name (see the module documentation for the vocabulary).
    pub layers: BTreeMap<String, EvidenceLayer>,
}

impl EvidenceSet {
    /// An empty set on this grid.
    pub fn new(geometry: GridGeometry, crs: Option<Crs>) -> Self {
        EvidenceSet {
            geometry,
            crs,
            layers: BTreeMap::new(),
        }
    }

    /// Adds (or replaces) a layer; refuses a grid of another geometry.
    pub fn insert(&mut self, name: &str, layer: EvidenceLayer) -> Result<()> {
        if !layer.grid.geometry.same_as(&self.geometry) {
            return Err(Error::invalid(format!(
                "evidence layer '{name}' is not on the analysis grid ({}×{} vs {}×{})",
                layer.grid.geometry.cols,
                layer.grid.geometry.rows,
                self.geometry.cols,
                self.geometry.rows
            )));
        }
        self.layers.insert(name.to_string(), layer);
        Ok(())
    }

    /// The layer with this name.
    pub fn get(&self, name: &str) -> Option<&EvidenceLayer> {
        self.layers.get(name)
    }

    /// The layer names, in order.
    pub fn names(&self) -> Vec<String> {
        self.layers.keys().cloned().collect()
    }
}

/// A continuous evidence layer from a grid; the unit is the grid's (e.g. "m" for distances).
pub fn continuous_layer(grid: Grid, source: impl Into<String>) -> EvidenceLayer {
    let units = grid.units.clone().unwrap_or_default();
    EvidenceLayer {
        grid,
        kind: LayerKind::Continuous,
        units,
        source: source.into(),
    }
}

/// A categorical evidence layer from a grid of codes and its legend (e.g. the result of
/// [`rasterize::rasterize_categorical`] or [`classify::classify`]).
pub fn categorical_layer(
    grid: Grid,
    legend: Vec<(i64, String)>,
    source: impl Into<String>,
) -> EvidenceLayer {
    EvidenceLayer {
        grid,
        kind: LayerKind::Categorical { legend },
        units: String::new(),
        source: source.into(),
    }
}
