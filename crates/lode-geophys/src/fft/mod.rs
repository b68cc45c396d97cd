//! The 2-D FFT engine of the potential-field transforms.
//!
//! A grid (row 0 = north) is optionally detrended (least-squares plane), padded ([`pad`]) and
//! transformed with a real-to-complex FFT along rows (`realfft`) followed by complex FFTs along
//! columns (`rustfft`), rows and column blocks in parallel (rayon). The half spectrum is kept
//! row-major: `padded_rows` × (`padded_cols`/2 + 1). A filter is a function of the wavenumbers
//! (kx east, ky north, rad per CRS unit); [`Spectrum::apply`] multiplies, inverts and crops.
//!
//! Conventions (identical to numpy/xrft as used by Harmonica): forward transform
//! Σ f·e^{−i(kx·x + ky·y)}, inverse normalised by 1/(N_rows·N_cols); wavenumbers are
//! 2π·`numpy.fft.fftfreq`, so the Nyquist bin of an even axis is −π/Δ. Because Harmonica takes
//! the real part of a full complex inverse, a filter on a Nyquist line acts as its Hermitian
//! part `(H(k) + conj(H(k′)))/2` (k′ = −k folded onto the grid); [`Spectrum::apply`] does the
//! same, which makes the output identical to Harmonica's up to rounding.

pub mod fill;
pub mod pad;
pub mod trend;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use lode_core::{Error, Result, Values};
use rayon::prelude::*;
use realfft::{ComplexToReal, RealFftPlanner};
use rustfft::{Fft, FftPlanner};

pub use pad::{fft_friendly, AxisPad, PadMode, PadWidth};
pub use rustfft::num_complex::Complex64;
pub use trend::Trend;

/// Options of the forward transform.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FftOptions {
    /// How the padding zone is filled (default mirror + cosine taper).
    pub pad: PadMode,
    /// How far the grid is expanded (default: to FFT-friendly sizes, ≥ 10 % per side).
    pub width: PadWidth,
    /// Remove a least-squares plane before transforming (default true).
    pub detrend: bool,
}

impl Default for FftOptions {
    fn default() -> Self {
        FftOptions {
            pad: PadMode::Mirror,
            width: PadWidth::Auto,
            detrend: true,
        }
    }
}

impl FftOptions {
    /// The options that reproduce `xrft.pad(grid, {"northing": rows, "easting": cols},
    /// mode=MODE)` followed by a Harmonica filter: no detrending, fixed widths.
    pub fn harmonica(mode: PadMode, rows: usize, cols: usize) -> Self {
        FftOptions {
            pad: mode,
            width: PadWidth::Cells { rows, cols },
            detrend: false,
        }
    }
}

#[derive(Clone, Copy)]
struct SyncPtr(*mut Complex64);
// SAFETY: used only to let parallel tasks write disjoint column blocks of one buffer.
unsafe impl Send for SyncPtr {}
unsafe impl Sync for SyncPtr {}
impl SyncPtr {
    fn get(self) -> *mut Complex64 {
        self.0
    }
}

const COL_BLOCK: usize = 16;

/// The half spectrum of a padded grid.
pub struct Spectrum {
    data: Vec<Complex64>,
    rows: usize,
    cols: usize,
    dx: f64,
    dy: f64,
    ypad: AxisPad,
    xpad: AxisPad,
    nh: usize,
    trend: Option<Trend>,
    c2r: Arc<dyn ComplexToReal<f64>>,
    col_inv: Arc<dyn Fft<f64>>,
}

fn fftfreq(i: usize, n: usize) -> f64 {
    let k = if i <= (n - 1) / 2 {
        i as f64
    } else {
        i as f64 - n as f64
    };
    k / n as f64
}

