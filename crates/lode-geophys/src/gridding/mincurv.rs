//! Minimum-curvature gridding with tension (Briggs 1974; Smith & Wessel 1990), the method of
//! GMT `surface`.
//!
//! The surface u(x, y) solves (1 − T)∇⁴u − T∇²u = 0 away from the data (T = tension, 0 ≤ T < 1;
//! T = 0 is the minimum-curvature spline, T → 1 a harmonic surface), with free edges
//! (∂²u/∂n² = 0 and ∂³u/∂n³ = 0, by linear extrapolation of two ghost rows) and each datum
//! honoured through the second-order Taylor expansion of u about its nearest node (Briggs 1974,
//! eq. 7). The 13-point finite-difference equations are solved by successive over-relaxation
//! (ω = 1.4, as Smith & Wessel) on a sequence of grids, coarse to fine (stride 2^k … 1), each
//! solution interpolated bilinearly as the start of the next. A least-squares plane is removed
//! first and the data are scaled by their RMS, as GMT does; convergence is reached when the
//! largest change of an iteration is below `convergence` × RMS.
//!
//! Rows of equal index modulo 3 do not read each other (the stencil reaches two rows), so
//! each colour of rows is relaxed in parallel, row by row in order within a colour.

use rayon::prelude::*;

use lode_core::{Error, Grid, Result};

use super::blank::blank_far_from_data;
use super::blockmean::{block_mean, Nodes};

/// Parameters of [`grid_points`].
#[derive(Debug, Clone, PartialEq)]
pub struct SurfaceParams {
    /// Node spacing, CRS units (metres).
    pub cell: f64,
    /// Tension T in [0, 1): 0 = minimum curvature; GMT recommends 0.25 for potential fields.
    pub tension: f64,
    /// Convergence limit as a fraction of the RMS of the de-trended data (GMT default 1e-4).
    pub convergence: f64,
    /// Maximum iterations per grid stride (GMT default 500).
    pub max_iterations: usize,
    /// Blank nodes farther than this from every datum (CRS units).
    pub blank: Option<f64>,
    /// Node extent [xmin, ymin, xmax, ymax]; default: the data extent snapped outward to the cell.
    pub region: Option<[f64; 4]>,
}

impl SurfaceParams {
    /// Defaults for a cell size: tension 0.25, convergence 1e-4, 500 iterations.
    pub fn new(cell: f64) -> Self {
        SurfaceParams {
            cell,
            tension: 0.25,
            convergence: 1e-4,
            max_iterations: 500,
            blank: None,
            region: None,
        }
    }
}

/// Grid scattered or line data by minimum curvature with tension. The output's cell centres are
/// the surface's nodes. Returns the grid (f64) without CRS; the caller sets it.
pub fn grid_points(xs: &[f64], ys: &[f64], zs: &[f64], p: &SurfaceParams) -> Result<Grid> {
    if !(p.cell.is_finite() && p.cell > 0.0) {
        return Err(Error::invalid(format!(
            "cell size must be positive, got {}",
            p.cell
        )));
    }
    if !(0.0..1.0).contains(&p.tension) {
        return Err(Error::invalid(format!(
            "tension must be in [0, 1), got {}",
            p.tension
        )));
    }
    if xs.len() != ys.len() || xs.len() != zs.len() {
        return Err(Error::invalid("x, y and z columns differ in length"));
    }
    let region = match p.region {
        Some(r) => r,
        None => {
            let mut e = [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ];
            for ((&x, &y), &z) in xs.iter().zip(ys).zip(zs) {
                if x.is_finite() && y.is_finite() && z.is_finite() {
                    e = [e[0].min(x), e[1].min(y), e[2].max(x), e[3].max(y)];
                }
            }
            if !e[0].is_finite() {
                return Err(Error::invalid("no finite data points to grid"));
            }
            let h = p.cell;
            [
                (e[0] / h).floor() * h,
                (e[1] / h).floor() * h,
                (e[2] / h).ceil() * h,
                (e[3] / h).ceil() * h,
            ]
        }
    };
    let nx = ((region[2] - region[0]) / p.cell).round() as usize + 1;
    let ny = ((region[3] - region[1]) / p.cell).round() as usize + 1;
    if nx < 4 || ny < 4 {
        return Err(Error::invalid(format!(
            "grid of {nx} × {ny} nodes is too small: use a smaller cell"
        )));
    }
    if (nx as u64) * (ny as u64) > 400_000_000 {
        return Err(Error::invalid(format!(
            "grid of {nx} × {ny} nodes is too large: use a larger cell"
        )));
    }
    let nodes = Nodes {
        x0: region[0],
        y0: region[1],
        h: p.cell,
        nx,
        ny,
    };
    let data = block_mean(xs, ys, zs, &nodes);
    if data.len() < 3 {
        return Err(Error::invalid(format!(
            "only {} grid cells hold data; at least 3 are needed",
            data.len()
        )));
    }
    let mut u = solve(&data, &nodes, p)?;
    if let Some(d) = p.blank {
        blank_far_from_data(&mut u, &nodes, xs, ys, d);
    }
    nodes.to_grid(&u)
}

