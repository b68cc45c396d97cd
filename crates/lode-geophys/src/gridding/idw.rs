//! Inverse-distance weighting of scattered data onto grid cell centres (Shepard 1968, "A
//! two-dimensional interpolation function for irregularly-spaced data", Proc. 23rd ACM National
//! Conference, 517–524): z = Σ wᵢ zᵢ / Σ wᵢ, wᵢ = dᵢ⁻ᵖ over the samples within a search radius; a
//! cell with fewer than `min_points` samples in reach is missing (NaN), a sample exactly at a
//! centre gives its own value. This is GDAL's `gdal_grid -a invdist` with radius1 = radius2
//! (checked against it in the tests). Values keep the data's units; distances are in the
//! coordinates' units (m for a projected CRS).

use lode_core::{Error, GridGeometry, Result};
use rayon::prelude::*;
use rstar::{primitives::GeomWithData, RTree};

/// Inverse-distance-weighting parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IdwOptions {
    /// Power of the inverse distance (2 is usual).
    pub power: f64,
    /// Search radius, m (same units as the coordinates).
    pub radius: f64,
    /// Fewest samples within the radius for a value.
    pub min_points: usize,
}

/// Inverse-distance-weighted values at the cell centres of `geometry` (row 0 north), NaN where
/// fewer than `min_points` samples lie within the radius. Samples with a NaN value are ignored.
pub fn idw(
    x: &[f64],
    y: &[f64],
    v: &[f64],
    geometry: &GridGeometry,
    opts: &IdwOptions,
) -> Result<Vec<f64>> {
    Ok(idw_columns(x, y, &[v], geometry, opts)?.remove(0))
}

/// [`idw`] of several value columns at the same sample positions, with one neighbour search per
/// cell for all of them (a sample whose value is NaN in a column is left out of that column).
pub fn idw_columns(
    x: &[f64],
    y: &[f64],
    columns: &[&[f64]],
    geometry: &GridGeometry,
    opts: &IdwOptions,
) -> Result<Vec<Vec<f64>>> {
    geometry.validate()?;
    if x.len() != y.len() || columns.iter().any(|v| v.len() != x.len()) {
        return Err(Error::invalid(
            "idw: coordinate and value arrays differ in length",
        ));
    }
    if !(opts.power > 0.0 && opts.power.is_finite()) {
        return Err(Error::invalid(format!(
            "idw: power must be positive, not {}",
            opts.power
        )));
    }
    if !(opts.radius > 0.0 && opts.radius.is_finite()) {
        return Err(Error::invalid(format!(
            "idw: search radius must be positive, not {}",
            opts.radius
        )));
    }
    let min_points = opts.min_points.max(1);
    let k = columns.len();
    // coordinates relative to the grid origin keep the squared distances exact enough
    let o = [geometry.x0, geometry.y0];
    let pts: Vec<GeomWithData<[f64; 2], usize>> = (0..x.len())
        .filter(|&i| {
            x[i].is_finite() && y[i].is_finite() && columns.iter().any(|v| v[i].is_finite())
        })
        .map(|i| GeomWithData::new([x[i] - o[0], y[i] - o[1]], i))
        .collect();
    let tree = RTree::bulk_load(pts);
    let r2 = opts.radius * opts.radius;
    let half_p = opts.power / 2.0;
    let cols = geometry.cols;
    let mut out = vec![f64::NAN; geometry.len() * k];
    out.par_chunks_mut(cols * k)
        .enumerate()
        .for_each(|(r, row)| {
            let mut sw = vec![0.0; k];
            let mut swv = vec![0.0; k];
            let mut n = vec![0usize; k];
            let mut exact: Vec<Option<f64>> = vec![None; k];
            for c in 0..cols {
                let (cx, cy) = geometry.cell_center(c, r);
                let p = [cx - o[0], cy - o[1]];
                sw.fill(0.0);
                swv.fill(0.0);
                n.fill(0);
                exact.fill(None);
                for s in tree.locate_within_distance(p, r2) {
                    let (dx, dy) = (s.geom()[0] - p[0], s.geom()[1] - p[1]);
                    let d2 = dx * dx + dy * dy;
                    let w = if d2 == 0.0 {
                        0.0
                    } else {
                        1.0 / d2.powf(half_p)
                    };
                    for j in 0..k {
                        let v = columns[j][s.data];
                        if !v.is_finite() {
                            continue;
                        }
                        if d2 == 0.0 {
                            exact[j].get_or_insert(v);
                        } else {
                            sw[j] += w;
                            swv[j] += w * v;
                            n[j] += 1;
                        }
                    }
                }
                for j in 0..k {
                    row[j * cols + c] = match exact[j] {
                        Some(v) => v,
                        None if n[j] >= min_points => swv[j] / sw[j],
                        None => f64::NAN,
                    };
                }
            }
        });
    // each row holds the k columns side by side: regroup into one vector per column
    let mut result = vec![Vec::with_capacity(geometry.len()); k];
    for row in out.chunks(cols * k) {
        for (j, col) in result.iter_mut().enumerate() {
            col.extend_from_slice(&row[j * cols..(j + 1) * cols]);
        }
    }
    Ok(result)
}

/// Median distance from each sample to its nearest other sample, m (0 for fewer than 2 samples).
pub fn median_spacing(x: &[f64], y: &[f64]) -> f64 {
    let pts: Vec<[f64; 2]> = x
        .iter()
        .zip(y)
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .map(|(&a, &b)| [a, b])
        .collect();
    if pts.len() < 2 {
        return 0.0;
    }
    let tree = RTree::bulk_load(pts.clone());
    let mut d: Vec<f64> = pts
        .par_iter()
        .map(|p| {
            tree.nearest_neighbor_iter(p)
                .map(|q| ((q[0] - p[0]).powi(2) + (q[1] - p[1]).powi(2)).sqrt())
                .find(|&d| d > 0.0)
                .unwrap_or(0.0)
        })
        .collect();
    lode_core::stats::median_in_place(&mut d).unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idw_exact_hits_radius_and_weights() {
        // 3 × 2 cells of 10 m, origin (0, 20) top-left: centres x = 5, 15, 25; y = 15, 5
        let g = GridGeometry::new(3, 2, 0.0, 20.0, 10.0, 10.0).unwrap();
        let x = [5.0, 25.0];
        let y = [15.0, 15.0];
        let v = [1.0, 3.0];
        let o = IdwOptions {
            power: 2.0,
            radius: 12.0,
            min_points: 1,
        };
        let out = idw(&x, &y, &v, &g, &o).unwrap();
        assert_eq!(out[0], 1.0);
        assert_eq!(out[2], 3.0);
        assert_eq!(out[1], 2.0); // equidistant
                                 // (5, 5): only the first sample within 12 m
        assert_eq!(out[3], 1.0);
        // (15, 5): both at √200 > 12 m
        assert!(out[4].is_nan());
        let o2 = IdwOptions {
            min_points: 2,
            radius: 30.0,
            ..o
        };
        let out2 = idw(&x, &y, &v, &g, &o2).unwrap();
        // (5, 5): d1 = 10, d2 = √500 → weights 1/100, 1/500
        let want = (1.0 / 100.0 + 3.0 / 500.0) / (1.0 / 100.0 + 1.0 / 500.0);
        assert!((out2[3] - want).abs() < 1e-15);
        assert!(idw(&x, &y, &v, &g, &IdwOptions { radius: 0.0, ..o }).is_err());
    }

    #[test]
    fn spacing() {
        assert!((median_spacing(&[0.0, 3.0, 10.0], &[0.0, 4.0, 0.0]) - 5.0).abs() < 1e-12);
    }
}
