//! End-to-end tests of the thin CLI: exit codes, one-line errors, no partial outputs.

use std::path::Path;
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
    assert!(lines[0].contains(needle), "{stderr:?} should mention {needle:?}");
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
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporaries left");
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
    std::fs::write(&p, "ncols 1\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\n5\n").unwrap();
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
fn demo_is_deterministic() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for d in [a.path(), b.path()] {
        let (code, _, err) = run(&["demo", "--out", d.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
    }
    let ma = std::fs::read(a.path().join("delivery/manifest.json")).unwrap();
    let mb = std::fs::read(b.path().join("delivery/manifest.json")).unwrap();
    assert_eq!(ma, mb);
    for f in ["mag_tmi.tif", "mag_lines.csv", "geology.gpkg", "occurrences.geojson"] {
        assert!(Path::new(&a.path().join("delivery").join(f)).exists(), "{f}");
    }
    assert!(a.path().join("truth/deposits.geojson").exists());
}
