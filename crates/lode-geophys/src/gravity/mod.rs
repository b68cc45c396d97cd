//! Gravity reductions of station data: normal gravity on the GRS80 ellipsoid, the free-air and
//! simple Bouguer anomalies. All gravity values in mGal, heights in metres, densities in kg/m³.
//!
//! References: Moritz (1980, "Geodetic Reference System 1980", Bull. Géod. 54) for the GRS80
//! constants and Somigliana's closed formula; Hinze et al. (2005, "New standards for reducing
//! gravity data: the North American gravity database", Geophysics 70, J25–J32) eq. 5 for the
//! second-order height correction of normal gravity and eq. 6 for the Bouguer slab.

mod terrain;

pub use terrain::terrain_correction;

use lode_core::{Error, Result};

/// GRS80 semi-major axis a, m (Moritz 1980).
pub const GRS80_A: f64 = 6_378_137.0;
/// GRS80 semi-minor axis b, m (Moritz 1980).
pub const GRS80_B: f64 = 6_356_752.314_140_3;
/// GRS80 normal gravity at the equator γe, mGal (Moritz 1980).
pub const GRS80_GAMMA_E: f64 = 978_032.677_15;
/// GRS80 normal gravity at the poles γp, mGal (Moritz 1980).
pub const GRS80_GAMMA_P: f64 = 983_218.636_85;
/// Newtonian constant of gravitation, m³ kg⁻¹ s⁻² (CODATA 2018; the value Harmonica uses).
pub const G: f64 = 6.674_30e-11;
/// Default crustal density of the Bouguer slab, kg/m³ (Hinze et al. 2005).
pub const DEFAULT_DENSITY: f64 = 2670.0;
/// m/s² → mGal.
const SI_TO_MGAL: f64 = 1e5;

/// Normal gravity on the GRS80 ellipsoid at geodetic latitude `lat_deg`, mGal, by Somigliana's
/// closed formula γ = (a γe cos²φ + b γp sin²φ) / √(a² cos²φ + b² sin²φ) (Moritz 1980).
pub fn normal_gravity_ellipsoid(lat_deg: f64) -> f64 {
    let (s, c) = lat_deg.to_radians().sin_cos();
    let (s2, c2) = (s * s, c * c);
    (GRS80_A * GRS80_GAMMA_E * c2 + GRS80_B * GRS80_GAMMA_P * s2)
        / (GRS80_A * GRS80_A * c2 + GRS80_B * GRS80_B * s2).sqrt()
}

/// Normal gravity at height `h` m above the ellipsoid, mGal: Somigliana's γ₀ plus the
/// second-order free-air (height) correction of Hinze et al. (2005, eq. 5),
/// −(0.3087691 − 0.0004398 sin²φ) h + 7.2125 × 10⁻⁸ h². Within 0.01 mGal of the exact
/// closed form (Li & Götze 2001) for heights below 4 km.
pub fn normal_gravity(lat_deg: f64, h: f64) -> f64 {
    let s = lat_deg.to_radians().sin();
    normal_gravity_ellipsoid(lat_deg) - (0.308_769_1 - 0.000_439_8 * s * s) * h + 7.2125e-8 * h * h
}

/// Simple Bouguer slab correction 2πGρh, mGal, for a slab of thickness `h` m and density
/// `density` kg/m³ (Hinze et al. 2005, eq. 6; 0.1119 mGal/m for 2670 kg/m³).
pub fn bouguer_slab(h: f64, density: f64) -> f64 {
    2.0 * std::f64::consts::PI * G * density * h * SI_TO_MGAL
}

/// The reductions of one station, mGal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reduced {
    /// Normal gravity at the station height.
    pub normal: f64,
    /// Free-air anomaly g_obs − γ(φ, h).
    pub free_air: f64,
    /// Simple Bouguer anomaly: free-air anomaly − 2πGρh.
    pub bouguer: f64,
}

/// Free-air and simple Bouguer anomalies of one station: latitude (deg), elevation (m, used as
/// the height above the ellipsoid, as Hinze et al. 2005 recommend when no geoid is applied),
/// observed gravity (mGal) and slab density (kg/m³).
pub fn reduce(lat_deg: f64, elevation: f64, observed: f64, density: f64) -> Reduced {
    let normal = normal_gravity(lat_deg, elevation);
    let free_air = observed - normal;
    Reduced {
        normal,
        free_air,
        bouguer: free_air - bouguer_slab(elevation, density),
    }
}

/// Reduce many stations; checks every value first. Errors name the 1-based station number.
pub fn reduce_all(
    lat: &[f64],
    elevation: &[f64],
    observed: &[f64],
    density: f64,
) -> Result<Vec<Reduced>> {
    if lat.len() != elevation.len() || lat.len() != observed.len() {
        return Err(Error::invalid(
            "latitude, elevation and gravity columns differ in length",
        ));
    }
    if !(density.is_finite() && density > 0.0) {
        return Err(Error::invalid(format!(
            "density must be positive, got {density} kg/m³"
        )));
    }
    for i in 0..lat.len() {
        let (p, h, g) = (lat[i], elevation[i], observed[i]);
        if !(p.is_finite() && h.is_finite() && g.is_finite()) {
            return Err(Error::invalid(format!(
                "station {}: non-finite latitude, elevation or gravity",
                i + 1
            )));
        }
        if !(-90.0..=90.0).contains(&p) {
            return Err(Error::invalid(format!(
                "station {}: latitude {p} outside ±90°",
                i + 1
            )));
        }
    }
    Ok((0..lat.len())
        .map(|i| reduce(lat[i], elevation[i], observed[i], density))
        .collect())
}
