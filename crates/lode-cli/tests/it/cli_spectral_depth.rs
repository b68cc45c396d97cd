//! `lode spectral-depth`: depth and uncertainty grids, and one-line exit-2 errors.

use std::path::Path;
use std::process::{Command, Output};

use lode_core::{Crs, Grid, GridGeometry};
use rustfft::num_complex::Complex64;
use rustfft::FftPlanner;

/// A 128 × 128 field (100 m cells) with power spectrum ∝ e^{−2kh}, h = 500 m, random phases.
fn field(crs: Option<Crs>) -> Grid {
    let (n, d, h) = (128usize, 100.0, 500.0);
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let dk = 2.0 * std::f64::consts::PI / (n as f64 * d);
    let freq = |i: usize| if i <= n / 2 { i as f64 } else { i as f64 - n as f64 } * dk;
    let mut a: Vec<Complex64> = (0..n * n)
        .map(|i| {
            let k = freq(i / n).hypot(freq(i % n));
            Complex64::from_polar((-k * h).exp(), 2.0 * std::f64::consts::PI * rand())
        })
        .collect();
    let f = FftPlanner::new().plan_fft_inverse(n);
    for row in a.chunks_mut(n) {
        f.process(row);
    }
    let mut col = vec![Complex64::new(0.0, 0.0); n];
    for c in 0..n {
        for r in 0..n {
            col[r] = a[r * n + c];
        }
        f.process(&mut col);
        for r in 0..n {
            a[r * n + c] = col[r];
        }
    }
    let g = GridGeometry::new(n, n, 400_000.0, 7_000_000.0, d, d).unwrap();
    Grid::new_f64(g, a.iter().map(|z| z.re).collect())
        .unwrap()
        .with_crs(crs)
}

fn lode(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lode"))
        .args(args)
        .output()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn one_error_line(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let e = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.starts_with("error: "), "{e}");
    e
}

#[test]
fn cli_spectral_depth_writes_depth_and_uncertainty() {
    let d = tempfile::tempdir().unwrap();
    let inp = d.path().join("f.tif");
    lode_io::write_grid(&inp, &field(Some(Crs::from_epsg(32755).unwrap())), None).unwrap();
    let out = d.path().join("depth.tif");
    let unc = d.path().join("std.tif");
    let o = lode(&[
        "spectral-depth",
        s(&inp),
        s(&out),
        "--window",
        "64",
        "--step",
        "32",
        "--uncertainty",
        s(&unc),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let g = lode_io::read_grid(&out).unwrap();
    let u = lode_io::read_grid(&unc).unwrap();
    assert_eq!((g.cols(), g.rows()), (3, 3));
    assert_eq!(g.units.as_deref(), Some("m"));
    for (z, e) in g.values.as_f64().iter().zip(u.values.as_f64().iter()) {
        assert!((z - 500.0).abs() <= 0.15 * 500.0, "depth {z}");
        assert!(*e > 0.0 && *e < 100.0, "uncertainty {e}");
    }
    // A band in rad/km: 0 to ½ Nyquist (π/0.1 km / 2) reproduces the default fit.
    let out2 = d.path().join("depth2.tif");
    let band = format!("0,{}", std::f64::consts::PI / 0.1 / 2.0);
    let o = lode(&[
        "spectral-depth",
        s(&inp),
        s(&out2),
        "--window",
        "64",
        "--step",
        "32",
        "--band",
        &band,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let g2 = lode_io::read_grid(&out2).unwrap();
    for (a, b) in g.values.as_f64().iter().zip(g2.values.as_f64().iter()) {
        assert!((a - b).abs() < 1e-6 * a.abs(), "{a} vs {b}");
    }
}

#[test]
fn cli_spectral_depth_bad_input_exits_2() {
    let d = tempfile::tempdir().unwrap();
    let good = d.path().join("good.tif");
    lode_io::write_grid(&good, &field(Some(Crs::from_epsg(32755).unwrap())), None).unwrap();
    let out = d.path().join("o.tif");
    let e = one_error_line(&lode(&[
        "spectral-depth",
        s(&good),
        s(&out),
        "--window",
        "200",
    ]));
    assert!(e.contains("larger than the grid"), "{e}");
    let nocrs = d.path().join("nocrs.tif");
    lode_io::write_grid(&nocrs, &field(None), None).unwrap();
    let e = one_error_line(&lode(&[
        "spectral-depth",
        s(&nocrs),
        s(&out),
        "--window",
        "64",
    ]));
    assert!(e.contains("no CRS"), "{e}");
    one_error_line(&lode(&[
        "spectral-depth",
        s(&good),
        s(&out),
        "--window",
        "64",
        "--band",
        "5,1",
    ]));
    one_error_line(&lode(&[
        "spectral-depth",
        s(&good),
        s(&out),
        "--window",
        "4",
    ]));
    assert!(!out.exists());
}
