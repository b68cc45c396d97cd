//! Terrain correction by prism sum: known answers.

use lode_core::{Grid, GridGeometry};
use lode_geophys::gravity::{bouguer_slab, terrain_correction};
use lode_geophys::prism::{gravity_gz_single, Prism};

fn dem(value: impl Fn(usize, usize) -> f64, n: usize, cell: f64) -> Grid {
    let half = n as f64 * cell / 2.0;
    let g = GridGeometry::new(n, n, -half, half, cell, cell).unwrap();
    let v = (0..n * n).map(|i| value(i % n, i / n)).collect();
    Grid::new_f64(g, v).unwrap()
}

#[test]
fn flat_terrain_needs_no_correction() {
    let d = dem(|_, _| 1200.0, 41, 100.0);
    let tc = terrain_correction(&d, &[[0.0, 0.0, 1200.0]], 2670.0, 1500.0).unwrap();
    assert_eq!(tc[0], 0.0);
}

#[test]
fn one_hill_cell_is_one_prism_and_valley_equals_hill() {
    let hill = dem(
        |c, r| if (c, r) == (22, 20) { 1300.0 } else { 1200.0 },
        41,
        100.0,
    );
    let valley = dem(
        |c, r| if (c, r) == (22, 20) { 1100.0 } else { 1200.0 },
        41,
        100.0,
    );
    let st = [[0.0, 0.0, 1200.0]];
    let th = terrain_correction(&hill, &st, 2670.0, 1500.0).unwrap()[0];
    let tv = terrain_correction(&valley, &st, 2670.0, 1500.0).unwrap()[0];
    let p = Prism::new(150.0, 250.0, -50.0, 50.0, 1200.0, 1300.0).unwrap();
    let want = gravity_gz_single([0.0, 0.0, 1200.0], &p, 2670.0).abs();
    assert!(th > 0.0 && (th - want).abs() < 1e-12 * want.max(1.0));
    assert!((th - tv).abs() < 1e-9, "{th} vs {tv}");
}

#[test]
fn plateau_matches_cylinder_on_axis() {
    // Station at the base of a flat plateau H = 100 m higher within R = 20 km: on the axis of a
    // cylinder, g = 2πGρ(H + R − √(R² + H²)) (Blakely 1995, eq. 3.33 with the point on the base).
    let (h, r) = (100.0, 20_000.0);
    let d = dem(|_, _| 1300.0, 401, 100.0);
    let tc = terrain_correction(&d, &[[0.0, 0.0, 1200.0]], 2670.0, r).unwrap()[0];
    let want = bouguer_slab(h + r - (r * r + h * h).sqrt(), 2670.0);
    assert!((tc - want).abs() < 2e-3 * want, "{tc} vs {want}");
}

#[test]
fn bad_parameters_are_errors() {
    let d = dem(|_, _| 0.0, 5, 100.0);
    assert!(terrain_correction(&d, &[[0.0, 0.0, 0.0]], 2670.0, -1.0).is_err());
    assert!(terrain_correction(&d, &[[0.0, f64::NAN, 0.0]], 2670.0, 100.0).is_err());
}
