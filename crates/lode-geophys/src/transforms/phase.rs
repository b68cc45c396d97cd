//! Edge detectors built from the gradient: horizontal gradient, analytic signal, tilt, theta,
//! TDX and the horizontal derivative of the tilt. Inputs are the derivatives dx (east),
//! dy (north) and dz (down), all in the same units.

/// Total horizontal gradient √(dx² + dy²) (Cordell & Grauch 1985).
pub fn thg(dx: f64, dy: f64) -> f64 {
    (dx * dx + dy * dy).sqrt()
}

/// Analytic-signal amplitude (total gradient) √(dx² + dy² + dz²) (Roest, Verhoef & Pilkington
/// 1992); equal to Harmonica's `total_gradient_amplitude`.
pub fn analytic_signal(dx: f64, dy: f64, dz: f64) -> f64 {
    (dx * dx + dy * dy + dz * dz).sqrt()
}

/// Tilt angle atan2(dz, THG) in radians, −π/2..π/2, positive over the source (Miller & Singh
/// 1994, z down). Harmonica's `tilt_angle` uses the upward derivative and is its negative.
pub fn tilt(dx: f64, dy: f64, dz: f64) -> f64 {
    dz.atan2(thg(dx, dy))
}

/// Theta map cos θ = THG / |AS|, dimensionless 0..1, maximal over edges (Wijns, Perez & Kowalczyk
/// 2005). 0 where the gradient vanishes.
pub fn theta(dx: f64, dy: f64, dz: f64) -> f64 {
    let a = analytic_signal(dx, dy, dz);
    if a == 0.0 {
        0.0
    } else {
        thg(dx, dy) / a
    }
}

/// TDX = atan2(THG, |dz|) in radians, 0..π/2, maximal over edges (Cooper & Cowan 2006).
pub fn tdx(dx: f64, dy: f64, dz: f64) -> f64 {
    thg(dx, dy).atan2(dz.abs())
}
