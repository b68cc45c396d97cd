//! Automatic gain control (Rajagopalan & Milligan 1995): each value divided by the
//! root-mean-square of the valid values in a moving rectangular window centred on it, which
//! equalises weak and strong anomalies. Output dimensionless; NaN cells are ignored in the
//! windows and stay NaN. Window: `agc:W` is W cells on a side, `agc:Wm` is W CRS units (metres)
//! on a side; a side is rounded to an odd number of cells ≥ 3.

use rayon::prelude::*;

/// AGC of a row-major grid; `wc`, `wr` are the window's half-widths in cells.
pub fn agc(v: &[f64], rows: usize, cols: usize, wc: usize, wr: usize) -> Vec<f64> {
    let w = cols + 1;
    let mut sq = vec![0.0f64; (rows + 1) * w];
    let mut cnt = vec![0u32; (rows + 1) * w];
    for r in 0..rows {
        let mut s = 0.0;
        let mut n = 0u32;
        for c in 0..cols {
            let x = v[r * cols + c];
            if x.is_finite() {
                s += x * x;
                n += 1;
            }
            sq[(r + 1) * w + c + 1] = sq[r * w + c + 1] + s;
            cnt[(r + 1) * w + c + 1] = cnt[r * w + c + 1] + n;
        }
    }
    let mut out = vec![f64::NAN; rows * cols];
    out.par_chunks_mut(cols).enumerate().for_each(|(r, o)| {
        let r0 = r.saturating_sub(wr);
        let r1 = (r + wr + 1).min(rows);
        for (c, y) in o.iter_mut().enumerate() {
            let x = v[r * cols + c];
            if !x.is_finite() {
                continue;
            }
            let c0 = c.saturating_sub(wc);
            let c1 = (c + wc + 1).min(cols);
            let s = sq[r1 * w + c1] - sq[r0 * w + c1] - sq[r1 * w + c0] + sq[r0 * w + c0];
            let n = cnt[r1 * w + c1] + cnt[r0 * w + c0] - cnt[r0 * w + c1] - cnt[r1 * w + c0];
            let rms = (s.max(0.0) / n.max(1) as f64).sqrt();
            *y = if rms > 0.0 { x / rms } else { 0.0 };
        }
    });
    out
}

/// Half-width in cells of a window side of `side` (cells or CRS units / `cell`).
pub fn half_width(side: f64, in_cells: bool, cell: f64) -> usize {
    let cells = if in_cells { side } else { side / cell };
    let n = cells.round().max(3.0) as usize;
    n / 2
}
