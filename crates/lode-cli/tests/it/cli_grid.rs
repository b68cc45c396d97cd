//! `lode grid` end to end on the real Britain cut.

use std::path::Path;
use std::process::Output;

use crate::common::{data, lode, ok, one_line_error, s, stderr};

/// Runs `lode grid CUT OUT OPTIONS…` on the Britain cut.
fn grid(out: &Path, options: &[&str]) -> Output {
    let cut = data("gridding/britain_cut_utm30n.csv");
    lode(&[&["grid", s(&cut), s(out)][..], options].concat())
}

/// [`grid`] of the total field on a 1 km grid in UTM zone 30N, with `extra` options.
fn tmi(out: &Path, extra: &[&str]) -> Output {
    let options = ["--z", "tmi_nt", "--crs-in", "EPSG:32630", "--cell", "1000"];
    grid(out, &[&options[..], extra].concat())
}

#[test]
fn grids_real_line_data_with_crs_and_blanking() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b.tif");
    ok(&tmi(&out, &["--blank", "3000"]));
    let g = lode_io::read_grid(&out).unwrap();
    assert_eq!(g.crs.as_ref().and_then(|c| c.epsg()), Some(32630));
    assert_eq!((g.geometry.dx, g.geometry.dy), (1000.0, 1000.0));
    let s = g.stats();
    // The survey's anomalies span about −100 to +130 nT; corners far from lines are blanked.
    assert!(s.min > -150.0 && s.max < 200.0 && s.nodata > 0, "{s:?}");
}

#[test]
fn bad_column_and_missing_crs_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b.tif");
    for args in [
        vec!["--z", "nosuch", "--cell", "1000"],
        vec!["--z", "tmi_nt", "--cell", "1000", "--crs", "EPSG:4326"],
        vec!["--z", "tmi_nt", "--cell=-5"],
    ] {
        one_line_error(&grid(&out, &args), "");
        assert!(!out.exists(), "{args:?}");
    }
}

/// Bi-directional gridding of the real flight lines: the line direction is found, the grid
/// matches minimum curvature on the same lines broadly (correlation), and a point file without a
/// an unknown method is refused with one line.
#[test]
fn bigrid_grids_real_flight_lines() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("bigrid.tif");
    let m = dir.path().join("mincurv.tif");
    let o = tmi(
        &b,
        &["--method", "bigrid", "--line", "line", "--blank", "3000"],
    );
    ok(&o);
    assert!(stderr(&o).contains("traverse lines"), "{}", stderr(&o));
    ok(&tmi(&m, &["--blank", "3000"]));
    let (gb, gm) = (
        lode_io::read_grid(&b).unwrap(),
        lode_io::read_grid(&m).unwrap(),
    );
    let (vb, vm) = (gb.values_f64(), gm.values_f64());
    let mut pairs = vec![];
    for r in 0..gb.rows() {
        for c in 0..gb.cols() {
            let (x, y) = gb.geometry.cell_center(c, r);
            let (cm, rm) = gm.geometry.xy_to_pixel(x, y);
            let (cm, rm) = (cm.floor() as usize, rm.floor() as usize);
            if cm < gm.cols() && rm < gm.rows() {
                let (p, q) = (vb[r * gb.cols() + c], vm[rm * gm.cols() + cm]);
                if p.is_finite() && q.is_finite() {
                    pairs.push((p, q));
                }
            }
        }
    }
    let n = pairs.len() as f64;
    let (ma, mb) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let cov: f64 = pairs.iter().map(|p| (p.0 - ma) * (p.1 - mb)).sum();
    let va: f64 = pairs.iter().map(|p| (p.0 - ma).powi(2)).sum();
    let vb2: f64 = pairs.iter().map(|p| (p.1 - mb).powi(2)).sum();
    let corr = cov / (va * vb2).sqrt();
    assert!(
        pairs.len() > 500 && corr > 0.9,
        "{} nodes, corr {corr}",
        pairs.len()
    );

    std::fs::remove_file(&b).unwrap();
    one_line_error(&tmi(&b, &["--method", "kriging"]), "bigrid");
    assert!(!b.exists());
}
