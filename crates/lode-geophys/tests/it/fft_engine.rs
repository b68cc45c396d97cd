//! The FFT engine, padding, gap filling and the op layer: exact identities on periodic fields,
//! sign conventions, and refusal of bad input.

use lode_core::{Crs, Grid, GridGeometry, Values};
use lode_geophys::fft::fill::fill_gaps;
use lode_geophys::fft::{
    fft_friendly, AxisPad, Complex64, FftOptions, PadMode, PadWidth, Spectrum,
};
use lode_geophys::transforms::magnetic::{rte_kernel, rtp_kernel, rtp_lowlat_kernel};
use lode_geophys::transforms::{apply, apply_chain, DerivMethod, Direction, Op, TransformOptions};

fn geom(cols: usize, rows: usize, dx: f64, dy: f64) -> GridGeometry {
    GridGeometry::new(cols, rows, 1000.0, 5000.0, dx, dy).unwrap()
}

fn grid_of(cols: usize, rows: usize, dx: f64, dy: f64, f: impl Fn(f64, f64) -> f64) -> Grid {
    let g = geom(cols, rows, dx, dy);
    let mut v = Vec::with_capacity(cols * rows);
    for r in 0..rows {
        for c in 0..cols {
            let (x, y) = g.cell_center(c, r);
            v.push(f(x, y));
        }
    }
    Grid::new_f64(g, v).unwrap()
}

