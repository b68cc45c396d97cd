//! Potential-field grid transforms (`lode filter`): each [`Op`] maps a [`Grid`] to a new grid.
//!
//! FFT ops (rtp, rtp-lowlat, rte, upcont, downcont, dz, dx/dy with `DerivMethod::Fft`, psg, vi,
//! gauss-lp/hp, butter, cosine and the vertical derivative inside as/tilt/theta/tdx/thdr-tilt)
//! go through [`crate::fft::Spectrum`]: no-data cells are filled ([`crate::fft::fill`]) and
//! masked again afterwards; a least-squares plane is removed before the transform when
//! [`FftOptions::detrend`] is set and restored after ops that pass it unchanged (continuation,
//! low-pass; its gradient after FFT dx/dy). Rectangular cells (dx ≠ dy) are supported: the
//! wavenumbers of each axis use their own spacing. Rotated grids: derivatives are along the
//! grid's axes and declinations are taken relative to the grid's "up" axis.

pub mod agc;
pub mod bandpass;
pub mod continuation;
pub mod derivatives;
pub mod magnetic;
pub mod op;
pub mod phase;
pub mod spectrum;

use std::borrow::Cow;

use lode_core::{Error, Grid, Result, Values};
use rayon::prelude::*;

use crate::fft::{fill, Complex64, FftOptions, Spectrum, Trend};
pub use magnetic::Direction;
pub use op::Op;

/// How horizontal derivatives are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DerivMethod {
    /// Central finite differences (Harmonica's default for easting/northing derivatives).
    FiniteDiff,
    /// Fourier kernels i·kx, i·ky.
    Fft,
}

/// Options shared by the ops of a chain.
#[derive(Debug, Clone, PartialEq)]
pub struct TransformOptions {
    pub fft: FftOptions,
    /// Field and magnetisation directions, required by rtp, rtp-lowlat, rte and psg.
    pub direction: Option<Direction>,
    /// Horizontal derivatives of dx, dy, thg, as, tilt, theta, tdx, thdr-tilt (default finite
    /// differences).
    pub hderiv: DerivMethod,
}

impl Default for TransformOptions {
    fn default() -> Self {
        TransformOptions {
            fft: FftOptions::default(),
            direction: None,
            hderiv: DerivMethod::FiniteDiff,
        }
    }
}

struct Prepared<'a> {
    values: Cow<'a, Values>,
    mask: Option<Vec<bool>>,
    rows: usize,
    cols: usize,
    dx: f64,
    dy: f64,
}

/// The smallest number of rows and columns a transform accepts.
pub const MIN_SIZE: usize = 3;

fn prepare(grid: &Grid) -> Result<Prepared<'_>> {
    let g = &grid.geometry;
    if g.rows < MIN_SIZE || g.cols < MIN_SIZE {
        return Err(Error::invalid(format!(
            "grid of {} × {} cells is too small for a transform (need at least {MIN_SIZE} rows and columns)",
            g.cols, g.rows
        )));
    }
    if grid.crs.as_ref().is_some_and(|c| c.is_geographic()) {
        return Err(Error::invalid(
            "grid is in geographic coordinates (degrees): reproject it to a projected CRS in metres first",
        ));
    }
    let has_nan = match &grid.values {
        Values::F32(v) => v.par_iter().any(|x| !x.is_finite()),
        Values::F64(v) => v.par_iter().any(|x| !x.is_finite()),
    };
    let (values, mask) = if has_nan {
        let mut v = grid.values.as_f64().into_owned();
        let mask: Vec<bool> = v.iter().map(|x| !x.is_finite()).collect();
        v.iter_mut().for_each(|x| {
            if !x.is_finite() {
                *x = f64::NAN;
            }
        });
        fill::fill_gaps(&mut v, g.rows, g.cols)?;
        (Cow::Owned(Values::F64(v)), Some(mask))
    } else {
        (Cow::Borrowed(&grid.values), None)
    };
    Ok(Prepared {
        values,
        mask,
        rows: g.rows,
        cols: g.cols,
        dx: g.dx,
        dy: g.dy,
    })
}

impl Prepared<'_> {
    fn spectrum(&self, o: &FftOptions) -> Result<Spectrum> {
        Spectrum::forward(&self.values, self.rows, self.cols, self.dx, self.dy, o)
    }

    fn f64(&self) -> Cow<'_, [f64]> {
        self.values.as_f64()
    }
}

fn add_trend(out: &mut [f64], t: Option<&Trend>, cols: usize) {
    if let Some(t) = t {
        out.par_chunks_mut(cols).enumerate().for_each(|(r, o)| {
            for (c, x) in o.iter_mut().enumerate() {
                *x += t.at(c, r);
            }
        });
    }
}

