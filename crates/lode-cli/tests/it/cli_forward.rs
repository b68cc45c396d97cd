//! `lode forward` end to end: node layout, values equal to the library (validated against
//! Harmonica in lode-geophys), IGRF-driven induction, one-line errors with exit code 2 and no output.

use std::path::{Path, PathBuf};
use std::process::Command;

use lode_geophys::prism::{
    gravity_gz_single, induced_magnetisation, magnetic_single, read_prisms, total_field_anomaly,
};

const MODEL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/data/prism/model_cli.csv"
);

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

/// Read an ESRI ASCII grid: (ncols, nrows, xll, yll, cellsize, values row 0 = north).
fn read_asc(p: &Path) -> (usize, usize, f64, f64, f64, Vec<f64>) {
    let text = std::fs::read_to_string(p).unwrap();
    let mut head = std::collections::HashMap::new();
    let mut vals = Vec::new();
    for line in text.lines() {
        let mut it = line.split_whitespace();
        let first = it.next().unwrap_or("");
        if first
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        {
            head.insert(
                first.to_ascii_lowercase(),
                it.next().unwrap().parse::<f64>().unwrap(),
            );
        } else {
            vals.extend(line.split_whitespace().map(|s| s.parse::<f64>().unwrap()));
        }
    }
    (
        head["ncols"] as usize,
        head["nrows"] as usize,
        head["xllcorner"],
        head["yllcorner"],
        head["cellsize"],
        vals,
    )
}

