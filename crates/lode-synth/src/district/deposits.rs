//! Deposits placed by mineral-system rules.
//!
//! - Orogenic gold (Groves et al. 1998; McCuaig & Kerrich 1998): along the belt's shear zones,
//!   favoured in Fe-rich hosts (BIF, basalt), 1–4 km from granite contacts, and near structural
//!   intersections (splay, dyke crossings).
//! - Iron: BIF-hosted enrichment (Clout & Simonson 2005) in the two BIF units, and magnetite skarn at
//!   the contact of the small post-tectonic granite stock (Meinert et al. 2005).
//! - Rare metals: REE–Nb in the carbonatite core of the alkaline complex (Verplanck & Van Gosen
//!   2011) and Li–Ta pegmatites in the greenstones 0.3–2.5 km outside granite margins
//!   (London 2008; Černý 1991 zoning around fertile granites).

use geo::{Distance, Euclidean, LineString, Point};

use super::geology::{Layout, Lithology, SHEAR_OFFSETS};
use super::SIZE;
use crate::rng::Rng;

/// The three commodities lode plans for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Commodity {
    Gold,
    Iron,
    RareMetals,
}

impl Commodity {
    /// The name used in files (`gold`, `iron`, `rare_metals`).
    pub fn name(self) -> &'static str {
        match self {
            Commodity::Gold => "gold",
            Commodity::Iron => "iron",
            Commodity::RareMetals => "rare_metals",
        }
    }
}

/// One deposit of the district's truth.
#[derive(Debug, Clone, PartialEq)]
pub struct Deposit {
    pub id: usize,
    pub commodity: Commodity,
    /// Deposit style, e.g. "orogenic", "bif-hosted", "skarn", "carbonatite", "pegmatite".
    pub style: &'static str,
    pub x: f64,
    pub y: f64,
    /// Radius (or half-width) of the body and its alteration halo, m.
    pub radius: f64,
    /// Depth of the top of the body below the ground surface, m.
    pub top: f64,
    /// Depth of the bottom, m.
    pub bottom: f64,
    /// True when the partner's occurrence map contains it; false when withheld for validation.
    pub known: bool,
}

