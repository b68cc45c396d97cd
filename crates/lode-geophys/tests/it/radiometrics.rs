//! Radiometric products with known answers on small grids.

use lode_core::{Grid, GridGeometry};
use lode_geophys::radiometrics::*;

#[test]
fn ratios_are_exact_and_floored() {
    let k = [2.0, 1.0, 3.0, f64::NAN];
    let th = [8.0, 0.0, 0.005, 4.0];
    let r = ratio(&k, &th);
    assert_eq!(r[0], 0.25);
    assert!(r[1].is_nan() && r[2].is_nan() && r[3].is_nan());
    let u = [4.0, 1.0, 1.0, 1.0];
    let f = f_parameter(&k, &th, &u);
    assert_eq!(f[0], 2.0 * 4.0 / 8.0);
    assert!(f[1].is_nan());
}

#[test]
fn k_anomaly_is_zero_when_k_proportional_to_th() {
    let th: Vec<f64> = (1..=50).map(|i| i as f64 * 0.7).collect();
    let k: Vec<f64> = th.iter().map(|t| 0.13 * t).collect();
    for d in k_anomaly(&k, &th).unwrap() {
        assert!(d.abs() < 1e-12);
    }
    let mut k2 = k.clone();
    k2[10] += 1.0;
    let d = k_anomaly(&k2, &th).unwrap();
    assert!(d[10] > 0.9);
}

#[test]
fn percentile_stretch() {
    let v: Vec<f64> = (0..=100).map(|i| i as f64).collect();
    assert_eq!(percentile(&v, 1.0), Some(1.0));
    assert_eq!(percentile(&v, 99.0), Some(99.0));
    assert_eq!(percentile(&v, 50.0), Some(50.0));
    let (b, (lo, hi)) = stretch_u8(&v);
    assert_eq!((lo, hi), (1.0, 99.0));
    assert_eq!(b[0], 1);
    assert_eq!(b[1], 1);
    assert_eq!(b[99], 255);
    assert_eq!(b[100], 255);
    assert_eq!(b[50], (1.0f64 + 254.0 * 49.0 / 98.0).round() as u8);
    let (b, _) = stretch_u8(&[f64::NAN, 1.0, 2.0]);
    assert_eq!(b[0], 0);
}

#[test]
fn products_need_one_geometry() {
    let g = GridGeometry::new(4, 3, 0.0, 3.0, 1.0, 1.0).unwrap();
    let k = Grid::filled(g, 2.0).unwrap();
    let th = Grid::filled(g, 8.0).unwrap();
    let u = Grid::filled(g, 1.0).unwrap();
    let p = products(&k, &th, &u).unwrap();
    assert_eq!(p.k_th.get(1, 1), 0.25);
    assert_eq!(p.u_k.get(0, 0), 0.5);
    assert!(p.k_anomaly.get(2, 2).abs() < 1e-12);
    let other = Grid::filled(GridGeometry::new(4, 3, 0.0, 3.0, 2.0, 1.0).unwrap(), 1.0).unwrap();
    assert!(products(&k, &th, &other).is_err());
}
