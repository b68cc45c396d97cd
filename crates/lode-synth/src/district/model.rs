//! The district's 3-D property model: lithology under cover, deposits, and the horizontal
//! slices the field computation uses.

use rayon::prelude::*;

use super::deposits::{Commodity, Deposit};
use super::fields::{direction, ModelGrid, Slice};
use super::geology::{Layout, Lithology, RockProps, COVER};
use crate::rng::Rng;

/// Slice boundaries, metres below the ground. Sources end at 3 km.
pub const SLICES: [f64; 9] = [
    0.0, 25.0, 50.0, 100.0, 200.0, 400.0, 800.0, 1_600.0, 3_000.0,
];

/// Background density the anomalies are relative to, kg/m³.
pub const REFERENCE_DENSITY: f64 = 2_670.0;

/// Direction of the dolerite dykes' reversed remanence (inclination, declination), degrees.
pub const DYKE_REMANENCE: (f64, f64) = (55.0, 175.0);

/// Smooth random field: a sum of cosines with wavelengths 3–15 km (deterministic from the seed).
pub struct Smooth {
    waves: Vec<(f64, f64, f64, f64)>,
}

impl Smooth {
    pub fn new(rng: &mut Rng, n: usize) -> Smooth {
        let waves = (0..n)
            .map(|_| {
                let wl = rng.range(3_000.0, 15_000.0);
                let a = rng.range(0.0, std::f64::consts::TAU);
                let k = std::f64::consts::TAU / wl;
                (
                    k * a.cos(),
                    k * a.sin(),
                    rng.range(0.0, std::f64::consts::TAU),
                    1.0 / (n as f64).sqrt(),
                )
            })
            .collect();
        Smooth { waves }
    }

    /// Value at (x, y); roughly unit variance.
    pub fn at(&self, x: f64, y: f64) -> f64 {
        self.waves
            .iter()
            .map(|(kx, ky, p, a)| a * 2f64.sqrt() * (kx * x + ky * y + p).cos())
            .sum()
    }
}

/// Cover thickness and topography.
pub struct Surface {
    cover: Smooth,
    relief: Smooth,
    /// Palaeochannel axis: y(x) = a + b·x + c·sin(x/λ).
    channel: (f64, f64, f64, f64),
}

impl Surface {
    pub fn new(layout: &Layout, rng: &mut Rng) -> Surface {
        let f = layout.frame;
        let a = f.y0 + 34_000.0 + rng.range(-2_000.0, 2_000.0);
        Surface {
            cover: Smooth::new(rng, 14),
            relief: Smooth::new(rng, 10),
            channel: (a - (-0.55) * f.x0, -0.55, 1_800.0, 4_000.0),
        }
    }

    fn channel_distance(&self, x: f64, y: f64) -> f64 {
        let (a, b, c, l) = self.channel;
        (y - (a + b * x + c * (x / l).sin())).abs() / (1.0 + b * b).sqrt()
    }

    /// Cover (regolith + transported sediment) thickness, m (0 = outcrop).
    pub fn cover(&self, x: f64, y: f64) -> f64 {
        let base = 6.0 + 9.0 * self.cover.at(x, y);
        let d = self.channel_distance(x, y);
        (base + 70.0 * (-(d / 1_400.0).powi(2)).exp()).max(0.0)
    }

    /// Ground elevation, m above sea level.
    pub fn elevation(&self, layout: &Layout, x: f64, y: f64) -> f64 {
        let mut z = 420.0 + 12.0 * self.relief.at(x, y);
        for g in &layout.granites {
            let l = g.level(x, y);
            if l < 1.3 {
                z += 35.0 * (1.0 - (l / 1.3).powi(2));
            }
        }
        if layout.lithology(x, y) == Lithology::Bif {
            z += 18.0;
        }
        z - 20.0 * (-(self.channel_distance(x, y) / 1_000.0).powi(2)).exp()
    }
}

