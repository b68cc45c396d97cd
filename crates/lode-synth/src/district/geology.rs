//! The district's geology: an Archaean greenstone belt between granite–gneiss domes, intruded by
//! post-tectonic granites, an alkaline complex with a carbonatite core, and a Proterozoic mafic
//! dyke swarm; all under regolith cover of varying thickness.
//!
//! Every unit is an analytic shape, so the lithology at any point is exact and the geology map
//! (polygons) and the lithology raster agree up to the raster's cell size.

use geo::{BooleanOps, Coord, LineString, MultiPolygon, Polygon};

use super::{Frame, SIZE};

/// The lithological units, in order of their code in the lithology raster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Lithology {
    GraniteGneiss = 1,
    Basalt = 2,
    Ultramafic = 3,
    Bif = 4,
    FelsicVolcanics = 5,
    Granite = 6,
    Syenite = 7,
    Carbonatite = 8,
    Dolerite = 9,
}

impl Lithology {
    /// Every unit.
    pub const ALL: [Lithology; 9] = [
        Lithology::GraniteGneiss,
        Lithology::Basalt,
        Lithology::Ultramafic,
        Lithology::Bif,
        Lithology::FelsicVolcanics,
        Lithology::Granite,
        Lithology::Syenite,
        Lithology::Carbonatite,
        Lithology::Dolerite,
    ];

    /// The unit with this raster code.
    pub fn from_code(c: u8) -> Option<Lithology> {
        Self::ALL.into_iter().find(|l| *l as u8 == c)
    }

    /// The name written in the geology map's `lithology` attribute.
    pub fn name(self) -> &'static str {
        match self {
            Lithology::GraniteGneiss => "granite-gneiss",
            Lithology::Basalt => "basalt",
            Lithology::Ultramafic => "ultramafic",
            Lithology::Bif => "banded-iron-formation",
            Lithology::FelsicVolcanics => "felsic-volcanics",
            Lithology::Granite => "granite",
            Lithology::Syenite => "syenite",
            Lithology::Carbonatite => "carbonatite",
            Lithology::Dolerite => "dolerite-dyke",
        }
    }

    /// Physical properties of fresh rock.
    pub fn props(self) -> RockProps {
        use Lithology::*;
        let (density, sus, k, th, u) = match self {
            GraniteGneiss => (2670.0, 0.004, 2.4, 12.0, 2.6),
            Basalt => (2900.0, 0.0015, 0.4, 1.5, 0.4),
            Ultramafic => (2950.0, 0.03, 0.1, 0.4, 0.1),
            Bif => (3350.0, 0.12, 0.3, 1.0, 0.5),
            FelsicVolcanics => (2720.0, 0.0008, 2.0, 9.0, 2.2),
            Granite => (2630.0, 0.007, 4.3, 24.0, 5.5),
            Syenite => (2700.0, 0.02, 5.2, 30.0, 6.0),
            Carbonatite => (2950.0, 0.03, 0.6, 140.0, 24.0),
            Dolerite => (2960.0, 0.035, 0.5, 2.0, 0.5),
        };
        let remanence_q = match self {
            Bif => 0.5,
            Dolerite => 2.0,
            _ => 0.0,
        };
        RockProps {
            density,
            susceptibility: sus,
            remanence_q,
            k_pct: k,
            eth_ppm: th,
            eu_ppm: u,
        }
    }
}

/// Physical properties of a rock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RockProps {
    /// Density, kg/m³.
    pub density: f64,
    /// Magnetic susceptibility, SI.
    pub susceptibility: f64,
    /// Königsberger ratio of the remanent to the induced magnetisation (0 = none).
    pub remanence_q: f64,
    /// Potassium, %.
    pub k_pct: f64,
    /// Equivalent thorium, ppm.
    pub eth_ppm: f64,
    /// Equivalent uranium, ppm.
    pub eu_ppm: f64,
}

/// Properties of the regolith / transported cover.
pub const COVER: RockProps = RockProps {
    density: 2000.0,
    susceptibility: 0.0004,
    remanence_q: 0.0,
    k_pct: 0.9,
    eth_ppm: 8.0,
    eu_ppm: 1.6,
};

