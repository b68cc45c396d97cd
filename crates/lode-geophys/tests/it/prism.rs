//! Prism forward modelling against Harmonica (tools/make_prism_reference.py) and analytic fields.

use lode_geophys::prism::{
    gravity_gz, gravity_gz_single, induced_magnetisation, magnetic_field, magnetic_single,
    total_field_anomaly, GravityModel, MagneticModel, Prism, Strategy, G, MU0, SI_TO_MGAL, T_TO_NT,
};

fn csv(name: &str) -> Vec<Vec<f64>> {
    crate::common::csv("prism", name)
}

struct Model {
    prisms: Vec<Prism>,
    density: Vec<f64>,
    mag: Vec<[f64; 3]>,
}

fn model() -> Model {
    let rows = csv("prisms.csv");
    Model {
        prisms: rows
            .iter()
            .map(|r| Prism::new(r[0], r[1], r[2], r[3], r[4], r[5]).unwrap())
            .collect(),
        density: rows.iter().map(|r| r[6]).collect(),
        mag: rows.iter().map(|r| [r[7], r[8], r[9]]).collect(),
    }
}

/// Each value agrees to 1e-6 relative, with an absolute floor of 1e-6 × the largest |value| of
/// that component over the prism's points (far-field values are tiny); NaN where Harmonica is NaN
/// (magnetic field on edges and inside).
fn close(got: f64, want: f64, peak: f64) -> bool {
    if want.is_nan() {
        return got.is_nan();
    }
    (got - want).abs() <= 1e-6 * want.abs().max(peak)
}

#[test]
fn agrees_with_harmonica() {
    let m = model();
    let rows = csv("harmonica_reference.csv");
    let mut worst = 0.0f64;
    for group in 0..=m.prisms.len() {
        let sel: Vec<&Vec<f64>> = rows.iter().filter(|r| r[0] as usize == group).collect();
        assert!(sel.len() >= 20, "group {group}");
        let pts: Vec<[f64; 3]> = sel.iter().map(|r| [r[1], r[2], r[3]]).collect();
        let (prisms, dens, mags) = if group == 0 {
            (m.prisms.clone(), m.density.clone(), m.mag.clone())
        } else {
            (
                vec![m.prisms[group - 1]],
                vec![m.density[group - 1]],
                vec![m.mag[group - 1]],
            )
        };
        for strategy in [Strategy::Auto, Strategy::MergedVertices, Strategy::PerPrism] {
            let gz = GravityModel::with_strategy(&prisms, &dens, strategy)
                .unwrap()
                .eval_many(&pts);
            let b = MagneticModel::with_strategy(&prisms, &mags, strategy)
                .unwrap()
                .eval_many(&pts);
            let mut peak = [0.0f64; 4];
            for r in &sel {
                for c in 0..4 {
                    if r[4 + c].is_finite() {
                        peak[c] = peak[c].max(r[4 + c].abs());
                    }
                }
            }
            for (i, r) in sel.iter().enumerate() {
                let got = [gz[i], b[i][0], b[i][1], b[i][2]];
                for c in 0..4 {
                    if r[4 + c].is_finite() {
                        worst = worst.max((got[c] - r[4 + c]).abs() / r[4 + c].abs().max(peak[c]));
                    }
                    assert!(
                        close(got[c], r[4 + c], peak[c]),
                        "group {group} point {:?} component {c}: {} vs {}",
                        pts[i],
                        got[c],
                        r[4 + c]
                    );
                }
                if group > 0 {
                    let p = &prisms[0];
                    let single = [
                        gravity_gz_single(pts[i], p, dens[0]),
                        magnetic_single(pts[i], p, mags[0])[0],
                    ];
                    assert!(close(single[0], r[4], peak[0]) && close(single[1], r[5], peak[1]));
                }
            }
        }
    }
    println!("max |Δ| / max(|ref|, peak) = {worst:.2e}");
}

