//! `lode filter`: chains, Harmonica-equivalent padding through the CLI, IGRF directions, and
//! bad input (one `error:` line, exit 2, no output file).

use std::path::Path;

use lode_core::{Crs, Grid, GridGeometry};

use crate::common::{data, epsg, lode, ok, refused, s, stderr, write_grid};

fn load(name: &str) -> Vec<f64> {
    std::fs::read(data(&format!("transforms/{name}.f32")))
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

/// Runs `lode filter INP OUT OPTIONS…`, asserting success; returns its stderr.
fn filter(inp: &Path, out: &Path, options: &[&str]) -> String {
    let o = lode(&[&["filter", s(inp), s(out)][..], options].concat());
    ok(&o);
    stderr(&o)
}

/// `--pad ramp --pad-width 32,42 --detrend none` reproduces what a Harmonica user does with
/// `xrft.pad(..., mode="linear_ramp")`: upward continuation within 1e-6 relative RMS (2-cell
/// margin) of Harmonica's, through an ESRI ASCII round trip.
#[test]
fn harmonica_padding_through_the_cli() {
    let d = tempfile::tempdir().unwrap();
    let inp = write_grid(d.path(), "in.asc", &prisms(None));
    let out = d.path().join("up.asc");
    filter(
        &inp,
        &out,
        &[
            "--op",
            "upcont:200",
            "--pad",
            "ramp",
            "--pad-width",
            "32,42",
            "--detrend",
            "none",
        ],
    );
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
    let inp = write_grid(d.path(), "in.asc", &prisms(None));
    let out = d.path().join("tilt.asc");
    let again = d.path().join("tilt2.asc");
    for o in [&out, &again] {
        filter(&inp, o, &["--op", "rtp,tilt", "--inc", "60", "--dec", "10"]);
    }
    let g = lode_io::read_grid(&out).unwrap();
    let v = g.values_f64();
    assert!(v
        .iter()
        .all(|x| x.abs() <= std::f64::consts::FRAC_PI_2 + 1e-6));
    assert!(v.iter().cloned().fold(f64::MIN, f64::max) > 1.0);
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
    let inp = write_grid(d.path(), "in.asc", &prisms(epsg(32754)));
    let out = d.path().join("rtp.asc");
    let err = filter(&inp, &out, &["--op", "rtp", "--date", "2020-01-01"]);
    assert!(err.contains("IGRF-14") && err.contains("I = -"), "{err}");
    assert!(out.exists());
}

#[test]
fn bad_input_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let inp = write_grid(d.path(), "in.asc", &prisms(None));
    let nan = Grid::new_f64(
        GridGeometry::new(8, 8, 0.0, 80.0, 10.0, 10.0).unwrap(),
        vec![f64::NAN; 64],
    )
    .unwrap();
    let nan_p = write_grid(d.path(), "nan.asc", &nan);
    let row = Grid::new_f64(
        GridGeometry::new(20, 1, 0.0, 10.0, 10.0, 10.0).unwrap(),
        vec![1.0; 20],
    )
    .unwrap();
    let row_p = write_grid(d.path(), "row.asc", &row);
    let missing = d.path().join("missing.asc");
    let out = d.path().join("out.asc");
    let (i, o) = (s(&inp), s(&out));
    for (args, expect) in [
        (&[i, o, "--op", "rtp,wobble"][..], "unknown op 'wobble'"),
        (&[i, o, "--op", "rtp"], "--inc"),
        (
            &[i, o, "--op", "rtp", "--inc", "3", "--dec", "0"],
            "rtp-lowlat",
        ),
        (&[i, o, "--op", "upcont:-3"], "positive"),
        (&[i, o, "--op", "rtp", "--date", "2020-01-01"], "no CRS"),
        (&[i, i, "--op", "dz"], "overwrite the input"),
        (&[i, o, "--op", "dz", "--pad", "sideways"], "padding mode"),
        (&[s(&nan_p), o, "--op", "dz"], "no valid value"),
        (&[s(&row_p), o, "--op", "dz"], "too small"),
        (&[s(&missing), o, "--op", "dz"], "missing.asc"),
    ] {
        refused(&[&["filter"][..], args].concat(), &out, expect);
    }

    let err = filter(&inp, &out, &["--op", "rtp", "--inc", "15", "--dec", "0"]);
    assert!(
        err.contains("warning:") && err.contains("rtp-lowlat"),
        "{err}"
    );
}
