//! `lode spectrum`: CSV layout and the Spector & Grant depth of a point source.

use lode_core::{Grid, GridGeometry};

use crate::common::{lode, ok, refused, s, write_grid};

/// A point source at 500 m depth under a 256 × 256 grid of 25 m cells: the slope of ln P over
/// 1–10 rad/km gives its depth within 5 %.
#[test]
fn spectrum_csv_gives_point_source_depth() {
    let n = 256;
    let g = GridGeometry::new(n, n, 0.0, n as f64 * 25.0, 25.0, 25.0).unwrap();
    let mut v = vec![0.0; n * n];
    for r in 0..n {
        for c in 0..n {
            let (x, y) = g.cell_center(c, r);
            let r2 = (x - 3200.0).powi(2) + (y - 3200.0).powi(2) + 500.0f64.powi(2);
            v[r * n + c] = 1e6 * 500.0 / r2.powf(1.5);
        }
    }
    let d = tempfile::tempdir().unwrap();
    let inp = write_grid(d.path(), "g.asc", &Grid::new_f64(g, v).unwrap());
    let out = d.path().join("s.csv");
    ok(&lode(&["spectrum", s(&inp), s(&out)]));
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("wavenumber_rad_per_km,wavelength_m,power,log_power,count")
    );
    let pts: Vec<(f64, f64)> = lines
        .map(|l| {
            let f: Vec<f64> = l.split(',').map(|x| x.parse().unwrap()).collect();
            assert_eq!(f.len(), 5);
            (f[0], f[3])
        })
        .filter(|p| p.0 > 1.0 && p.0 < 10.0)
        .collect();
    let m = pts.len() as f64;
    let (mx, my) = pts
        .iter()
        .fold((0.0, 0.0), |a, p| (a.0 + p.0 / m, a.1 + p.1 / m));
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let depth_m = -(sxy / sxx) / 2.0 * 1000.0;
    assert!((depth_m - 500.0).abs() < 25.0, "{depth_m}");
}

#[test]
fn spectrum_refuses_a_missing_file() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("s.csv");
    let none = d.path().join("none.asc");
    refused(&["spectrum", s(&none), s(&out)], &out, "none.asc");
}