impl Spectrum {
    /// Transform a gap-free row-major grid of `rows` × `cols` cells of size `dx` × `dy`.
    pub fn forward(
        values: &Values,
        rows: usize,
        cols: usize,
        dx: f64,
        dy: f64,
        opts: &FftOptions,
    ) -> Result<Self> {
        if values.len() != rows * cols || rows < 2 || cols < 2 {
            return Err(Error::invalid(format!(
                "an FFT needs at least 2 rows and 2 columns, the grid has {rows} × {cols}"
            )));
        }
        let (wr, wc) = match opts.width {
            PadWidth::Auto => (None, None),
            PadWidth::Cells { rows, cols } => (Some(rows), Some(cols)),
        };
        let ypad = AxisPad::new(rows, opts.pad, wr)?;
        let xpad = AxisPad::new(cols, opts.pad, wc)?;
        let (pr, pc) = (ypad.len(), xpad.len());
        let nh = pc / 2 + 1;
        let len = pr
            .checked_mul(nh)
            .filter(|&l| (l as u64) < (1u64 << 34))
            .ok_or_else(|| Error::invalid(format!("padded grid {pc} × {pr} is too large")))?;
        let trend = if opts.detrend {
            Some(Trend::fit_edges(&values.as_f64(), rows, cols, 1)?)
        } else {
            None
        };
        let mut rplanner = RealFftPlanner::<f64>::new();
        let r2c = rplanner.plan_fft_forward(pc);
        let c2r = rplanner.plan_fft_inverse(pc);
        let mut planner = FftPlanner::<f64>::new();
        let col_fwd = planner.plan_fft_forward(pr);
        let col_inv = planner.plan_fft_inverse(pr);

        let mut data = vec![Complex64::new(0.0, 0.0); len];
        let xs: Vec<(usize, f64)> = (0..pc).map(|q| xpad.source(q, opts.pad)).collect();
        let failed = AtomicBool::new(false);
        let mode = opts.pad;
        data.par_chunks_mut(nh).enumerate().for_each_init(
            || (r2c.make_input_vec(), r2c.make_scratch_vec()),
            |(buf, scratch), (p, out)| {
                let (iy, fy) = ypad.source(p, mode);
                if fy == 0.0 {
                    buf.iter_mut().for_each(|x| *x = 0.0);
                } else {
                    let base = iy * cols;
                    for (b, &(ix, fx)) in buf.iter_mut().zip(&xs) {
                        *b = if fx == 0.0 {
                            0.0
                        } else {
                            let t = trend.as_ref().map_or(0.0, |t| t.at(ix, iy));
                            fy * fx * (values.get(base + ix) - t)
                        };
                    }
                }
                if r2c.process_with_scratch(buf, out, scratch).is_err() {
                    failed.store(true, Ordering::Relaxed);
                }
            },
        );
        if failed.load(Ordering::Relaxed) {
            return Err(Error::internal("real FFT failed"));
        }
        columns(&mut data, pr, nh, &col_fwd);
        Ok(Spectrum {
            data,
            rows,
            cols,
            dx,
            dy,
            ypad,
            xpad,
            nh,
            trend,
            c2r,
            col_inv,
        })
    }

    /// Padded (rows, columns) of the transform.
    pub fn padded_shape(&self) -> (usize, usize) {
        (self.ypad.len(), self.xpad.len())
    }

    /// The half spectrum, row-major `padded_rows` × (`padded_cols`/2 + 1).
    pub fn data(&self) -> &[Complex64] {
        &self.data
    }

    /// The plane removed before the transform, if any.
    pub fn trend(&self) -> Option<&Trend> {
        self.trend.as_ref()
    }

    /// Grid (rows, cols) and cell size (dx, dy).
    pub fn grid_shape(&self) -> (usize, usize, f64, f64) {
        (self.rows, self.cols, self.dx, self.dy)
    }

    /// Eastward wavenumber (rad per CRS unit) of half-spectrum column `j`.
    pub fn kx(&self, j: usize) -> f64 {
        2.0 * std::f64::consts::PI * fftfreq(j, self.xpad.len()) / self.dx
    }

    /// Northward wavenumber (rad per CRS unit) of spectrum row `p` (rows run north → south).
    pub fn ky(&self, p: usize) -> f64 {
        -2.0 * std::f64::consts::PI * fftfreq(p, self.ypad.len()) / self.dy
    }

    fn filter_in_place<H>(&self, data: &mut [Complex64], h: &H)
    where
        H: Fn(f64, f64) -> Complex64 + Sync,
    {
        let (pr, pc) = self.padded_shape();
        let kxs: Vec<(f64, bool)> = (0..self.nh)
            .map(|j| (self.kx(j), pc % 2 == 0 && j == pc / 2))
            .collect();
        data.par_chunks_mut(self.nh)
            .enumerate()
            .for_each(|(p, row)| {
                let ky = self.ky(p);
                let nyy = pr % 2 == 0 && p == pr / 2;
                for (z, &(kx, nyx)) in row.iter_mut().zip(&kxs) {
                    let f = if nyx || nyy {
                        let kxn = if nyx { kx } else { -kx };
                        let kyn = if nyy { ky } else { -ky };
                        (h(kx, ky) + h(kxn, kyn).conj()) * 0.5
                    } else {
                        h(kx, ky)
                    };
                    *z *= f;
                }
            });
    }