/// Belt stratigraphy across strike: (from, to) offset from the belt axis (m) → unit, west to east.
pub const STRATIGRAPHY: [(f64, f64, Lithology); 7] = [
    (-7000.0, -4500.0, Lithology::Basalt),
    (-4500.0, -3800.0, Lithology::Ultramafic),
    (-3800.0, -1000.0, Lithology::Basalt),
    (-1000.0, -700.0, Lithology::Bif),
    (-700.0, 2500.0, Lithology::FelsicVolcanics),
    (2500.0, 2800.0, Lithology::Bif),
    (2800.0, 7000.0, Lithology::Basalt),
];

/// An elliptical intrusion.
#[derive(Debug, Clone, Copy)]
pub struct Ellipse {
    pub cx: f64,
    pub cy: f64,
    pub rx: f64,
    pub ry: f64,
    /// Rotation of the x semi-axis from east, counter-clockwise, degrees.
    pub rot_deg: f64,
}

impl Ellipse {
    /// < 1 inside, 1 on the boundary.
    pub fn level(&self, x: f64, y: f64) -> f64 {
        let (s, c) = self.rot_deg.to_radians().sin_cos();
        let (dx, dy) = (x - self.cx, y - self.cy);
        let u = dx * c + dy * s;
        let v = -dx * s + dy * c;
        ((u / self.rx).powi(2) + (v / self.ry).powi(2)).sqrt()
    }

    /// Approximate distance to the boundary (m), negative inside.
    pub fn signed_distance(&self, x: f64, y: f64) -> f64 {
        (self.level(x, y) - 1.0) * self.rx.min(self.ry)
    }

    /// The boundary as a polygon with `n` vertices.
    pub fn polygon(&self, n: usize) -> Polygon<f64> {
        let (s, c) = self.rot_deg.to_radians().sin_cos();
        let mut pts: Vec<Coord<f64>> = (0..n)
            .map(|i| {
                let a = i as f64 / n as f64 * std::f64::consts::TAU;
                let (u, v) = (self.rx * a.cos(), self.ry * a.sin());
                Coord {
                    x: self.cx + u * c - v * s,
                    y: self.cy + u * s + v * c,
                }
            })
            .collect();
        pts.push(pts[0]);
        Polygon::new(LineString::from(pts), vec![])
    }
}

/// A straight dyke of constant width.
#[derive(Debug, Clone, Copy)]
pub struct Dyke {
    pub x: f64,
    pub y: f64,
    /// Strike azimuth, degrees clockwise from north.
    pub strike_deg: f64,
    /// Width, m.
    pub width: f64,
}

impl Dyke {
    /// Perpendicular distance from the dyke's centre plane, m.
    pub fn distance(&self, x: f64, y: f64) -> f64 {
        let (s, c) = self.strike_deg.to_radians().sin_cos();
        ((x - self.x) * c - (y - self.y) * s).abs()
    }
}

/// The geological layout of one district, in the district's projected coordinates.
#[derive(Debug, Clone)]
pub struct Layout {
    pub frame: Frame,
    /// Phase of the belt axis' sinuosity, radians.
    pub axis_phase: f64,
    pub granites: Vec<Ellipse>,
    pub syenite: Ellipse,
    pub carbonatite: Ellipse,
    pub dykes: Vec<Dyke>,
}

