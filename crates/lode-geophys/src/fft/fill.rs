//! Filling of no-data cells before a Fourier transform.
//!
//! Method: every NaN cell first takes the value of a nearest valid cell (multi-source
//! breadth-first search over 4-neighbours, so "nearest" is in city-block distance); then the
//! filled cells are relaxed towards a harmonic surface (Laplace equation, valid cells held
//! fixed) by Gauss–Seidel sweeps with successive over-relaxation. The result is the smooth
//! membrane interpolant of the gaps (the tension-1 limit of Smith & Wessel 1990 minimum
//! curvature with tension), continuous with the surrounding data, so the transform does not see
//! the steps that a constant fill would create. The caller re-applies the mask after the
//! inverse transform.

use std::collections::VecDeque;

use lode_core::{Error, Result};

/// Relaxation sweeps over the gap cells.
const SWEEPS: usize = 200;

/// Fill the NaN cells of a `rows` × `cols` row-major array in place. Returns the number of
/// cells filled; an array without a single valid value is an error.
pub fn fill_gaps(v: &mut [f64], rows: usize, cols: usize) -> Result<usize> {
    let n = rows * cols;
    let mut queue = VecDeque::new();
    let mut known = vec![false; n];
    for (i, x) in v.iter().enumerate() {
        if x.is_finite() {
            known[i] = true;
            queue.push_back(i);
        }
    }
    if queue.is_empty() {
        return Err(Error::invalid("the grid has no valid value"));
    }
    let gaps: Vec<usize> = (0..n).filter(|&i| !known[i]).collect();
    if gaps.is_empty() {
        return Ok(0);
    }
    while let Some(i) = queue.pop_front() {
        let (r, c) = (i / cols, i % cols);
        let x = v[i];
        let mut visit = |j: usize| {
            if !known[j] {
                known[j] = true;
                v[j] = x;
                queue.push_back(j);
            }
        };
        if r > 0 {
            visit(i - cols);
        }
        if r + 1 < rows {
            visit(i + cols);
        }
        if c > 0 {
            visit(i - 1);
        }
        if c + 1 < cols {
            visit(i + 1);
        }
    }
    let omega = 1.8;
    for _ in 0..SWEEPS {
        let mut change = 0.0f64;
        let mut scale = 0.0f64;
        for &i in &gaps {
            let (r, c) = (i / cols, i % cols);
            let mut s = 0.0;
            let mut k = 0.0;
            if r > 0 {
                s += v[i - cols];
                k += 1.0;
            }
            if r + 1 < rows {
                s += v[i + cols];
                k += 1.0;
            }
            if c > 0 {
                s += v[i - 1];
                k += 1.0;
            }
            if c + 1 < cols {
                s += v[i + 1];
                k += 1.0;
            }
            if k > 0.0 {
                let d = s / k - v[i];
                v[i] += omega * d;
                change = change.max(d.abs());
                scale = scale.max(v[i].abs());
            }
        }
        if change <= 1e-6 * scale.max(1e-300) {
            break;
        }
    }
    Ok(gaps.len())
}
