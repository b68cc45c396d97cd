//! Many-prism models with vertices merged across prisms.
//!
//! The field of a set of prisms is Σ_prisms Σ_vertices ±c·k(vertex − p): the kernel depends only on
//! the vertex, so the signed weights of coincident vertices are added once at construction and
//! zero weights (interior vertices of a uniform block model) are dropped. When few vertices are
//! shared (separate prisms), each prism is instead evaluated with its logarithms and arctangents
//! merged ([`prism_sum_gz`](super::kernels::prism_sum_gz),
//! [`prism_sum_tensor`](super::kernels::prism_sum_tensor)) for four points at once
//! ([`lanes`](super::lanes), SIMD); [`Strategy::Auto`] picks the cheaper of the two from the
//! measured cost of a prism relative to a vertex.

/// How a many-prism model is evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// The cheaper of the two below.
    Auto,
    /// One kernel evaluation per distinct vertex.
    MergedVertices,
    /// One merged evaluation per prism.
    PerPrism,
}

/// `f` over the points in groups of [`LANES`], in parallel; results in point order.
fn in_lanes<T: Copy + Default + Send>(
    points: &[[f64; 3]],
    f: impl Fn(&[[f64; 3]]) -> [T; LANES] + Sync,
) -> Vec<T> {
    let mut out = vec![T::default(); points.len()];
    out.par_chunks_mut(LANES)
        .zip(points.par_chunks(LANES))
        .with_min_len(4)
        .for_each(|(o, p)| {
            let v = f(p);
            o.copy_from_slice(&v[..o.len()]);
        });
    out
}

/// Up to [`LANES`] points as lane vectors (x, y, z); missing lanes repeat the last point.
fn lanes_of(points: &[[f64; 3]]) -> (V, V, V) {
    let at = |l: usize| points[l.min(points.len() - 1)];
    (
        std::array::from_fn(|l| at(l)[0]),
        std::array::from_fn(|l| at(l)[1]),
        std::array::from_fn(|l| at(l)[2]),
    )
}

use std::collections::HashMap;

use lode_core::{Error, Result};
use rayon::prelude::*;

use super::lanes::{sum_field, sum_gz, vertices_field, vertices_gz, Vertices, LANES, V};
use super::{face_correction, Prism, G, MU0, SI_TO_MGAL, T_TO_NT};

fn key(v: [f64; 3]) -> [u64; 3] {
    // + 0.0 maps −0.0 to +0.0 so both share a key.
    [
        (v[0] + 0.0).to_bits(),
        (v[1] + 0.0).to_bits(),
        (v[2] + 0.0).to_bits(),
    ]
}

/// Merge the signed vertices of all prisms; `weight(i)` is the per-prism weight vector.
fn merge<const K: usize>(
    prisms: &[Prism],
    weight: impl Fn(usize) -> [f64; K],
) -> (Vec<[f64; 3]>, Vec<[f64; K]>) {
    let mut index: HashMap<[u64; 3], usize> = HashMap::with_capacity(prisms.len() * 8);
    let mut verts: Vec<[f64; 3]> = Vec::new();
    let mut weights: Vec<[f64; K]> = Vec::new();
    for (i, p) in prisms.iter().enumerate() {
        let w = weight(i);
        if w.iter().all(|&x| x == 0.0) {
            continue;
        }
        for (v, s) in p.signed_vertices() {
            let j = *index.entry(key(v)).or_insert_with(|| {
                verts.push(v);
                weights.push([0.0; K]);
                verts.len() - 1
            });
            for k in 0..K {
                weights[j][k] += s * w[k];
            }
        }
    }
    let keep: Vec<usize> = (0..verts.len())
        .filter(|&j| weights[j].iter().any(|&x| x != 0.0))
        .collect();
    (
        keep.iter().map(|&j| verts[j]).collect(),
        keep.iter().map(|&j| weights[j]).collect(),
    )
}