fn out_path(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

#[test]
fn gravity_grid_nodes_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let out = out_path(&dir, "g.asc");
    let (code, stdout, err) = run(&[
        "forward",
        MODEL,
        "--field",
        "gravity",
        "--region",
        "-1000,1000,-500,700",
        "--spacing",
        "100",
        "--height",
        "50",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("21 × 13"), "{stdout}");
    let (nc, nr, xll, yll, cs, v) = read_asc(&out);
    assert_eq!((nc, nr), (21, 13));
    assert_eq!((xll, yll, cs), (-1050.0, -550.0, 100.0));
    let t = read_prisms(Path::new(MODEL)).unwrap();
    for (col, row) in [(0, 0), (10, 7), (20, 12), (13, 5)] {
        let p = [
            -1000.0 + col as f64 * 100.0,
            700.0 - row as f64 * 100.0,
            50.0,
        ];
        let want: f64 = t
            .prisms
            .iter()
            .zip(&t.density)
            .map(|(q, &d)| gravity_gz_single(p, q, d))
            .sum();
        let got = v[row * nc + col];
        assert!(
            (got - want).abs() <= 1e-12 * want.abs().max(1e-9),
            "({col},{row}): {got} vs {want}"
        );
    }
}

/// GeoTIFF output: cell centres on the nodes, same values as the ASCII grid, byte-identical reruns.
#[test]
fn geotiff_output_is_node_centred_and_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let tif = out_path(&dir, "g.tif");
    let asc = out_path(&dir, "g.asc");
    let args = |o: &Path| -> Vec<String> {
        [
            "forward",
            MODEL,
            "--field",
            "gravity",
            "--region",
            "-1000,1000,-500,700",
            "--spacing",
            "100",
            "--height",
            "50",
            "--crs",
            "EPSG:32750",
            "--out",
            o.to_str().unwrap(),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    for o in [&tif, &asc] {
        let a = args(o);
        let (code, _, err) = run(&a.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(code, 0, "{err}");
    }
    let first = std::fs::read(&tif).unwrap();
    let a = args(&tif);
    let (code, _, err) = run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        first,
        std::fs::read(&tif).unwrap(),
        "rerun is not byte-identical"
    );
    let g = lode_io::read_grid(&tif).unwrap();
    assert_eq!((g.geometry.cols, g.geometry.rows), (21, 13));
    assert_eq!(
        (g.geometry.x0, g.geometry.y0, g.geometry.dx),
        (-1050.0, 750.0, 100.0)
    );
    assert_eq!(g.values.len(), 21 * 13);
    let (_, _, _, _, _, v) = read_asc(&asc);
    let t = g.values.as_f64();
    for (a, b) in t.iter().zip(&v) {
        assert!((a - b).abs() <= 1e-12 * b.abs().max(1e-9));
    }
}

#[test]
fn magnetic_grid_with_given_field_and_with_igrf() {
    let dir = tempfile::tempdir().unwrap();
    let t = read_prisms(Path::new(MODEL)).unwrap();
    let b = lode_geophys::igrf::igrf_at_date("2024-03-15", -31.0, 121.5, 0.1).unwrap();
    let (inc, dec, f) = (b.inclination_deg, b.declination_deg, b.total_nt);
    let o1 = out_path(&dir, "m1.asc");
    let o2 = out_path(&dir, "m2.asc");
    let (c1, _, e1) = run(&[
        "forward",
        MODEL,
        "--field",
        "magnetic",
        "--region",
        "-1000,1000,-1000,1000",
        "--spacing",
        "250",
        "--height",
        "100",
        "--inc",
        &inc.to_string(),
        "--dec",
        &dec.to_string(),
        "--intensity",
        &f.to_string(),
        "--out",
        o1.to_str().unwrap(),
    ]);
    assert_eq!(c1, 0, "{e1}");
    let (c2, _, e2) = run(&[
        "forward",
        MODEL,
        "--field",
        "magnetic",
        "--region",
        "-1000,1000,-1000,1000",
        "--spacing",
        "250",
        "--height",
        "100",
        "--date",
        "2024-03-15",
        "--lat",
        "-31",
        "--lon",
        "121.5",
        "--out",
        o2.to_str().unwrap(),
    ]);
    assert_eq!(c2, 0, "{e2}");
    let (nc, nr, _, _, _, v1) = read_asc(&o1);
    let (_, _, _, _, _, v2) = read_asc(&o2);
    assert_eq!((nc, nr), (9, 9));
    for (a, b) in v1.iter().zip(&v2) {
        assert!((a - b).abs() <= 1e-9 * a.abs().max(1e-6));
    }
    for (col, row) in [(0, 0), (4, 4), (8, 3)] {
        let p = [
            -1000.0 + col as f64 * 250.0,
            1000.0 - row as f64 * 250.0,
            100.0,
        ];
        let mut bsum = [0.0; 3];
        for (k, q) in t.prisms.iter().enumerate() {
            let m = induced_magnetisation(t.susceptibility[k], inc, dec, f);
            let r = t.remanent[k];
            let bi = magnetic_single(p, q, [m[0] + r[0], m[1] + r[1], m[2] + r[2]]);
            (0..3).for_each(|c| bsum[c] += bi[c]);
        }
        let want = total_field_anomaly(bsum, inc, dec);
        let got = v1[row * nc + col];
        assert!(
            (got - want).abs() <= 1e-9 * want.abs().max(1e-6),
            "({col},{row}): {got} vs {want}"
        );
    }
}

fn expect_error(args: &[&str], out: &Path, needle: &str) {
    let (code, stdout, err) = run(args);
    assert_eq!(code, 2, "{args:?}: {err}");
    assert!(stdout.is_empty(), "{stdout}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].starts_with("error: ") && lines[0].contains(needle),
        "{err} should mention {needle}"
    );
    assert!(!out.exists(), "partial output left behind");
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = out_path(&dir, "x.asc");
    let o = out.to_str().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    let hdr = "west,east,south,north,bottom,top,density,susceptibility\n";
    let nan = write("nan.csv", &format!("{hdr}0,1,0,1,-2,-1,NaN,0\n"));
    let text = write(
        "text.csv",
        &format!("{hdr}0,1,0,1,-2,-1,300,0\n0,1,0,abc,-2,-1,300,0\n"),
    );
    let missing = write(
        "missing.csv",
        "west,east,south,north,bottom,top,density\n0,1,0,1,-2,-1,300\n",
    );
    let flipped = write("flipped.csv", &format!("{hdr}5,1,0,1,-2,-1,300,0\n"));
    let g = [
        "--field",
        "gravity",
        "--spacing",
        "100",
        "--height",
        "0",
        "--out",
        o,
    ];
    let with = |file: &str, region: &str, extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = vec![
            "forward".into(),
            file.into(),
            "--region".into(),
            region.into(),
        ];
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let cases: Vec<(Vec<String>, &str)> = vec![
        (with(MODEL, "1000,-1000,-500,500", &g), "west < east"),
        (with(MODEL, "-1000,1000,500,500", &g), "south < north"),
        (with(MODEL, "-1000,1000,NaN,500", &g), "finite"),
        (with(MODEL, "-1000,1000,-500", &g), "W,E,S,N"),
        (with(&nan, "-10,10,-10,10", &g), "line 2"),
        (with(&text, "-10,10,-10,10", &g), "line 3"),
        (with(&missing, "-10,10,-10,10", &g), "susceptibility"),
        (with(&flipped, "-10,10,-10,10", &g), "west < east"),
        (
            with("/nonexistent/m.csv", "-10,10,-10,10", &g),
            "/nonexistent/m.csv",
        ),
        // node (0, 0, -200) inside the first block
        (
            with(
                MODEL,
                "-1000,1000,-1000,1000",
                &[
                    "--field",
                    "gravity",
                    "--spacing",
                    "100",
                    "--height",
                    "-200",
                    "--out",
                    o,
                ],
            ),
            "inside",
        ),
        (
            with(
                MODEL,
                "-1000,1000,-1000,1000",
                &[
                    "--field",
                    "magnetic",
                    "--spacing",
                    "100",
                    "--height",
                    "100",
                    "--date",
                    "2031-06-01",
                    "--lat",
                    "0",
                    "--lon",
                    "0",
                    "--out",
                    o,
                ],
            ),
            "2031-06-01",
        ),
        (
            with(
                MODEL,
                "-1000,1000,-1000,1000",
                &[
                    "--field",
                    "magnetic",
                    "--spacing",
                    "100",
                    "--height",
                    "100",
                    "--date",
                    "2020-06-01",
                    "--out",
                    o,
                ],
            ),
            "--crs",
        ),
        (
            with(
                MODEL,
                "-1000,1000,-1000,1000",
                &[
                    "--field",
                    "magnetic",
                    "--spacing",
                    "100",
                    "--height",
                    "100",
                    "--out",
                    o,
                ],
            ),
            "--inc",
        ),
        (
            with(
                MODEL,
                "-1000,1000,-1000,1000",
                &[
                    "--field",
                    "gravity",
                    "--spacing",
                    "0",
                    "--height",
                    "100",
                    "--out",
                    o,
                ],
            ),
            "--spacing",
        ),
    ];
    for (args, needle) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        expect_error(&args, &out, needle);
    }
    assert!(text.ends_with("text.csv"));
}