    /// Multiply a copy of the spectrum by the filter `h(kx, ky)` and return the cropped inverse
    /// (row-major, `rows` × `cols`; the removed trend is not restored).
    pub fn apply<H>(&self, h: H) -> Result<Vec<f64>>
    where
        H: Fn(f64, f64) -> Complex64 + Sync,
    {
        let mut w = self.data.clone();
        self.filter_in_place(&mut w, &h);
        self.inverse(w)
    }

    /// Like [`Spectrum::apply`], reusing the spectrum's memory.
    pub fn apply_owned<H>(mut self, h: H) -> Result<Vec<f64>>
    where
        H: Fn(f64, f64) -> Complex64 + Sync,
    {
        let mut w = std::mem::take(&mut self.data);
        self.filter_in_place(&mut w, &h);
        self.inverse(w)
    }

    fn inverse(&self, mut w: Vec<Complex64>) -> Result<Vec<f64>> {
        let (pr, pc) = self.padded_shape();
        let nh = self.nh;
        columns(&mut w, pr, nh, &self.col_inv);
        // Only the data rows are needed from here on: move them to the front and give the
        // padding rows' memory back before the output is allocated.
        let top = self.ypad.before;
        w.copy_within(top * nh..(top + self.rows) * nh, 0);
        w.truncate(self.rows * nh);
        w.shrink_to_fit();
        let norm = 1.0 / (pr as f64 * pc as f64);
        let mut out = vec![0.0; self.rows * self.cols];
        let (left, cols) = (self.xpad.before, self.cols);
        let failed = AtomicBool::new(false);
        out.par_chunks_mut(cols).enumerate().for_each_init(
            || {
                (
                    self.c2r.make_input_vec(),
                    self.c2r.make_output_vec(),
                    self.c2r.make_scratch_vec(),
                )
            },
            |(spec, real, scratch), (r, o)| {
                spec.copy_from_slice(&w[r * nh..(r + 1) * nh]);
                spec[0].im = 0.0;
                if pc % 2 == 0 {
                    spec[nh - 1].im = 0.0;
                }
                if self.c2r.process_with_scratch(spec, real, scratch).is_err() {
                    failed.store(true, Ordering::Relaxed);
                }
                for (x, &v) in o.iter_mut().zip(&real[left..left + cols]) {
                    *x = v * norm;
                }
            },
        );
        if failed.load(Ordering::Relaxed) {
            return Err(Error::internal("inverse real FFT failed"));
        }
        Ok(out)
    }
}

/// FFT every column of a row-major `pr` × `nh` complex array in place, in parallel blocks of
/// columns gathered into contiguous scratch.
fn columns(data: &mut [Complex64], pr: usize, nh: usize, fft: &Arc<dyn Fft<f64>>) {
    let ptr = SyncPtr(data.as_mut_ptr());
    let blocks = nh.div_ceil(COL_BLOCK);
    let zero = Complex64::new(0.0, 0.0);
    (0..blocks).into_par_iter().for_each_init(
        || {
            (
                vec![zero; COL_BLOCK * pr],
                vec![zero; fft.get_inplace_scratch_len()],
            )
        },
        |(buf, scratch), b| {
            let c0 = b * COL_BLOCK;
            let w = COL_BLOCK.min(nh - c0);
            let p = ptr.get();
            for r in 0..pr {
                for j in 0..w {
                    // SAFETY: (r, c0 + j) is inside the pr × nh buffer and column block b is
                    // touched by this task only.
                    buf[j * pr + r] = unsafe { *p.add(r * nh + c0 + j) };
                }
            }
            fft.process_with_scratch(&mut buf[..w * pr], scratch);
            for r in 0..pr {
                for j in 0..w {
                    // SAFETY: as above.
                    unsafe { *p.add(r * nh + c0 + j) = buf[j * pr + r] };
                }
            }
        },
    );
}