fn check(prisms: &[Prism], n: usize, what: &str) -> Result<()> {
    if prisms.len() != n {
        return Err(Error::invalid(format!(
            "{} prisms but {n} {what}",
            prisms.len()
        )));
    }
    for (i, p) in prisms.iter().enumerate() {
        p.validate()
            .map_err(|e| Error::invalid(format!("prism {}: {e}", i + 1)))?;
    }
    Ok(())
}

/// Gravity g_z of a set of prisms with densities, vertices merged.
#[derive(Debug, Clone)]
pub struct GravityModel {
    x: Vec<f64>,
    y: Vec<f64>,
    z: Vec<f64>,
    w: Vec<f64>,
    prisms: Vec<Prism>,
    density: Vec<f64>,
    per_prism: bool,
}

impl GravityModel {
    /// Build from prisms and their densities (kg/m³, finite).
    pub fn new(prisms: &[Prism], densities: &[f64]) -> Result<Self> {
        Self::with_strategy(prisms, densities, Strategy::Auto)
    }

    /// Build with a chosen evaluation strategy.
    pub fn with_strategy(prisms: &[Prism], densities: &[f64], strategy: Strategy) -> Result<Self> {
        check(prisms, densities.len(), "densities")?;
        if let Some(i) = densities.iter().position(|d| !d.is_finite()) {
            return Err(Error::invalid(format!(
                "prism {}: density is not a finite number",
                i + 1
            )));
        }
        let (v, w) = merge(prisms, |i| [densities[i]]);
        let live: Vec<usize> = (0..prisms.len()).filter(|&i| densities[i] != 0.0).collect();
        // per vertex: 2 ln + 1 atan; per prism: 4 ln + 4 atan2, both vectorised; measured, a prism
        // costs ≈ 2.5 vertices (docs/BENCHMARKS.md). The choice must not depend on the CPU: the
        // strategies agree only to rounding, and outputs must be the same everywhere.
        let per_prism = match strategy {
            Strategy::Auto => 5 * live.len() < 2 * v.len(),
            Strategy::MergedVertices => false,
            Strategy::PerPrism => true,
        };
        Ok(GravityModel {
            x: v.iter().map(|p| p[0]).collect(),
            y: v.iter().map(|p| p[1]).collect(),
            z: v.iter().map(|p| p[2]).collect(),
            w: w.iter().map(|w| w[0]).collect(),
            prisms: live.iter().map(|&i| prisms[i]).collect(),
            density: live.iter().map(|&i| densities[i]).collect(),
            per_prism,
        })
    }

    /// Number of distinct vertices with a non-zero weight (evaluated unless per-prism).
    pub fn vertex_count(&self) -> usize {
        self.w.len()
    }

    /// True when evaluated prism by prism rather than by merged vertices.
    pub fn is_per_prism(&self) -> bool {
        self.per_prism
    }

    /// g_z (mGal, positive down) at `p` (easting, northing, upward; m).
    pub fn eval(&self, p: [f64; 3]) -> f64 {
        self.eval_lanes(&[p])[0]
    }

    /// g_z (mGal) at up to [`LANES`] points.
    fn eval_lanes(&self, points: &[[f64; 3]]) -> V {
        let (px, py, pz) = lanes_of(points);
        let sum = if self.per_prism {
            sum_gz(&self.prisms, &self.density, &px, &py, &pz)
        } else {
            let v = Vertices {
                x: &self.x,
                y: &self.y,
                z: &self.z,
            };
            vertices_gz(&v, &self.w, &px, &py, &pz)
        };
        sum.map(|s| G * s * SI_TO_MGAL)
    }

    /// g_z (mGal) at every point, in parallel.
    pub fn eval_many(&self, points: &[[f64; 3]]) -> Vec<f64> {
        in_lanes(points, |p| self.eval_lanes(p))
    }
}

