//! Zero contours of a grid by marching squares (Lorensen & Cline 1987, 2-D case), used for the
//! zero contour of the tilt angle (Miller & Singh 1994, J. Appl. Geophys. 32, 213–217;
//! Verduzco et al. 2004, The Leading Edge 23, 116–119).
//!
//! Nodes are the cell centres; a contour crosses a node-to-node edge where the sign changes
//! (values ≥ 0 count as positive), at the linearly interpolated zero. Saddle squares are
//! resolved by the mean of the four corners. Segments are linked into polylines through the
//! edges they share, so the linking is exact; squares with a no-data corner end a polyline.

use std::collections::HashMap;

use rayon::prelude::*;

/// A contour segment between two edge crossings, in the local frame (m east, m south).
type Seg = ([u64; 2], [[f64; 2]; 2]);

/// Zero-contour segments of `v` (row-major, row 0 north); `keep(u, v)` may drop a segment by
/// its midpoint. Coordinates are in the local frame (metres east/south of the outer top-left
/// corner).
fn segments(
    v: &[f64],
    rows: usize,
    cols: usize,
    dx: f64,
    dy: f64,
    keep: &(dyn Fn(f64, f64) -> bool + Sync),
) -> Vec<Seg> {
    if rows < 2 || cols < 2 {
        return Vec::new();
    }
    (0..rows - 1)
        .into_par_iter()
        .flat_map_iter(|r| {
            let mut out = Vec::new();
            for c in 0..cols - 1 {
                let z = [
                    v[r * cols + c],
                    v[r * cols + c + 1],
                    v[(r + 1) * cols + c + 1],
                    v[(r + 1) * cols + c],
                ];
                if z.iter().any(|x| !x.is_finite()) {
                    continue;
                }
                let s = z.map(|x| x >= 0.0);
                let case = s
                    .iter()
                    .enumerate()
                    .fold(0u8, |a, (i, &b)| a | ((b as u8) << i));
                if case == 0 || case == 15 {
                    continue;
                }
                // Edges: 0 top (corner 0–1), 1 right (1–2), 2 bottom (3–2), 3 left (0–3).
                let ends: [(usize, usize); 4] = [(0, 1), (1, 2), (3, 2), (0, 3)];
                let key = |e: usize| -> u64 {
                    let (rr, cc, vert) = match e {
                        0 => (r, c, 0),
                        1 => (r, c + 1, 1),
                        2 => (r + 1, c, 0),
                        _ => (r, c, 1),
                    };
                    ((rr * cols + cc) as u64) * 2 + vert
                };
                let pos = |e: usize| -> [f64; 2] {
                    let (a, b) = ends[e];
                    let t = z[a] / (z[a] - z[b]);
                    let corner = |k: usize| -> [f64; 2] {
                        let (cc, rr) = match k {
                            0 => (c, r),
                            1 => (c + 1, r),
                            2 => (c + 1, r + 1),
                            _ => (c, r + 1),
                        };
                        [(cc as f64 + 0.5) * dx, (rr as f64 + 0.5) * dy]
                    };
                    let (pa, pb) = (corner(a), corner(b));
                    [pa[0] + t * (pb[0] - pa[0]), pa[1] + t * (pb[1] - pa[1])]
                };
                let crossed: Vec<usize> =
                    (0..4).filter(|&e| s[ends[e].0] != s[ends[e].1]).collect();
                let pairs: Vec<(usize, usize)> = if crossed.len() == 2 {
                    vec![(crossed[0], crossed[1])]
                } else {
                    // Saddle: corners 0 and 2 share a sign. When the centre has their sign,
                    // they are connected and the contours cut off corners 1 and 3.
                    let centre = (z[0] + z[1] + z[2] + z[3]) / 4.0 >= 0.0;
                    if centre == s[0] {
                        vec![(0, 1), (2, 3)]
                    } else {
                        vec![(3, 0), (1, 2)]
                    }
                };
                for (a, b) in pairs {
                    let (pa, pb) = (pos(a), pos(b));
                    if keep(0.5 * (pa[0] + pb[0]), 0.5 * (pa[1] + pb[1])) {
                        out.push(([key(a), key(b)], [pa, pb]));
                    }
                }
            }
            out
        })
        .collect()
}

/// Zero-contour polylines of `v` in the local frame; closed rings repeat their first point.
pub fn zero_contours(
    v: &[f64],
    rows: usize,
    cols: usize,
    dx: f64,
    dy: f64,
    keep: &(dyn Fn(f64, f64) -> bool + Sync),
) -> Vec<Vec<[f64; 2]>> {
    let segs = segments(v, rows, cols, dx, dy, keep);
    let mut at: HashMap<u64, Vec<usize>> = HashMap::with_capacity(segs.len() * 2);
    for (i, s) in segs.iter().enumerate() {
        at.entry(s.0[0]).or_default().push(i);
        at.entry(s.0[1]).or_default().push(i);
    }
    let mut used = vec![false; segs.len()];
    let mut lines = Vec::new();
    let walk = |from: usize, key: u64, used: &mut Vec<bool>, out: &mut Vec<[f64; 2]>| {
        let (mut cur, mut k) = (from, key);
        loop {
            let next = at[&k].iter().copied().find(|&j| j != cur && !used[j]);
            let Some(j) = next else { break };
            used[j] = true;
            let (k2, p2) = if segs[j].0[0] == k {
                (segs[j].0[1], segs[j].1[1])
            } else {
                (segs[j].0[0], segs[j].1[0])
            };
            out.push(p2);
            cur = j;
            k = k2;
        }
    };
    for i in 0..segs.len() {
        if used[i] {
            continue;
        }
        used[i] = true;
        let mut fwd = vec![segs[i].1[0], segs[i].1[1]];
        walk(i, segs[i].0[1], &mut used, &mut fwd);
        let mut back = Vec::new();
        walk(i, segs[i].0[0], &mut used, &mut back);
        if !back.is_empty() {
            back.reverse();
            back.extend(fwd);
            fwd = back;
        }
        lines.push(fwd);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn circle_is_one_closed_ring() {
        let n = 40;
        let v: Vec<f64> = (0..n * n)
            .map(|i| {
                let (x, y) = ((i % n) as f64 + 0.5 - 20.0, (i / n) as f64 + 0.5 - 20.0);
                10.0 - x.hypot(y)
            })
            .collect();
        let l = zero_contours(&v, n, n, 1.0, 1.0, &|_, _| true);
        assert_eq!(l.len(), 1);
        let ring = &l[0];
        assert_eq!(ring[0], ring[ring.len() - 1]);
        for p in ring {
            let r = (p[0] - 20.0).hypot(p[1] - 20.0);
            assert!((r - 10.0).abs() < 0.05, "{r}");
        }
    }
}
