//! `lode filter`: chains, Harmonica-equivalent padding through the CLI, IGRF directions, and
//! bad input (one `error:` line, exit 2, no output file).

use std::path::{Path, PathBuf};
use std::process::Command;

use lode_core::{Crs, Grid, GridGeometry};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/transforms/");

fn load(name: &str) -> Vec<f64> {
    std::fs::read(format!("{DATA}{name}.f32"))
        .unwrap()
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]) as f64)
        .collect()
}

fn prisms(crs: Option<Crs>) -> Grid {
    let g = GridGeometry::new(128, 96, 500000.0, 7004800.0, 50.0, 50.0).unwrap();
    let mut grid = Grid::new_f64(g, load("input")).unwrap().with_crs(crs);
    grid.units = Some("nT".into());
    grid
}

fn write(dir: &Path, name: &str, g: &Grid) -> PathBuf {
    let p = dir.join(name);
    lode_io::write_grid(&p, g, None).unwrap();
    p
}

fn lode(args: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_lode"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `--pad ramp --pad-width 32,42 --detrend none` reproduces what a Harmonica user does with
/// `xrft.pad(..., mode="linear_ramp")`: upward continuation within 1e-6 relative RMS (2-cell
/// margin) of Harmonica's, through an ESRI ASCII round trip.
#[test]
fn harmonica_padding_through_the_cli() {
    let d = tempfile::tempdir().unwrap();
    let inp = write(d.path(), "in.asc", &prisms(None));
    let out = d.path().join("up.asc");
    let (code, err) = lode(&[
        "filter",
        s(&inp),
        s(&out),
        "--op",
        "upcont:200",
        "--pad",
        "ramp",
        "--pad-width",
        "32,42",
        "--detrend",
        "none",
    ]);
    assert_eq!(code, 0, "{err}");
    let got = lode_io::read_grid(&out).unwrap().values_f64().into_owned();
    let want = load("hm_linear_ramp_upcont");
    let (mut n, mut dd) = (0.0, 0.0);
    for r in 2..94 {
        for c in 2..126 {
            let i = r * 128 + c;
            n += (got[i] - want[i]).powi(2);
            dd += want[i].powi(2);
        }
    }
    let e = (n / dd).sqrt();
    assert!(e <= 1e-6, "{e}");
}

#[test]
fn rtp_then_tilt_chain_gives_radians() {
    let d = tempfile::tempdir().unwrap();
    let inp = write(d.path(), "in.asc", &prisms(None));
    let out = d.path().join("tilt.asc");
    let (code, err) = lode(&[
        "filter",
        s(&inp),
        s(&out),
        "--op",
        "rtp,tilt",
        "--inc",
        "60",
        "--dec",
        "10",
    ]);
    assert_eq!(code, 0, "{err}");
    let g = lode_io::read_grid(&out).unwrap();
    let v = g.values_f64();
    assert!(v
        .iter()
        .all(|x| x.abs() <= std::f64::consts::FRAC_PI_2 + 1e-6));
    assert!(v.iter().cloned().fold(f64::MIN, f64::max) > 1.0);
    let again = d.path().join("tilt2.asc");
    let (code, err) = lode(&[
        "filter",
        s(&inp),
        s(&again),
        "--op",
        "rtp,tilt",
        "--inc",
        "60",
        "--dec",
        "10",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(&again).unwrap(),
        "not deterministic"
    );
}

/// `--date` takes I and D from IGRF-14 at the grid centre (UTM zone 54S, 2020-01-01).
#[test]
fn date_gives_the_field_direction_from_igrf() {
    let d = tempfile::tempdir().unwrap();
    let inp = write(
        d.path(),
        "in.asc",
        &prisms(Some(Crs::from_epsg(32754).unwrap())),
    );
    let out = d.path().join("rtp.asc");
    let (code, err) = lode(&[
        "filter",
        s(&inp),
        s(&out),
        "--op",
        "rtp",
        "--date",
        "2020-01-01",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("IGRF-14") && err.contains("I = -"), "{err}");
    assert!(out.exists());
}

fn refused(args: &[&str], out: &Path, expect: &str) {
    let (code, err) = lode(args);
    assert_eq!(code, 2, "{args:?}: {err}");
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].contains(expect), "{args:?}: {err}");
    assert!(!out.exists(), "{args:?} left an output");
}

#[test]
fn bad_input_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let inp = write(d.path(), "in.asc", &prisms(None));
    let out = d.path().join("out.asc");
    let i = s(&inp);
    let o = s(&out);
    refused(
        &["filter", i, o, "--op", "rtp,wobble"],
        &out,
        "unknown op 'wobble'",
    );
    refused(&["filter", i, o, "--op", "rtp"], &out, "--inc");
    refused(
        &["filter", i, o, "--op", "rtp", "--inc", "3", "--dec", "0"],
        &out,
        "rtp-lowlat",
    );
    refused(&["filter", i, o, "--op", "upcont:-3"], &out, "positive");
    refused(
        &["filter", i, o, "--op", "rtp", "--date", "2020-01-01"],
        &out,
        "no CRS",
    );
    refused(&["filter", i, i, "--op", "dz"], &out, "overwrite the input");
    refused(
        &["filter", i, o, "--op", "dz", "--pad", "sideways"],
        &out,
        "padding mode",
    );

    let nan = Grid::new_f64(
        GridGeometry::new(8, 8, 0.0, 80.0, 10.0, 10.0).unwrap(),
        vec![f64::NAN; 64],
    )
    .unwrap();
    let nan_p = write(d.path(), "nan.asc", &nan);
    refused(
        &["filter", s(&nan_p), o, "--op", "dz"],
        &out,
        "no valid value",
    );
    let row = Grid::new_f64(
        GridGeometry::new(20, 1, 0.0, 10.0, 10.0, 10.0).unwrap(),
        vec![1.0; 20],
    )
    .unwrap();
    let row_p = write(d.path(), "row.asc", &row);
    refused(&["filter", s(&row_p), o, "--op", "dz"], &out, "too small");
    refused(
        &["filter", s(&d.path().join("missing.asc")), o, "--op", "dz"],
        &out,
        "missing.asc",
    );

    let (code, err) = lode(&["filter", i, o, "--op", "rtp", "--inc", "15", "--dec", "0"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning:") && err.contains("rtp-lowlat"),
        "{err}"
    );
}
