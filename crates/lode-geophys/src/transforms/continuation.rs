//! Continuation between levels and vertical integration (Blakely 1995 §12.1, eq. 12.9).

use crate::fft::Complex64;

/// Upward continuation by `h` (CRS units, > 0): e^{−|k| h}. Same kernel as Harmonica's
/// `upward_continuation_kernel`.
pub fn upcont_kernel(h: f64) -> impl Fn(f64, f64) -> Complex64 + Sync {
    move |kx, ky| Complex64::new((-(kx * kx + ky * ky).sqrt() * h).exp(), 0.0)
}

/// Regularised downward continuation by `h` (> 0): the Tikhonov solution of
/// min ‖e^{−|k|h}·U − F‖² + α‖U‖², U = F·e^{|k|h} / (1 + α e^{2|k|h}), with α = 1/(4·gain²)
/// so that the largest amplification of any wavenumber is `gain` (default 100). The pass band
/// (|k| ≪ ln(2·gain)/h) is the exact continuation e^{|k|h}.
pub fn downcont_kernel(h: f64, gain: f64) -> impl Fn(f64, f64) -> Complex64 + Sync {
    let alpha = 1.0 / (4.0 * gain * gain);
    move |kx, ky| {
        let e = ((kx * kx + ky * ky).sqrt() * h).min(700.0).exp();
        Complex64::new(e / (1.0 + alpha * e * e), 0.0)
    }
}

/// Vertical integration: 1/|k|, 0 at k = 0 (inverse of the first vertical derivative); output in
/// input units × CRS units (nT·m).
pub fn vi_kernel() -> impl Fn(f64, f64) -> Complex64 + Sync {
    move |kx, ky| {
        let k = (kx * kx + ky * ky).sqrt();
        Complex64::new(if k == 0.0 { 0.0 } else { 1.0 / k }, 0.0)
    }
}
