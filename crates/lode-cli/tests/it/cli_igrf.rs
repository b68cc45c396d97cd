//! `lode igrf` end to end: JSON keys, values equal to the library (validated against ppigrf and
//! igrf14syn in lode-geophys), one-line errors with exit code 2.

use crate::common::{lode, ok, one_line_error};

#[test]
fn json_has_the_fields_and_matches_the_library() {
    let out = ok(&lode(&[
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
    ]));
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
    let out = ok(&lode(&[
        "igrf",
        "--lat",
        "60",
        "--lon",
        "-45",
        "--date",
        "1965-03-01",
    ]));
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
    for (lat, date, needle) in [
        ("91", "2020-01-01", "latitude"),
        ("NaN", "2020-01-01", "finite"),
        ("0", "1899-12-31", "1899-12-31"),
        ("0", "2031-01-01", "2031-01-01"),
        ("0", "2021-02-29", "invalid date"),
    ] {
        let args = ["igrf", "--lat", lat, "--lon", "0", "--date", date];
        one_line_error(&lode(&args), needle);
    }
}
