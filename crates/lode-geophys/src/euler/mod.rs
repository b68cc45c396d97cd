//! Euler deconvolution of a gridded potential field (Reid et al. 1990, Geophysics 55, 80–91).
//!
//! In every W×W window the homogeneity equation (Reid et al. 1990, eq. 1–2)
//!
//! (x − x0) ∂T/∂x + (y − y0) ∂T/∂y + (z − z0) ∂T/∂z = N (B − T)
//!
//! is solved by least squares for the source position (x0, y0, z0) and the base level B, given
//! the structural index N (0–3). For N = 0 (magnetic contact) the right-hand side is Reid's
//! constant A instead of N·B (Reid et al. 1990, eq. 3) and `base` reports A (field units × m).
//! The grid is an observation surface at z = 0 and z is positive down, so z0 is the depth below
//! the observation surface (m). ∂T/∂z is computed by FFT ([`crate::transforms`], op `dz`),
//! ∂T/∂x and ∂T/∂y by central finite differences along the grid axes.
//!
//! A window solution is accepted when its depth is positive, its depth uncertainty
//! 100·σ_z0/z0 (σ_z0² from the covariance χ²(AᵀA)⁻¹ of the solution, as Harmonica's
//! `EulerDeconvolution.covariance_`) is at most `max_uncertainty` %, and it lies within
//! `max_distance` (default: the window size W·max(dx, dy)) of the window centre horizontally.

pub mod cluster;
pub mod lsq;

use lode_core::{Error, Grid, Result};
use rayon::prelude::*;

use crate::transforms::{apply_chain, derivatives, Op, TransformOptions};
use lsq::Normal4;

/// Settings of [`euler_deconvolution`].
#[derive(Debug, Clone, PartialEq)]
pub struct EulerOptions {
    /// Structural index N, 0 ≤ N ≤ 3.
    pub si: f64,
    /// Window side, cells (≥ 3).
    pub window: usize,
    /// Step between window origins, cells; [`EulerOptions::new`] uses max(1, W/2).
    pub stride: usize,
    /// Largest accepted depth uncertainty 100·σ_z0/z0, %.
    pub max_uncertainty: f64,
    /// Largest horizontal distance (m) of a solution from its window centre; None = W·max(dx, dy).
    pub max_distance: Option<f64>,
    /// Merge solutions closer than one cell horizontally ([`cluster::cluster`]).
    pub cluster: bool,
}

impl EulerOptions {
    /// Defaults: stride max(1, W/2), 15 % uncertainty, distance = window size, clustering on.
    pub fn new(si: f64, window: usize) -> Self {
        EulerOptions {
            si,
            window,
            stride: (window / 2).max(1),
            max_uncertainty: 15.0,
            max_distance: None,
            cluster: true,
        }
    }
}

/// One accepted (or clustered) Euler solution.
#[derive(Debug, Clone, PartialEq)]
pub struct EulerSolution {
    /// Horizontal position in the grid's CRS.
    pub x: f64,
    pub y: f64,
    /// Depth below the observation surface, m (positive down).
    pub depth: f64,
    /// Base level B (field units); Reid's constant A for N = 0.
    pub base: f64,
    /// Structural index used.
    pub si: f64,
    /// 100·σ_z0/z0, %.
    pub depth_uncertainty: f64,
    /// Column and row of the window centre cell (of the first member of a cluster).
    pub col: usize,
    pub row: usize,
    /// Number of window solutions merged into this one (1 without clustering).
    pub count: usize,
}

/// Least-squares solution of one window, in the coordinates given.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowSolution {
    /// (x0, y0, z0) in the same axes as the input coordinates.
    pub location: [f64; 3],
    /// B, or Reid's A when N = 0.
    pub base: f64,
    /// Covariance of (x0, y0, z0, B).
    pub covariance: [[f64; 4]; 4],
}