impl Layout {
    /// The layout for a frame, varied by the seed.
    pub fn new(frame: Frame, rng: &mut crate::rng::Rng) -> Layout {
        let (x0, y0) = (frame.x0, frame.y0);
        let j = |rng: &mut crate::rng::Rng, a: f64| rng.range(-a, a);
        let granites = vec![
            Ellipse {
                cx: x0 + 7_000.0 + j(rng, 800.0),
                cy: y0 + 28_000.0 + j(rng, 800.0),
                rx: 6_000.0,
                ry: 4_800.0,
                rot_deg: 20.0,
            },
            Ellipse {
                cx: x0 + 32_500.0 + j(rng, 800.0),
                cy: y0 + 9_500.0 + j(rng, 800.0),
                rx: 4_200.0,
                ry: 3_400.0,
                rot_deg: -15.0,
            },
            Ellipse {
                cx: x0 + 22_800.0 + j(rng, 300.0),
                cy: y0 + 33_500.0 + j(rng, 300.0),
                rx: 1_800.0,
                ry: 1_500.0,
                rot_deg: 40.0,
            },
        ];
        let (cx, cy) = (x0 + 34_000.0 + j(rng, 500.0), y0 + 31_000.0 + j(rng, 500.0));
        let syenite = Ellipse {
            cx,
            cy,
            rx: 1_700.0,
            ry: 1_600.0,
            rot_deg: 0.0,
        };
        let carbonatite = Ellipse {
            cx,
            cy,
            rx: 750.0,
            ry: 700.0,
            rot_deg: 0.0,
        };
        let dykes = [12_000.0, 21_000.0, 36_000.0]
            .iter()
            .map(|&dy| Dyke {
                x: x0,
                y: y0 + dy + j(rng, 500.0),
                strike_deg: 75.0 + j(rng, 4.0),
                width: 60.0,
            })
            .collect();
        Layout {
            frame,
            axis_phase: rng.range(0.0, 1.0),
            granites,
            syenite,
            carbonatite,
            dykes,
        }
    }

    /// X of the belt axis at northing y.
    pub fn axis_x(&self, y: f64) -> f64 {
        self.frame.x0
            + 20_000.0
            + 3_000.0
                * ((y - self.frame.y0) / 50_000.0 * std::f64::consts::TAU + self.axis_phase).sin()
    }

    /// Offset across strike from the belt axis, m (positive east).
    pub fn across(&self, x: f64, y: f64) -> f64 {
        x - self.axis_x(y)
    }

    /// The unit at a point (fresh rock below cover).
    pub fn lithology(&self, x: f64, y: f64) -> Lithology {
        if self
            .dykes
            .iter()
            .any(|d| d.distance(x, y) <= d.width / 2.0 + 15.0)
        {
            return Lithology::Dolerite;
        }
        if self.carbonatite.level(x, y) <= 1.0 {
            return Lithology::Carbonatite;
        }
        if self.syenite.level(x, y) <= 1.0 {
            return Lithology::Syenite;
        }
        if self.granites.iter().any(|g| g.level(x, y) <= 1.0) {
            return Lithology::Granite;
        }
        let s = self.across(x, y);
        STRATIGRAPHY
            .iter()
            .find(|(a, b, _)| s >= *a && s < *b)
            .map_or(Lithology::GraniteGneiss, |(_, _, l)| *l)
    }

    /// Distance to the nearest granite contact, m (approximate for ellipses).
    pub fn granite_contact_distance(&self, x: f64, y: f64) -> f64 {
        self.granites
            .iter()
            .map(|g| g.signed_distance(x, y).abs())
            .fold(f64::INFINITY, f64::min)
    }

