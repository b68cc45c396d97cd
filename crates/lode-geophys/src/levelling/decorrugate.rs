//! Decorrugation (microlevelling) of a gridded survey: removal of the residual line-to-line
//! level errors that show as stripes along the flight-line direction.
//!
//! The corrugation is estimated as the part of the grid that is short-wavelength across the
//! lines and long-wavelength along them (Urquhart 1988, "Decorrugation of enhanced magnetic
//! field maps", SEG Expanded Abstracts; Minty 1991, Exploration Geophysics 22): a Gaussian
//! high-pass across the lines (σ = one line spacing) followed by a Gaussian low-pass along them
//! (σ = `along_factor` line spacings), optionally clipped to ±`max_correction`, and subtracted.
//! Filters are NaN-aware (normalised convolution); no-data cells stay no data.

use rayon::prelude::*;

use lode_core::{Error, Grid, Result};

/// Direction of the flight lines in the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineDirection {
    /// Lines along the grid's rows (east–west).
    EastWest,
    /// Lines along the grid's columns (north–south).
    NorthSouth,
}

impl LineDirection {
    /// Parse `ew`/`east-west` or `ns`/`north-south`.
    pub fn parse(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "ew" | "east-west" | "e-w" => Ok(LineDirection::EastWest),
            "ns" | "north-south" | "n-s" => Ok(LineDirection::NorthSouth),
            _ => Err(Error::invalid(format!(
                "line direction must be ew or ns, got {s:?}"
            ))),
        }
    }
}

fn kernel(sigma_cells: f64) -> Vec<f64> {
    let r = (3.0 * sigma_cells).ceil().max(1.0) as i64;
    (-r..=r)
        .map(|k| (-(k as f64).powi(2) / (2.0 * sigma_cells * sigma_cells)).exp())
        .collect()
}

/// NaN-aware 1-D Gaussian smoothing of every row (`along_rows`) or every column.
fn smooth(v: &[f64], cols: usize, rows: usize, sigma_cells: f64, along_rows: bool) -> Vec<f64> {
    let k = kernel(sigma_cells);
    let r = (k.len() / 2) as i64;
    let (n_lines, len) = if along_rows {
        (rows, cols)
    } else {
        (cols, rows)
    };
    let idx = move |line: usize, pos: usize| {
        if along_rows {
            line * cols + pos
        } else {
            pos * cols + line
        }
    };
    let lines: Vec<Vec<f64>> = (0..n_lines)
        .into_par_iter()
        .map(|line| {
            (0..len)
                .map(|p| {
                    if v[idx(line, p)].is_nan() {
                        return f64::NAN;
                    }
                    let (mut s, mut w) = (0.0, 0.0);
                    for (j, kw) in k.iter().enumerate() {
                        let q = p as i64 + j as i64 - r;
                        if q < 0 || q >= len as i64 {
                            continue;
                        }
                        let x = v[idx(line, q as usize)];
                        if x.is_finite() {
                            s += kw * x;
                            w += kw;
                        }
                    }
                    s / w
                })
                .collect()
        })
        .collect();
    let mut out = vec![f64::NAN; v.len()];
    for (line, vals) in lines.into_iter().enumerate() {
        for (p, x) in vals.into_iter().enumerate() {
            out[idx(line, p)] = x;
        }
    }
    out
}

/// Remove line-parallel corrugation from a grid. `line_spacing` in CRS units.
pub fn decorrugate(
    grid: &Grid,
    line_spacing: f64,
    direction: LineDirection,
    along_factor: f64,
    max_correction: Option<f64>,
) -> Result<Grid> {
    if !(line_spacing.is_finite() && line_spacing > 0.0) {
        return Err(Error::invalid(format!(
            "line spacing must be positive, got {line_spacing}"
        )));
    }
    if !(along_factor.is_finite() && along_factor >= 1.0) {
        return Err(Error::invalid(format!(
            "along-line factor must be ≥ 1, got {along_factor}"
        )));
    }
    let (cols, rows) = (grid.cols(), grid.rows());
    let (across_cell, along_cell) = match direction {
        LineDirection::EastWest => (grid.geometry.dy, grid.geometry.dx),
        LineDirection::NorthSouth => (grid.geometry.dx, grid.geometry.dy),
    };
    if line_spacing < 2.0 * across_cell {
        return Err(Error::invalid(format!(
            "line spacing {line_spacing} is less than two cells ({across_cell}) across the lines: nothing to decorrugate"
        )));
    }
    let along_rows = direction == LineDirection::EastWest;
    let v = grid.values_f64();
    let low_across = smooth(&v, cols, rows, line_spacing / across_cell, !along_rows);
    let high: Vec<f64> = v.iter().zip(&low_across).map(|(a, b)| a - b).collect();
    let corr = smooth(
        &high,
        cols,
        rows,
        along_factor * line_spacing / along_cell,
        along_rows,
    );
    let out: Vec<f64> = v
        .iter()
        .zip(&corr)
        .map(|(&x, &c)| {
            let c = if c.is_finite() { c } else { 0.0 };
            let c = match max_correction {
                Some(m) => c.clamp(-m, m),
                None => c,
            };
            x - c
        })
        .collect();
    grid.with_values_f64(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lode_core::GridGeometry;

    #[test]
    fn removes_line_offsets_and_keeps_geology() {
        let (cols, rows) = (200, 160);
        let g = GridGeometry::new(cols, rows, 0.0, 8000.0, 50.0, 50.0).unwrap();
        let truth = |x: f64, y: f64| {
            60.0 * (-((x - 5000.0).powi(2) + (y - 4000.0).powi(2)) / 2.0e6).exp() + 0.004 * x
        };
        let mut clean = Vec::new();
        let mut striped = Vec::new();
        for r in 0..rows {
            // E–W lines every 200 m = 4 rows; each line carries its own level error.
            let offset = [3.0, -2.0, 4.0, -1.0, 0.5, -3.5, 2.0][(r / 4) % 7];
            for c in 0..cols {
                let (x, y) = g.cell_center(c, r);
                clean.push(truth(x, y));
                striped.push(truth(x, y) + offset);
            }
        }
        let grid = Grid::new_f64(g, striped.clone()).unwrap();
        let out = decorrugate(&grid, 200.0, LineDirection::EastWest, 10.0, None).unwrap();
        // RMS of the error about its mean in the interior: a constant level is not corrugation.
        let rms = |a: &[f64]| {
            let m = 30;
            let mut e = Vec::new();
            for r in m..rows - m {
                for c in m..cols - m {
                    let i = r * cols + c;
                    e.push(a[i] - clean[i]);
                }
            }
            let mean = e.iter().sum::<f64>() / e.len() as f64;
            (e.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / e.len() as f64).sqrt()
        };
        let before = rms(&striped);
        let after = rms(&out.values_f64());
        // The 7-line offset pattern also has energy at 7 line spacings across the lines, which a
        // σ = 1-spacing high-pass keeps only in part (by design: longer across-line wavelengths
        // are geology as far as the filter can tell). Measured: 2.53 → 0.70.
        assert!(after < before / 3.0, "before {before}, after {after}");
    }
}