fn max_abs_diff(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

#[test]
fn fft_friendly_sizes_are_the_next_7_smooth_numbers() {
    let smooth = |mut m: usize| {
        for p in [2, 3, 5, 7] {
            while m.is_multiple_of(p) {
                m /= p;
            }
        }
        m == 1
    };
    for n in 1..2000 {
        let m = fft_friendly(n);
        assert!(m >= n && smooth(m));
        assert!((n..m).all(|k| !smooth(k)), "{n} → {m}");
    }
    assert_eq!(fft_friendly(10000), 10000);
}

#[test]
fn mirror_padding_is_even_reflection() {
    let a = AxisPad::new(5, PadMode::Mirror, Some(12)).unwrap();
    for q in 0..a.len() {
        let (i, f) = a.source(q, PadMode::Mirror);
        let k = q as i64 - 12;
        let refl = if k < 0 {
            -1 - k
        } else if k >= 5 {
            9 - k
        } else {
            k
        };
        if (0..5).contains(&refl) {
            assert_eq!(i as i64, refl, "q={q}");
        }
        assert!((0.0..=1.0).contains(&f));
    }
    let z = AxisPad::new(5, PadMode::Ramp, Some(4)).unwrap();
    let ramp: Vec<f64> = (0..z.len()).map(|q| z.source(q, PadMode::Ramp).1).collect();
    assert_eq!(&ramp[..4], &[0.0, 0.25, 0.5, 0.75]);
    assert_eq!(&ramp[9..], &[0.75, 0.5, 0.25, 0.0]);
}

/// Identity filter: forward + inverse returns the input (1e-10), for every padding mode, odd
/// and even sizes; with detrending the removed plane is returned by `trend()`.
#[test]
fn identity_round_trip_for_every_padding() {
    for (cols, rows) in [(17, 9), (32, 24), (31, 40)] {
        let g = grid_of(cols, rows, 10.0, 15.0, |x, y| {
            (x * 0.01).sin() + (y * 0.02).cos() + x * 1e-3
        });
        let v = g.values_f64().into_owned();
        for pad in [
            PadMode::None,
            PadMode::Zero,
            PadMode::Edge,
            PadMode::Ramp,
            PadMode::Mirror,
            PadMode::Smooth,
        ] {
            for detrend in [false, true] {
                let o = FftOptions {
                    pad,
                    width: PadWidth::Auto,
                    detrend,
                };
                let s = Spectrum::forward(&g.values, rows, cols, 10.0, 15.0, &o).unwrap();
                let t = s.trend().cloned();
                let mut out = s.apply_owned(|_, _| Complex64::new(1.0, 0.0)).unwrap();
                if let Some(t) = t {
                    for r in 0..rows {
                        for c in 0..cols {
                            out[r * cols + c] += t.at(c, r);
                        }
                    }
                }
                assert!(
                    max_abs_diff(&out, &v) < 1e-10,
                    "{pad:?} {detrend} {cols}×{rows}"
                );
            }
        }
    }
}

/// On a periodic plane wave cos(a·x + b·y) (y north) with rectangular cells and no padding the
/// FFT derivatives are exact: dx = −a·sin, dy = −b·sin, dz = |k|·cos, upcont = e^{−|k|h}·cos.
#[test]
fn plane_wave_derivatives_are_exact_with_rectangular_cells() {
    let (cols, rows, dx, dy) = (48usize, 30usize, 20.0, 35.0);
    let a = 2.0 * std::f64::consts::PI * 3.0 / (cols as f64 * dx);
    let b = 2.0 * std::f64::consts::PI * 2.0 / (rows as f64 * dy);
    let k = a.hypot(b);
    let g = grid_of(cols, rows, dx, dy, |x, y| (a * x + b * y).cos());
    let expect =
        |f: &dyn Fn(f64, f64) -> f64| grid_of(cols, rows, dx, dy, f).values_f64().into_owned();
    let o = TransformOptions {
        fft: FftOptions {
            pad: PadMode::None,
            width: PadWidth::Auto,
            detrend: false,
        },
        direction: None,
        hderiv: DerivMethod::Fft,
    };
    let run = |op: Op| apply(&g, &op, &o).unwrap().0.values_f64().into_owned();
    assert!(max_abs_diff(&run(Op::Dx), &expect(&|x, y| -a * (a * x + b * y).sin())) < 1e-9 * a);
    assert!(max_abs_diff(&run(Op::Dy), &expect(&|x, y| -b * (a * x + b * y).sin())) < 1e-9 * b);
    assert!(
        max_abs_diff(
            &run(Op::Dz { n: 1.0 }),
            &expect(&|x, y| k * (a * x + b * y).cos())
        ) < 1e-9 * k
    );
    let up = run(Op::Upcont { h: 50.0 });
    assert!(
        max_abs_diff(
            &up,
            &expect(&|x, y| (-k * 50.0).exp() * (a * x + b * y).cos())
        ) < 1e-10
    );
    let vi = run(Op::Vi);
    assert!(max_abs_diff(&vi, &expect(&|x, y| (a * x + b * y).cos() / k)) < 1e-9 / k);
}

/// Gaps of a plane are filled with the plane (harmonic fill is exact for linear data) and the
/// transforms return NaN exactly where the input had no data.
#[test]
fn gaps_are_filled_smoothly_and_masked_again() {
    let (cols, rows) = (40, 30);
    let mut v: Vec<f64> = (0..rows * cols)
        .map(|i| 3.0 + 0.5 * (i % cols) as f64 - 0.25 * (i / cols) as f64)
        .collect();
    let truth = v.clone();
    for r in 10..20 {
        for c in 5..18 {
            v[r * cols + c] = f64::NAN;
        }
    }
    let mut f = v.clone();
    assert_eq!(fill_gaps(&mut f, rows, cols).unwrap(), 130);
    assert!(
        max_abs_diff(&f, &truth) < 1e-3,
        "{}",
        max_abs_diff(&f, &truth)
    );
    v[0] = f64::NAN;
    let g = Grid::new_f64(geom(cols, rows, 10.0, 10.0), v.clone()).unwrap();
    let (out, _) = apply(&g, &Op::Upcont { h: 30.0 }, &TransformOptions::default()).unwrap();
    for (a, b) in out.values_f64().iter().zip(&v) {
        assert_eq!(a.is_nan(), b.is_nan());
    }
}

#[test]
fn low_latitude_rtp_equals_rtp_above_the_correction_inclination_and_is_bounded_below() {
    let d = Direction::induced(60.0, 10.0);
    let (a, b) = (rtp_kernel(&d), rtp_lowlat_kernel(&d, 20.0));
    let low = Direction::induced(2.0, 30.0);
    let c = rtp_lowlat_kernel(&low, 20.0);
    let bound = 1.0 / 20f64.to_radians().sin().powi(2);
    let e = rte_kernel(&Direction::induced(0.0, 30.0));
    for i in 1..50 {
        for j in 0..50 {
            let (kx, ky) = (i as f64 * 0.013 - 0.3, j as f64 * 0.011 - 0.2);
            assert!((a(kx, ky) - b(kx, ky)).norm() < 1e-12);
            assert!(c(kx, ky).norm() <= bound * (1.0 + 1e-12));
            let r = e(kx, ky);
            assert!(r.norm() == 0.0 || (r - Complex64::new(1.0, 0.0)).norm() < 1e-12);
        }
    }
}

/// Poisson's relation: the pseudo-gravity of the induced prisms (I = 60°, 1 A/m) for
/// Δρ/M = 1000 kg·m⁻³ per A·m⁻¹ equals their g_z with Δρ = 1000 kg/m³ (Harmonica
/// prism_gravity): ≤ 3 % relative RMS over the interior (16-cell margin) after removing each
/// grid's interior mean (the k = 0 term of 1/|k| is undefined and set to 0), and the regression
/// slope is 1 within 1 %.
#[test]
fn pseudo_gravity_obeys_poisson_relation() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/transforms/");
    let load = |n: &str| -> Vec<f64> {
        std::fs::read(format!("{dir}{n}.f32"))
            .unwrap()
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]) as f64)
            .collect()
    };
    let g = Grid::new_f64(
        GridGeometry::new(128, 96, 500000.0, 7004800.0, 50.0, 50.0).unwrap(),
        load("input"),
    )
    .unwrap();
    let o = TransformOptions {
        direction: Some(Direction::induced(60.0, 10.0)),
        ..Default::default()
    };
    let got = apply(&g, &Op::Psg { ratio: 1000.0 }, &o)
        .unwrap()
        .0
        .values_f64()
        .into_owned();
    let want = load("gz_density1000");
    let idx: Vec<usize> = (16..80)
        .flat_map(|r| (16..112).map(move |c| r * 128 + c))
        .collect();
    let mean = |v: &[f64]| idx.iter().map(|&i| v[i]).sum::<f64>() / idx.len() as f64;
    let (mg, mw) = (mean(&got), mean(&want));
    let (mut n, mut d) = (0.0, 0.0);
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for &i in &idx {
        n += ((got[i] - mg) - (want[i] - mw)).powi(2);
        d += (want[i] - mw).powi(2);
        sxy += (got[i] - mg) * (want[i] - mw);
        sxx += (want[i] - mw).powi(2);
    }
    assert!((sxy / sxx - 1.0).abs() < 0.01, "slope {}", sxy / sxx);
    let e = (n / d).sqrt();
    println!("psg vs gravity: {e:.4}");
    assert!(e < 0.03, "{e}");
}

