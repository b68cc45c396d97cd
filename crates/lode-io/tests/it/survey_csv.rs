//! CSV / XYZ survey data: the BGS Britain aeromagnetic cut, a Geosoft XYZ export, delimiters,
//! column selection and errors that name the row and column.

use std::path::{Path, PathBuf};

use lode_core::Error;
use lode_io::csv_xyz::{parse, SurveyOptions};

fn data(name: &str) -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/survey"
    ))
    .join(name)
}

fn opts() -> SurveyOptions {
    SurveyOptions::default()
}

#[test]
fn britain_cut() {
    let d = lode_io::read_survey(&data("britain-magnetic-cut.csv"), &opts()).unwrap();
    assert_eq!(d.len(), 2000);
    assert_eq!(
        d.names,
        [
            "longitude",
            "latitude",
            "altitude_m",
            "total_field_anomaly_nt"
        ]
    );
    assert_eq!((d.x, d.y), (0, 1));
    // First and last rows of the file.
    assert_eq!(d.xs()[0], -6.62912);
    assert_eq!(d.ys()[0], 57.04067);
    assert_eq!(d.column("total_field_anomaly_nt").unwrap()[0], -520.0);
    assert_eq!(d.xs()[1999], -5.97606);
    assert_eq!(d.column("altitude_m").unwrap()[1999], 392.0);
    assert_eq!(d.line_names, ["FL-4-2", "FL-5-3", "FL-6-1"]);
    let line = d.line.as_ref().unwrap();
    assert_eq!(line.iter().filter(|&&l| l == 0).count(), 920);
    assert_eq!(line.iter().filter(|&&l| l == 1).count(), 714);
    assert_eq!(line[1999], 2);
    assert_eq!(d.meta.extra["text_columns"], "survey_area");
    // Choosing columns by name and by 0-based index among all the file's columns.
    let o = SurveyOptions {
        x: Some("latitude".into()),
        y: Some("4".into()),
        z: Some("total_field_anomaly_nt".into()),
        ..opts()
    };
    let d = lode_io::read_survey(&data("britain-magnetic-cut.csv"), &o).unwrap();
    assert_eq!(d.xs()[0], 57.04067);
    assert_eq!(d.ys()[0], 360.0);
    assert_eq!(d.z, Some(3));
}

#[test]
fn geosoft_xyz() {
    let d = lode_io::read_survey(&data("britain-xyz.xyz"), &opts()).unwrap();
    assert_eq!(d.names, ["longitude", "latitude", "altitude_m", "mag_nt"]);
    assert_eq!(d.len(), 10);
    assert_eq!(d.line_names, ["L4002", "T5003"]);
    assert_eq!(d.line.as_ref().unwrap(), &[0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    let mag = d.column("mag_nt").unwrap();
    assert_eq!(mag[0], -520.0);
    assert!(mag[7].is_nan(), "* is a dummy");
    assert_eq!(d.xs()[9], -6.02128);
}

#[test]
fn delimiters_and_headerless() {
    let p = Path::new("t.csv");
    for text in [
        "x;y;val\n1,5;2;3\n",
        "x\ty\tval\n1.5\t2\t3\n",
        "  x   y   val\n 1.5  2  3\n",
        "E,N,val\r\n1.5,2,3\r\n",
        "\u{feff}Easting,Northing,val\n\"1.5\",2,3\n",
    ] {
        let d = parse(text.as_bytes(), p, &opts());
        if text.starts_with("x;") {
            // A decimal comma is not supported: the error names the row and the column.
            let e = d.unwrap_err().to_string();
            assert!(e.contains("row 2") && e.contains("\"x\""), "{e}");
            continue;
        }
        let d = d.unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(
            (d.xs()[0], d.ys()[0], d.columns[2][0]),
            (1.5, 2.0, 3.0),
            "{text:?}"
        );
    }
    let d = parse(b"1 2 3\n4 5 6\n\n7 8 9\n", p, &opts()).unwrap();
    assert_eq!(d.names, ["c0", "c1", "c2"]);
    assert_eq!(d.z, Some(2));
    assert_eq!(d.ys(), [2.0, 5.0, 8.0]);
    // Empty, "*" and the nodata value are NaN.
    let o = SurveyOptions {
        nodata: Some(-99999.0),
        ..opts()
    };
    let d = parse(b"x,y,v\n1,2,\n3,4,*\n5,6,-99999\n", p, &o).unwrap();
    assert!(d.columns[2].iter().all(|v| v.is_nan()));
}

#[test]
fn errors_name_file_row_and_column() {
    let p = Path::new("survey.csv");
    let e = parse(b"x,y,mag\n1,2,3\n4,5,abc\n", p, &opts()).unwrap_err();
    assert!(matches!(e, Error::Input { .. }));
    let m = e.to_string();
    assert!(
        m.contains("survey.csv")
            && m.contains("row 3")
            && m.contains("\"mag\"")
            && m.contains("abc"),
        "{m}"
    );
    let e = parse(b"a,b,c\n1,2,3\n", p, &opts()).unwrap_err();
    assert!(
        matches!(e, Error::Input { .. }) && e.to_string().contains("no x/y"),
        "{e}"
    );
    let e = parse(b"x,y\n1,2\n3\n", p, &opts()).unwrap_err();
    assert!(e.to_string().contains("row 3"), "{e}");
    let e = parse(b"", p, &opts()).unwrap_err();
    assert!(matches!(e, Error::Input { .. }));
    let e = parse(
        b"x,y\n",
        p,
        &SurveyOptions {
            x: Some("lon".into()),
            ..opts()
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("lon"), "{e}");
    assert!(parse(b"\xff\xfe\x00garbage", p, &opts()).is_err());
}

#[test]
fn errors_in_later_chunks_have_file_rows() {
    // > 1 MiB so the body is split into several chunks parsed in parallel.
    let mut s = String::from("# comment\nx,y,line\n");
    for i in 0..120_000 {
        s.push_str(&format!("{i}.5,{},{}\n", i * 2, i / 1000));
    }
    s.push_str("1,oops,7\n");
    let e = parse(s.as_bytes(), Path::new("big.csv"), &opts())
        .unwrap_err()
        .to_string();
    assert!(e.contains("row 120003") && e.contains("\"y\""), "{e}");
    let ok = parse(
        s.rsplit_once("1,oops").unwrap().0.as_bytes(),
        Path::new("big.csv"),
        &opts(),
    )
    .unwrap();
    assert_eq!(ok.len(), 120_000);
    assert_eq!(ok.line_names.len(), 120);
    assert_eq!(ok.line.as_ref().unwrap()[119_999], 119);
    assert_eq!(ok.xs()[119_999], 119_999.5);
}

/// Speed on the full Britain file (541,509 rows): set LODE_BRITAIN_CSV to the decompressed file.
#[test]
#[ignore]
fn britain_full_speed() {
    let Ok(p) = std::env::var("LODE_BRITAIN_CSV") else {
        return;
    };
    let t = std::time::Instant::now();
    let d = lode_io::read_survey(Path::new(&p), &opts()).unwrap();
    let dt = t.elapsed();
    eprintln!(
        "parsed {} rows, {} lines in {:.3} s",
        d.len(),
        d.line_names.len(),
        dt.as_secs_f64()
    );
    assert_eq!(d.len(), 541_508);
}