/// Least-squares plane z = a + b·x + c·y (coordinates relative to the first datum).
fn plane(data: &[(f64, f64, f64)]) -> [f64; 3] {
    let (x0, y0) = (data[0].0, data[0].1);
    let mut m = [[0.0f64; 3]; 3];
    let mut r = [0.0f64; 3];
    for &(x, y, z) in data {
        let v = [1.0, x - x0, y - y0];
        for a in 0..3 {
            for b in 0..3 {
                m[a][b] += v[a] * v[b];
            }
            r[a] += v[a] * z;
        }
    }
    match solve3(m, r) {
        Some(c) => [c[0] - c[1] * x0 - c[2] * y0, c[1], c[2]],
        None => [
            data.iter().map(|d| d.2).sum::<f64>() / data.len() as f64,
            0.0,
            0.0,
        ],
    }
}

fn solve3(m: [[f64; 3]; 3], r: [f64; 3]) -> Option<[f64; 3]> {
    let det = |m: &[[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let d = det(&m);
    let scale = m[0][0].abs() * m[1][1].abs() * m[2][2].abs();
    if d.abs() <= 1e-12 * scale.max(f64::MIN_POSITIVE) {
        return None;
    }
    let mut out = [0.0; 3];
    for (k, o) in out.iter_mut().enumerate() {
        let mut mk = m;
        for row in 0..3 {
            mk[row][k] = r[row];
        }
        *o = det(&mk) / d;
    }
    Some(out)
}

/// Real-node expansion of index `i + d` on an axis of `n` nodes: ghosts beyond the edges are
/// linear extrapolations (u₋₁ = 2u₀ − u₁, u₋₂ = 3u₀ − 2u₁).
fn axis_map(i: usize, d: i64, n: usize) -> [(usize, f64); 2] {
    let k = i as i64 + d;
    if k < 0 {
        let g = (-k) as f64;
        [(0, 1.0 + g), (1, -g)]
    } else if k >= n as i64 {
        let g = (k - n as i64 + 1) as f64;
        [(n - 1, 1.0 + g), (n - 2, -g)]
    } else {
        [(k as usize, 1.0), (k as usize, 0.0)]
    }
}

/// A linear equation for one node: u₀ = (rhs − Σ c·u_k) / a0.
#[derive(Debug, Clone)]
struct Equation {
    /// Over-relaxation factor: ω for interior biharmonic nodes, 1 for data and edge nodes.
    omega: f64,
    a0: f64,
    rhs: f64,
    terms: Vec<(usize, f64)>,
}

fn expand(
    i: usize,
    j: usize,
    nx: usize,
    ny: usize,
    stencil: &[(i64, i64, f64)],
    rhs: f64,
) -> Equation {
    let me = j * nx + i;
    let mut acc: Vec<(usize, f64)> = Vec::with_capacity(16);
    for &(di, dj, w) in stencil {
        for (ii, wi) in axis_map(i, di, nx) {
            if wi == 0.0 {
                continue;
            }
            for (jj, wj) in axis_map(j, dj, ny) {
                if wj == 0.0 {
                    continue;
                }
                let k = jj * nx + ii;
                match acc.iter_mut().find(|(kk, _)| *kk == k) {
                    Some(e) => e.1 += w * wi * wj,
                    None => acc.push((k, w * wi * wj)),
                }
            }
        }
    }
    let a0 = acc.iter().filter(|(k, _)| *k == me).map(|(_, c)| *c).sum();
    let terms: Vec<(usize, f64)> = acc
        .into_iter()
        .filter(|(k, c)| *k != me && *c != 0.0)
        .collect();
    let omega = if stencil.len() == 13 && terms.len() == 12 {
        1.4
    } else {
        1.0
    };
    Equation {
        omega,
        a0,
        rhs,
        terms,
    }
}

/// The tension-biharmonic stencil (1 − T)∇⁴ − T∇² in grid units.
fn biharmonic(t: f64) -> Vec<(i64, i64, f64)> {
    let c = 20.0 * (1.0 - t) + 4.0 * t;
    let a1 = -8.0 * (1.0 - t) - t;
    let dg = 2.0 * (1.0 - t);
    let a2 = 1.0 - t;
    vec![
        (0, 0, c),
        (1, 0, a1),
        (-1, 0, a1),
        (0, 1, a1),
        (0, -1, a1),
        (1, 1, dg),
        (1, -1, dg),
        (-1, 1, dg),
        (-1, -1, dg),
        (2, 0, a2),
        (-2, 0, a2),
        (0, 2, a2),
        (0, -2, a2),
    ]
}

/// Data constraint: z = u₀ + dx·u_x + dy·u_y with centred differences, (dx, dy) the datum's
/// offset from its nearest node in grid units (|dx|, |dy| ≤ ½). This is the first-order part of
/// Briggs' (1974) Taylor expansion; the second-order terms are left out because with them the
/// constrained equations are not diagonally dominant and the relaxation diverges where every
/// node holds a datum (dense surveys at coarse strides), while the first-order form keeps the
/// sum of the neighbour weights ≤ 1.
fn data_stencil(dx: f64, dy: f64) -> Vec<(i64, i64, f64)> {
    vec![
        (0, 0, 1.0),
        (1, 0, 0.5 * dx),
        (-1, 0, -0.5 * dx),
        (0, 1, 0.5 * dy),
        (0, -1, -0.5 * dy),
    ]
}

fn solve(data: &[(f64, f64, f64)], nodes: &Nodes, p: &SurfaceParams) -> Result<Vec<f64>> {
    let pl = plane(data);
    let (ox, oy) = (data[0].0, data[0].1);
    let resid: Vec<(f64, f64, f64)> = data
        .iter()
        .map(|&(x, y, z)| (x, y, z - (pl[0] + pl[1] * (x - ox) + pl[2] * (y - oy))))
        .collect();
    let rms = (resid.iter().map(|d| d.2 * d.2).sum::<f64>() / resid.len() as f64).sqrt();
    let scale = if rms > 0.0 { rms } else { 1.0 };
    let resid: Vec<(f64, f64, f64)> = resid
        .into_iter()
        .map(|(x, y, z)| (x, y, z / scale))
        .collect();

    // Strides 2^k, coarsest leaving at least 4 intervals on the shorter side.
    let (nx, ny) = (nodes.nx, nodes.ny);
    let mut stride = 1usize;
    while (nx - 1) / (stride * 2) >= 4 && (ny - 1) / (stride * 2) >= 4 && stride < 64 {
        stride *= 2;
    }
    // Pad so that every stride divides the node count minus one.
    let px = (nx - 1).div_ceil(stride) * stride + 1;
    let py = (ny - 1).div_ceil(stride) * stride + 1;
    let mut u = vec![0.0f64; px * py];
    let stencil = biharmonic(p.tension);
    let mut s = stride;
    loop {
        let (cx, cy) = ((px - 1) / s + 1, (py - 1) / s + 1);
        // Equations on the coarse lattice (index space of stride s).
        // Interior nodes without data use the fixed stencil (index NONE); nodes within two of
        // an edge and data nodes have their own expanded equation.
        let mut slot: Vec<u32> = vec![NONE; cx * cy];
        let mut eqs: Vec<Equation> = Vec::new();
        for j in 0..cy {
            for i in 0..cx {
                if i < 2 || j < 2 || i + 2 >= cx || j + 2 >= cy {
                    slot[j * cx + i] = eqs.len() as u32;
                    eqs.push(expand(i, j, cx, cy, &stencil, 0.0));
                }
            }
        }
        // Nearest datum to each coarse node.
        let mut best: Vec<Option<(f64, f64, f64, f64)>> = vec![None; cx * cy];
        let hs = nodes.h * s as f64;
        for &(x, y, z) in &resid {
            let fi = (x - nodes.x0) / hs;
            let fj = (y - nodes.y0) / hs;
            let (i, j) = (fi.round(), fj.round());
            if i < 0.0 || j < 0.0 || i >= cx as f64 || j >= cy as f64 {
                continue;
            }
            let (dx, dy) = (fi - i, fj - j);
            let d2 = dx * dx + dy * dy;
            let k = j as usize * cx + i as usize;
            if best[k].is_none_or(|b| d2 < b.3) {
                best[k] = Some((dx, dy, z, d2));
            }
        }
        for (k, b) in best.iter().enumerate() {
            if let Some((dx, dy, z, _)) = *b {
                let e = expand(k % cx, k / cx, cx, cy, &data_stencil(dx, dy), z);
                if slot[k] == NONE {
                    slot[k] = eqs.len() as u32;
                    eqs.push(e);
                } else {
                    eqs[slot[k] as usize] = e;
                }
            }
        }
        let mut w = vec![0.0f64; cx * cy];
        for j in 0..cy {
            for i in 0..cx {
                w[j * cx + i] = u[j * s * px + i * s];
            }
        }
        relax(&mut w, &slot, &eqs, cx, cy, p);
        for j in 0..cy {
            for i in 0..cx {
                u[j * s * px + i * s] = w[j * cx + i];
            }
        }
        if s == 1 {
            break;
        }
        // Bilinear interpolation onto the next finer lattice.
        let h = s / 2;
        for j in (0..py).step_by(h) {
            for i in (0..px).step_by(h) {
                if i % s == 0 && j % s == 0 {
                    continue;
                }
                let (i0, j0) = (i / s * s, j / s * s);
                let (i1, j1) = ((i0 + s).min(px - 1), (j0 + s).min(py - 1));
                let tx = (i - i0) as f64 / s as f64;
                let ty = (j - j0) as f64 / s as f64;
                u[j * px + i] = (u[j0 * px + i0] * (1.0 - tx) + u[j0 * px + i1] * tx) * (1.0 - ty)
                    + (u[j1 * px + i0] * (1.0 - tx) + u[j1 * px + i1] * tx) * ty;
            }
        }
        s = h;
    }
    let mut out = vec![0.0; nx * ny];
    for j in 0..ny {
        for i in 0..nx {
            let x = nodes.x0 + i as f64 * nodes.h;
            let y = nodes.y0 + j as f64 * nodes.h;
            out[j * nx + i] = u[j * px + i] * scale + pl[0] + pl[1] * (x - ox) + pl[2] * (y - oy);
        }
    }
    Ok(out)
}

/// Marks a node that uses the fixed interior stencil.
const NONE: u32 = u32::MAX;

/// Successive over-relaxation with rows coloured modulo 3 (parallel within a colour).
fn relax(w: &mut [f64], slot: &[u32], eqs: &[Equation], cx: usize, cy: usize, p: &SurfaceParams) {
    const OMEGA: f64 = 1.4;
    let t = p.tension;
    let a0 = 20.0 * (1.0 - t) + 4.0 * t;
    let c1 = (8.0 * (1.0 - t) + t) / a0;
    let c2 = -2.0 * (1.0 - t) / a0;
    let c3 = -(1.0 - t) / a0;
    let shared = SharedSlice(w.as_mut_ptr(), w.len());
    for _ in 0..p.max_iterations {
        let mut max_change = 0.0f64;
        for colour in 0..3 {
            let rows: Vec<usize> = (colour..cy).step_by(3).collect();
            let m = rows
                .par_iter()
                .map(|&j| {
                    let w = &shared;
                    let mut local = 0.0f64;
                    for i in 0..cx {
                        let k = j * cx + i;
                        // SAFETY: rows of one colour are ≥ 3 apart and the stencil reaches
                        // two rows, so no other task writes a cell this row reads or writes.
                        let old = unsafe { w.get(k) };
                        let new = if slot[k] == NONE {
                            let (n, s) = (k + cx, k - cx);
                            let target = unsafe {
                                c1 * (w.get(k - 1) + w.get(k + 1) + w.get(n) + w.get(s))
                                    + c2 * (w.get(n - 1)
                                        + w.get(n + 1)
                                        + w.get(s - 1)
                                        + w.get(s + 1))
                                    + c3 * (w.get(k - 2)
                                        + w.get(k + 2)
                                        + w.get(n + cx)
                                        + w.get(s - cx))
                            };
                            old + OMEGA * (target - old)
                        } else {
                            let e = &eqs[slot[k] as usize];
                            let mut sum = e.rhs;
                            for &(kk, c) in &e.terms {
                                sum -= c * unsafe { w.get(kk) };
                            }
                            old + e.omega * (sum / e.a0 - old)
                        };
                        unsafe { w.set(k, new) };
                        local = local.max((new - old).abs());
                    }
                    local
                })
                .reduce(|| 0.0, f64::max);
            max_change = max_change.max(m);
        }
        if max_change < p.convergence {
            break;
        }
    }
}

/// A raw view of the solution shared by the row tasks of one colour.
struct SharedSlice(*mut f64, usize);
unsafe impl Sync for SharedSlice {}
impl SharedSlice {
    #[inline]
    unsafe fn get(&self, k: usize) -> f64 {
        debug_assert!(k < self.1);
        *self.0.add(k)
    }
    #[inline]
    unsafe fn set(&self, k: usize, v: f64) {
        debug_assert!(k < self.1);
        *self.0.add(k) = v;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plane is reproduced exactly (it is removed first and the residual surface is zero).
    #[test]
    fn plane_is_exact() {
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        let mut zs = Vec::new();
        for k in 0..200 {
            let x = (k * 37 % 101) as f64 * 10.0;
            let y = (k * 53 % 97) as f64 * 10.0;
            xs.push(x);
            ys.push(y);
            zs.push(3.0 + 0.01 * x - 0.02 * y);
        }
        let g = grid_points(&xs, &ys, &zs, &SurfaceParams::new(20.0)).unwrap();
        for r in 0..g.rows() {
            for c in 0..g.cols() {
                let (x, y) = g.geometry.cell_center(c, r);
                assert!((g.get(c, r) - (3.0 + 0.01 * x - 0.02 * y)).abs() < 1e-9);
            }
        }
    }

    /// Data on nodes are honoured, and a smooth field is recovered between dense samples.
    #[test]
    fn honours_data_and_interpolates_smooth_fields() {
        let f = |x: f64, y: f64| (x / 300.0).sin() * (y / 400.0).cos() * 50.0;
        let (mut xs, mut ys, mut zs) = (Vec::new(), Vec::new(), Vec::new());
        for j in 0..=40 {
            for i in 0..=200 {
                // Lines every 100 m (along x), samples every 10 m.
                let (x, y) = (i as f64 * 10.0, j as f64 * 50.0);
                xs.push(x);
                ys.push(y);
                zs.push(f(x, y));
            }
        }
        let mut p = SurfaceParams::new(25.0);
        p.convergence = 1e-6;
        let g = grid_points(&xs, &ys, &zs, &p).unwrap();
        let mut worst = 0.0f64;
        for r in 4..g.rows() - 4 {
            for c in 4..g.cols() - 4 {
                let (x, y) = g.geometry.cell_center(c, r);
                worst = worst.max((g.get(c, r) - f(x, y)).abs());
            }
        }
        // 50 nT amplitude, 2 km wavelengths, 50 m line spacing: within 1 % of the amplitude.
        assert!(worst < 0.5, "worst interior error {worst}");
    }
}
