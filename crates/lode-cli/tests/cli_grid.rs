//! `lode grid` end to end on the real Britain cut.

use std::process::Command;

const CUT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/data/gridding/britain_cut_utm30n.csv"
);

#[test]
fn grids_real_line_data_with_crs_and_blanking() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b.tif");
    let o = Command::new(env!("CARGO_BIN_EXE_lode"))
        .args([
            "grid",
            CUT,
            out.to_str().unwrap(),
            "--z",
            "tmi_nt",
            "--crs-in",
            "EPSG:32630",
            "--cell",
            "1000",
            "--blank",
            "3000",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
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
        let o = Command::new(env!("CARGO_BIN_EXE_lode"))
            .args(["grid", CUT, out.to_str().unwrap()])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("error: "));
        assert!(!out.exists());
    }
}
