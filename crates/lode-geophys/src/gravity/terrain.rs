//! Terrain correction by a prism sum over a DEM (Nagy 1966; Nagy et al. 2000 prism kernel).
//!
//! For each station the DEM cells whose centres lie within `radius` (DEM CRS units, metres) are
//! vertical prisms between the station elevation and the cell elevation. Hills above the station
//! pull upward and valleys below it are mass the Bouguer slab wrongly assumed, so both reduce the
//! observed gravity; the correction Σ|g_z| (mGal) is always ≥ 0 and is added to the simple Bouguer
//! anomaly to give the complete Bouguer anomaly. NaN DEM cells are skipped.

use lode_core::{Error, Grid, Result};
use rayon::prelude::*;

use crate::prism::{gravity_gz_single, Prism};

/// Terrain corrections (mGal) at stations `[x, y, elevation]` (DEM CRS, metres) for density
/// `density` kg/m³ within `radius` m.
pub fn terrain_correction(
    dem: &Grid,
    stations: &[[f64; 3]],
    density: f64,
    radius: f64,
) -> Result<Vec<f64>> {
    if !(radius.is_finite() && radius > 0.0) {
        return Err(Error::invalid(format!(
            "terrain radius must be positive, got {radius}"
        )));
    }
    if !(density.is_finite() && density > 0.0) {
        return Err(Error::invalid(format!(
            "density must be positive, got {density} kg/m³"
        )));
    }
    if !dem.geometry.is_north_up() {
        return Err(Error::invalid("terrain correction needs a north-up DEM"));
    }
    if stations.iter().any(|s| s.iter().any(|v| !v.is_finite())) {
        return Err(Error::invalid("non-finite station coordinate or elevation"));
    }
    let g = &dem.geometry;
    let z = dem.values_f64();
    Ok(stations
        .par_iter()
        .map(|&[sx, sy, sh]| {
            let (c0, r0) = g.xy_to_pixel(sx - radius, sy + radius);
            let (c1, r1) = g.xy_to_pixel(sx + radius, sy - radius);
            let clamp = |v: f64, n: usize| v.floor().clamp(0.0, n as f64) as usize;
            let (ca, cb) = (clamp(c0, g.cols), clamp(c1 + 1.0, g.cols));
            let (ra, rb) = (clamp(r0, g.rows), clamp(r1 + 1.0, g.rows));
            let mut sum = 0.0;
            for r in ra..rb {
                for c in ca..cb {
                    let e = z[r * g.cols + c];
                    if !e.is_finite() || e == sh {
                        continue;
                    }
                    let (cx, cy) = g.cell_center(c, r);
                    if (cx - sx).hypot(cy - sy) > radius {
                        continue;
                    }
                    let p = Prism {
                        west: cx - g.dx / 2.0,
                        east: cx + g.dx / 2.0,
                        south: cy - g.dy / 2.0,
                        north: cy + g.dy / 2.0,
                        bottom: e.min(sh),
                        top: e.max(sh),
                    };
                    sum += gravity_gz_single([sx, sy, sh], &p, density).abs();
                }
            }
            sum
        })
        .collect())
}
