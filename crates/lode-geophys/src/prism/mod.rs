//! Forward modelling of right rectangular prisms: gravity (g_z, mGal) and the magnetic field
//! (b_e, b_n, b_u, nT) of uniformly magnetised prisms, and the total-field anomaly ΔT = B·F̂.
//!
//! Closed forms of Nagy, Papp & Benedek (2000, 2002) with the singularity-safe kernels of
//! Fukushima (2020), equivalent to Bhattacharyya (1964) / Blakely (1995, §9.3) for the magnetic
//! field, following the conventions of Harmonica's `prism_gravity` (field `g_z`, positive down)
//! and `prism_magnetic` (Soler & Uieda 2021, choclo). Coordinates are easting, northing, upward
//! in metres. On a prism face the magnetic field is the limit approached from outside.
//!
//! Speed: the signed vertex sums of all prisms are merged by vertex ([`GravityModel`],
//! [`MagneticModel`]), so a vertex shared by neighbouring prisms (a block model, a prism layer)
//! costs one kernel evaluation per observation point; observation points run in parallel (rayon).

pub mod kernels;
pub mod lanes;
mod model;
mod table;

pub use model::{GravityModel, MagneticModel, Strategy};
pub use table::{parse_prisms, read_prisms, PrismTable, MAX_COORD};

use lode_core::{Error, Result};

use kernels::{kernel_gz, kernel_tensor};

/// The first observation point (in point order) inside a prism — or, for the magnetic field,
/// also on one of its edges, where the field is undefined (see [`Prism::magnetic_singular`]) —
/// as (point index, prism index); None when every point is outside. Prisms are held in an
/// R-tree of their footprints, points are checked in parallel.
pub fn first_point_inside(
    prisms: &[Prism],
    points: &[[f64; 3]],
    magnetic: bool,
) -> Option<(usize, usize)> {
    use rayon::prelude::*;
    use rstar::primitives::{GeomWithData, Rectangle};
    let tree = rstar::RTree::bulk_load(
        prisms
            .iter()
            .enumerate()
            .map(|(k, p)| {
                GeomWithData::new(
                    Rectangle::from_corners([p.west, p.south], [p.east, p.north]),
                    k,
                )
            })
            .collect(),
    );
    points.par_iter().enumerate().find_map_first(|(i, &q)| {
        tree.locate_all_at_point(&[q[0], q[1]])
            .map(|r| r.data)
            .filter(|&k| {
                let p = &prisms[k];
                if magnetic {
                    p.magnetic_singular(q)
                } else {
                    p.contains_interior(q)
                }
            })
            .min()
            .map(|k| (i, k))
    })
}

/// Gravitational constant, m³ kg⁻¹ s⁻² (CODATA 2018, as Harmonica).
pub const G: f64 = 6.6743e-11;
/// Vacuum magnetic permeability μ0, H/m (CODATA 2018, as Harmonica).
pub const MU0: f64 = 1.256_637_062_12e-6;
/// m s⁻² → mGal.
pub const SI_TO_MGAL: f64 = 1e5;
/// T → nT.
pub const T_TO_NT: f64 = 1e9;

/// A right rectangular prism with faces normal to the axes, metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prism {
    pub west: f64,
    pub east: f64,
    pub south: f64,
    pub north: f64,
    pub bottom: f64,
    pub top: f64,
}

impl Prism {
    /// A prism from its bounds; they must be finite with west < east, south < north, bottom < top.
    pub fn new(
        west: f64,
        east: f64,
        south: f64,
        north: f64,
        bottom: f64,
        top: f64,
    ) -> Result<Self> {
        let p = Prism {
            west,
            east,
            south,
            north,
            bottom,
            top,
        };
        p.validate()?;
        Ok(p)
    }

    /// Check finite bounds and positive extent along each axis.
    pub fn validate(&self) -> Result<()> {
        let b = [
            self.west,
            self.east,
            self.south,
            self.north,
            self.bottom,
            self.top,
        ];
        if b.iter().any(|v| !v.is_finite()) {
            return Err(Error::invalid("prism bounds must be finite numbers"));
        }
        for (lo, hi, what) in [
            (self.west, self.east, "west < east"),
            (self.south, self.north, "south < north"),
            (self.bottom, self.top, "bottom < top"),
        ] {
            if lo >= hi {
                return Err(Error::invalid(format!(
                    "prism needs {what} (got {lo} and {hi})"
                )));
            }
        }
        Ok(())
    }