/// Solve Euler's equation for one set of points: coordinates (x, y, z), field t and its
/// derivatives along the same axes (z may point up or down: the equation has the same form).
/// Same estimate and covariance as Harmonica's `EulerDeconvolution.fit` for N > 0. Coordinates
/// are centred on their mean first for conditioning. None when the system is singular.
pub fn solve_points(
    x: &[f64],
    y: &[f64],
    z: &[f64],
    t: [&[f64]; 4],
    si: f64,
) -> Option<WindowSolution> {
    let n = x.len();
    if [
        y.len(),
        z.len(),
        t[0].len(),
        t[1].len(),
        t[2].len(),
        t[3].len(),
    ]
    .iter()
    .any(|&l| l != n)
        || n == 0
    {
        return None;
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / n as f64;
    let (mx, my, mz) = (mean(x), mean(y), mean(z));
    let mut ne = Normal4::default();
    for i in 0..n {
        let (xi, yi, zi) = (x[i] - mx, y[i] - my, z[i] - mz);
        add_row(
            &mut ne,
            xi,
            yi,
            zi,
            [t[0][i], t[1][i], t[2][i], t[3][i]],
            si,
        );
    }
    let s = ne.solve()?;
    Some(WindowSolution {
        location: [s.p[0] + mx, s.p[1] + my, s.p[2] + mz],
        base: s.p[3],
        covariance: s.cov,
    })
}

#[inline]
fn add_row(ne: &mut Normal4, x: f64, y: f64, z: f64, t: [f64; 4], si: f64) {
    let [f, fx, fy, fz] = t;
    let last = if si == 0.0 { 1.0 } else { si };
    ne.add([fx, fy, fz, last], x * fx + y * fy + z * fz + si * f);
}

/// Validate a structural index: finite and within 0..=3.
pub fn check_si(si: f64) -> Result<()> {
    if !si.is_finite() || !(0.0..=3.0).contains(&si) {
        return Err(Error::invalid(format!(
            "structural index {si} is out of range 0..=3"
        )));
    }
    Ok(())
}

/// Windowed Euler deconvolution of `grid` (metres, constant observation height); solutions in
/// window order (row-major over window origins), then clustered if asked.
pub fn euler_deconvolution(grid: &Grid, o: &EulerOptions) -> Result<Vec<EulerSolution>> {
    check_si(o.si)?;
    let (cols, rows) = (grid.cols(), grid.rows());
    let w = o.window;
    if w < 3 {
        return Err(Error::invalid(format!(
            "window of {w} cells is too small (at least 3)"
        )));
    }
    if w > cols || w > rows {
        return Err(Error::invalid(format!(
            "window of {w} cells is larger than the grid ({cols} × {rows} cells)"
        )));
    }
    if o.stride == 0 {
        return Err(Error::invalid("stride must be at least 1 cell"));
    }
    if o.max_uncertainty.is_nan() || o.max_uncertainty <= 0.0 {
        return Err(Error::invalid("max uncertainty must be positive"));
    }
    let v = grid.values.as_f64();
    if !v.iter().any(|x| x.is_finite()) {
        return Err(Error::invalid("the grid has no valid values (all no-data)"));
    }
    let g = &grid.geometry;
    let (dx, dy) = (g.dx, g.dy);
    let (dz, _) = apply_chain(grid, &Op::parse_chain("dz")?, &TransformOptions::default())?;
    let tz = dz.values.as_f64();
    let tx = derivatives::fd_dx(&v, rows, cols, dx);
    let ty = derivatives::fd_dy(&v, rows, cols, dy);
    let max_dist = o.max_distance.unwrap_or(w as f64 * dx.max(dy));
    // Per cell: [T, ∂T/∂x, ∂T/∂y, ∂T/∂z] packed, and a summed-area count of invalid cells so a
    // window with no-data is skipped in O(1).
    let cells: Vec<[f64; 4]> = (0..rows * cols)
        .map(|i| [v[i], tx[i], ty[i], tz[i]])
        .collect();
    let mut bad = vec![0u32; (rows + 1) * (cols + 1)];
    for r in 0..rows {
        for c in 0..cols {
            let b = cells[r * cols + c].iter().any(|a| !a.is_finite()) as u32;
            bad[(r + 1) * (cols + 1) + c + 1] =
                b + bad[r * (cols + 1) + c + 1] + bad[(r + 1) * (cols + 1) + c]
                    - bad[r * (cols + 1) + c];
        }
    }
    let bad_in = |r0: usize, c0: usize| {
        let s = cols + 1;
        bad[(r0 + w) * s + c0 + w] + bad[r0 * s + c0]
            - bad[r0 * s + c0 + w]
            - bad[(r0 + w) * s + c0]
    };
    let origins: Vec<(usize, usize)> = (0..=rows - w)
        .step_by(o.stride)
        .flat_map(|r| (0..=cols - w).step_by(o.stride).map(move |c| (r, c)))
        .collect();
    let sols: Vec<EulerSolution> = origins
        .par_iter()
        .filter_map(|&(r0, c0)| {
            if bad_in(r0, c0) > 0 {
                return None;
            }
            // Local axes: u east along columns, v north against rows, centred on the window.
            let (cc, rc) = (c0 as f64 + 0.5 * w as f64, r0 as f64 + 0.5 * w as f64);
            let u_first = (c0 as f64 + 0.5 - cc) * dx;
            let mut ne = Normal4::default();
            for r in r0..r0 + w {
                let vv = -(r as f64 + 0.5 - rc) * dy;
                for (k, t) in cells[r * cols + c0..r * cols + c0 + w].iter().enumerate() {
                    add_row(&mut ne, u_first + k as f64 * dx, vv, 0.0, *t, o.si);
                }
            }
            let s = ne.solve()?;
            let (u0, v0, depth) = (s.p[0], s.p[1], s.p[2]);
            let unc = 100.0 * s.cov[2][2].sqrt() / depth;
            let accept = depth > 0.0 && unc <= o.max_uncertainty && u0.hypot(v0) <= max_dist;
            if !accept {
                return None;
            }
            let (x, y) = g.pixel_to_xy(cc + u0 / dx, rc - v0 / dy);
            Some(EulerSolution {
                x,
                y,
                depth,
                base: s.p[3],
                si: o.si,
                depth_uncertainty: unc,
                col: c0 + w / 2,
                row: r0 + w / 2,
                count: 1,
            })
        })
        .collect();
    Ok(if o.cluster {
        cluster::cluster(&sols, dx.max(dy))
    } else {
        sols
    })
}
