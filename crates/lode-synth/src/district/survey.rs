//! What the partner's surveys record: flight-line magnetics with their errors, gravity stations,
//! and gamma-ray spectrometry.

use super::geology::COVER;
use super::model::rock_at;
use super::{District, LINE_SPACING, MAG_CLEARANCE, SIZE};
use crate::rng::Rng;

/// One flight-line sample.
#[derive(Debug, Clone, PartialEq)]
pub struct MagSample {
    pub line: String,
    pub fid: usize,
    /// Seconds since 00:00 UTC on the survey day.
    pub time_s: f64,
    pub x: f64,
    pub y: f64,
    /// Terrain clearance, m.
    pub clearance_m: f64,
    /// Total-field anomaly as recorded (with all errors), nT.
    pub tmi_nt: f64,
}

/// Errors of the airborne magnetic survey.
#[derive(Debug, Clone, Copy)]
pub struct MagErrors {
    /// Sensor noise, nT (1σ).
    pub noise_nt: f64,
    /// Heading error: + on eastbound, − on westbound lines, nT.
    pub heading_nt: f64,
    /// Per-line levelling error, nT (1σ).
    pub level_nt: f64,
    /// Amplitude of the diurnal variation, nT.
    pub diurnal_nt: f64,
}

impl Default for MagErrors {
    fn default() -> Self {
        MagErrors {
            noise_nt: 0.1,
            heading_nt: 1.5,
            level_nt: 2.5,
            diurnal_nt: 12.0,
        }
    }
}

/// Diurnal variation at time t (s): a daily wave plus shorter pulsations, nT.
fn diurnal(t: f64, amp: f64, phase: (f64, f64)) -> f64 {
    let day = std::f64::consts::TAU * t / 86_400.0;
    amp * (day - 1.2).sin()
        + 0.25 * amp * (std::f64::consts::TAU * t / 3_600.0 + phase.0).sin()
        + 0.1 * amp * (std::f64::consts::TAU * t / 600.0 + phase.1).sin()
}

/// Fly the survey: east–west traverse lines every 200 m (alternating direction, `L1000`, `L1010`, …)
/// and north–south tie lines every 2 km (`T100`, …), sampled every `step` m at 70 m/s.
pub fn fly(d: &District, step: f64, errors: MagErrors, rng: &mut Rng) -> Vec<MagSample> {
    let (x0, y0) = (d.frame.x0, d.frame.y0);
    let tau = std::f64::consts::TAU;
    let phase = (rng.range(0.0, tau), rng.range(0.0, tau));
    let speed = 70.0;
    let mut t = 8.0 * 3_600.0;
    let mut out = Vec::new();
    let fly_line = |name: String,
                    pts: Vec<(f64, f64)>,
                    eastbound: bool,
                    t: &mut f64,
                    out: &mut Vec<MagSample>,
                    rng: &mut Rng| {
        let level = errors.level_nt * rng.normal();
        let heading = if eastbound {
            errors.heading_nt
        } else {
            -errors.heading_nt
        };
        for (fid, (x, y)) in pts.into_iter().enumerate() {
            let clearance = MAG_CLEARANCE + 3.0 * rng.normal();
            // Vertical gradient correction for the clearance deviation (≈ −3T/z of a deep source).
            let field = d.sample(&d.tmi, x, y);
            let v = field
                + diurnal(*t, errors.diurnal_nt, phase)
                + heading
                + level
                + errors.noise_nt * rng.normal();
            out.push(MagSample {
                line: name.clone(),
                fid,
                time_s: *t,
                x,
                y,
                clearance_m: clearance,
                tmi_nt: v,
            });
            *t += step / speed;
        }
        *t += 120.0;
    };
    let n_lines = (SIZE / LINE_SPACING) as usize;
    for i in 0..n_lines {
        let y = y0 + LINE_SPACING * (i as f64 + 0.5);
        let n = (SIZE / step) as usize;
        let east = i % 2 == 0;
        let pts: Vec<(f64, f64)> = (0..n)
            .map(|k| {
                let s = step * (k as f64 + 0.5);
                (if east { x0 + s } else { x0 + SIZE - s }, y)
            })
            .collect();
        fly_line(
            format!("L{}", 1000 + 10 * i),
            pts,
            east,
            &mut t,
            &mut out,
            rng,
        );
    }
    for j in 0..(SIZE / 2_000.0) as usize {
        let x = x0 + 2_000.0 * (j as f64 + 0.5);
        let n = (SIZE / step) as usize;
        let north = j % 2 == 0;
        let pts: Vec<(f64, f64)> = (0..n)
            .map(|k| {
                let s = step * (k as f64 + 0.5);
                (x, if north { y0 + s } else { y0 + SIZE - s })
            })
            .collect();
        fly_line(
            format!("T{}", 100 + 10 * j),
            pts,
            north,
            &mut t,
            &mut out,
            rng,
        );
    }
    out
}