    /// True if `p` lies strictly inside the prism.
    pub fn contains_interior(&self, p: [f64; 3]) -> bool {
        self.west < p[0]
            && p[0] < self.east
            && self.south < p[1]
            && p[1] < self.north
            && self.bottom < p[2]
            && p[2] < self.top
    }

    /// True if `p` lies inside the prism or on its surface.
    pub fn contains_closed(&self, p: [f64; 3]) -> bool {
        self.west <= p[0]
            && p[0] <= self.east
            && self.south <= p[1]
            && p[1] <= self.north
            && self.bottom <= p[2]
            && p[2] <= self.top
    }

    /// Volume, m³.
    pub fn volume(&self) -> f64 {
        (self.east - self.west) * (self.north - self.south) * (self.top - self.bottom)
    }

    /// Centre (easting, northing, upward), m.
    pub fn centre(&self) -> [f64; 3] {
        [
            0.5 * (self.west + self.east),
            0.5 * (self.south + self.north),
            0.5 * (self.bottom + self.top),
        ]
    }

    /// The 8 vertices with their signs (+1 for an upper bound, −1 for a lower one, multiplied).
    pub(crate) fn signed_vertices(&self) -> [([f64; 3], f64); 8] {
        let mut out = [([0.0; 3], 0.0); 8];
        let mut k = 0;
        for (x, sx) in [(self.east, 1.0), (self.west, -1.0)] {
            for (y, sy) in [(self.north, 1.0), (self.south, -1.0)] {
                for (z, sz) in [(self.top, 1.0), (self.bottom, -1.0)] {
                    out[k] = ([x, y, z], sx * sy * sz);
                    k += 1;
                }
            }
        }
        out
    }

    /// True if `p` lies on an edge (vertices included) or strictly inside: where Harmonica's
    /// magnetic field is undefined (NaN).
    pub fn magnetic_singular(&self, p: [f64; 3]) -> bool {
        if !self.contains_closed(p) {
            return false;
        }
        let on = (p[0] == self.west || p[0] == self.east) as u8
            + (p[1] == self.south || p[1] == self.north) as u8
            + (p[2] == self.bottom || p[2] == self.top) as u8;
        on >= 2 || on == 0
    }

    fn on_east_face(&self, p: [f64; 3]) -> bool {
        p[0] == self.east
            && self.south < p[1]
            && p[1] < self.north
            && self.bottom < p[2]
            && p[2] < self.top
    }

    fn on_north_face(&self, p: [f64; 3]) -> bool {
        p[1] == self.north
            && self.west < p[0]
            && p[0] < self.east
            && self.bottom < p[2]
            && p[2] < self.top
    }

    fn on_top_face(&self, p: [f64; 3]) -> bool {
        p[2] == self.top
            && self.west < p[0]
            && p[0] < self.east
            && self.south < p[1]
            && p[1] < self.north
    }
}

/// Downward gravitational acceleration g_z (mGal) of one prism of `density` (kg/m³) at `p`
/// (Nagy et al. 2000, eq. 9). Defined everywhere, including on edges, faces and vertices.
pub fn gravity_gz_single(p: [f64; 3], prism: &Prism, density: f64) -> f64 {
    let mut sum = 0.0;
    for (v, s) in prism.signed_vertices() {
        let (x, y, z) = (v[0] - p[0], v[1] - p[1], v[2] - p[2]);
        let r = (x * x + y * y + z * z).sqrt();
        sum += s * kernel_gz(x, y, z, r);
    }
    G * density * sum * SI_TO_MGAL
}

/// Magnetic field [b_e, b_n, b_u] (nT) at `p` of one prism uniformly magnetised with
/// `m` = [m_e, m_n, m_u] (A/m): B = (μ0/4π) Σ± K(vertex)·M (Nagy et al. 2000; Blakely 1995, eq. 9.23).
/// On a face the outside limit is returned; NaN on an edge or inside (as Harmonica).
pub fn magnetic_single(p: [f64; 3], prism: &Prism, m: [f64; 3]) -> [f64; 3] {
    if prism.magnetic_singular(p) {
        return [f64::NAN; 3];
    }
    let mut b = [0.0; 3];
    for (v, s) in prism.signed_vertices() {
        let (x, y, z) = (v[0] - p[0], v[1] - p[1], v[2] - p[2]);
        let r = (x * x + y * y + z * z).sqrt();
        let [kee, knn, kuu, ken, keu, knu] = kernel_tensor(x, y, z, r);
        b[0] += s * (m[0] * kee + m[1] * ken + m[2] * keu);
        b[1] += s * (m[0] * ken + m[1] * knn + m[2] * knu);
        b[2] += s * (m[0] * keu + m[1] * knu + m[2] * kuu);
    }
    face_correction(p, prism, m, &mut b);
    let c = MU0 / (4.0 * std::f64::consts::PI) * T_TO_NT;
    [b[0] * c, b[1] * c, b[2] * c]
}

