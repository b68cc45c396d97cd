//! Gamma-ray spectrometry products from K (%), eTh (ppm) and eU (ppm) grids: band ratios, the
//! F-parameter, the potassium anomaly and the K–eTh–eU ternary image. NaN is no data throughout.
//!
//! References: Efimov (1978) and Gnojek & Přichystal (1985) for the F-parameter F = K·eU/eTh;
//! Saunders, Terry & Thompson (1987, "Test of national uranium resource evaluation gamma-ray
//! spectral data in petroleum reconnaissance", Geophysics 52) for K normalised to Th;
//! IAEA-TECDOC-1363 (2003) for ratios and ternary images.

use lode_core::{Error, Grid, Result};
use rayon::prelude::*;

/// Denominators at or below this value give NaN ratios: it is below the sensitivity of
/// airborne spectrometers (0.01 % K, 0.01 ppm eU/eTh) and keeps near-zero or negative
/// (over-corrected) counts from producing huge ratios.
pub const RATIO_FLOOR: f64 = 0.01;

/// Elementwise a / b with NaN where either is NaN or b ≤ [`RATIO_FLOOR`].
pub fn ratio(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.par_iter()
        .zip(b.par_iter())
        .map(|(&x, &y)| {
            if y > RATIO_FLOOR && x.is_finite() && y.is_finite() {
                x / y
            } else {
                f64::NAN
            }
        })
        .collect()
}

/// F-parameter F = K·eU/eTh (Efimov 1978; Gnojek & Přichystal 1985), % · ppm / ppm;
/// NaN where eTh ≤ [`RATIO_FLOOR`].
pub fn f_parameter(k: &[f64], th: &[f64], u: &[f64]) -> Vec<f64> {
    let ut = ratio(u, th);
    k.par_iter()
        .zip(ut.par_iter())
        .map(|(&k, &r)| k * r)
        .collect()
}

/// Potassium anomaly K_d = K − K_s, %, with K_s = (mean K / mean eTh) · eTh the potassium
/// predicted from thorium (Saunders et al. 1987). The means are over cells where both are finite.
pub fn k_anomaly(k: &[f64], th: &[f64]) -> Result<Vec<f64>> {
    let (mut sk, mut st, mut n) = (0.0, 0.0, 0usize);
    for (&a, &b) in k.iter().zip(th) {
        if a.is_finite() && b.is_finite() {
            sk += a;
            st += b;
            n += 1;
        }
    }
    if n == 0 || st <= 0.0 {
        return Err(Error::invalid(
            "K and eTh grids have no common data (or mean eTh ≤ 0)",
        ));
    }
    let c = sk / st;
    Ok(k.par_iter()
        .zip(th.par_iter())
        .map(|(&a, &b)| a - c * b)
        .collect())
}

pub use lode_core::stats::percentile;

/// Linear stretch of the finite values between their 1st and 99th percentiles to 1..=255
/// (clipped outside); NaN → 0, which is reserved as no data. Returns the bytes and the
/// (low, high) stretch limits.
pub fn stretch_u8(v: &[f64]) -> (Vec<u8>, (f64, f64)) {
    let lo = percentile(v, 1.0).unwrap_or(0.0);
    let hi = percentile(v, 99.0).unwrap_or(1.0);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let out = v
        .par_iter()
        .map(|&x| {
            if x.is_finite() {
                (1.0 + 254.0 * ((x - lo) / span).clamp(0.0, 1.0)).round() as u8
            } else {
                0
            }
        })
        .collect();
    (out, (lo, hi))
}

/// Ternary image: red = K, green = eTh, blue = eU, each stretched by [`stretch_u8`]. A cell
/// where any channel is NaN is 0 in all three (no data).
pub fn ternary(k: &[f64], th: &[f64], u: &[f64]) -> [Vec<u8>; 3] {
    let (mut r, _) = stretch_u8(k);
    let (mut g, _) = stretch_u8(th);
    let (mut b, _) = stretch_u8(u);
    for i in 0..r.len() {
        if r[i] == 0 || g[i] == 0 || b[i] == 0 {
            r[i] = 0;
            g[i] = 0;
            b[i] = 0;
        }
    }
    [r, g, b]
}

/// All products of three co-registered grids.
pub struct Products {
    /// K/eTh, %/ppm.
    pub k_th: Grid,
    /// eU/eTh.
    pub u_th: Grid,
    /// eU/K, ppm/%.
    pub u_k: Grid,
    /// F-parameter.
    pub f_parameter: Grid,
    /// Potassium anomaly, %.
    pub k_anomaly: Grid,
    /// Ternary K–eTh–eU bytes (red, green, blue).
    pub ternary: [Vec<u8>; 3],
}

/// Compute every product; the three grids must share one geometry.
pub fn products(k: &Grid, th: &Grid, u: &Grid) -> Result<Products> {
    if !k.geometry.same_as(&th.geometry) || !k.geometry.same_as(&u.geometry) {
        return Err(Error::invalid(
            "K, eTh and eU grids do not share one geometry (size, origin, cell)",
        ));
    }
    let (kv, tv, uv) = (k.values_f64(), th.values_f64(), u.values_f64());
    let mk = |v: Vec<f64>, field: &str, units: Option<&str>| -> Result<Grid> {
        let mut g = Grid::new_f64(k.geometry, v)?.with_crs(k.crs.clone());
        g.field = Some(field.into());
        g.units = units.map(String::from);
        Ok(g)
    };
    Ok(Products {
        k_th: mk(ratio(&kv, &tv), "K/eTh", Some("%/ppm"))?,
        u_th: mk(ratio(&uv, &tv), "eU/eTh", None)?,
        u_k: mk(ratio(&uv, &kv), "eU/K", Some("ppm/%"))?,
        f_parameter: mk(f_parameter(&kv, &tv, &uv), "F-parameter", Some("%"))?,
        k_anomaly: mk(k_anomaly(&kv, &tv)?, "K anomaly", Some("%"))?,
        ternary: ternary(&kv, &tv, &uv),
    })
}
