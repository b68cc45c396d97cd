//! Direction-dependent magnetic transforms: reduction to the pole (Baranov 1957; Blakely 1995
//! eq. 12.31, in the form of Harmonica's `reduction_to_pole_kernel`), its low-latitude
//! amplitude-corrected variant (MacLeod, Jones & Dai 1993; the MAGMAP form used by Oasis),
//! reduction to the equator (Leu 1982) and pseudo-gravity (Baranov 1957 via Poisson's relation,
//! Blakely 1995 eq. 12.37).
//!
//! Unit vectors: f̂ = (cos I sin D, cos I cos D, sin I) (east, north, down) for the field and
//! m̂ likewise for the magnetisation; Θ(k) = ẑ·v̂ + i (v̂_e kx + v̂_n ky)/|k|.

use lode_core::{Error, Result};

use crate::fft::Complex64;

/// Geomagnetic field and source magnetisation directions, degrees (declination clockwise from
/// the grid's north, inclination positive down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Direction {
    pub inc: f64,
    pub dec: f64,
    pub mag_inc: f64,
    pub mag_dec: f64,
}

impl Direction {
    /// Induced magnetisation only: magnetisation parallel to the field.
    pub fn induced(inc: f64, dec: f64) -> Self {
        Direction {
            inc,
            dec,
            mag_inc: inc,
            mag_dec: dec,
        }
    }

    /// Check ranges; declinations are rotated by the grid's counter-clockwise rotation.
    pub fn validated(self, rotation_deg: f64) -> Result<Self> {
        for (name, v) in [
            ("inclination", self.inc),
            ("magnetisation inclination", self.mag_inc),
        ] {
            if !(-90.0..=90.0).contains(&v) {
                return Err(Error::invalid(format!("{name} {v}° is outside −90°..90°")));
            }
        }
        for v in [self.dec, self.mag_dec] {
            if !v.is_finite() {
                return Err(Error::invalid("declination is not finite"));
            }
        }
        Ok(Direction {
            dec: self.dec + rotation_deg,
            mag_dec: self.mag_dec + rotation_deg,
            ..self
        })
    }
}

fn unit(inc: f64, dec: f64) -> [f64; 3] {
    let (si, ci) = inc.to_radians().sin_cos();
    let (sd, cd) = dec.to_radians().sin_cos();
    [ci * sd, ci * cd, si]
}

/// k·Θ(k) = v_z |k| + i (v_e kx + v_n ky).
#[inline]
fn ktheta(v: &[f64; 3], kx: f64, ky: f64, k: f64) -> Complex64 {
    Complex64::new(v[2] * k, v[0] * kx + v[1] * ky)
}

/// Reduction to the pole: |k|² / (kΘ_f · kΘ_m); 0 at k = 0 (Harmonica's convention).
pub fn rtp_kernel(d: &Direction) -> impl Fn(f64, f64) -> Complex64 + Sync {
    let f = unit(d.inc, d.dec);
    let m = unit(d.mag_inc, d.mag_dec);
    move |kx, ky| {
        let k2 = kx * kx + ky * ky;
        if k2 == 0.0 {
            return Complex64::new(0.0, 0.0);
        }
        let k = k2.sqrt();
        let den = ktheta(&f, kx, ky, k) * ktheta(&m, kx, ky, k);
        if den.norm_sqr() == 0.0 {
            return Complex64::new(0.0, 0.0);
        }
        Complex64::new(k2, 0.0) / den
    }
}

