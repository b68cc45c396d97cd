//! Maxima of the total horizontal gradient (Blakely & Simpson 1986, Geophysics 51, 1494–1498).
//!
//! Every interior cell g(i,j) is compared with its two neighbours in four directions (along
//! rows, along columns and the two diagonals). A direction holds a maximum when
//! g(i,j) > g(first) and g(i,j) ≥ g(second) (the tie rule keeps one cell of a flat crest).
//! The count N (0–4) of such directions grades the maximum; cells with N ≥ the threshold are
//! kept. As in Blakely & Simpson, a parabola f(t) = g0 + B t + A t² through the three values
//! (t in neighbour steps) locates the crest at t* = −B/(2A) = (a − b)/(2(a + b − 2g0)), with
//! |t*| ≤ ½; of the directions holding a maximum the one of strongest curvature 2A/s² (s the
//! step length, m) — the one most nearly across the crest — gives the location.

use rayon::prelude::*;

/// A crest point of the horizontal gradient.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CrestPoint {
    /// Position in the grid's local frame: metres east along the rows from the grid's outer
    /// left edge, metres south along the columns from its outer top edge.
    pub u: f64,
    pub v: f64,
    /// Gradient at the crest (parabola peak), grid units per metre.
    pub value: f64,
    /// Number of directions (1–4) holding a maximum.
    pub n: u8,
}

/// Crest points of the gradient grid `g` (row-major, row 0 north; NaN = no data) with at least
/// `threshold` directions holding a maximum and a value of at least `min_value`.
pub fn crest_points(
    g: &[f64],
    rows: usize,
    cols: usize,
    dx: f64,
    dy: f64,
    threshold: u8,
    min_value: f64,
) -> Vec<CrestPoint> {
    if rows < 3 || cols < 3 {
        return Vec::new();
    }
    let dirs: [(isize, isize); 4] = [(1, 0), (0, 1), (1, 1), (1, -1)];
    (1..rows - 1)
        .into_par_iter()
        .flat_map_iter(|r| {
            let mut out = Vec::new();
            for c in 1..cols - 1 {
                let g0 = g[r * cols + c];
                if !(g0.is_finite() && g0 >= min_value) {
                    continue;
                }
                let mut n = 0u8;
                let mut best: Option<(f64, f64, f64, f64)> = None;
                for &(dc, dr) in &dirs {
                    let at = |s: isize| {
                        let rr = (r as isize + s * dr) as usize;
                        let cc = (c as isize + s * dc) as usize;
                        g[rr * cols + cc]
                    };
                    let (a, b) = (at(-1), at(1));
                    if !(g0 > a && g0 >= b) {
                        continue;
                    }
                    n += 1;
                    let den = a + b - 2.0 * g0;
                    let (sx, sy) = (dc as f64 * dx, dr as f64 * dy);
                    let s2 = sx * sx + sy * sy;
                    let curv = den / s2;
                    let (t, peak) = if den < 0.0 {
                        let t = (0.5 * (a - b) / den).clamp(-0.5, 0.5);
                        (t, g0 - (b - a) * (b - a) / (8.0 * den))
                    } else {
                        (0.0, g0)
                    };
                    if best.is_none_or(|q| curv < q.0) {
                        best = Some((curv, t * sx, t * sy, peak));
                    }
                }
                if n >= threshold.max(1) {
                    let (_, ou, ov, peak) = best.expect("n ≥ 1");
                    out.push(CrestPoint {
                        u: (c as f64 + 0.5) * dx + ou,
                        v: (r as f64 + 0.5) * dy + ov,
                        value: peak,
                        n,
                    });
                }
            }
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaussian_ridge_is_located_to_a_fraction_of_a_cell() {
        let (rows, cols) = (9, 11);
        let x0 = 5.3;
        let g: Vec<f64> = (0..rows * cols)
            .map(|i| {
                let x = (i % cols) as f64 + 0.5;
                (-(x - x0).powi(2) / 4.0).exp()
            })
            .collect();
        let p = crest_points(&g, rows, cols, 1.0, 1.0, 2, 0.0);
        assert_eq!(p.len(), rows - 2);
        for q in &p {
            assert_eq!(q.n, 3);
            assert!((q.u - x0).abs() < 0.05, "{q:?}");
        }
    }
}
