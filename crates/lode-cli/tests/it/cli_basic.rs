//! End-to-end tests of the thin CLI: exit codes, one-line errors, no partial outputs.

use std::process::Command;

fn lode() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lode"))
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = lode().args(args).output().expect("run lode");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_one_line_error(stderr: &str, needle: &str) {
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "expected one stderr line, got {stderr:?}");
    assert!(lines[0].starts_with("error: "), "{stderr:?}");
    assert!(
        lines[0].contains(needle),
        "{stderr:?} should mention {needle:?}"
    );
}

#[test]
fn missing_file_is_bad_input() {
    let (code, _, err) = run(&["info", "/nonexistent/grid.tif"]);
    assert_eq!(code, 2);
    assert_one_line_error(&err, "/nonexistent/grid.tif");
}

#[test]
fn empty_file_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("empty.tif");
    std::fs::write(&p, b"").unwrap();
    let (code, _, err) = run(&["info", p.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_one_line_error(&err, "empty");
}

#[test]
fn garbage_file_is_bad_input_and_convert_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("garbage.bin");
    std::fs::write(&p, [0u8, 159, 146, 150, 0, 1, 2, 3, 255, 254]).unwrap();
    let out = dir.path().join("out.tif");
    let (code, _, err) = run(&["convert", p.to_str().unwrap(), out.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_one_line_error(&err, "garbage.bin");
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporaries left"
    );
}

#[test]
fn unknown_epsg_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("g.asc");
    std::fs::write(
        &p,
        "ncols 2\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\nNODATA_value -9999\n1 2\n3 4\n",
    )
    .unwrap();
    let out = dir.path().join("o.tif");
    let (code, _, err) = run(&[
        "convert",
        p.to_str().unwrap(),
        out.to_str().unwrap(),
        "--crs",
        "EPSG:999999",
    ]);
    assert_eq!(code, 2);
    assert_one_line_error(&err, "999999");
    assert!(!out.exists());
}

#[test]
fn unknown_format_name_is_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("g.asc");
    std::fs::write(
        &p,
        "ncols 1\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\n5\n",
    )
    .unwrap();
    let out = dir.path().join("o.xyz1");
    let (code, _, err) = run(&[
        "convert",
        p.to_str().unwrap(),
        out.to_str().unwrap(),
        "--format",
        "nosuchformat",
    ]);
    assert_eq!(code, 2);
    assert_one_line_error(&err, "nosuchformat");
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, _) = run(&["info"]);
    assert_eq!(code, 2);
    let (code, _, _) = run(&["nosuchcommand"]);
    assert_eq!(code, 2);
}

#[test]
fn info_json_on_esri_ascii() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("g.asc");
    std::fs::write(
        &p,
        "ncols 3\nnrows 2\nxllcorner 100\nyllcorner 200\ncellsize 10\nNODATA_value -9999\n1 2 3\n4 -9999 6\n",
    )
    .unwrap();
    let (code, out, err) = run(&["info", p.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["kind"], "grid");
    assert_eq!(v["format"], "AAIGrid");
    assert_eq!(v["cols"], 3);
    assert_eq!(v["rows"], 2);
    assert_eq!(v["valid"], 5);
    assert_eq!(v["nodata"], 1);
    assert_eq!(v["extent"], serde_json::json!([100.0, 200.0, 130.0, 220.0]));
    assert_eq!(v["cell_size"], serde_json::json!([10.0, 10.0]));
    assert_eq!(v["min"], 1.0);
    assert_eq!(v["max"], 6.0);
    assert_eq!(v["mean"], 3.2);
    assert!(v["crs"].is_null());
}

#[test]
fn convert_between_formats_and_reproject() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("g.asc");
    let mut text = String::from("ncols 20\nnrows 10\nxllcorner 500000\nyllcorner 7000000\ncellsize 100\nNODATA_value -9999\n");
    for r in 0..10 {
        let row: Vec<String> = (0..20).map(|c| format!("{}", r * 20 + c)).collect();
        text.push_str(&row.join(" "));
        text.push('\n');
    }
    std::fs::write(&src, text).unwrap();
    std::fs::write(
        dir.path().join("g.prj"),
        lode_core::Crs::from_epsg(32735).unwrap().wkt().unwrap(),
    )
    .unwrap();
    // Format conversion keeps every value and the geometry.
    for (name, fmt) in [
        ("g.tif", None),
        ("g.grd", Some("GS7BG")),
        ("g.nc", None),
        ("g.ers", None),
    ] {
        let out = dir.path().join(name);
        let mut args = vec!["convert", src.to_str().unwrap(), out.to_str().unwrap()];
        if let Some(f) = fmt {
            args.extend(["--format", f]);
        }
        let (code, _, err) = run(&args);
        assert_eq!(code, 0, "{name}: {err}");
        let a = lode_io::read_grid(&src).unwrap();
        let b = lode_io::read_grid(&out).unwrap();
        assert!(a.geometry.same_as(&b.geometry), "{name}");
        assert_eq!(a.values_f64(), b.values_f64(), "{name}");
    }
    // Reprojection to geographic coordinates: the grid lands at about 27°E, 27°S.
    let out = dir.path().join("ll.tif");
    let (code, _, err) = run(&[
        "convert",
        src.to_str().unwrap(),
        out.to_str().unwrap(),
        "--crs",
        "EPSG:4326",
        "--resampling",
        "nearest",
    ]);
    assert_eq!(code, 0, "{err}");
    let g = lode_io::read_grid(&out).unwrap();
    assert_eq!(g.crs.as_ref().and_then(|c| c.epsg()), Some(4326));
    let e = g.geometry.extent();
    assert!(
        e[0] > 26.9 && e[2] < 27.1 && e[1] > -27.2 && e[3] < -26.7,
        "{e:?}"
    );
    let s = g.stats();
    assert!(s.min >= 0.0 && s.max <= 199.0 && s.valid > 100, "{s:?}");
}