/// Magnetic field of a set of uniformly magnetised prisms, vertices merged.
#[derive(Debug, Clone)]
pub struct MagneticModel {
    x: Vec<f64>,
    y: Vec<f64>,
    z: Vec<f64>,
    w: Vec<[f64; 3]>,
    prisms: Vec<Prism>,
    mags: Vec<[f64; 3]>,
    /// Closed bounding box of all prisms [w, e, s, n, b, t].
    bbox: [f64; 6],
    per_prism: bool,
}

fn bounding_box(prisms: &[Prism]) -> [f64; 6] {
    let mut b = [
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    for p in prisms {
        b = [
            b[0].min(p.west),
            b[1].max(p.east),
            b[2].min(p.south),
            b[3].max(p.north),
            b[4].min(p.bottom),
            b[5].max(p.top),
        ];
    }
    b
}

impl MagneticModel {
    /// Build from prisms and their magnetisation vectors (east, north, up; A/m, finite).
    pub fn new(prisms: &[Prism], magnetisations: &[[f64; 3]]) -> Result<Self> {
        Self::with_strategy(prisms, magnetisations, Strategy::Auto)
    }

    /// Build with a chosen evaluation strategy.
    pub fn with_strategy(
        prisms: &[Prism],
        magnetisations: &[[f64; 3]],
        strategy: Strategy,
    ) -> Result<Self> {
        check(prisms, magnetisations.len(), "magnetisation vectors")?;
        if let Some(i) = magnetisations
            .iter()
            .position(|m| m.iter().any(|v| !v.is_finite()))
        {
            return Err(Error::invalid(format!(
                "prism {}: magnetisation is not finite",
                i + 1
            )));
        }
        let (v, w) = merge(prisms, |i| magnetisations[i]);
        let live: Vec<usize> = (0..prisms.len())
            .filter(|&i| magnetisations[i] != [0.0; 3])
            .collect();
        // per vertex: 3 ln + 3 atan; per prism: 3 ln + 12 atan2, both vectorised; measured, a
        // prism costs ≈ 3 vertices (independent of the CPU as above)
        let per_prism = match strategy {
            Strategy::Auto => 3 * live.len() < v.len(),
            Strategy::MergedVertices => false,
            Strategy::PerPrism => true,
        };
        Ok(MagneticModel {
            x: v.iter().map(|p| p[0]).collect(),
            y: v.iter().map(|p| p[1]).collect(),
            z: v.iter().map(|p| p[2]).collect(),
            w,
            prisms: live.iter().map(|&i| prisms[i]).collect(),
            mags: live.iter().map(|&i| magnetisations[i]).collect(),
            per_prism,
            bbox: bounding_box(&live.iter().map(|&i| prisms[i]).collect::<Vec<_>>()),
        })
    }

    /// Number of distinct vertices with a non-zero weight (evaluated unless per-prism).
    pub fn vertex_count(&self) -> usize {
        self.w.len()
    }

    /// True when evaluated prism by prism rather than by merged vertices.
    pub fn is_per_prism(&self) -> bool {
        self.per_prism
    }

    /// [b_e, b_n, b_u] (nT) at `p` (easting, northing, upward; m). NaN on an edge of, or inside,
    /// a prism (as Harmonica); on a face, the limit from outside.
    pub fn eval(&self, p: [f64; 3]) -> [f64; 3] {
        self.eval_lanes(&[p])[0]
    }

    /// The face-limit correction at `p`, or None where the field is undefined.
    fn face_part(&self, p: [f64; 3]) -> Option<[f64; 3]> {
        let mut b = [0.0; 3];
        let bb = &self.bbox;
        if bb[0] <= p[0]
            && p[0] <= bb[1]
            && bb[2] <= p[1]
            && p[1] <= bb[3]
            && bb[4] <= p[2]
            && p[2] <= bb[5]
        {
            for (prism, &m) in self.prisms.iter().zip(&self.mags) {
                if m == [0.0; 3] {
                    continue;
                }
                if prism.magnetic_singular(p) {
                    return None;
                }
                face_correction(p, prism, m, &mut b);
            }
        }
        Some(b)
    }

    /// [b_e, b_n, b_u] (nT) at up to [`LANES`] points.
    fn eval_lanes(&self, points: &[[f64; 3]]) -> [[f64; 3]; LANES] {
        let face: Vec<Option<[f64; 3]>> = points.iter().map(|&p| self.face_part(p)).collect();
        let mut b = [[0.0; 3]; LANES];
        for (bl, f) in b.iter_mut().zip(&face) {
            *bl = f.unwrap_or([0.0; 3]);
        }
        let (px, py, pz) = lanes_of(points);
        if self.per_prism {
            let s = sum_field(&self.prisms, &self.mags, &px, &py, &pz);
            for (l, bl) in b.iter_mut().enumerate() {
                for c in 0..3 {
                    bl[c] += s[c][l];
                }
            }
        } else {
            let v = Vertices {
                x: &self.x,
                y: &self.y,
                z: &self.z,
            };
            let s = vertices_field(&v, &self.w, &px, &py, &pz);
            for (l, bl) in b.iter_mut().enumerate() {
                for c in 0..3 {
                    bl[c] += s[c][l];
                }
            }
        }
        let c = MU0 / (4.0 * std::f64::consts::PI) * T_TO_NT;
        std::array::from_fn(|l| match face.get(l) {
            Some(Some(_)) => [b[l][0] * c, b[l][1] * c, b[l][2] * c],
            _ => [f64::NAN; 3],
        })
    }

    /// [b_e, b_n, b_u] (nT) at every point, in parallel.
    pub fn eval_many(&self, points: &[[f64; 3]]) -> Vec<[f64; 3]> {
        in_lanes(points, |p| self.eval_lanes(p))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{gravity_gz_single, magnetic_single};
    use super::*;

    #[test]
    fn merged_block_model_matches_prism_sum() {
        let mut prisms = Vec::new();
        let mut rho = Vec::new();
        let mut mag = Vec::new();
        for i in 0..4 {
            for j in 0..3 {
                for k in 0..2 {
                    let (x, y, z) = (i as f64 * 50.0, j as f64 * 40.0, -100.0 - k as f64 * 30.0);
                    prisms.push(Prism::new(x, x + 50.0, y, y + 40.0, z - 30.0, z).unwrap());
                    rho.push(if (i + j) % 2 == 0 { 300.0 } else { 250.0 });
                    mag.push([0.5, -1.0 + i as f64, 2.0]);
                }
            }
        }
        for strategy in [Strategy::MergedVertices, Strategy::PerPrism] {
            let gm = GravityModel::with_strategy(&prisms, &rho, strategy).unwrap();
            let mm = MagneticModel::with_strategy(&prisms, &mag, strategy).unwrap();
            assert!(gm.vertex_count() < prisms.len() * 8);
            for p in [
                [10.0, 20.0, 5.0],
                [100.0, 50.0, -115.0],
                [-300.0, 500.0, 50.0],
                [75.0, 60.0, -100.0],
            ] {
                let g: f64 = prisms
                    .iter()
                    .zip(&rho)
                    .map(|(q, &d)| gravity_gz_single(p, q, d))
                    .sum();
                assert!((gm.eval(p) - g).abs() <= 1e-10 * g.abs().max(1e-3), "{p:?}");
                let b = mm.eval(p);
                let mut s = [0.0; 3];
                for (q, &m) in prisms.iter().zip(&mag) {
                    let bi = magnetic_single(p, q, m);
                    (0..3).for_each(|c| s[c] += bi[c]);
                }
                for c in 0..3 {
                    assert!(
                        (b[c] - s[c]).abs() <= 1e-9 * s[c].abs().max(1.0),
                        "{p:?} {c}"
                    );
                }
            }
        }
    }
}