/// Place the deposits of a layout. Same layout and seed → same deposits.
pub fn place(layout: &Layout, rng: &mut Rng) -> Vec<Deposit> {
    let f = layout.frame;
    let inside = |x: f64, y: f64| {
        x > f.x0 + 1_000.0
            && x < f.x0 + SIZE - 1_000.0
            && y > f.y0 + 1_000.0
            && y < f.y0 + SIZE - 1_000.0
    };
    let mut out: Vec<Deposit> = Vec::new();
    let push = |out: &mut Vec<Deposit>, commodity, style, x, y, radius, top, bottom| {
        out.push(Deposit {
            id: 0,
            commodity,
            style,
            x,
            y,
            radius,
            top,
            bottom,
            known: true,
        });
    };

    // Orogenic gold along the shears.
    let shears = layout.shears();
    let splay = &shears[2].1;
    let mut candidates: Vec<(f64, f64, f64)> = Vec::new();
    for (_, line) in &shears {
        for p in densify(line, 100.0) {
            let (x, y) = (p.x(), p.y());
            if !inside(x, y) {
                continue;
            }
            let host = match layout.lithology(x, y) {
                Lithology::Bif => 3.0,
                Lithology::Basalt => 2.0,
                Lithology::Ultramafic => 1.5,
                Lithology::FelsicVolcanics => 1.0,
                _ => 0.15,
            };
            let d = layout.granite_contact_distance(x, y);
            let contact = (-((d - 2_500.0) / 2_000.0).powi(2)).exp();
            let near_splay =
                Euclidean.distance(&p, splay) < 1_500.0 && Euclidean.distance(&p, splay) > 1.0;
            let near_dyke = layout.dykes.iter().any(|k| k.distance(x, y) < 1_200.0);
            let structure = 1.0 + 1.5 * (near_splay as u8 as f64) + 1.0 * (near_dyke as u8 as f64);
            candidates.push((x, y, host * contact * structure));
        }
    }
    for (x, y) in weighted_pick(&candidates, 24, 1_000.0, rng) {
        let dx = rng.range(-150.0, 150.0);
        push(
            &mut out,
            Commodity::Gold,
            "orogenic",
            x + dx,
            y,
            250.0,
            0.0,
            450.0,
        );
    }

    // BIF-hosted iron.
    let mut bif: Vec<(f64, f64, f64)> = Vec::new();
    for s in [-850.0, 2_650.0] {
        let mut y = f.y0 + 1_500.0;
        while y < f.y0 + SIZE - 1_500.0 {
            let x = layout.axis_x(y) + s;
            if inside(x, y) && layout.lithology(x, y) == Lithology::Bif {
                let curvature = ((y - f.y0) / 50_000.0 * std::f64::consts::TAU + layout.axis_phase)
                    .sin()
                    .abs();
                bif.push((x, y, 0.5 + curvature));
            }
            y += 200.0;
        }
    }
    for (x, y) in weighted_pick(&bif, 6, 3_000.0, rng) {
        push(
            &mut out,
            Commodity::Iron,
            "bif-hosted",
            x,
            y,
            400.0,
            20.0,
            420.0,
        );
    }
    // Magnetite skarn at the small stock's contact.
    let stock = layout.granites[2];
    for k in 0..2 {
        let a = rng.range(0.0, std::f64::consts::TAU) + k as f64 * std::f64::consts::PI;
        let (s, c) = stock.rot_deg.to_radians().sin_cos();
        let (u, v) = (stock.rx * 1.08 * a.cos(), stock.ry * 1.08 * a.sin());
        push(
            &mut out,
            Commodity::Iron,
            "skarn",
            stock.cx + u * c - v * s,
            stock.cy + u * s + v * c,
            250.0,
            60.0,
            360.0,
        );
    }

    // Rare metals: carbonatite REE–Nb and pegmatites around the large granites.
    let carb = layout.carbonatite;
    for k in 0..2 {
        let a = rng.range(0.0, std::f64::consts::TAU);
        let r = rng.range(0.0, 350.0) + 100.0 * k as f64;
        push(
            &mut out,
            Commodity::RareMetals,
            "carbonatite",
            carb.cx + r * a.cos(),
            carb.cy + r * a.sin(),
            250.0,
            0.0,
            500.0,
        );
    }
    let mut peg: Vec<(f64, f64, f64)> = Vec::new();
    for g in &layout.granites[..2] {
        for i in 0..720 {
            let a = i as f64 / 720.0 * std::f64::consts::TAU;
            for d in [300.0, 800.0, 1_400.0, 2_000.0, 2_500.0] {
                let (s, c) = g.rot_deg.to_radians().sin_cos();
                let (u, v) = ((g.rx + d) * a.cos(), (g.ry + d) * a.sin());
                let (x, y) = (g.cx + u * c - v * s, g.cy + u * s + v * c);
                if !inside(x, y) {
                    continue;
                }
                let host = matches!(
                    layout.lithology(x, y),
                    Lithology::Basalt | Lithology::FelsicVolcanics | Lithology::Ultramafic
                );
                if host {
                    peg.push((x, y, (-d / 1_500.0).exp()));
                }
            }
        }
    }
    for (x, y) in weighted_pick(&peg, 7, 1_200.0, rng) {
        push(
            &mut out,
            Commodity::RareMetals,
            "pegmatite",
            x,
            y,
            120.0,
            0.0,
            220.0,
        );
    }

    // About 60 % of each commodity's deposits are known; the rest are withheld for validation.
    for d in out.iter_mut() {
        d.known = rng.uniform() < 0.6;
    }
    for (i, d) in out.iter_mut().enumerate() {
        d.id = i + 1;
    }
    let _ = SHEAR_OFFSETS;
    out
}

/// Points every `step` metres along a line.
fn densify(line: &LineString<f64>, step: f64) -> Vec<Point<f64>> {
    let mut pts = Vec::new();
    for seg in line.lines() {
        let (dx, dy) = (seg.end.x - seg.start.x, seg.end.y - seg.start.y);
        let len = (dx * dx + dy * dy).sqrt();
        let n = (len / step).ceil().max(1.0) as usize;
        for i in 0..n {
            let t = i as f64 / n as f64;
            pts.push(Point::new(seg.start.x + t * dx, seg.start.y + t * dy));
        }
    }
    pts
}

/// Pick up to `n` candidates with probability proportional to weight, at least `spacing` apart.
fn weighted_pick(
    cands: &[(f64, f64, f64)],
    n: usize,
    spacing: f64,
    rng: &mut Rng,
) -> Vec<(f64, f64)> {
    let mut picked: Vec<(f64, f64)> = Vec::new();
    let mut w: Vec<f64> = cands.iter().map(|c| c.2.max(0.0)).collect();
    while picked.len() < n {
        let total: f64 = w.iter().sum();
        if total <= 0.0 {
            break;
        }
        let mut t = rng.uniform() * total;
        let mut k = w.len() - 1;
        for (i, wi) in w.iter().enumerate() {
            if t < *wi {
                k = i;
                break;
            }
            t -= wi;
        }
        let (x, y, _) = cands[k];
        picked.push((x, y));
        for (i, c) in cands.iter().enumerate() {
            if (c.0 - x).hypot(c.1 - y) < spacing {
                w[i] = 0.0;
            }
        }
    }
    picked
}
