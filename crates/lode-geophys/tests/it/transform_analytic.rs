//! Transforms against analytic fields: forward-model references from
//! tests/data/transforms (Harmonica prisms, see tools/make_transform_reference.py) and point
//! sources computed here. Default lode padding (mirror + cosine taper, FFT-friendly sizes,
//! plane removed) unless stated. Interior margins and tolerances are stated per test.

use lode_core::{Grid, GridGeometry};
use lode_geophys::transforms::spectrum::radial_power_spectrum;
use lode_geophys::transforms::{apply, Direction, Op, TransformOptions};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/transforms/");
const COLS: usize = 128;
const ROWS: usize = 96;

fn load(name: &str) -> Vec<f64> {
    let b = std::fs::read(format!("{DIR}{name}.f32")).expect("reference file");
    b.chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]) as f64)
        .collect()
}

fn prisms() -> Grid {
    let g = GridGeometry::new(COLS, ROWS, 500000.0, 7004800.0, 50.0, 50.0).unwrap();
    Grid::new_f64(g, load("input")).unwrap()
}

fn rel_rms(a: &[f64], b: &[f64], cols: usize, rows: usize, margin: usize) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for r in margin..rows - margin {
        for c in margin..cols - margin {
            let i = r * cols + c;
            num += (a[i] - b[i]).powi(2);
            den += b[i].powi(2);
        }
    }
    (num / den).sqrt()
}

fn run(g: &Grid, op: Op, dir: Option<Direction>) -> Vec<f64> {
    let o = TransformOptions {
        direction: dir,
        ..Default::default()
    };
    apply(g, &op, &o).unwrap().0.values_f64().into_owned()
}

/// RTP of the induced anomaly at I = 60° equals the anomaly of the same prisms at the pole:
/// ≤ 3 % relative RMS over the interior (16-cell margin; the rest is truncation of the grid).
#[test]
fn rtp_of_induced_prisms_equals_pole_field() {
    let got = run(&prisms(), Op::Rtp, Some(Direction::induced(60.0, 10.0)));
    let e = rel_rms(&got, &load("pole_field"), COLS, ROWS, 16);
    println!("rtp vs pole field: {e:.4}");
    assert!(e < 0.03, "{e}");
}

/// Upward continuation by 200 m equals the forward model 200 m higher: ≤ 1 % (8-cell margin).
#[test]
fn upward_continuation_equals_forward_model() {
    let got = run(&prisms(), Op::Upcont { h: 200.0 }, None);
    let e = rel_rms(&got, &load("upcont_analytic_200"), COLS, ROWS, 8);
    println!("upcont vs forward: {e:.4}");
    assert!(e < 0.01, "{e}");
}

/// The FFT vertical derivative equals the central difference of the forward model: ≤ 1 %
/// (8-cell margin).
#[test]
fn vertical_derivative_equals_forward_model_difference() {
    let got = run(&prisms(), Op::Dz { n: 1.0 }, None);
    let e = rel_rms(&got, &load("dz_analytic"), COLS, ROWS, 8);
    println!("dz vs forward: {e:.4}");
    assert!(e < 0.01, "{e}");
}

/// Vertical attraction of a point mass (any constant; depth `d`, metres) on a 256 × 256 grid.
fn point_gz(d: f64, n: usize, cell: f64) -> Grid {
    let g = GridGeometry::new(n, n, 0.0, n as f64 * cell, cell, cell).unwrap();
    let mut v = vec![0.0; n * n];
    let c0 = n as f64 * cell / 2.0;
    for r in 0..n {
        for c in 0..n {
            let (x, y) = g.cell_center(c, r);
            let r2 = (x - c0).powi(2) + (y - c0).powi(2) + d * d;
            v[r * n + c] = 1e6 * d / r2.powf(1.5);
        }
    }
    Grid::new_f64(g, v).unwrap()
}

/// Upward continuation of a point source at depth 400 m by 300 m equals the source at 700 m:
/// ≤ 1.5 % (32-cell margin; the slowly decaying tail of the field outside the grid is lost).
#[test]
fn upward_continuation_of_point_source() {
    let got = run(&point_gz(400.0, 256, 25.0), Op::Upcont { h: 300.0 }, None);
    let want = point_gz(700.0, 256, 25.0);
    let e = rel_rms(&got, &want.values_f64(), 256, 256, 32);
    println!("point upcont: {e:.5}");
    assert!(e < 0.015, "{e}");
}

/// Regularised downward continuation by 300 m undoes upward continuation for a deep source
/// (700 m → 400 m): ≤ 2 % (32-cell margin).
#[test]
fn downward_continuation_of_point_source() {
    let got = run(
        &point_gz(700.0, 256, 25.0),
        Op::Downcont {
            h: 300.0,
            gain: 100.0,
        },
        None,
    );
    let want = point_gz(400.0, 256, 25.0);
    let e = rel_rms(&got, &want.values_f64(), 256, 256, 32);
    println!("point downcont: {e:.5}");
    assert!(e < 0.02, "{e}");
}

/// Spector & Grant: the slope of ln P(k) of a point source at depth h is −2h; the estimate over
/// 1–10 rad/km is within 5 % of 500 m.
#[test]
fn spectrum_slope_gives_source_depth() {
    let bins = radial_power_spectrum(&point_gz(500.0, 256, 25.0), &Default::default()).unwrap();
    let pts: Vec<(f64, f64)> = bins
        .iter()
        .filter(|b| b.k > 1e-3 && b.k < 1e-2)
        .map(|b| (b.k, b.log_power))
        .collect();
    assert!(pts.len() > 10);
    let n = pts.len() as f64;
    let (sx, sy) = pts.iter().fold((0.0, 0.0), |a, p| (a.0 + p.0, a.1 + p.1));
    let (mx, my) = (sx / n, sy / n);
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let depth = -(sxy / sxx) / 2.0;
    println!("spectral depth {depth:.1} m");
    assert!((depth - 500.0).abs() < 25.0, "{depth}");
}

/// Tilt of a point source approaches π/2 over it (dz > 0, no horizontal gradient); tilt, TDX
/// and theta stay in their ranges.
#[test]
fn tilt_is_positive_over_source_and_bounded() {
    let g = point_gz(300.0, 128, 25.0);
    let t = run(&g, Op::Tilt, None);
    let centre = 64 * 128 + 64;
    assert!(t[centre] > 1.3, "{}", t[centre]);
    assert!(t
        .iter()
        .all(|x| x.abs() <= std::f64::consts::FRAC_PI_2 + 1e-12));
    let tdx = run(&g, Op::Tdx, None);
    assert!(tdx
        .iter()
        .all(|x| (0.0..=std::f64::consts::FRAC_PI_2 + 1e-12).contains(x)));
    let th = run(&g, Op::Theta, None);
    assert!(th.iter().all(|x| (0.0..=1.0 + 1e-12).contains(x)));
}
