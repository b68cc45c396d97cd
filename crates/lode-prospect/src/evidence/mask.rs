//! Study-area masks: 1 inside the study area, NaN outside (the convention of
//! `lode_prospect::validation`: finite non-zero cells are in the study area).

use lode_core::{Error, Grid, GridGeometry, Result, VectorLayer};
use rayon::prelude::*;

use super::rasterize;

fn mask_grid(geometry: GridGeometry, inside: Vec<bool>) -> Result<Grid> {
    let v = inside
        .into_par_iter()
        .map(|i| if i { 1.0 } else { f64::NAN })
        .collect();
    let mut g = Grid::new_f64(geometry, v)?;
    g.field = Some("mask".into());
    Ok(g)
}

fn same_grid<'a>(grids: &[&'a Grid]) -> Result<&'a Grid> {
    let first = *grids
        .first()
        .ok_or_else(|| Error::invalid("no grids given for the mask"))?;
    for (i, g) in grids.iter().enumerate().skip(1) {
        if !g.geometry.same_as(&first.geometry) {
            return Err(Error::invalid(format!(
                "mask: grid {} ({}×{}) is not on the grid of the first ({}×{})",
                i + 1,
                g.cols(),
                g.rows(),
                first.cols(),
                first.rows()
            )));
        }
    }
    Ok(first)
}

/// True where a mask cell is in the study area (finite and non-zero).
#[inline]
pub fn is_inside(v: f64) -> bool {
    v.is_finite() && v != 0.0
}

/// The cells whose centre is inside any polygon of the layer (cell-centre rule, as
/// `gdal_rasterize`).
pub fn mask_from_polygons(layer: &VectorLayer, geometry: &GridGeometry) -> Result<Grid> {
    let inside = rasterize::polygon_cover(layer, geometry)?;
    if !inside.iter().any(|&i| i) {
        return Err(Error::invalid(format!(
            "mask: no cell centre of the grid is inside a polygon of layer '{}'",
            layer.name
        )));
    }
    let mut g = mask_grid(*geometry, inside)?;
    g.crs = layer.crs.clone();
    Ok(g)
}

/// The cells where every one of the grids holds data (the intersection of their valid cells).
pub fn mask_from_valid(grids: &[&Grid]) -> Result<Grid> {
    let first = same_grid(grids)?;
    let vals: Vec<_> = grids.iter().map(|g| g.values_f64()).collect();
    let inside = (0..first.geometry.len())
        .into_par_iter()
        .map(|i| vals.iter().all(|v| !v[i].is_nan()))
        .collect();
    let mut g = mask_grid(first.geometry, inside)?;
    g.crs = first.crs.clone();
    Ok(g)
}

/// The intersection of masks (inside where every mask is inside).
pub fn intersect_masks(masks: &[&Grid]) -> Result<Grid> {
    combine(masks, true)
}

/// The union of masks (inside where any mask is inside).
pub fn union_masks(masks: &[&Grid]) -> Result<Grid> {
    combine(masks, false)
}

fn combine(masks: &[&Grid], all: bool) -> Result<Grid> {
    let first = same_grid(masks)?;
    let vals: Vec<_> = masks.iter().map(|g| g.values_f64()).collect();
    let inside = (0..first.geometry.len())
        .into_par_iter()
        .map(|i| {
            if all {
                vals.iter().all(|v| is_inside(v[i]))
            } else {
                vals.iter().any(|v| is_inside(v[i]))
            }
        })
        .collect();
    let mut g = mask_grid(first.geometry, inside)?;
    g.crs = first.crs.clone();
    Ok(g)
}

/// The grid with NaN outside the mask (same geometry required).
pub fn apply_mask(grid: &Grid, mask: &Grid) -> Result<Grid> {
    same_grid(&[grid, mask])?;
    let m = mask.values_f64();
    let v: Vec<f64> = grid
        .values_f64()
        .par_iter()
        .zip(m.par_iter())
        .map(|(&x, &k)| if is_inside(k) { x } else { f64::NAN })
        .collect();
    grid.with_values_f64(v)
}
