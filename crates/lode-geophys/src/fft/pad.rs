//! Padding of a grid before its Fourier transform.
//!
//! The padded array is never materialised: each padded row is generated on demand from the
//! source grid. Every mode is separable: a padded cell (row p, column q) takes the value
//! `fy(p)·fx(q)·src(iy(p), ix(q))`, which reproduces `numpy.pad` (axis 0 padded first over the
//! original columns, then axis 1 over all rows) for the modes `constant` (0), `edge`,
//! `symmetric` and `linear_ramp` (end value 0) — the modes a Harmonica user passes to
//! `xrft.pad` before calling a Harmonica filter.

use lode_core::{Error, Result};

/// How the padding zone is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PadMode {
    /// No padding: the grid is transformed at its own size (periodic wrap-around).
    None,
    /// Zeros (`numpy.pad` mode `constant`, xrft's default).
    Zero,
    /// The edge value repeated (`numpy.pad` mode `edge`).
    Edge,
    /// A linear ramp from the edge value to 0 at the outer edge (`numpy.pad` mode `linear_ramp`).
    Ramp,
    /// Even (mirror) reflection about the grid edge (`numpy.pad` mode `symmetric`), multiplied by
    /// a cosine taper falling from 1 at the data edge to 0 at the outer edge. Default.
    Mirror,
    /// The edge value repeated, multiplied by the same cosine taper: a smooth extension to 0.
    Smooth,
}

impl PadMode {
    /// Parse `none`, `zero`, `edge`, `ramp` (alias `linear_ramp`), `mirror`, `smooth`.
    pub fn parse(s: &str) -> Result<Self> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "none" => PadMode::None,
            "zero" | "constant" => PadMode::Zero,
            "edge" => PadMode::Edge,
            "ramp" | "linear_ramp" => PadMode::Ramp,
            "mirror" | "symmetric" => PadMode::Mirror,
            "smooth" => PadMode::Smooth,
            other => {
                return Err(Error::invalid(format!(
                    "unknown padding mode '{other}' (use mirror, smooth, ramp, edge, zero or none)"
                )))
            }
        })
    }
}

/// How far the grid is expanded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PadWidth {
    /// Expand each dimension n to the smallest size ≥ n + 2·max(4, ⌈n/10⌉) whose prime
    /// factors are all 2, 3, 5 or 7; the data sit in the middle.
    Auto,
    /// Exactly this many cells on each side of rows and columns (like `xrft.pad(grid,
    /// {"easting": c, "northing": r})`): the transform size is n + 2·width.
    Cells { rows: usize, cols: usize },
}

/// The smallest integer ≥ n whose prime factors are all 2, 3, 5 or 7.
pub fn fft_friendly(n: usize) -> usize {
    let mut m = n.max(1);
    loop {
        let mut k = m;
        for p in [2, 3, 5, 7] {
            while k.is_multiple_of(p) {
                k /= p;
            }
        }
        if k == 1 {
            return m;
        }
        m += 1;
    }
}

/// Padding of one axis: `before` cells, the `n` data cells, then `after` cells.
#[derive(Debug, Clone, Copy)]
pub struct AxisPad {
    pub n: usize,
    pub before: usize,
    pub after: usize,
}

impl AxisPad {
    /// Padding of an axis of `n` cells.
    pub fn new(n: usize, mode: PadMode, width: Option<usize>) -> Result<Self> {
        if mode == PadMode::None {
            return Ok(AxisPad {
                n,
                before: 0,
                after: 0,
            });
        }
        let (before, after) = match width {
            Some(w) => (w, w),
            None => {
                let m = fft_friendly(n + 2 * n.div_ceil(4).max(4));
                let extra = m - n;
                (extra / 2, extra - extra / 2)
            }
        };
        n.checked_add(before)
            .and_then(|t| t.checked_add(after))
            .filter(|&t| t <= (1 << 28))
            .ok_or_else(|| Error::invalid(format!("padding of {before} cells is too large")))?;
        Ok(AxisPad { n, before, after })
    }

    /// Padded length.
    pub fn len(&self) -> usize {
        self.n + self.before + self.after
    }

    /// True when the padded axis is empty (never for a valid grid).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Source index and factor of padded position `p`.
    pub fn source(&self, p: usize, mode: PadMode) -> (usize, f64) {
        let n = self.n as i64;
        let q = p as i64 - self.before as i64;
        if (0..n).contains(&q) {
            return (q as usize, 1.0);
        }
        let (edge, d, w) = if q < 0 {
            (0usize, (-q) as usize, self.before)
        } else {
            (self.n - 1, (q - n + 1) as usize, self.after)
        };
        let taper = 0.5 * (1.0 + (std::f64::consts::PI * d as f64 / (w as f64 + 1.0)).cos());
        match mode {
            PadMode::None | PadMode::Zero => (edge, 0.0),
            PadMode::Edge => (edge, 1.0),
            PadMode::Smooth => (edge, taper),
            PadMode::Ramp => (edge, (w - d) as f64 / w as f64),
            PadMode::Mirror => {
                let m = q.rem_euclid(2 * n);
                let i = if m < n { m } else { 2 * n - 1 - m };
                (i as usize, taper)
            }
        }
    }
}
