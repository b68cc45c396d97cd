//! A regional soil-geochemistry survey of the district: Au, As, Fe, Nb and La at samples on an
//! offset grid, as a laboratory reports them.
//!
//! Concentration = the background of the bedrock (by lithology; crustal abundances of the order
//! of Rudnick & Gao 2003 and the granite/carbonatite contrasts of Reimann & de Caritat 1998)
//! times a dispersion halo around each deposit, c·(1 + A·exp(−d²/2σ²)) with σ = body radius +
//! 250 m (residual soil anomalies are a few hundred metres wider than the body; Butt & Zeegers
//! 1992): gold — Au ×80 and its pathfinder As ×15 over 2σ; iron — Fe ×1; rare metals — Nb ×10
//! and La ×8 over σ + 50 m. Transported cover of thickness t masks the bedrock signal, which
//! reaches the surface with weight exp(−t / 5 m) (Butt et al. 2005). Sampling and analytical
//! scatter: log-normal, σ_ln = 0.3. Values below the detection limit are reported as the
//! negative detection limit.

use std::fmt::Write as _;

use super::deposits::Commodity;
use super::geology::Lithology;
use super::{District, SIZE};
use crate::rng::Rng;

/// Elements reported, with their column names.
pub const COLUMNS: [&str; 5] = ["Au_ppb", "As_ppm", "Fe_pct", "Nb_ppm", "La_ppm"];
/// Detection limits, in the columns' units.
pub const DETECTION: [f64; 5] = [1.0, 0.5, 0.01, 1.0, 1.0];
/// Background of transported cover (alluvium, sand), same units.
pub const COVER_BACKGROUND: [f64; 5] = [1.0, 3.0, 4.0, 10.0, 25.0];

/// Median bedrock-derived soil concentrations by lithology: Au ppb, As ppm, Fe %, Nb ppm, La ppm.
pub fn background(l: Lithology) -> [f64; 5] {
    match l {
        Lithology::GraniteGneiss => [1.5, 2.0, 3.0, 12.0, 40.0],
        Lithology::Basalt => [3.0, 6.0, 9.0, 4.0, 8.0],
        Lithology::Ultramafic => [2.5, 4.0, 7.0, 1.0, 2.0],
        Lithology::Bif => [3.0, 8.0, 30.0, 2.0, 5.0],
        Lithology::FelsicVolcanics => [2.0, 5.0, 4.0, 10.0, 30.0],
        Lithology::Granite => [1.0, 1.5, 2.0, 20.0, 50.0],
        Lithology::Syenite => [1.0, 2.0, 3.5, 150.0, 150.0],
        Lithology::Carbonatite => [1.0, 2.0, 6.0, 800.0, 1500.0],
        Lithology::Dolerite => [3.0, 3.0, 10.0, 5.0, 10.0],
    }
}

/// Transported-cover thickness that reduces the bedrock signal by e, m.
pub const COVER_MASK_M: f64 = 5.0;

/// Noise-free soil concentrations at (x, y).
pub fn concentrations(d: &District, x: f64, y: f64) -> [f64; 5] {
    let mut c = background(d.layout.lithology(x, y));
    for dep in &d.deposits {
        let d2 = (x - dep.x).powi(2) + (y - dep.y).powi(2);
        let s = dep.radius + 250.0;
        let halo = |sigma: f64| (-d2 / (2.0 * sigma * sigma)).exp();
        match dep.commodity {
            Commodity::Gold => {
                c[0] *= 1.0 + 80.0 * halo(s);
                c[1] *= 1.0 + 15.0 * halo(2.0 * s);
            }
            Commodity::Iron => c[2] *= 1.0 + halo(s),
            Commodity::RareMetals => {
                c[3] *= 1.0 + 10.0 * halo(s + 50.0);
                c[4] *= 1.0 + 8.0 * halo(s + 50.0);
            }
        }
    }
    let w = (-d.surface.cover(x, y) / COVER_MASK_M).exp();
    std::array::from_fn(|k| w * c[k] + (1.0 - w) * COVER_BACKGROUND[k])
}

/// The survey as CSV (`sample_id,x,y,Au_ppb,As_ppm,Fe_pct,Nb_ppm,La_ppm`): samples every
/// `spacing` m along east–west rows `spacing` m apart, alternate rows offset by half a spacing.
pub fn survey_csv(d: &District, spacing: f64, rng: &mut Rng) -> String {
    let mut csv = format!("sample_id,x,y,{}\n", COLUMNS.join(","));
    let n = (SIZE / spacing).floor() as usize;
    let mut id = 0;
    for row in 0..n {
        let y = d.frame.y0 + (row as f64 + 0.5) * spacing;
        let shift = if row % 2 == 1 { 0.5 * spacing } else { 0.0 };
        for col in 0..n {
            let x = d.frame.x0 + (col as f64 + 0.25) * spacing + shift;
            let c = concentrations(d, x, y);
            id += 1;
            let _ = write!(csv, "S{id:05},{x:.1},{y:.1}");
            for k in 0..5 {
                let v = c[k] * (0.3 * rng.normal()).exp();
                let v = if v < DETECTION[k] { -DETECTION[k] } else { v };
                let _ = write!(csv, ",{}", round_sig(v, 3));
            }
            csv.push('\n');
        }
    }
    csv
}

/// `v` to `sig` significant figures, as a laboratory reports it.
fn round_sig(v: f64, sig: i32) -> f64 {
    if v == 0.0 {
        return 0.0;
    }
    let p = sig - 1 - v.abs().log10().floor() as i32;
    let f = 10f64.powi(p.abs());
    if p >= 0 {
        (v * f).round() / f
    } else {
        (v / f).round() * f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding() {
        assert_eq!(round_sig(1234.5, 3), 1230.0);
        assert_eq!(round_sig(0.012345, 3), 0.0123);
        assert_eq!(round_sig(-1.0, 3), -1.0);
    }
}
