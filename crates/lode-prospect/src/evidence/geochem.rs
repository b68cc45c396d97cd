//! Geochemical evidence: element concentrations at sample points (soil, stream sediment, rock
//! chip) as a continuous layer on the analysis grid.
//!
//! For each element (Reimann, Filzmoser, Garrett & Dutter 2008, *Statistical Data Analysis
//! Explained*, Wiley, ch. 2–4 and 7):
//! 1. censored values — below the detection limit, written as 0 or as the negative detection
//!    limit in laboratory files — are replaced by half the detection limit (|v|/2 when negative,
//!    half the smallest positive value when 0);
//! 2. log10 of the concentration (geochemical data are right-skewed, close to log-normal);
//! 3. robust standard score z = (log c − median) / (1.4826 · MAD) (`stats::MAD_TO_SIGMA`), so the layer is comparable
//!    between elements and surveys and a few extreme samples do not set the scale;
//! 4. inverse-distance weighting (Shepard 1968) of z onto the cell centres: weights d⁻ᵖ over the
//!    samples within a search radius; a cell with fewer than `min_points` samples in reach is
//!    missing (NaN), a sample exactly at a centre gives its own value. This is GDAL's
//!    `gdal_grid -a invdist` with radius1 = radius2 (checked in the tests).

use lode_core::stats::median_sigma;
use lode_core::{Crs, Error, Grid, GridGeometry, Result};
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

/// Summary of one element's transformation, for the report.
#[derive(Debug, Clone, PartialEq)]
pub struct ElementStats {
    /// Samples with a value (finite, after censoring).
    pub samples: usize,
    /// Of these, values at or below the detection limit (substituted).
    pub censored: usize,
    /// Median of log10(concentration).
    pub log_median: f64,
    /// 1.4826 · median absolute deviation of log10(concentration).
    pub log_scale: f64,
    /// Search radius used, m.
    pub radius: f64,
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

/// Steps 1–3 of the module: censored values substituted, log10, robust z-scores (NaN stays NaN).
/// Errors when fewer than 3 samples have a value or all logs are equal (no spread to scale by).
pub fn robust_log_scores(values: &[f64]) -> Result<(Vec<f64>, ElementStats)> {
    let min_pos = values
        .iter()
        .copied()
        .filter(|v| v.is_finite() && *v > 0.0)
        .fold(f64::INFINITY, f64::min);
    let mut censored = 0;
    let logs: Vec<f64> = values
        .iter()
        .map(|&v| {
            if !v.is_finite() {
                return f64::NAN;
            }
            let c = if v > 0.0 {
                v
            } else {
                censored += 1;
                if v < 0.0 {
                    -v / 2.0
                } else {
                    min_pos / 2.0
                }
            };
            c.log10()
        })
        .collect();
    let finite = logs.iter().filter(|v| v.is_finite()).count();
    if finite < 3 {
        return Err(Error::invalid(format!(
            "{finite} samples with a value: too few to scale (need 3)"
        )));
    }
    let (med, scale) = median_sigma(&logs).unwrap_or((f64::NAN, f64::NAN));
    if scale.is_nan() || scale <= 0.0 {
        return Err(Error::invalid(
            "more than half of the samples have the same value: no spread to scale by",
        ));
    }
    let stats = ElementStats {
        samples: finite,
        censored,
        log_median: med,
        log_scale: scale,
        radius: f64::NAN,
    };
    Ok((logs.iter().map(|l| (l - med) / scale).collect(), stats))
}

/// One evidence grid per element column (robust z-score of log10 concentration, see the module)
/// on `geometry`, the columns sharing the samples' positions. `radius` defaults to 3 × the median
/// sample spacing (at least one cell diagonal).
pub fn element_grids(
    x: &[f64],
    y: &[f64],
    columns: &[&[f64]],
    geometry: &GridGeometry,
    crs: Option<Crs>,
    radius: Option<f64>,
) -> Result<Vec<(Grid, ElementStats)>> {
    let diag = (geometry.dx * geometry.dx + geometry.dy * geometry.dy).sqrt();
    let radius = radius.unwrap_or_else(|| (3.0 * median_spacing(x, y)).max(diag));
    let mut scores = Vec::with_capacity(columns.len());
    let mut stats = Vec::with_capacity(columns.len());
    for v in columns {
        let (z, mut st) = robust_log_scores(v)?;
        st.radius = radius;
        scores.push(z);
        stats.push(st);
    }
    let opts = IdwOptions {
        power: 2.0,
        radius,
        min_points: 1,
    };
    let refs: Vec<&[f64]> = scores.iter().map(|z| z.as_slice()).collect();
    let grids = idw_columns(x, y, &refs, geometry, &opts)?;
    grids
        .into_iter()
        .zip(stats)
        .map(|(v, st)| {
            let mut g = Grid::new_f64(*geometry, v)?.with_crs(crs.clone());
            g.units = Some("z (log10)".into());
            Ok((g, st))
        })
        .collect()
}

/// [`element_grids`] of one element.
pub fn element_grid(
    x: &[f64],
    y: &[f64],
    values: &[f64],
    geometry: &GridGeometry,
    crs: Option<Crs>,
    radius: Option<f64>,
) -> Result<(Grid, ElementStats)> {
    Ok(element_grids(x, y, &[values], geometry, crs, radius)?.remove(0))
}

/// The evidence-layer name of an element column: `geochem_` + its leading letters in lower case
/// (`Au_ppb` → `geochem_au`, `As` → `geochem_as`, `REE_total` → `geochem_ree`).
pub fn layer_name(column: &str) -> String {
    let sym: String = column
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    let sym = if sym.is_empty() {
        column
            .trim()
            .to_ascii_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    } else {
        sym
    };
    format!("geochem_{sym}")
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
    fn robust_scores_censoring_and_names() {
        let (z, s) = robust_log_scores(&[10.0, 100.0, 1000.0, 0.0, -2.0, f64::NAN]).unwrap();
        // censored: 0 → 5 (half of 10), −2 → 1
        assert_eq!(s.censored, 2);
        assert_eq!(s.samples, 5);
        // logs 1, 2, 3, log 5, 0 → median 1; |deviations| 0, 1, 2, 0.301, 1 → MAD 1
        assert_eq!(s.log_median, 1.0);
        assert_eq!(s.log_scale, lode_core::stats::MAD_TO_SIGMA);
        assert!(z[5].is_nan());
        assert_eq!(z[0], 0.0);
        assert_eq!(z[2], 2.0 / lode_core::stats::MAD_TO_SIGMA);
        assert!(robust_log_scores(&[1.0, 1.0, 1.0, 2.0]).is_err());
        assert!(robust_log_scores(&[1.0, 2.0]).is_err());
        assert_eq!(layer_name("Au_ppb"), "geochem_au");
        assert_eq!(layer_name(" As "), "geochem_as");
        assert_eq!(layer_name("123"), "geochem_123");
        assert!((median_spacing(&[0.0, 3.0, 10.0], &[0.0, 4.0, 0.0]) - 5.0).abs() < 1e-12);
    }
}
