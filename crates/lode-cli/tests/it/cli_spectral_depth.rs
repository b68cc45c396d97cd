//! `lode spectral-depth`: depth and uncertainty grids, and one-line exit-2 errors.

use std::path::Path;
use std::process::Output;

use lode_core::{Crs, Grid};
use lode_geophys::spectral_depth::ensemble_field;

use crate::common::{epsg, lode, ok, one_line_error, s, write_grid};

/// A 128 × 128 field (100 m cells) with power spectrum ∝ e^{−2kh}, h = 500 m, random phases.
fn field(crs: Option<Crs>) -> Grid {
    ensemble_field(
        128,
        100.0,
        500.0,
        (400_000.0, 7_000_000.0),
        0x2545_f491_4f6c_dd1d,
    )
    .unwrap()
    .with_crs(crs)
}

/// Runs `lode spectral-depth INP OUT OPTIONS…`.
fn spectral_depth(inp: &Path, out: &Path, options: &[&str]) -> Output {
    lode(&[&["spectral-depth", s(inp), s(out)][..], options].concat())
}

#[test]
fn cli_spectral_depth_writes_depth_and_uncertainty() {
    let d = tempfile::tempdir().unwrap();
    let inp = write_grid(d.path(), "f.tif", &field(epsg(32755)));
    let out = d.path().join("depth.tif");
    let unc = d.path().join("std.tif");
    let window = ["--window", "64", "--step", "32"];
    ok(&spectral_depth(
        &inp,
        &out,
        &[&window[..], &["--uncertainty", s(&unc)]].concat(),
    ));
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
    ok(&spectral_depth(
        &inp,
        &out2,
        &[&window[..], &["--band", &band]].concat(),
    ));
    let g2 = lode_io::read_grid(&out2).unwrap();
    for (a, b) in g.values.as_f64().iter().zip(g2.values.as_f64().iter()) {
        assert!((a - b).abs() < 1e-6 * a.abs(), "{a} vs {b}");
    }
}

#[test]
fn cli_spectral_depth_bad_input_exits_2() {
    let d = tempfile::tempdir().unwrap();
    let good = write_grid(d.path(), "good.tif", &field(epsg(32755)));
    let nocrs = write_grid(d.path(), "nocrs.tif", &field(None));
    let out = d.path().join("o.tif");
    for (inp, options, needle) in [
        (&good, &["--window", "200"][..], "larger than the grid"),
        (&nocrs, &["--window", "64"], "no CRS"),
        (&good, &["--window", "64", "--band", "5,1"], ""),
        (&good, &["--window", "4"], ""),
    ] {
        one_line_error(&spectral_depth(inp, &out, options), needle);
        assert!(!out.exists(), "{options:?}");
    }
}
