//! `lode igrf` end to end: JSON keys, values equal to the library (validated against ppigrf and
//! igrf14syn in lode-geophys), one-line errors with exit code 2.

use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lode"))
        .args(args)
        .output()
        .expect("run lode");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn json_has_the_fields_and_matches_the_library() {
    let (code, out, err) = run(&[
        "igrf",
        "--lat",
        "-33.9",
        "--lon",
        "151.2",
        "--height-km",
        "0.1",
        "--date",
        "2025-06-01",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let b = lode_geophys::igrf::igrf_at_date("2025-06-01", -33.9, 151.2, 0.1).unwrap();
    for (k, want) in [
        ("north_nt", b.north_nt),
        ("east_nt", b.east_nt),
        ("down_nt", b.down_nt),
        ("total_nt", b.total_nt),
        ("inclination_deg", b.inclination_deg),
        ("declination_deg", b.declination_deg),
    ] {
        let got = v[k].as_f64().unwrap_or_else(|| panic!("missing {k}"));
        assert_eq!(got, want, "{k}");
    }
    // Sydney, mid-2025: declination about 12.8° E, inclination about −64.4°.
    assert!((b.declination_deg - 12.8).abs() < 0.1 && (b.inclination_deg + 64.4).abs() < 0.1);
}

#[test]
fn text_mode_prints_a_table() {
    let (code, out, _) = run(&[
        "igrf",
        "--lat",
        "60",
        "--lon",
        "-45",
        "--date",
        "1965-03-01",
    ]);
    assert_eq!(code, 0);
    for label in [
        "north (X)",
        "east (Y)",
        "down (Z)",
        "total (F)",
        "inclination (I)",
        "declination (D)",
    ] {
        assert!(out.contains(label), "{out}");
    }
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    for (args, needle) in [
        (
            vec!["igrf", "--lat", "91", "--lon", "0", "--date", "2020-01-01"],
            "latitude",
        ),
        (
            vec!["igrf", "--lat", "NaN", "--lon", "0", "--date", "2020-01-01"],
            "finite",
        ),
        (
            vec!["igrf", "--lat", "0", "--lon", "0", "--date", "1899-12-31"],
            "1899-12-31",
        ),
        (
            vec!["igrf", "--lat", "0", "--lon", "0", "--date", "2031-01-01"],
            "2031-01-01",
        ),
        (
            vec!["igrf", "--lat", "0", "--lon", "0", "--date", "2021-02-29"],
            "invalid date",
        ),
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty());
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 1, "{err}");
        assert!(
            lines[0].starts_with("error: ") && lines[0].contains(needle),
            "{err}"
        );
    }
}
