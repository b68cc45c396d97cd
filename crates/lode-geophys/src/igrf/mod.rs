//! The International Geomagnetic Reference Field, 14th generation (IGRF-14; Alken et al. 2025).
//!
//! Spherical-harmonic synthesis to degree 13 of the internal potential
//! V = a Σₙ Σₘ (a/r)ⁿ⁺¹ (gₙᵐ cos mφ + hₙᵐ sin mφ) Pₙᵐ(cos θ) with Schmidt semi-normalised
//! associated Legendre functions (Langel 1987, eqs. 24–27; Winch et al. 2005), a = 6371.2 km.
//! Coefficients are interpolated linearly between 5-year epochs and extrapolated with the
//! secular variation after 2025.0. Geodetic positions (WGS84) are converted to geocentric
//! spherical ones and the field is rotated back to the geodetic north/down frame.

mod coeffs;
mod date;

pub use coeffs::{igrf14, parse_shc, Coefficients, Gauss, NMAX};
pub use date::{decimal_year, parse_date};

use lode_core::{Error, Result};
use serde::Serialize;

/// IGRF reference radius, km.
pub const REFERENCE_RADIUS_KM: f64 = 6371.2;
/// WGS84 semi-major axis, km.
pub const WGS84_A_KM: f64 = 6378.137;
/// WGS84 first eccentricity squared.
pub const WGS84_E2: f64 = 0.006_694_379_990_14;

/// The geomagnetic field vector in the geodetic frame, nT and degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MagneticField {
    /// Northward component X, nT.
    pub north_nt: f64,
    /// Eastward component Y, nT.
    pub east_nt: f64,
    /// Downward component Z, nT.
    pub down_nt: f64,
    /// Total intensity F, nT.
    pub total_nt: f64,
    /// Horizontal intensity H, nT.
    pub horizontal_nt: f64,
    /// Inclination I (positive down), degrees.
    pub inclination_deg: f64,
    /// Declination D (positive east of true north), degrees.
    pub declination_deg: f64,
}

/// IGRF-14 at a calendar date `YYYY-MM-DD`, geodetic latitude/longitude (degrees) and height
/// above the WGS84 ellipsoid (km).
pub fn igrf_at_date(
    date: &str,
    lat_deg: f64,
    lon_deg: f64,
    height_km: f64,
) -> Result<MagneticField> {
    let (y, m, d) = parse_date(date)?;
    if !(1900..=2030).contains(&y) {
        return Err(Error::invalid(format!(
            "date {} is outside the validity of IGRF-14 (1900-01-01 to 2030-12-31)",
            date.trim()
        )));
    }
    igrf(decimal_year(y, m, d)?, lat_deg, lon_deg, height_km)
}

/// IGRF-14 at decimal year `t` (1900.0 ≤ t < 2031.0), geodetic latitude/longitude (degrees)
/// and height above the WGS84 ellipsoid (km).
pub fn igrf(t: f64, lat_deg: f64, lon_deg: f64, height_km: f64) -> Result<MagneticField> {
    if !(t.is_finite() && lat_deg.is_finite() && lon_deg.is_finite() && height_km.is_finite()) {
        return Err(Error::invalid(
            "IGRF: date, latitude, longitude and height must be finite numbers",
        ));
    }
    if lat_deg.abs() > 90.0 {
        return Err(Error::invalid(format!(
            "IGRF: latitude {lat_deg} is outside [-90, 90]"
        )));
    }
    if !(-1000.0..=100_000.0).contains(&height_km) {
        return Err(Error::invalid(format!(
            "IGRF: height {height_km} km is outside [-1000, 100000] km"
        )));
    }
    let (g, h) = igrf14().at(t)?;
    let (r, theta, delta) = geodetic_to_geocentric(lat_deg.to_radians(), height_km);
    let (br, bt, bp) = synthesise(&g, &h, r, theta, lon_deg.to_radians());
    let (sd, cd) = delta.sin_cos();
    let north = -cd * bt - sd * br;
    let down = sd * bt - cd * br;
    Ok(field_from_components(north, bp, down))
}

/// Total intensity, horizontal intensity, inclination and declination from X, Y, Z (nT).
pub fn field_from_components(north: f64, east: f64, down: f64) -> MagneticField {
    let horizontal = north.hypot(east);
    MagneticField {
        north_nt: north,
        east_nt: east,
        down_nt: down,
        total_nt: horizontal.hypot(down),
        horizontal_nt: horizontal,
        inclination_deg: down.atan2(horizontal).to_degrees(),
        declination_deg: east.atan2(north).to_degrees(),
    }
}

/// Geocentric radius (km), geocentric colatitude (rad) and the angle δ = geodetic − geocentric
/// latitude (rad) of a point at geodetic latitude `lat` (rad) and ellipsoidal height `h` (km).
fn geodetic_to_geocentric(lat: f64, h: f64) -> (f64, f64, f64) {
    let a = WGS84_A_KM;
    let b2 = a * a * (1.0 - WGS84_E2);
    let (s, c) = lat.sin_cos();
    let n = a / (1.0 - WGS84_E2 * s * s).sqrt();
    let rho = (n + h) * c;
    let z = (n * b2 / (a * a) + h) * s;
    let r = rho.hypot(z);
    let lat_c = z.atan2(rho);
    (r, std::f64::consts::FRAC_PI_2 - lat_c, lat - lat_c)
}