    /// Polygons of every unit, clipped to the frame; later units cut earlier ones
    /// (dykes > carbonatite > syenite > granites > belt strata > basement).
    pub fn polygons(&self) -> Vec<(Lithology, MultiPolygon<f64>)> {
        let f = &self.frame;
        let area = rect(f.x0, f.y0, f.x0 + SIZE, f.y0 + SIZE);
        let area_mp = MultiPolygon::new(vec![area.clone()]);
        let mut cutters: Vec<Polygon<f64>> = Vec::new();
        let mut out: Vec<(Lithology, MultiPolygon<f64>)> = Vec::new();
        let mut add =
            |lith: Lithology, shape: MultiPolygon<f64>, cutters: &mut Vec<Polygon<f64>>| {
                let mut p = shape.intersection(&area_mp);
                if !cutters.is_empty() {
                    let cut = MultiPolygon::new(cutters.clone());
                    p = p.difference(&cut);
                }
                cutters.extend(shape.0.iter().cloned());
                if !p.0.is_empty() {
                    out.push((lith, p));
                }
            };
        for d in &self.dykes {
            let (s, c) = d.strike_deg.to_radians().sin_cos();
            let (ux, uy) = (s, c);
            let (nx, ny) = (c, -s);
            let hw = d.width / 2.0 + 15.0;
            let l = 2.0 * SIZE;
            let pts = vec![
                Coord {
                    x: d.x - ux * l + nx * hw,
                    y: d.y - uy * l + ny * hw,
                },
                Coord {
                    x: d.x + ux * l + nx * hw,
                    y: d.y + uy * l + ny * hw,
                },
                Coord {
                    x: d.x + ux * l - nx * hw,
                    y: d.y + uy * l - ny * hw,
                },
                Coord {
                    x: d.x - ux * l - nx * hw,
                    y: d.y - uy * l - ny * hw,
                },
                Coord {
                    x: d.x - ux * l + nx * hw,
                    y: d.y - uy * l + ny * hw,
                },
            ];
            add(
                Lithology::Dolerite,
                MultiPolygon::new(vec![Polygon::new(LineString::from(pts), vec![])]),
                &mut cutters,
            );
        }
        add(
            Lithology::Carbonatite,
            MultiPolygon::new(vec![self.carbonatite.polygon(72)]),
            &mut cutters,
        );
        add(
            Lithology::Syenite,
            MultiPolygon::new(vec![self.syenite.polygon(96)]),
            &mut cutters,
        );
        let granites: Vec<Polygon<f64>> = self.granites.iter().map(|g| g.polygon(128)).collect();
        add(
            Lithology::Granite,
            MultiPolygon::new(granites),
            &mut cutters,
        );
        let mut strata: Vec<(Lithology, Vec<Polygon<f64>>)> = Vec::new();
        for (a, b, l) in STRATIGRAPHY {
            let poly = self.strip(a, b);
            match strata.iter_mut().find(|(ll, _)| *ll == l) {
                Some((_, v)) => v.push(poly),
                None => strata.push((l, vec![poly])),
            }
        }
        for (l, polys) in strata {
            add(l, MultiPolygon::new(polys), &mut cutters);
        }
        add(Lithology::GraniteGneiss, area_mp.clone(), &mut cutters);
        out.sort_by_key(|(l, _)| *l);
        out
    }

    /// The belt strip between offsets a and b across strike, as a polygon along the whole frame.
    fn strip(&self, a: f64, b: f64) -> Polygon<f64> {
        let f = &self.frame;
        let mut left = Vec::new();
        let mut right = Vec::new();
        let mut y = f.y0 - 1_000.0;
        while y <= f.y0 + SIZE + 1_000.0 {
            let xc = self.axis_x(y);
            left.push(Coord { x: xc + a, y });
            right.push(Coord { x: xc + b, y });
            y += 250.0;
        }
        right.reverse();
        left.extend(right);
        left.push(left[0]);
        Polygon::new(LineString::from(left), vec![])
    }

    /// Shear zones (faults) as polylines: the two belt-parallel shears and a north-east splay.
    pub fn shears(&self) -> Vec<(String, LineString<f64>)> {
        let f = &self.frame;
        let along = |s: f64| -> LineString<f64> {
            let mut pts = Vec::new();
            let mut y = f.y0;
            while y <= f.y0 + SIZE + 1e-6 {
                pts.push(Coord {
                    x: self.axis_x(y) + s,
                    y,
                });
                y += 250.0;
            }
            LineString::from(pts)
        };
        let ys = f.y0 + 24_000.0;
        let start = Coord {
            x: self.axis_x(ys) + SHEAR_OFFSETS[0],
            y: ys,
        };
        let splay = LineString::from(vec![
            start,
            Coord {
                x: start.x + 4_000.0,
                y: start.y + 5_000.0,
            },
            Coord {
                x: start.x + 7_500.0,
                y: start.y + 10_500.0,
            },
        ]);
        vec![
            ("Main shear".to_string(), along(SHEAR_OFFSETS[0])),
            ("Eastern shear".to_string(), along(SHEAR_OFFSETS[1])),
            ("North-east splay".to_string(), splay),
        ]
    }
}

/// Offsets of the belt-parallel shear zones from the belt axis, m.
pub const SHEAR_OFFSETS: [f64; 2] = [-2_200.0, 1_500.0];

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Polygon<f64> {
    Polygon::new(
        LineString::from(vec![
            Coord { x: x0, y: y0 },
            Coord { x: x1, y: y0 },
            Coord { x: x1, y: y1 },
            Coord { x: x0, y: y1 },
            Coord { x: x0, y: y0 },
        ]),
        vec![],
    )
}