/// A sphere of radius R made of cubes of side R/12: outside, its g_z is that of a point mass of the
/// same (discretised) mass at the centre, G M h / r³. The voxel sphere has cubic symmetry, so the
/// first non-zero multipole beyond the monopole is of degree 4; at r ≥ 2R the difference is < 0.2 %.
#[test]
fn voxel_sphere_is_a_point_mass_and_a_dipole() {
    let r_s = 600.0;
    let c = [1000.0, -500.0, -1500.0];
    let n = 12;
    let d = r_s / n as f64;
    let mut prisms = Vec::new();
    for i in -n..n {
        for j in -n..n {
            for k in -n..n {
                let (x, y, z) = (
                    (i as f64 + 0.5) * d,
                    (j as f64 + 0.5) * d,
                    (k as f64 + 0.5) * d,
                );
                if x * x + y * y + z * z <= r_s * r_s {
                    prisms.push(
                        Prism::new(
                            c[0] + x - d / 2.0,
                            c[0] + x + d / 2.0,
                            c[1] + y - d / 2.0,
                            c[1] + y + d / 2.0,
                            c[2] + z - d / 2.0,
                            c[2] + z + d / 2.0,
                        )
                        .unwrap(),
                    );
                }
            }
        }
    }
    let rho = 400.0;
    let volume: f64 = prisms.iter().map(Prism::volume).sum();
    let gm = GravityModel::new(&prisms, &vec![rho; prisms.len()]).unwrap();
    let mvec = [1.5, -0.5, 2.0];
    let mm = MagneticModel::new(&prisms, &vec![mvec; prisms.len()]).unwrap();
    // the block model's interior vertices cancel
    assert!(gm.vertex_count() < prisms.len());
    let moment = mvec.map(|v| v * volume);
    for p in [
        [1000.0, -500.0, 0.0],
        [2300.0, 400.0, -100.0],
        [-800.0, -900.0, -1400.0],
        [1000.0, 1500.0, -3000.0],
    ] {
        let rv = [p[0] - c[0], p[1] - c[1], p[2] - c[2]];
        let r = (rv[0] * rv[0] + rv[1] * rv[1] + rv[2] * rv[2]).sqrt();
        assert!(r >= 2.0 * r_s);
        let want = G * rho * volume * rv[2] / r.powi(3) * SI_TO_MGAL;
        let got = gm.eval(p);
        assert!(
            (got - want).abs() < 2e-3 * want.abs().max(G * rho * volume / (r * r) * SI_TO_MGAL),
            "{p:?}: {got} vs {want}"
        );
        let mr = (moment[0] * rv[0] + moment[1] * rv[1] + moment[2] * rv[2]) / r;
        let dip: Vec<f64> = (0..3)
            .map(|k| {
                MU0 / (4.0 * std::f64::consts::PI) * (3.0 * mr * rv[k] / r - moment[k]) / r.powi(3)
                    * T_TO_NT
            })
            .collect();
        let scale = dip.iter().map(|v| v.abs()).fold(0.0, f64::max);
        let b = mm.eval(p);
        for k in 0..3 {
            assert!(
                (b[k] - dip[k]).abs() < 2e-3 * scale,
                "{p:?} {k}: {} vs {}",
                b[k],
                dip[k]
            );
        }
    }
}

/// At 20 times its size a prism is a point mass / dipole to < 1e-3.
#[test]
fn far_field_of_a_prism() {
    let p = Prism::new(-50.0, 50.0, -30.0, 30.0, -140.0, -60.0).unwrap();
    let (rho, m) = (2670.0, [0.3, 1.0, -2.0]);
    let c = p.centre();
    let size = 100.0;
    for dir in [
        [0.0, 0.0, 1.0],
        [1.0, 0.0, 0.0],
        [0.6, 0.0, 0.8],
        [-0.48, 0.64, 0.6],
        [0.0, -0.6, -0.8],
    ] {
        let rv = dir.map(|v| v * 20.0 * size);
        let obs = [c[0] + rv[0], c[1] + rv[1], c[2] + rv[2]];
        let r = 20.0 * size;
        let g = gravity_gz_single(obs, &p, rho);
        let want = G * rho * p.volume() * rv[2] / r.powi(3) * SI_TO_MGAL;
        let scale = G * rho * p.volume() / (r * r) * SI_TO_MGAL;
        assert!((g - want).abs() < 1e-3 * scale, "{dir:?}: {g} vs {want}");
        let mo = m.map(|v| v * p.volume());
        let mr = (mo[0] * rv[0] + mo[1] * rv[1] + mo[2] * rv[2]) / r;
        let b = magnetic_single(obs, &p, m);
        let dip: Vec<f64> = (0..3)
            .map(|k| {
                MU0 / (4.0 * std::f64::consts::PI) * (3.0 * mr * rv[k] / r - mo[k]) / r.powi(3)
                    * T_TO_NT
            })
            .collect();
        let scale = dip.iter().map(|v| v.abs()).fold(0.0, f64::max);
        for k in 0..3 {
            assert!(
                (b[k] - dip[k]).abs() < 1e-3 * scale,
                "{dir:?} {k}: {} vs {}",
                b[k],
                dip[k]
            );
        }
    }
}

