//! Gravity reductions: GRS80 normal gravity (Moritz 1980), the Hinze et al. (2005) height
//! correction and Bouguer slab against boule/Harmonica, and the Bushveld Complex anomaly on
//! NOAA NCEI stations.

use lode_core::crs::Transformer;
use lode_core::Crs;
use lode_geophys::gravity::*;
use lode_geophys::gridding::{grid_points, SurfaceParams};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/gravity");

fn stations() -> Vec<[f64; 4]> {
    std::fs::read_to_string(format!("{DIR}/bushveld.txt"))
        .unwrap()
        .lines()
        .map(|l| {
            let v: Vec<f64> = l.split_whitespace().map(|t| t.parse().unwrap()).collect();
            [v[0], v[1], v[2], v[3]]
        })
        .collect()
}

#[test]
fn grs80_equator_poles_and_45() {
    assert!((normal_gravity_ellipsoid(0.0) - 978_032.677_15).abs() < 1e-5);
    assert!((normal_gravity_ellipsoid(90.0) - 983_218.636_85).abs() < 1e-5);
    assert!((normal_gravity_ellipsoid(-90.0) - 983_218.636_85).abs() < 1e-5);
    // Moritz (1980), GRS80 normal gravity at φ = 45°: 9.806 199 203 m/s².
    assert!((normal_gravity_ellipsoid(45.0) - 980_619.920_3).abs() < 1e-3);
    assert!((normal_gravity(0.0, 0.0) - 978_032.677_15).abs() < 1e-9);
}

#[test]
fn bouguer_slab_rate() {
    // 2πGρ for 2670 kg/m³: 0.1119 mGal/m (Hinze et al. 2005).
    assert!((bouguer_slab(1.0, 2670.0) - 0.111_97).abs() < 1e-4);
}

#[test]
fn agrees_with_boule_and_harmonica() {
    let text = std::fs::read_to_string(format!("{DIR}/reference.csv")).unwrap();
    let mut n = 0;
    let (mut worst_h, mut worst_0, mut worst_b) = (0.0f64, 0.0f64, 0.0f64);
    for l in text.lines().skip(1) {
        let v: Vec<f64> = l.split(',').map(|t| t.parse().unwrap()).collect();
        let (lat, h, gh, g0, bc) = (v[0], v[1], v[2], v[3], v[4]);
        worst_0 = worst_0.max((normal_gravity_ellipsoid(lat) - g0).abs());
        worst_h = worst_h.max(((normal_gravity(lat, h) - gh) / gh).abs());
        worst_b = worst_b.max(((bouguer_slab(h, 2670.0) - bc) / bc).abs());
        n += 1;
    }
    assert!(n >= 100);
    // Somigliana on the ellipsoid: same formula, 1e-5 mGal (boule derives b from f).
    assert!(worst_0 < 1e-5, "ellipsoid {worst_0} mGal");
    // Hinze's second-order series vs boule's exact closed form at height: 1e-6 relative.
    assert!(worst_h < 1e-6, "at height {worst_h} relative");
    assert!(worst_b < 1e-6, "Bouguer {worst_b} relative");
}

#[test]
fn bad_stations_are_errors() {
    assert!(reduce_all(&[91.0], &[0.0], &[980000.0], 2670.0).is_err());
    assert!(reduce_all(&[10.0], &[f64::NAN], &[980000.0], 2670.0).is_err());
    assert!(reduce_all(&[10.0], &[0.0], &[980000.0], -1.0).is_err());
}

/// The dense mafic rocks of the Bushveld Complex's western limb (Rustenburg, 25.0–25.8°S,
/// 26.9–27.7°E) and eastern limb (24.5–25.8°S, 29.0–29.8°E) against the Kaapvaal craton around
/// the complex (the rest of 23.5–26.5°S, 25.5–31°E outside 24.3–25.9°S, 26.5–30.2°E). The felsic
/// interior of the complex between the limbs is low and excluded from both.
#[test]
fn bushveld_complex_is_a_bouguer_high() {
    let st = stations();
    assert!(st.len() > 1000);
    let lat: Vec<f64> = st.iter().map(|s| s[0]).collect();
    let mut xs: Vec<f64> = st.iter().map(|s| s[1]).collect();
    let mut ys = lat.clone();
    let h: Vec<f64> = st.iter().map(|s| s[2]).collect();
    let g: Vec<f64> = st.iter().map(|s| s[3]).collect();
    let ba: Vec<f64> = reduce_all(&lat, &h, &g, 2670.0)
        .unwrap()
        .iter()
        .map(|r| r.bouguer)
        .collect();
    let wgs = Crs::from_epsg(4326).unwrap();
    let utm = Crs::from_epsg(32735).unwrap();
    Transformer::new(&wgs, &utm)
        .unwrap()
        .transform_slices(&mut xs, &mut ys)
        .unwrap();
    let grid = grid_points(&xs, &ys, &ba, &SurfaceParams::new(10_000.0)).unwrap();
    let back = Transformer::new(&utm, &wgs).unwrap();
    let (mut inside, mut ring) = (Vec::new(), Vec::new());
    for r in 0..grid.rows() {
        for c in 0..grid.cols() {
            let v = grid.get(c, r);
            if !v.is_finite() {
                continue;
            }
            let (x, y) = grid.geometry.cell_center(c, r);
            let (lon, lat) = back.transform(x, y).unwrap();
            if !(-26.5..=-23.5).contains(&lat) || !(25.5..=31.0).contains(&lon) {
                continue;
            }
            let western = (-25.8..=-25.0).contains(&lat) && (26.9..=27.7).contains(&lon);
            let eastern = (-25.8..=-24.5).contains(&lat) && (29.0..=29.8).contains(&lon);
            let complex = (-25.9..=-24.3).contains(&lat) && (26.5..=30.2).contains(&lon);
            if western || eastern {
                inside.push(v);
            } else if !complex {
                ring.push(v);
            }
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (mi, mr) = (mean(&inside), mean(&ring));
    println!(
        "Bushveld limbs {mi:.1} mGal ({} cells), ring {mr:.1} mGal ({} cells)",
        inside.len(),
        ring.len()
    );
    // Measured: limbs −110.9 mGal, surroundings −127.6 mGal, contrast 16.7 mGal.
    assert!(mi - mr > 12.0, "Bushveld {mi} vs ring {mr}");
}