/// Adds 4πM_i when `p` lies on the east, north or top face, so that the limit from outside is taken.
fn face_correction(p: [f64; 3], prism: &Prism, m: [f64; 3], b: &mut [f64; 3]) {
    let four_pi = 4.0 * std::f64::consts::PI;
    if prism.on_east_face(p) {
        b[0] += four_pi * m[0];
    }
    if prism.on_north_face(p) {
        b[1] += four_pi * m[1];
    }
    if prism.on_top_face(p) {
        b[2] += four_pi * m[2];
    }
}

/// Unit vector (east, north, up) of a field with inclination `inc_deg` (positive down) and
/// declination `dec_deg` (east of north).
pub fn field_direction(inc_deg: f64, dec_deg: f64) -> [f64; 3] {
    let (si, ci) = inc_deg.to_radians().sin_cos();
    let (sd, cd) = dec_deg.to_radians().sin_cos();
    [ci * sd, ci * cd, -si]
}

/// Induced magnetisation (A/m, east/north/up) of a body of SI `susceptibility` in an inducing
/// field of `intensity_nt` (nT) and direction (inc, dec): M = χ F / μ0.
pub fn induced_magnetisation(
    susceptibility: f64,
    inc_deg: f64,
    dec_deg: f64,
    intensity_nt: f64,
) -> [f64; 3] {
    let f = field_direction(inc_deg, dec_deg);
    let k = susceptibility * intensity_nt / T_TO_NT / MU0;
    [k * f[0], k * f[1], k * f[2]]
}

/// Total-field anomaly ΔT = B·F̂ (nT) of an anomalous field `b` (nT) in an inducing field of
/// direction (inc, dec) (Blakely 1995, eq. 12.2, small-anomaly approximation).
pub fn total_field_anomaly(b: [f64; 3], inc_deg: f64, dec_deg: f64) -> f64 {
    let f = field_direction(inc_deg, dec_deg);
    b[0] * f[0] + b[1] * f[1] + b[2] * f[2]
}

/// g_z (mGal) of many prisms at many points (parallel over points).
pub fn gravity_gz(prisms: &[Prism], densities: &[f64], points: &[[f64; 3]]) -> Result<Vec<f64>> {
    Ok(GravityModel::new(prisms, densities)?.eval_many(points))
}

/// Magnetic field [b_e, b_n, b_u] (nT) of many prisms at many points (parallel over points).
pub fn magnetic_field(
    prisms: &[Prism],
    magnetisations: &[[f64; 3]],
    points: &[[f64; 3]],
) -> Result<Vec<[f64; 3]>> {
    Ok(MagneticModel::new(prisms, magnetisations)?.eval_many(points))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The R-tree search finds the same first inside point as checking every pair.
    #[test]
    fn first_point_inside_matches_brute_force() {
        let prisms: Vec<Prism> = (0..50)
            .map(|k| {
                let (x, y) = ((k % 10) as f64 * 100.0, (k / 10) as f64 * 100.0);
                Prism::new(x, x + 60.0, y, y + 60.0, -100.0, -10.0).unwrap()
            })
            .collect();
        let brute = |pts: &[[f64; 3]], magnetic: bool| {
            pts.iter().enumerate().find_map(|(i, &q)| {
                prisms
                    .iter()
                    .position(|p| {
                        if magnetic {
                            p.magnetic_singular(q)
                        } else {
                            p.contains_interior(q)
                        }
                    })
                    .map(|k| (i, k))
            })
        };
        let mut pts: Vec<[f64; 3]> = (0..400)
            .map(|i| {
                [
                    (i % 20) as f64 * 50.0 + 5.0,
                    (i / 20) as f64 * 25.0 + 5.0,
                    0.0,
                ]
            })
            .collect();
        assert_eq!(first_point_inside(&prisms, &pts, false), None);
        assert_eq!(first_point_inside(&prisms, &pts, true), None);
        pts[123][2] = -50.0; // inside
        pts[77] = [160.0, 100.0, -10.0]; // on an edge: magnetic only
        for magnetic in [false, true] {
            assert_eq!(
                first_point_inside(&prisms, &pts, magnetic),
                brute(&pts, magnetic)
            );
        }
        assert_eq!(first_point_inside(&prisms, &pts, true).unwrap().0, 77);
        assert_eq!(first_point_inside(&prisms, &pts, false).unwrap().0, 123);
    }
}
