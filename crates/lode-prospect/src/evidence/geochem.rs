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
//! 4. inverse-distance weighting of z onto the cell centres within a search radius
//!    ([`lode_geophys::gridding::idw`], Shepard 1968, power 2).

use lode_core::stats::median_sigma;
use lode_core::{Crs, Error, Grid, GridGeometry, Result};
use lode_geophys::gridding::idw::{idw_columns, median_spacing, IdwOptions};

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
    }
}