#[test]
fn symmetry() {
    let p = Prism::new(-100.0, 100.0, -60.0, 60.0, -50.0, 50.0).unwrap();
    for (a, b, h) in [
        (30.0, 10.0, 80.0),
        (150.0, -200.0, 5.0),
        (100.0, 60.0, 50.0),
        (250.0, 0.0, 0.0),
    ] {
        let g = gravity_gz_single([a, b, h], &p, 1000.0);
        for q in [[-a, b, h], [a, -b, h], [-a, -b, h]] {
            assert!((gravity_gz_single(q, &p, 1000.0) - g).abs() <= 1e-12 * g.abs().max(1e-9));
        }
        // mirror through the horizontal mid-plane reverses g_z
        assert!((gravity_gz_single([a, b, -h], &p, 1000.0) + g).abs() <= 1e-12 * g.abs().max(1e-9));
        // vertical magnetisation: b_u is even in easting, b_e odd
        let m = [0.0, 0.0, 2.0];
        let b1 = magnetic_single([a, b, h + 1.0], &p, m);
        let b2 = magnetic_single([-a, b, h + 1.0], &p, m);
        assert!((b1[2] - b2[2]).abs() <= 1e-10 * b1[2].abs().max(1e-6));
        assert!((b1[0] + b2[0]).abs() <= 1e-10 * b1[0].abs().max(1e-6));
    }
}

/// On the extension of edges and faces the fields are continuous: a 1e-9 m nudge changes them by
/// less than 1e-6 of their value.
#[test]
fn stable_on_edge_and_face_extensions() {
    let p = Prism::new(0.0, 200.0, 0.0, 100.0, -300.0, -100.0).unwrap();
    let m = [1.0, -0.5, 2.0];
    for q in [
        [0.0, 0.0, 50.0],
        [200.0, 100.0, -50.0],
        [-40.0, 0.0, -100.0],
        [300.0, 50.0, -300.0],
        [100.0, -30.0, -100.0],
        [0.0, 50.0, 0.0],
        [250.0, 100.0, -150.0],
    ] {
        let g0 = gravity_gz_single(q, &p, 1000.0);
        let b0 = magnetic_single(q, &p, m);
        for dq in [
            [1e-9, 0.0, 0.0],
            [0.0, -1e-9, 0.0],
            [0.0, 0.0, 1e-9],
            [-1e-9, 1e-9, -1e-9],
        ] {
            let qq = [q[0] + dq[0], q[1] + dq[1], q[2] + dq[2]];
            let g1 = gravity_gz_single(qq, &p, 1000.0);
            assert!(
                g0.is_finite() && (g1 - g0).abs() <= 1e-6 * g0.abs(),
                "{q:?}: {g0} {g1}"
            );
            let b1 = magnetic_single(qq, &p, m);
            let s = b0.iter().map(|v| v.abs()).fold(0.0, f64::max);
            for k in 0..3 {
                assert!(
                    b0[k].is_finite() && (b1[k] - b0[k]).abs() <= 1e-6 * s,
                    "{q:?} {k}: {b0:?} {b1:?}"
                );
            }
        }
    }
}

#[test]
fn induced_total_field_anomaly() {
    // A vertically magnetised body at the pole: ΔT = b_u·(−1)·(−1)… i.e. ΔT = −b_u for I = 90°.
    let p = Prism::new(-100.0, 100.0, -100.0, 100.0, -400.0, -200.0).unwrap();
    let m = induced_magnetisation(0.01, 90.0, 0.0, 50_000.0);
    // M = χF/μ0 = 0.01·5e-5 T / μ0 ≈ 0.398 A/m, pointing down
    assert!((m[2] + 0.01 * 50_000e-9 / MU0).abs() < 1e-12 && m[0].abs() < 1e-12);
    let b = magnetic_single([0.0, 0.0, 0.0], &p, m);
    let dt = total_field_anomaly(b, 90.0, 0.0);
    assert!((dt + b[2]).abs() < 1e-9 && dt > 0.0);
    // declination rotates the horizontal projection
    let f = total_field_anomaly([1.0, 0.0, 0.0], 0.0, 90.0);
    assert!((f - 1.0).abs() < 1e-12);
}

#[test]
fn rejects_bad_prisms() {
    assert!(Prism::new(1.0, 0.0, 0.0, 1.0, 0.0, 1.0).is_err());
    assert!(Prism::new(0.0, 1.0, 0.0, 0.0, 0.0, 1.0).is_err());
    assert!(Prism::new(0.0, 1.0, 0.0, 1.0, f64::NAN, 1.0).is_err());
    let p = Prism::new(0.0, 1.0, 0.0, 1.0, 0.0, 1.0).unwrap();
    assert!(gravity_gz(&[p], &[1.0, 2.0], &[[0.0; 3]]).is_err());
    assert!(gravity_gz(&[p], &[f64::NAN], &[[0.0; 3]]).is_err());
    assert!(magnetic_field(&[p], &[[f64::INFINITY, 0.0, 0.0]], &[[0.0; 3]]).is_err());
}
