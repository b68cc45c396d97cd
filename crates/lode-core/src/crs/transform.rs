//! Coordinate transformations between two CRSs, via proj4rs.
//!
//! proj4rs implements the PROJ.4 pipeline: inverse projection → geodetic on the source
//! ellipsoid → geocentric → Helmert shift to WGS 84 (`+towgs84`, 3 or 7 parameters, position
//! vector convention; Helmert 1880, EPSG Guidance Note 7-2 §4.4.3) → inverse Helmert of the
//! target → geodetic → forward projection. Heights are taken as 0 on the source ellipsoid.

use rayon::prelude::*;

use crate::{Crs, Error, Result};

/// Points per rayon task in [`Transformer::transform_slices`].
const CHUNK: usize = 4096;

/// A transformation from one CRS to another. Geographic coordinates are longitude, latitude
/// in degrees (x = longitude); projected coordinates are in the CRS's units.
#[derive(Clone)]
pub struct Transformer {
    src: proj4rs::Proj,
    dst: proj4rs::Proj,
    src_geo: bool,
    dst_geo: bool,
    identity: bool,
    label: String,
}

impl std::fmt::Debug for Transformer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Transformer({})", self.label)
    }
}

impl Transformer {
    /// The transformation from `from` to `to`.
    pub fn new(from: &Crs, to: &Crs) -> Result<Self> {
        let src = from.proj()?;
        let dst = to.proj()?;
        if !src.has_inverse() {
            return Err(Error::invalid(format!(
                "CRS {from} has no inverse projection"
            )));
        }
        Ok(Transformer {
            src,
            dst,
            src_geo: from.is_geographic(),
            dst_geo: to.is_geographic(),
            identity: from.same_as(to) && from.proj4() == to.proj4(),
            label: format!("{from} → {to}"),
        })
    }

    /// True when source and target are the same definition (transform is the identity).
    pub fn is_identity(&self) -> bool {
        self.identity
    }

    /// Transform one point, or None when it is outside the domain of either projection.
    #[inline]
    pub fn try_transform(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        if !(x.is_finite() && y.is_finite()) {
            return None;
        }
        if self.identity {
            return Some((x, y));
        }
        let mut p = if self.src_geo {
            (x.to_radians(), y.to_radians(), 0.0)
        } else {
            (x, y, 0.0)
        };
        proj4rs::transform::transform(&self.src, &self.dst, &mut p).ok()?;
        let (u, v) = if self.dst_geo {
            (p.0.to_degrees(), p.1.to_degrees())
        } else {
            (p.0, p.1)
        };
        (u.is_finite() && v.is_finite()).then_some((u, v))
    }

    /// Transform one point.
    pub fn transform(&self, x: f64, y: f64) -> Result<(f64, f64)> {
        self.try_transform(x, y).ok_or_else(|| {
            Error::invalid(format!(
                "cannot transform point ({x}, {y}) ({})",
                self.label
            ))
        })
    }

    /// Transform points in place (parallel for large arrays); fails on the first point that
    /// cannot be transformed, leaving the arrays partly transformed.
    pub fn transform_slices(&self, xs: &mut [f64], ys: &mut [f64]) -> Result<()> {
        let bad = self.transform_slices_lossy(xs, ys)?;
        match bad {
            0 => Ok(()),
            n => Err(Error::invalid(format!(
                "{n} of {} points cannot be transformed ({})",
                xs.len(),
                self.label
            ))),
        }
    }

    /// Transform points in place; points that cannot be transformed become NaN. Returns their number.
    pub fn transform_slices_lossy(&self, xs: &mut [f64], ys: &mut [f64]) -> Result<usize> {
        if xs.len() != ys.len() {
            return Err(Error::invalid(format!(
                "{} x coordinates but {} y coordinates",
                xs.len(),
                ys.len()
            )));
        }
        let run = |xs: &mut [f64], ys: &mut [f64]| {
            let mut bad = 0usize;
            for (x, y) in xs.iter_mut().zip(ys.iter_mut()) {
                match self.try_transform(*x, *y) {
                    Some((u, v)) => {
                        *x = u;
                        *y = v;
                    }
                    None => {
                        *x = f64::NAN;
                        *y = f64::NAN;
                        bad += 1;
                    }
                }
            }
            bad
        };
        if self.identity {
            return Ok(xs
                .iter()
                .zip(ys.iter())
                .filter(|(x, y)| !(x.is_finite() && y.is_finite()))
                .count());
        }
        if xs.len() < 2 * CHUNK {
            return Ok(run(xs, ys));
        }
        Ok(xs
            .par_chunks_mut(CHUNK)
            .zip(ys.par_chunks_mut(CHUNK))
            .map(|(a, b)| run(a, b))
            .sum())
    }
}
