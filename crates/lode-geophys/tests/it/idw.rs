//! Inverse-distance gridding against GDAL's `gdal_grid -a invdist` (reference made by
//! tools/make_geochem_reference.sh on the southern-Africa gravity stations).

use std::path::PathBuf;

use lode_geophys::gridding::idw::{idw, IdwOptions};

fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(rel)
}

/// (longitude, latitude, elevation) of the stations.
fn stations() -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let text = std::fs::read_to_string(data("gravity/bushveld.txt")).unwrap();
    let (mut x, mut y, mut v) = (Vec::new(), Vec::new(), Vec::new());
    for line in text.lines() {
        let f: Vec<f64> = line
            .split_whitespace()
            .map(|s| s.parse().unwrap())
            .collect();
        y.push(f[0]);
        x.push(f[1]);
        v.push(f[2]);
    }
    (x, y, v)
}

#[test]
fn idw_matches_gdal_grid_invdist() {
    let reference = lode_io::read_grid(&data("geochem/idw_gdal.tif")).unwrap();
    let (x, y, v) = stations();
    let opts = IdwOptions {
        power: 2.0,
        radius: 0.25,
        min_points: 1,
    };
    let got = idw(&x, &y, &v, &reference.geometry, &opts).unwrap();
    let want = reference.values_f64();
    let (mut n, mut worst) = (0, 0.0f64);
    for (i, (a, b)) in got.iter().zip(want.iter()).enumerate() {
        assert_eq!(a.is_nan(), b.is_nan(), "cell {i}: lode {a}, GDAL {b}");
        if b.is_finite() {
            worst = worst.max((a - b).abs() / b.abs());
            n += 1;
        }
    }
    assert!(n > 1000, "{n} cells with a value");
    assert!(worst < 1e-12, "worst relative difference {worst:e}");
}
