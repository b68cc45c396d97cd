//! Raster Euclidean distance transform: distance (m) from each cell centre to the centre of the
//! nearest selected cell, exact, in linear time (Felzenszwalb & Huttenlocher 2012, "Distance
//! transforms of sampled functions", Theory of Computing 8, algorithm DT of §2.1: the lower
//! envelope of parabolas f(q) + (h·(p − q))², applied to the columns and then to the rows).
//! Cells may be rectangular (h = dy along columns, dx along rows).

use lode_core::{Error, Grid, Result};
use rayon::prelude::*;

/// One-dimensional squared-distance transform of `f` (∞ = no source) with sample spacing `h`,
/// written to `d` (Felzenszwalb & Huttenlocher 2012, eq. 2.1 and algorithm DT).
pub fn dt_1d(f: &[f64], h: f64, d: &mut [f64], v: &mut Vec<usize>, z: &mut Vec<f64>) {
    v.clear();
    z.clear();
    let h2 = h * h;
    let key = |q: usize| f[q] + h2 * (q * q) as f64;
    for (q, fq) in f.iter().enumerate() {
        if fq.is_infinite() {
            continue;
        }
        loop {
            match v.last() {
                None => {
                    v.push(q);
                    z.push(f64::NEG_INFINITY);
                    break;
                }
                Some(&p) => {
                    let s = (key(q) - key(p)) / (2.0 * h2 * (q - p) as f64);
                    if s <= *z.last().unwrap_or(&f64::NEG_INFINITY) {
                        v.pop();
                        z.pop();
                    } else {
                        v.push(q);
                        z.push(s);
                        break;
                    }
                }
            }
        }
    }
    if v.is_empty() {
        d.fill(f64::INFINITY);
        return;
    }
    let mut k = 0;
    for (q, dq) in d.iter_mut().enumerate() {
        while k + 1 < v.len() && z[k + 1] < q as f64 {
            k += 1;
        }
        let dd = (q as f64 - v[k] as f64) * h;
        *dq = dd * dd + f[v[k]];
    }
}

/// Distance (grid units, m) from each cell centre to the centre of the nearest cell for which
/// `select(value)` is true (0 on those cells). Cells that are no data in `grid` stay NaN in the
/// result but do not block the distance. Error when no cell is selected.
pub fn distance_to_cells(grid: &Grid, select: impl Fn(f64) -> bool + Sync) -> Result<Grid> {
    let (cols, rows) = (grid.cols(), grid.rows());
    let (dx, dy) = (grid.geometry.dx, grid.geometry.dy);
    let vals = grid.values_f64();
    let src: Vec<bool> = vals.par_iter().map(|&v| !v.is_nan() && select(v)).collect();
    if !src.iter().any(|&s| s) {
        return Err(Error::invalid("distance transform: no cell is selected"));
    }
    // Columns: transpose into column-major, transform each column with spacing dy.
    let mut colmajor = vec![0.0f64; cols * rows];
    colmajor.par_chunks_mut(rows).enumerate().for_each_init(
        || (vec![0.0; rows], Vec::new(), Vec::new()),
        |(f, v, z), (c, out)| {
            for (r, fr) in f.iter_mut().enumerate() {
                *fr = if src[r * cols + c] {
                    0.0
                } else {
                    f64::INFINITY
                };
            }
            dt_1d(f, dy, out, v, z);
        },
    );
    let mut out = vec![0.0f64; cols * rows];
    out.par_chunks_mut(cols).enumerate().for_each_init(
        || (vec![0.0; cols], Vec::new(), Vec::new()),
        |(f, v, z), (r, row)| {
            for (c, fc) in f.iter_mut().enumerate() {
                *fc = colmajor[c * rows + r];
            }
            dt_1d(f, dx, row, v, z);
            for (c, x) in row.iter_mut().enumerate() {
                *x = if vals[r * cols + c].is_nan() {
                    f64::NAN
                } else {
                    x.sqrt()
                };
            }
        },
    );
    let mut g = grid.with_values_f64(out)?;
    g.units = Some("m".into());
    g.field = Some("distance".into());
    g.nodata = None;
    Ok(g)
}

/// Distance (m) from each cell centre to the nearest cell holding category `code` (e.g. the cells
/// of one lithology in a grid from [`super::rasterize::rasterize_categorical`]).
pub fn distance_to_class(grid: &Grid, code: i64) -> Result<Grid> {
    let c = code as f64;
    distance_to_cells(grid, |v| v == c)
        .map_err(|_| Error::invalid(format!("distance transform: no cell holds class {code}")))
}
