//! Geochemical element grids on the southern-Africa gravity stations (elevation standing in for
//! a concentration): same blanking as GDAL's inverse-distance reference, robust scores.

use std::path::PathBuf;

use lode_prospect::evidence::geochem::element_grid;

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
fn element_grid_is_a_robust_log_score() {
    let reference = lode_io::read_grid(&data("geochem/idw_gdal.tif")).unwrap();
    let (x, y, v) = stations();
    let (g, s) = element_grid(&x, &y, &v, &reference.geometry, None, Some(0.25)).unwrap();
    assert_eq!(s.samples, v.len());
    assert_eq!(s.censored, 0);
    // the median station lies at the median log elevation: its score is ~0
    let vals = g.values_f64();
    let finite: Vec<f64> = vals.iter().copied().filter(|z| z.is_finite()).collect();
    let mut sorted = finite.clone();
    sorted.sort_by(f64::total_cmp);
    let med = sorted[sorted.len() / 2];
    assert!(med.abs() < 0.5, "median cell score {med}");
    // same blanking as the raw interpolation
    let raw = reference.values_f64();
    for (a, b) in vals.iter().zip(raw.iter()) {
        assert_eq!(a.is_nan(), b.is_nan());
    }
    // a default radius is 3 × the median station spacing
    let (_, s2) = element_grid(&x, &y, &v, &reference.geometry, None, None).unwrap();
    assert!(s2.radius > 0.0 && s2.radius < 1.0, "{}", s2.radius);
}