/// Field components (B_r, B_θ, B_φ) in nT at geocentric radius `r` (km), colatitude `theta` and
/// longitude `phi` (rad). At the geographic poles the colatitude is moved by 1e-9 rad so that
/// B_φ = −(1/ r sin θ) ∂V/∂φ stays finite (its limit; error < 1e-4 nT).
fn synthesise(g: &Gauss, h: &Gauss, r: f64, theta: f64, phi: f64) -> (f64, f64, f64) {
    let theta = theta.clamp(1e-9, std::f64::consts::PI - 1e-9);
    let (p, dp) = schmidt_legendre(theta);
    let sin_t = theta.sin();
    let ratio = REFERENCE_RADIUS_KM / r;
    let mut rn = ratio * ratio;
    let (mut br, mut bt, mut bp) = (0.0, 0.0, 0.0);
    let mut cos_m = [0.0; NMAX + 1];
    let mut sin_m = [0.0; NMAX + 1];
    for m in 0..=NMAX {
        let (s, c) = (m as f64 * phi).sin_cos();
        sin_m[m] = s;
        cos_m[m] = c;
    }
    for n in 1..=NMAX {
        rn *= ratio;
        let (mut sr, mut st, mut sp) = (0.0, 0.0, 0.0);
        for m in 0..=n {
            let gc = g[n][m] * cos_m[m] + h[n][m] * sin_m[m];
            let gs = g[n][m] * sin_m[m] - h[n][m] * cos_m[m];
            sr += gc * p[n][m];
            st += gc * dp[n][m];
            sp += m as f64 * gs * p[n][m];
        }
        br += (n as f64 + 1.0) * rn * sr;
        bt -= rn * st;
        bp += rn * sp;
    }
    (br, bt, bp / sin_t)
}

/// Schmidt semi-normalised associated Legendre functions Pₙᵐ(cos θ) and dPₙᵐ/dθ to degree 13,
/// by the Gauss-normalised recursion (Wertz 1978, eqs. H-12–H-15) and Schmidt factors Sₙᵐ.
fn schmidt_legendre(theta: f64) -> (Gauss, Gauss) {
    let (s, c) = theta.sin_cos();
    let mut p = [[0.0; NMAX + 1]; NMAX + 1];
    let mut dp = [[0.0; NMAX + 1]; NMAX + 1];
    let mut sf = [[0.0; NMAX + 1]; NMAX + 1];
    p[0][0] = 1.0;
    sf[0][0] = 1.0;
    for n in 1..=NMAX {
        for m in 0..=n {
            if n == m {
                p[n][n] = s * p[n - 1][n - 1];
                dp[n][n] = s * dp[n - 1][n - 1] + c * p[n - 1][n - 1];
            } else {
                let k = if n > 1 {
                    (((n - 1) * (n - 1)) as f64 - (m * m) as f64)
                        / (((2 * n - 1) * (2 * n - 3)) as f64)
                } else {
                    0.0
                };
                let (p2, dp2) = if n > 1 {
                    (p[n - 2][m], dp[n - 2][m])
                } else {
                    (0.0, 0.0)
                };
                p[n][m] = c * p[n - 1][m] - k * p2;
                dp[n][m] = c * dp[n - 1][m] - s * p[n - 1][m] - k * dp2;
            }
            sf[n][m] = if m == 0 {
                sf[n - 1][0] * (2.0 * n as f64 - 1.0) / n as f64
            } else {
                let delta = if m == 1 { 2.0 } else { 1.0 };
                sf[n][m - 1] * ((n - m + 1) as f64 * delta / (n + m) as f64).sqrt()
            };
        }
    }
    for n in 1..=NMAX {
        for m in 0..=n {
            p[n][m] *= sf[n][m];
            dp[n][m] *= sf[n][m];
        }
    }
    (p, dp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schmidt_p11_is_sin_theta() {
        let t: f64 = 0.7;
        let (p, dp) = schmidt_legendre(t);
        assert!((p[1][0] - t.cos()).abs() < 1e-15);
        assert!((p[1][1] - t.sin()).abs() < 1e-15);
        assert!((dp[1][1] - t.cos()).abs() < 1e-15);
        // P₂² Schmidt = (√3/2) sin²θ
        assert!((p[2][2] - 3f64.sqrt() / 2.0 * t.sin().powi(2)).abs() < 1e-15);
    }

    #[test]
    fn geocentric_equator_and_pole() {
        let (r, th, d) = geodetic_to_geocentric(0.0, 0.0);
        assert!((r - WGS84_A_KM).abs() < 1e-9 && (th - std::f64::consts::FRAC_PI_2).abs() < 1e-15);
        assert!(d.abs() < 1e-15);
        let (r, _, _) = geodetic_to_geocentric(std::f64::consts::FRAC_PI_2, 0.0);
        assert!((r - WGS84_A_KM * (1.0 - WGS84_E2).sqrt()).abs() < 1e-6);
    }
}