/// Fresh-rock properties at a point at a given depth, with the deposits' signatures.
pub fn rock_at(
    layout: &Layout,
    deposits: &[Deposit],
    x: f64,
    y: f64,
    depth: f64,
) -> (Lithology, RockProps) {
    let lith = layout.lithology(x, y);
    let mut p = lith.props();
    for d in deposits {
        let r = (x - d.x).hypot(y - d.y);
        if r > d.radius || depth < d.top || depth > d.bottom {
            continue;
        }
        match (d.commodity, d.style) {
            (Commodity::Gold, _) => {
                p.susceptibility *= 0.25;
                p.k_pct += 1.3;
                p.density -= 40.0;
            }
            (Commodity::Iron, _) => {
                p.density = 3_700.0;
                p.susceptibility = 0.35;
            }
            (Commodity::RareMetals, "carbonatite") => {
                p.eth_ppm = 420.0;
                p.eu_ppm = 65.0;
                p.density = 3_150.0;
            }
            (Commodity::RareMetals, _) => {
                p.k_pct += 1.6;
                p.eu_ppm += 7.0;
                p.eth_ppm += 4.0;
                p.density -= 60.0;
                p.susceptibility = 0.0005;
            }
        }
    }
    (lith, p)
}

/// Build the model slices on a model grid. `field` = (intensity nT, inclination, declination).
pub fn slices(
    grid: ModelGrid,
    layout: &Layout,
    deposits: &[Deposit],
    surface: &Surface,
    field: (f64, f64, f64),
) -> Vec<Slice> {
    let n = grid.n;
    let h = field.0 * 1e-9 / (4.0 * std::f64::consts::PI * 1e-7);
    let fdir = direction(field.1, field.2);
    let rdir = direction(DYKE_REMANENCE.0, DYKE_REMANENCE.1);
    let cells: Vec<(f64, Lithology, bool)> = (0..n * n)
        .into_par_iter()
        .map(|i| {
            let (x, y) = grid.xy(i % n, i / n);
            let near = deposits
                .iter()
                .any(|d| (x - d.x).hypot(y - d.y) <= d.radius);
            (surface.cover(x, y), layout.lithology(x, y), near)
        })
        .collect();
    SLICES
        .windows(2)
        .map(|w| {
            let (top, bottom) = (w[0], w[1]);
            let mid = 0.5 * (top + bottom);
            let props: Vec<(f64, [f64; 3])> = (0..n * n)
                .into_par_iter()
                .map(|i| {
                    let (x, y) = grid.xy(i % n, i / n);
                    let (t, lith0, near_deposit) = cells[i];
                    let rock_frac = ((bottom - t) / (bottom - top)).clamp(0.0, 1.0);
                    let (lith, p) = if near_deposit {
                        rock_at(layout, deposits, x, y, mid.max(t))
                    } else {
                        (lith0, lith0.props())
                    };
                    let mix = |a: f64, b: f64| rock_frac * a + (1.0 - rock_frac) * b;
                    let rho = mix(p.density, COVER.density) - REFERENCE_DENSITY;
                    let chi = mix(p.susceptibility, COVER.susceptibility);
                    let mind = chi * h;
                    let mut m = [mind * fdir[0], mind * fdir[1], mind * fdir[2]];
                    let q = p.remanence_q * rock_frac;
                    if q > 0.0 {
                        let rd = if lith == Lithology::Dolerite {
                            rdir
                        } else {
                            fdir
                        };
                        for k in 0..3 {
                            m[k] += q * mind * rd[k];
                        }
                    }
                    (rho, m)
                })
                .collect();
            let drho = props.iter().map(|p| p.0).collect();
            let m = [
                props.iter().map(|p| p.1[0]).collect(),
                props.iter().map(|p| p.1[1]).collect(),
                props.iter().map(|p| p.1[2]).collect(),
            ];
            Slice {
                top,
                bottom,
                drho,
                m,
            }
        })
        .collect()
}
