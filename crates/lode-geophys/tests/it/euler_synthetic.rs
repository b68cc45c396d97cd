//! Euler deconvolution of prism models (lode_geophys::prism) at known depths: thin dyke
//! (SI 1, depth to top), compact cube (SI 3, depth to centre), contact (SI 0, depth to top).
//! The median depth of the solutions near the source must be within 10 % of the truth.

use lode_core::{Grid, GridGeometry};
use lode_geophys::euler::{euler_deconvolution, EulerOptions};
use lode_geophys::prism::{induced_magnetisation, magnetic_field, total_field_anomaly, Prism};

const N: usize = 200;
const D: f64 = 20.0;

/// Total-field anomaly (nT) at the pole over an N × N grid of D m cells centred on (0, 0),
/// observation at z = 0 (prism z is up).
fn tfa(prism: Prism) -> Grid {
    let half = N as f64 * D / 2.0;
    let g = GridGeometry::new(N, N, -half, half, D, D).unwrap();
    let pts: Vec<[f64; 3]> = (0..N * N)
        .map(|i| {
            let (x, y) = g.cell_center(i % N, i / N);
            [x, y, 0.0]
        })
        .collect();
    let m = induced_magnetisation(0.05, 90.0, 0.0, 50_000.0);
    let b = magnetic_field(&[prism], &[m], &pts).unwrap();
    let v = b
        .iter()
        .map(|&b| total_field_anomaly(b, 90.0, 0.0))
        .collect();
    Grid::new_f64(g, v).unwrap()
}

fn median_depth(
    grid: &Grid,
    si: f64,
    window: usize,
    near: impl Fn(f64, f64) -> bool,
) -> (f64, usize) {
    let mut o = EulerOptions::new(si, window);
    o.cluster = false;
    let sols = euler_deconvolution(grid, &o).unwrap();
    let edge = 2 * window;
    let mut d: Vec<f64> = sols
        .iter()
        .filter(|s| s.col > edge && s.row > edge && s.col < N - edge && s.row < N - edge)
        .filter(|s| near(s.x, s.y))
        .map(|s| s.depth)
        .collect();
    assert!(d.len() >= 3, "only {} solutions near the source", d.len());
    d.sort_by(|a, b| a.total_cmp(b));
    (d[d.len() / 2], d.len())
}

fn assert_within(got: f64, want: f64, tol: f64, what: &str) {
    let e = (got - want).abs() / want;
    assert!(
        e <= tol,
        "{what}: median depth {got:.1} m vs {want} m ({:.1} %)",
        100.0 * e
    );
}

#[test]
fn thin_dyke_si1_depth_to_top() {
    let g = tfa(Prism::new(-10.0, 10.0, -50_000.0, 50_000.0, -20_000.0, -200.0).unwrap());
    let (d, n) = median_depth(&g, 1.0, 15, |x, _| x.abs() < 100.0);
    eprintln!("dyke: median {d:.1} m over {n} solutions");
    assert_within(d, 200.0, 0.10, "dyke");
}

#[test]
fn compact_cube_si3_depth_to_centre() {
    let g = tfa(Prism::new(-20.0, 20.0, -20.0, 20.0, -320.0, -280.0).unwrap());
    let (d, n) = median_depth(&g, 3.0, 15, |x, y| x.hypot(y) < 150.0);
    eprintln!("cube: median {d:.1} m over {n} solutions");
    assert_within(d, 300.0, 0.10, "cube");
}

#[test]
fn contact_si0_depth_to_top() {
    let g = tfa(Prism::new(0.0, 100_000.0, -100_000.0, 100_000.0, -50_000.0, -200.0).unwrap());
    let (d, n) = median_depth(&g, 0.0, 15, |x, _| x.abs() < 100.0);
    eprintln!("contact: median {d:.1} m over {n} solutions");
    assert_within(d, 200.0, 0.10, "contact");
}

#[test]
fn bad_options_are_errors() {
    let g = tfa(Prism::new(-20.0, 20.0, -20.0, 20.0, -320.0, -280.0).unwrap());
    assert!(euler_deconvolution(&g, &EulerOptions::new(3.5, 15)).is_err());
    assert!(euler_deconvolution(&g, &EulerOptions::new(-1.0, 15)).is_err());
    assert!(euler_deconvolution(&g, &EulerOptions::new(1.0, N + 1)).is_err());
    let nan = g.with_values_f64(vec![f64::NAN; N * N]).unwrap();
    let e = euler_deconvolution(&nan, &EulerOptions::new(1.0, 15)).unwrap_err();
    assert!(e.to_string().contains("no valid values"), "{e}");
}

#[test]
fn deterministic_and_clustered() {
    let g = tfa(Prism::new(-20.0, 20.0, -20.0, 20.0, -320.0, -280.0).unwrap());
    let o = EulerOptions::new(3.0, 15);
    let a = euler_deconvolution(&g, &o).unwrap();
    let b = euler_deconvolution(&g, &o).unwrap();
    assert_eq!(a, b);
    let mut raw = o.clone();
    raw.cluster = false;
    let r = euler_deconvolution(&g, &raw).unwrap();
    assert_eq!(a.iter().map(|s| s.count).sum::<usize>(), r.len());
    assert!(a.len() < r.len());
}

/// Timing of docs/BENCHMARKS.md: `LODE_EULER_BENCH=grid.tif cargo test --release -p
/// lode-geophys --test it euler_synthetic::bench_ -- --ignored --nocapture`.
#[test]
#[ignore]
fn bench_euler_window_15() {
    let Ok(path) = std::env::var("LODE_EULER_BENCH") else {
        eprintln!("skip: set LODE_EULER_BENCH to a grid");
        return;
    };
    let g = lode_io::read_grid(std::path::Path::new(&path)).unwrap();
    for stride in [7, 1] {
        let mut o = EulerOptions::new(3.0, 15);
        o.stride = stride;
        let t = std::time::Instant::now();
        let s = euler_deconvolution(&g, &o).unwrap();
        eprintln!(
            "{}x{} window 15 stride {stride}: {} solutions in {:.2} s",
            g.cols(),
            g.rows(),
            s.len(),
            t.elapsed().as_secs_f64()
        );
    }
}
