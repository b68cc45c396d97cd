//! ASEG-GDF2: the hand-written fixture (tools/make_survey_fixtures.py) read through the .dat and
//! the .dfn, DEFN parsing (formats, repeats, units, nulls, PROJ) and bad input.

use std::path::{Path, PathBuf};

use lode_core::Error;
use lode_io::aseg_gdf::{parse, parse_dfn, parse_format};
use lode_io::SurveyOptions;

fn data(name: &str) -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/survey"
    ))
    .join(name)
}

#[test]
fn formats() {
    assert_eq!(parse_format("F10.2"), Some((1, 'F', 10, 2)));
    assert_eq!(parse_format("I5"), Some((1, 'I', 5, 0)));
    assert_eq!(parse_format("A4"), Some((1, 'A', 4, 0)));
    assert_eq!(parse_format("2F10.3"), Some((2, 'F', 10, 3)));
    assert_eq!(parse_format("256e12.4"), Some((256, 'E', 12, 4)));
    assert_eq!(parse_format("F0.1"), None);
    assert_eq!(parse_format("X5"), None);
}

#[test]
fn fixture_values() {
    for name in ["britain-gdf.dat", "britain-gdf.dfn"] {
        let d = lode_io::read_survey(&data(name), &SurveyOptions::default()).unwrap();
        assert_eq!(
            d.names,
            [
                "FIDUCIAL",
                "LONGITUDE",
                "LATITUDE",
                "ALT",
                "MAG",
                "TEST[0]",
                "TEST[1]"
            ]
        );
        assert_eq!(d.len(), 8);
        assert_eq!((d.x, d.y), (1, 2));
        assert_eq!(d.line_names, ["4002", "5003"]);
        assert_eq!(d.line.as_ref().unwrap(), &[0, 0, 0, 0, 1, 1, 1, 1]);
        assert_eq!(d.xs()[0], -6.62912);
        assert_eq!(d.ys()[7], 57.04488);
        let mag = d.column("MAG").unwrap();
        assert_eq!(mag[0], -520.0);
        assert!(mag[4].is_nan(), "NULL=-99999.0");
        assert_eq!(mag[5], -6.0);
        assert_eq!(d.column("FIDUCIAL").unwrap()[7], 1003.5);
        let t1 = d.column("TEST[1]").unwrap();
        assert_eq!(t1[0], 10.0);
        assert!(t1[1].is_nan());
        assert_eq!(d.units[4].as_deref(), Some("nT"));
        assert_eq!(d.units[3].as_deref(), Some("m"));
        assert_eq!(d.meta.extra["proj.DATUM"], "WGS84");
        assert_eq!(d.crs.as_ref().and_then(|c| c.epsg()), Some(4326));
    }
}

#[test]
fn dfn_records() {
    let def = parse_dfn(
        &std::fs::read(data("britain-gdf.dfn")).unwrap(),
        Path::new("a.dfn"),
    )
    .unwrap();
    assert_eq!(def.data_rt, "");
    let f = &def.records[""];
    assert_eq!(f.len(), 8);
    assert_eq!(f[7].repeat, 2);
    assert_eq!(f[2].null, Some(-999.99999));
    assert_eq!(f[2].description.as_deref(), Some("Longitude WGS 84"));
    assert_eq!(def.records["PROJ"].len(), 4);
}

#[test]
fn crs_names() {
    use lode_io::aseg_gdf::crs_from_proj;
    let p = |v: &str| crs_from_proj(&[("COORDSYS".into(), v.into())]).and_then(|c| c.epsg());
    assert_eq!(p("GDA94 / MGA zone 54"), Some(28354));
    assert_eq!(p("GDA2020 MGA55"), Some(7855));
    assert_eq!(p("WGS 84 / UTM zone 50S"), Some(32750));
    assert_eq!(p("WGS84 UTM 33N"), Some(32633));
    assert_eq!(p("AGD66 AMG zone 53"), Some(20253));
    assert_eq!(p("local grid"), None);
}

#[test]
fn whitespace_records_and_bad_input() {
    let dfn = b"DEFN 1 ST=RECD,RT=;X:F6.1\nDEFN 2 ST=RECD,RT=;Y:F6.1\nDEFN 3 ST=RECD,RT=;V:F5.1:NULL=-9.9\nDEFN 4 ST=RECD,RT=;END DEFN\n";
    let p = Path::new("t.dat");
    // Fixed width…
    let d = parse(
        dfn,
        b"   1.0   2.0  3.0\n   4.0   5.0 -9.9\n",
        p,
        &SurveyOptions::default(),
    )
    .unwrap();
    assert_eq!(d.columns[..2], [vec![1.0, 4.0], vec![2.0, 5.0]]);
    assert_eq!(d.columns[2][0], 3.0);
    assert!(d.columns[2][1].is_nan());
    // …or values that do not line up but split into the right count.
    let d = parse(dfn, b"1 2 3\n10.25 20.5 30\n", p, &SurveyOptions::default()).unwrap();
    assert_eq!(d.xs(), [1.0, 10.25]);
    let e = parse(
        dfn,
        b"   1.0   2.0  3.0\n   1.0   abc  3.0\n",
        p,
        &SurveyOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(e, Error::Input { .. }));
    assert!(
        e.to_string().contains("row 2") && e.to_string().contains("Y"),
        "{e}"
    );
    assert!(parse(b"", b"1 2 3\n", p, &SurveyOptions::default()).is_err());
    assert!(parse(
        b"DEFN 1 ST=RECD,RT=;X:Q6\n",
        b"1\n",
        p,
        &SurveyOptions::default()
    )
    .is_err());
    assert!(parse(dfn, b"", p, &SurveyOptions::default()).is_err());
    let no_xy = b"DEFN 1 ST=RECD,RT=;A:F6.1\nDEFN 2 ST=RECD,RT=;B:F6.1\n";
    let e = parse(no_xy, b"   1.0   2.0\n", p, &SurveyOptions::default()).unwrap_err();
    assert!(e.to_string().contains("no x/y"), "{e}");
}