#[test]
fn agc_trend_and_chains() {
    let g = grid_of(30, 20, 10.0, 10.0, |x, y| {
        if ((x + y) / 10.0) as i64 % 2 == 0 {
            5.0
        } else {
            -5.0
        }
    });
    let (a, _) = apply(
        &g,
        &Op::parse("agc:5").unwrap(),
        &TransformOptions::default(),
    )
    .unwrap();
    assert!(a.values_f64().iter().all(|x| (x.abs() - 1.0).abs() < 1e-12));
    let p = grid_of(30, 20, 10.0, 10.0, |x, y| 7.0 + 0.3 * x - 0.2 * y);
    let (t, _) = apply(
        &p,
        &Op::parse("trend:1").unwrap(),
        &TransformOptions::default(),
    )
    .unwrap();
    assert!(t.values_f64().iter().all(|x| x.abs() < 1e-9));
    let ops = Op::parse_chain("butter:200,5000,4,tilt").unwrap();
    assert_eq!(
        ops,
        vec![
            Op::Butter {
                lo: 200.0,
                hi: 5000.0,
                order: 4.0
            },
            Op::Tilt
        ]
    );
    let o = TransformOptions {
        direction: Some(Direction::induced(-45.0, 5.0)),
        ..Default::default()
    };
    let (c, _) = apply_chain(&p, &Op::parse_chain("rtp,tilt").unwrap(), &o).unwrap();
    assert_eq!(c.units.as_deref(), Some("rad"));
}

#[test]
fn bad_input_is_refused_with_a_clear_error() {
    let o = TransformOptions::default();
    let nan = Grid::new_f64(geom(8, 8, 1.0, 1.0), vec![f64::NAN; 64]).unwrap();
    let e = apply(&nan, &Op::Dz { n: 1.0 }, &o).unwrap_err().to_string();
    assert!(e.contains("no valid value"), "{e}");
    let row = Grid::new_f64(geom(50, 1, 1.0, 1.0), vec![1.0; 50]).unwrap();
    let e = apply(&row, &Op::Dz { n: 1.0 }, &o).unwrap_err().to_string();
    assert!(e.contains("too small"), "{e}");
    let g = grid_of(16, 16, 10.0, 10.0, |x, _| x);
    let e = apply(&g, &Op::Rtp, &o).unwrap_err().to_string();
    assert!(e.contains("--inc"), "{e}");
    let low = TransformOptions {
        direction: Some(Direction::induced(3.0, 0.0)),
        ..Default::default()
    };
    assert!(apply(&g, &Op::Rtp, &low)
        .unwrap_err()
        .to_string()
        .contains("rtp-lowlat"));
    assert!(apply(&g, &Op::RtpLowLat { amp_inc: 20.0 }, &low).is_ok());
    let mid = TransformOptions {
        direction: Some(Direction::induced(-15.0, 0.0)),
        ..Default::default()
    };
    assert_eq!(apply(&g, &Op::Rtp, &mid).unwrap().1.len(), 1);
    let geo = grid_of(16, 16, 0.01, 0.01, |x, _| x).with_crs(Some(Crs::from_epsg(4326).unwrap()));
    assert!(apply(&geo, &Op::Dz { n: 1.0 }, &o)
        .unwrap_err()
        .to_string()
        .contains("geographic"));
    for bad in [
        "foo",
        "upcont",
        "upcont:-5",
        "butter:500,100",
        "trend:9",
        "dx:3",
        "agc:x",
    ] {
        assert!(Op::parse_chain(bad).is_err(), "{bad}");
    }
    assert!(matches!(g.values, Values::F64(_)));
}