/// One ground gravity station.
#[derive(Debug, Clone, PartialEq)]
pub struct GravityStation {
    pub station: usize,
    pub x: f64,
    pub y: f64,
    pub elevation_m: f64,
    /// Complete Bouguer anomaly (2670 kg/m³), mGal.
    pub bouguer_mgal: f64,
}

/// Stations on a jittered 1 km grid with 0.03 mGal reading noise.
pub fn gravity_stations(d: &District, rng: &mut Rng) -> Vec<GravityStation> {
    let mut out = Vec::new();
    let n = (SIZE / 1_000.0) as usize;
    for r in 0..n {
        for c in 0..n {
            let x = d.frame.x0 + 1_000.0 * (c as f64 + 0.5) + rng.range(-300.0, 300.0);
            let y = d.frame.y0 + 1_000.0 * (r as f64 + 0.5) + rng.range(-300.0, 300.0);
            out.push(GravityStation {
                station: out.len() + 1,
                x,
                y,
                elevation_m: d.surface.elevation(&d.layout, x, y),
                bouguer_mgal: d.sample(&d.gravity, x, y) + 0.03 * rng.normal(),
            });
        }
    }
    out
}

/// Ground concentrations at the surface: rock below a cover of thickness t contributes
/// e^{−t/0.35 m} of the signal (gamma rays from the top ~0.3 m; IAEA 2003), the cover the rest.
/// Returns (K %, eTh ppm, eU ppm).
pub fn surface_radioelements(d: &District, x: f64, y: f64) -> (f64, f64, f64) {
    let t = d.surface.cover(x, y);
    let w = (-t / 0.35).exp();
    let (_, p) = rock_at(&d.layout, &d.deposits, x, y, 0.0);
    (
        w * p.k_pct + (1.0 - w) * COVER.k_pct,
        w * p.eth_ppm + (1.0 - w) * COVER.eth_ppm,
        w * p.eu_ppm + (1.0 - w) * COVER.eu_ppm,
    )
}

/// Counting sensitivities of the airborne spectrometer (counts per second per unit
/// concentration at 80 m, 1 s live time; of the order of IAEA 2003, Table 4): K, eTh, eU.
pub const SENSITIVITY: [f64; 3] = [75.0, 4.5, 9.0];

/// Airborne radiometric grids (K %, eTh ppm, eU ppm) with the footprint of a detector at 80 m
/// (Gaussian, σ = 90 m) and Poisson counting noise; cell `cell` m.
pub fn radiometrics(
    d: &District,
    cell: f64,
    rng: &mut Rng,
) -> lode_core::Result<[lode_core::Grid; 3]> {
    let sigma = 90.0;
    let offsets: Vec<(f64, f64, f64)> = {
        let mut v = Vec::new();
        let r = 2;
        for i in -r..=r {
            for j in -r..=r {
                let (dx, dy) = (i as f64 * sigma * 0.8, j as f64 * sigma * 0.8);
                v.push((dx, dy, (-(dx * dx + dy * dy) / (2.0 * sigma * sigma)).exp()));
            }
        }
        let s: f64 = v.iter().map(|o| o.2).sum();
        v.into_iter().map(|(a, b, w)| (a, b, w / s)).collect()
    };
    let base = d.grid_of(cell, |_, _| 0.0)?;
    let geom = base.geometry;
    use rayon::prelude::*;
    let triples: Vec<[f64; 3]> = (0..geom.len())
        .into_par_iter()
        .map(|i| {
            let (x, y) = geom.cell_center(i % geom.cols, i / geom.cols);
            let mut acc = [0.0; 3];
            for (dx, dy, w) in &offsets {
                let c = surface_radioelements(d, x + dx, y + dy);
                acc[0] += w * c.0;
                acc[1] += w * c.1;
                acc[2] += w * c.2;
            }
            acc
        })
        .collect();
    let mut grids = [base.clone(), base.clone(), base];
    for (k, g) in grids.iter_mut().enumerate() {
        for (i, t) in triples.iter().enumerate() {
            g.values.set(i, t[k]);
        }
    }
    for (k, g) in grids.iter_mut().enumerate() {
        let s = SENSITIVITY[k];
        for i in 0..g.values.len() {
            let c = g.values.get(i).max(0.0);
            let noisy = (c * s + (c * s).sqrt() * rng.normal()).max(0.0) / s;
            g.values.set(i, noisy);
        }
    }
    Ok(grids)
}