/// Low-latitude RTP (MacLeod et al. 1993): the phase of the true RTP filter with the amplitude
/// of the RTP filter at the amplitude-correction inclination I_a = sign(I)·max(|I|, `amp_inc`):
/// L = [1/(Θ_f Θ_m)]·|Θ_f||Θ_m| / (|Θ_fa||Θ_ma|). Bounded by 1/sin²(I_a).
pub fn rtp_lowlat_kernel(d: &Direction, amp_inc: f64) -> impl Fn(f64, f64) -> Complex64 + Sync {
    let corr = |i: f64| {
        let s = if i < 0.0 { -1.0 } else { 1.0 };
        s * i.abs().max(amp_inc.abs())
    };
    let f = unit(d.inc, d.dec);
    let m = unit(d.mag_inc, d.mag_dec);
    let fa = unit(corr(d.inc), d.dec);
    let ma = unit(corr(d.mag_inc), d.mag_dec);
    move |kx, ky| {
        let k2 = kx * kx + ky * ky;
        if k2 == 0.0 {
            return Complex64::new(0.0, 0.0);
        }
        let k = k2.sqrt();
        let tf = ktheta(&f, kx, ky, k);
        let tm = ktheta(&m, kx, ky, k);
        let den = tf * tm;
        let amp = (ktheta(&fa, kx, ky, k).norm() * ktheta(&ma, kx, ky, k).norm()) / k2;
        if den.norm_sqr() == 0.0 || amp == 0.0 {
            return Complex64::new(0.0, 0.0);
        }
        let phase = (den / den.norm()).conj();
        phase / amp
    }
}

/// Reduction to the equator (Leu 1982): (kΘ_fe · kΘ_me)/(kΘ_f · kΘ_m), where the equatorial
/// directions keep the declinations with zero inclination (identity when I = 0); 0 at k = 0.
pub fn rte_kernel(d: &Direction) -> impl Fn(f64, f64) -> Complex64 + Sync {
    let f = unit(d.inc, d.dec);
    let m = unit(d.mag_inc, d.mag_dec);
    let fe = unit(0.0, d.dec);
    let me = unit(0.0, d.mag_dec);
    move |kx, ky| {
        let k2 = kx * kx + ky * ky;
        if k2 == 0.0 {
            return Complex64::new(0.0, 0.0);
        }
        let k = k2.sqrt();
        let den = ktheta(&f, kx, ky, k) * ktheta(&m, kx, ky, k);
        if den.norm_sqr() == 0.0 {
            return Complex64::new(0.0, 0.0);
        }
        ktheta(&fe, kx, ky, k) * ktheta(&me, kx, ky, k) / den
    }
}

/// G, m³ kg⁻¹ s⁻² (CODATA 2018).
const G: f64 = 6.674_30e-11;
/// μ0/4π, T·m/A.
const CM: f64 = 1e-7;

/// Pseudo-gravity (Poisson's relation; Baranov 1957, Blakely 1995 §12.3): g_z = (G Δρ /
/// (C_m M)) · F⁻¹[RTP(k)/|k|] with the anomaly in nT and `ratio` = Δρ/M in kg·m⁻³ per A·m⁻¹;
/// output in mGal. 0 at k = 0.
pub fn psg_kernel(d: &Direction, ratio: f64) -> impl Fn(f64, f64) -> Complex64 + Sync {
    let rtp = rtp_kernel(d);
    let scale = G * ratio / CM * 1e-9 * 1e5;
    move |kx, ky| {
        let k = (kx * kx + ky * ky).sqrt();
        if k == 0.0 {
            return Complex64::new(0.0, 0.0);
        }
        rtp(kx, ky) * (scale / k)
    }
}

/// The smallest |inclination| (degrees) for which plain `rtp` and `psg` run; below it they refuse.
pub const RTP_REFUSE_DEG: f64 = 5.0;
/// Below this |inclination| (degrees) plain `rtp` and `psg` warn and suggest `rtp-lowlat`.
pub const RTP_WARN_DEG: f64 = 20.0;

/// Check a direction for plain RTP: an error below 5°, a warning message below 20°.
pub fn check_rtp(d: &Direction, op: &str) -> Result<Option<String>> {
    let low = d.inc.abs().min(d.mag_inc.abs());
    if low < RTP_REFUSE_DEG {
        return Err(Error::invalid(format!(
            "{op} at inclination {low:.1}° is unstable (|I| < {RTP_REFUSE_DEG}°): use rtp-lowlat or rte"
        )));
    }
    if low < RTP_WARN_DEG {
        return Ok(Some(format!(
            "{op} at low inclination {low:.1}° (|I| < {RTP_WARN_DEG}°) amplifies noise along the declination; consider rtp-lowlat"
        )));
    }
    Ok(None)
}