fn add_trend_gradient(out: &mut [f64], t: Option<&Trend>, cols: usize, d: f64, along_x: bool) {
    if let Some(t) = t {
        out.par_chunks_mut(cols).enumerate().for_each(|(r, o)| {
            for (c, x) in o.iter_mut().enumerate() {
                let (gc, gr) = t.gradient_cells(c, r);
                *x += if along_x { gc / d } else { -gr / d };
            }
        });
    }
}

fn direction(o: &TransformOptions, op: &Op, rotation: f64) -> Result<Direction> {
    o.direction
        .ok_or_else(|| {
            Error::invalid(format!(
                "op '{}' needs the field direction: give --inc and --dec (or --date)",
                op.name()
            ))
        })?
        .validated(rotation)
}

/// Filter with a linear kernel; `restore` adds the removed plane back.
fn linear<H>(p: &Prepared, o: &FftOptions, h: H, restore: bool) -> Result<Vec<f64>>
where
    H: Fn(f64, f64) -> Complex64 + Sync,
{
    let s = p.spectrum(o)?;
    let t = if restore { s.trend().cloned() } else { None };
    let mut out = s.apply_owned(h)?;
    add_trend(&mut out, t.as_ref(), p.cols);
    Ok(out)
}

/// East and north derivatives and, when asked, the first vertical derivative.
type Gradients = (Vec<f64>, Vec<f64>, Option<Vec<f64>>);

/// Horizontal derivatives (east, north) and, when asked, the first vertical derivative.
fn gradients(p: &Prepared, o: &TransformOptions, with_dz: bool) -> Result<Gradients> {
    match o.hderiv {
        DerivMethod::FiniteDiff => {
            let (dx, dy) = {
                let v = p.f64();
                (
                    derivatives::fd_dx(&v, p.rows, p.cols, p.dx),
                    derivatives::fd_dy(&v, p.rows, p.cols, p.dy),
                )
            };
            let dz = if with_dz {
                Some(
                    p.spectrum(&o.fft)?
                        .apply_owned(derivatives::dz_kernel(1.0))?,
                )
            } else {
                None
            };
            Ok((dx, dy, dz))
        }
        DerivMethod::Fft => {
            let s = p.spectrum(&o.fft)?;
            let t = s.trend().cloned();
            let mut dx = s.apply(derivatives::dx_kernel())?;
            add_trend_gradient(&mut dx, t.as_ref(), p.cols, p.dx, true);
            let (mut dy, dz) = if with_dz {
                let dy = s.apply(derivatives::dy_kernel())?;
                (dy, Some(s.apply_owned(derivatives::dz_kernel(1.0))?))
            } else {
                (s.apply_owned(derivatives::dy_kernel())?, None)
            };
            add_trend_gradient(&mut dy, t.as_ref(), p.cols, p.dy, false);
            Ok((dx, dy, dz))
        }
    }
}

fn combine3(
    mut dx: Vec<f64>,
    dy: &[f64],
    dz: &[f64],
    f: impl Fn(f64, f64, f64) -> f64 + Sync,
) -> Vec<f64> {
    dx.par_iter_mut()
        .zip(dy.par_iter().zip(dz.par_iter()))
        .for_each(|(a, (&b, &c))| *a = f(*a, b, c));
    dx
}

