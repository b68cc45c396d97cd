//! Wavelength filters. Wavelength λ and wavenumber k are related by k = 2π/λ.

use crate::fft::Complex64;

/// Gaussian low-pass with cut-off wavelength λc: e^{−k²/(2 kc²)}, kc = 2π/λc (Harmonica's
/// `gaussian_lowpass_kernel`; Geosoft 1999).
pub fn gauss_lp_kernel(wavelength: f64) -> impl Fn(f64, f64) -> Complex64 + Sync {
    let kc = 2.0 * std::f64::consts::PI / wavelength;
    move |kx, ky| Complex64::new((-(kx * kx + ky * ky) / (2.0 * kc * kc)).exp(), 0.0)
}

/// Gaussian high-pass: 1 − e^{−k²/(2 kc²)} (Harmonica's `gaussian_highpass_kernel`).
pub fn gauss_hp_kernel(wavelength: f64) -> impl Fn(f64, f64) -> Complex64 + Sync {
    let kc = 2.0 * std::f64::consts::PI / wavelength;
    move |kx, ky| Complex64::new(1.0 - (-(kx * kx + ky * ky) / (2.0 * kc * kc)).exp(), 0.0)
}

/// Butterworth band-pass (Butterworth 1930) passing wavelengths between `lo` and `hi`:
/// [1 + (k/k_lo)^{2n}]^{−1/2}·[1 + (k_hi/k)^{2n}]^{−1/2} with k_lo = 2π/lo (short-wavelength
/// cut-off), k_hi = 2π/hi (long-wavelength cut-off). `lo` = 0 or `hi` = 0 leaves that side open.
/// Gain 1/√2 at each cut-off.
pub fn butter_kernel(lo: f64, hi: f64, order: f64) -> impl Fn(f64, f64) -> Complex64 + Sync {
    let tau = 2.0 * std::f64::consts::PI;
    let k_short = if lo > 0.0 { tau / lo } else { f64::INFINITY };
    let k_long = if hi > 0.0 { tau / hi } else { 0.0 };
    move |kx, ky| {
        let k = (kx * kx + ky * ky).sqrt();
        let lp = if k_short.is_finite() {
            1.0 / (1.0 + (k / k_short).powf(2.0 * order)).sqrt()
        } else {
            1.0
        };
        let hp = if k_long > 0.0 {
            if k == 0.0 {
                0.0
            } else {
                1.0 / (1.0 + (k_long / k).powf(2.0 * order)).sqrt()
            }
        } else {
            1.0
        };
        Complex64::new(lp * hp, 0.0)
    }
}

/// Cosine roll-off band-pass: gain 1 for wavelengths in [`lo`, `hi`], falling as
/// cos²(π/2 · log₂(k/k_c)) over one octave beyond each cut-off (to 0 at λ = lo/2 and λ = 2·hi).
/// `lo` = 0 or `hi` = 0 leaves that side open.
pub fn cosine_kernel(lo: f64, hi: f64) -> impl Fn(f64, f64) -> Complex64 + Sync {
    let tau = 2.0 * std::f64::consts::PI;
    let k_short = if lo > 0.0 { tau / lo } else { f64::INFINITY };
    let k_long = if hi > 0.0 { tau / hi } else { 0.0 };
    let roll = |octaves: f64| {
        if octaves <= 0.0 {
            1.0
        } else if octaves >= 1.0 {
            0.0
        } else {
            (std::f64::consts::FRAC_PI_2 * octaves).cos().powi(2)
        }
    };
    move |kx, ky| {
        let k = (kx * kx + ky * ky).sqrt();
        let mut g = 1.0;
        if k_short.is_finite() && k > k_short {
            g *= roll((k / k_short).log2());
        }
        if k_long > 0.0 {
            g *= if k == 0.0 {
                0.0
            } else {
                roll((k_long / k).log2())
            };
        }
        Complex64::new(g, 0.0)
    }
}
