//! Peer agreement with Harmonica 0.7 (+ xrft 1.0) on the committed reference grids of
//! tests/data/transforms (made by tools/make_transform_reference.py), with the same padding
//! (`xrft.pad` widths 32 rows / 42 columns, modes linear_ramp and constant) and no detrending.
//! Tolerance: relative RMS difference ≤ 1e-6 over the interior (2-cell margin, which excludes
//! the edge cells where lode's one-sided finite differences see the unpadded grid).

use lode_core::{Grid, GridGeometry};
use lode_geophys::fft::{FftOptions, PadMode};
use lode_geophys::transforms::{apply, DerivMethod, Direction, Op, TransformOptions};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/transforms/");
const COLS: usize = 128;
const ROWS: usize = 96;
const MARGIN: usize = 2;
const TOL: f64 = 1e-6;

fn load(name: &str) -> Vec<f64> {
    let b = std::fs::read(format!("{DIR}{name}.f32")).expect("reference file");
    assert_eq!(b.len(), COLS * ROWS * 4, "{name}");
    b.chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]) as f64)
        .collect()
}

fn input() -> Grid {
    let g = GridGeometry::new(COLS, ROWS, 500000.0, 7004800.0, 50.0, 50.0).unwrap();
    Grid::new_f64(g, load("input")).unwrap()
}

fn rel_rms(a: &[f64], b: &[f64], margin: usize) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for r in margin..ROWS - margin {
        for c in margin..COLS - margin {
            let i = r * COLS + c;
            num += (a[i] - b[i]).powi(2);
            den += b[i].powi(2);
        }
    }
    (num / den).sqrt()
}

fn check(
    mode: PadMode,
    file: &str,
    op: Op,
    sign: f64,
    hderiv: DerivMethod,
    dir: Option<Direction>,
) {
    let opts = TransformOptions {
        fft: FftOptions::harmonica(mode, ROWS / 3, COLS / 3),
        direction: dir,
        hderiv,
    };
    let (g, _) = apply(&input(), &op, &opts).unwrap();
    let got: Vec<f64> = g.values_f64().iter().map(|x| sign * x).collect();
    let want = load(file);
    let e = rel_rms(&got, &want, MARGIN);
    println!("{file}: relative RMS difference {e:.3e}");
    assert!(
        e <= TOL,
        "{file}: relative RMS difference {e:.3e} > {TOL:e}"
    );
}

fn induced() -> Option<Direction> {
    Some(Direction::induced(60.0, 10.0))
}

use DerivMethod::{Fft, FiniteDiff as Fd};
use PadMode::{Ramp, Zero};

#[test]
fn rtp_matches_harmonica() {
    check(Ramp, "hm_linear_ramp_rtp", Op::Rtp, 1.0, Fd, induced());
    check(Zero, "hm_constant_rtp", Op::Rtp, 1.0, Fd, induced());
    let rem = Direction {
        inc: 60.0,
        dec: 10.0,
        mag_inc: -30.0,
        mag_dec: 40.0,
    };
    check(
        Ramp,
        "hm_linear_ramp_rtp_remanent",
        Op::Rtp,
        1.0,
        Fd,
        Some(rem),
    );
}

#[test]
fn vertical_derivative_matches_harmonica_upward_derivative_negated() {
    check(Ramp, "hm_linear_ramp_dz", Op::Dz { n: 1.0 }, -1.0, Fd, None);
    check(Zero, "hm_constant_dz", Op::Dz { n: 1.0 }, -1.0, Fd, None);
}

#[test]
fn horizontal_derivatives_match_harmonica() {
    check(Ramp, "hm_linear_ramp_dx", Op::Dx, 1.0, Fd, None);
    check(Ramp, "hm_linear_ramp_dy", Op::Dy, 1.0, Fd, None);
    check(Ramp, "hm_linear_ramp_dx_fft", Op::Dx, 1.0, Fft, None);
}

#[test]
fn upward_continuation_matches_harmonica() {
    check(
        Ramp,
        "hm_linear_ramp_upcont",
        Op::Upcont { h: 200.0 },
        1.0,
        Fd,
        None,
    );
    check(
        Zero,
        "hm_constant_upcont",
        Op::Upcont { h: 200.0 },
        1.0,
        Fd,
        None,
    );
}

#[test]
fn gaussian_filters_match_harmonica() {
    check(
        Ramp,
        "hm_linear_ramp_gauss_lp",
        Op::GaussLp { wavelength: 1000.0 },
        1.0,
        Fd,
        None,
    );
    check(
        Ramp,
        "hm_linear_ramp_gauss_hp",
        Op::GaussHp { wavelength: 1000.0 },
        1.0,
        Fd,
        None,
    );
}

#[test]
fn analytic_signal_and_tilt_match_harmonica() {
    check(Ramp, "hm_linear_ramp_tga", Op::As, 1.0, Fd, None);
    check(Ramp, "hm_linear_ramp_tilt", Op::Tilt, -1.0, Fd, None);
}