/// Apply one op. Returns the new grid (f32 storage when the input was f32) and any warning.
pub fn apply(grid: &Grid, op: &Op, o: &TransformOptions) -> Result<(Grid, Vec<String>)> {
    let mut warnings = Vec::new();
    let rot = grid.geometry.rotation_deg;
    let dir = if op.needs_direction() {
        Some(direction(o, op, rot)?)
    } else {
        None
    };
    if matches!(op, Op::Rtp | Op::Psg { .. }) {
        if let Some(w) = magnetic::check_rtp(dir.as_ref().expect("direction checked"), op.name())? {
            warnings.push(w);
        }
    }
    let p = prepare(grid)?;
    let (rows, cols) = (p.rows, p.cols);
    let f = &o.fft;
    let mut out = match op {
        Op::Rtp => linear(&p, f, magnetic::rtp_kernel(&dir.expect("dir")), false)?,
        Op::RtpLowLat { amp_inc } => linear(
            &p,
            f,
            magnetic::rtp_lowlat_kernel(&dir.expect("dir"), *amp_inc),
            false,
        )?,
        Op::Rte => linear(&p, f, magnetic::rte_kernel(&dir.expect("dir")), false)?,
        Op::Psg { ratio } => linear(
            &p,
            f,
            magnetic::psg_kernel(&dir.expect("dir"), *ratio),
            false,
        )?,
        Op::Upcont { h } => linear(&p, f, continuation::upcont_kernel(*h), true)?,
        Op::Downcont { h, gain } => linear(&p, f, continuation::downcont_kernel(*h, *gain), true)?,
        Op::Vi => linear(&p, f, continuation::vi_kernel(), false)?,
        Op::Dz { n } => linear(&p, f, derivatives::dz_kernel(*n), false)?,
        Op::GaussLp { wavelength } => linear(&p, f, bandpass::gauss_lp_kernel(*wavelength), true)?,
        Op::GaussHp { wavelength } => linear(&p, f, bandpass::gauss_hp_kernel(*wavelength), false)?,
        Op::Butter { lo, hi, order } => {
            linear(&p, f, bandpass::butter_kernel(*lo, *hi, *order), *hi == 0.0)?
        }
        Op::Cosine { lo, hi } => linear(&p, f, bandpass::cosine_kernel(*lo, *hi), *hi == 0.0)?,
        Op::Dx | Op::Dy => {
            let (dx, dy, _) = gradients(&p, o, false)?;
            if *op == Op::Dx {
                dx
            } else {
                dy
            }
        }
        Op::Thg => {
            let (mut dx, dy, _) = gradients(&p, o, false)?;
            dx.par_iter_mut()
                .zip(dy.par_iter())
                .for_each(|(a, &b)| *a = phase::thg(*a, b));
            dx
        }
        Op::As | Op::Tilt | Op::Theta | Op::Tdx | Op::ThdrTilt => {
            let comb: fn(f64, f64, f64) -> f64 = match op {
                Op::As => phase::analytic_signal,
                Op::Theta => phase::theta,
                Op::Tdx => phase::tdx,
                _ => phase::tilt,
            };
            let t = if o.hderiv == DerivMethod::FiniteDiff {
                let mut dz = p.spectrum(f)?.apply_owned(derivatives::dz_kernel(1.0))?;
                let v = p.f64();
                let (gx, gy) = (p.dx, p.dy);
                dz.par_chunks_mut(cols).enumerate().for_each(|(r, row)| {
                    for (c, z) in row.iter_mut().enumerate() {
                        let (a, b) = derivatives::fd_at(&v, rows, cols, gx, gy, r, c);
                        *z = comb(a, b, *z);
                    }
                });
                dz
            } else {
                let (dx, dy, dz) = gradients(&p, o, true)?;
                combine3(dx, &dy, &dz.expect("dz requested"), comb)
            };
            if *op == Op::ThdrTilt {
                let mut gx = derivatives::fd_dx(&t, rows, cols, p.dx);
                let gy = derivatives::fd_dy(&t, rows, cols, p.dy);
                gx.par_iter_mut()
                    .zip(gy.par_iter())
                    .for_each(|(a, &b)| *a = phase::thg(*a, b));
                gx
            } else {
                t
            }
        }
        Op::Agc { window, in_cells } => {
            let v = grid.values_f64();
            let wc = agc::half_width(*window, *in_cells, p.dx);
            let wr = agc::half_width(*window, *in_cells, p.dy);
            agc::agc(&v, rows, cols, wc, wr)
        }
        Op::Trend { order } => {
            let v = grid.values_f64();
            let t = Trend::fit(&v, rows, cols, *order)?;
            let mut r = v.into_owned();
            r.par_chunks_mut(cols).enumerate().for_each(|(row, o)| {
                for (c, x) in o.iter_mut().enumerate() {
                    *x -= t.at(c, row);
                }
            });
            r
        }
    };
    if let Some(mask) = &p.mask {
        out.par_iter_mut().zip(mask.par_iter()).for_each(|(x, &m)| {
            if m {
                *x = f64::NAN;
            }
        });
    }
    let was_f32 = grid.values.is_f32();
    drop(p);
    let mut g = grid.with_values_f64(out)?;
    g.nodata = grid.nodata;
    g.units = op.output_units(grid.units.as_deref());
    g.field = Some(match &grid.field {
        Some(f) => format!("{}({f})", op.name()),
        None => op.name().to_string(),
    });
    if was_f32 {
        g.to_f32_storage();
    }
    Ok((g, warnings))
}

/// Apply a chain of ops in order; warnings of every op are collected.
pub fn apply_chain(grid: &Grid, ops: &[Op], o: &TransformOptions) -> Result<(Grid, Vec<String>)> {
    if ops.is_empty() {
        return Err(Error::invalid("no op given"));
    }
    let mut warnings = Vec::new();
    let mut cur: Option<Grid> = None;
    for op in ops {
        let (g, w) = apply(cur.as_ref().unwrap_or(grid), op, o)?;
        warnings.extend(w);
        cur = Some(g);
    }
    let g = cur.ok_or_else(|| Error::internal("empty chain"))?;
    Ok((g, warnings))
}
