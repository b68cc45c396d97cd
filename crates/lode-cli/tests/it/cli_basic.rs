//! End-to-end tests of the thin CLI: exit codes, one-line errors, no partial outputs.

use crate::common::{epsg, lode, ok, one_line_error, refused, s, write_file};

#[test]
fn missing_file_is_bad_input() {
    one_line_error(
        &lode(&["info", "/nonexistent/grid.tif"]),
        "/nonexistent/grid.tif",
    );
}

#[test]
fn empty_file_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let p = write_file(dir.path(), "empty.tif", b"");
    one_line_error(&lode(&["info", s(&p)]), "empty");
}

#[test]
fn garbage_file_is_bad_input_and_convert_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = write_file(
        dir.path(),
        "garbage.bin",
        [0u8, 159, 146, 150, 0, 1, 2, 3, 255, 254],
    );
    let out = dir.path().join("out.tif");
    refused(&["convert", s(&p), s(&out)], &out, "garbage.bin");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporaries left"
    );
}

/// `lode convert` of the ESRI ASCII grid `asc` to `out_name` with `option value` is refused
/// with one line naming `needle`, and writes nothing.
fn convert_refused(asc: &str, out_name: &str, option: &str, value: &str, needle: &str) {
    let dir = tempfile::tempdir().unwrap();
    let p = write_file(dir.path(), "g.asc", asc);
    let out = dir.path().join(out_name);
    refused(&["convert", s(&p), s(&out), option, value], &out, needle);
}

#[test]
fn unknown_epsg_is_bad_input() {
    convert_refused(
        "ncols 2\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\nNODATA_value -9999\n1 2\n3 4\n",
        "o.tif",
        "--crs",
        "EPSG:999999",
        "999999",
    );
}

#[test]
fn unknown_format_name_is_usage_error() {
    convert_refused(
        "ncols 1\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\n5\n",
        "o.xyz1",
        "--format",
        "nosuchformat",
        "nosuchformat",
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [&["info"][..], &["nosuchcommand"]] {
        assert_eq!(lode(args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn info_json_on_esri_ascii() {
    let dir = tempfile::tempdir().unwrap();
    let p = write_file(
        dir.path(),
        "g.asc",
        "ncols 3\nnrows 2\nxllcorner 100\nyllcorner 200\ncellsize 10\nNODATA_value -9999\n1 2 3\n4 -9999 6\n",
    );
    let out = ok(&lode(&["info", s(&p), "--json"]));
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
    let mut text = String::from("ncols 20\nnrows 10\nxllcorner 500000\nyllcorner 7000000\ncellsize 100\nNODATA_value -9999\n");
    for r in 0..10 {
        let row: Vec<String> = (0..20).map(|c| format!("{}", r * 20 + c)).collect();
        text.push_str(&row.join(" "));
        text.push('\n');
    }
    let src = write_file(dir.path(), "g.asc", text);
    write_file(dir.path(), "g.prj", epsg(32735).unwrap().wkt().unwrap());
    // Format conversion keeps every value and the geometry.
    for (name, fmt) in [
        ("g.tif", None),
        ("g.grd", Some("GS7BG")),
        ("g.nc", None),
        ("g.ers", None),
    ] {
        let out = dir.path().join(name);
        let mut args = vec!["convert", s(&src), s(&out)];
        if let Some(f) = fmt {
            args.extend(["--format", f]);
        }
        ok(&lode(&args));
        let a = lode_io::read_grid(&src).unwrap();
        let b = lode_io::read_grid(&out).unwrap();
        assert!(a.geometry.same_as(&b.geometry), "{name}");
        assert_eq!(a.values_f64(), b.values_f64(), "{name}");
    }
    // Reprojection to geographic coordinates: the grid lands at about 27°E, 27°S.
    let out = dir.path().join("ll.tif");
    ok(&lode(&[
        "convert",
        s(&src),
        s(&out),
        "--crs",
        "EPSG:4326",
        "--resampling",
        "nearest",
    ]));
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
