//! `lode forward` end to end: node layout, values equal to the library (validated against
//! Harmonica in lode-geophys), IGRF-driven induction, one-line errors with exit code 2 and no output.

use std::path::{Path, PathBuf};
use std::process::Output;

use lode_geophys::prism::{
    gravity_gz_single, induced_magnetisation, magnetic_single, read_prisms, total_field_anomaly,
};

use crate::common::{data, lode, ok, one_line_error, s, write_file};

fn model() -> PathBuf {
    data("prism/model_cli.csv")
}

/// Runs `lode forward MODEL OPTIONS… --out OUT`, `options` separated by white space.
fn forward(model: &Path, options: &str, out: &Path) -> Output {
    let mut args = vec!["forward", s(model)];
    args.extend(options.split_whitespace());
    args.extend(["--out", s(out)]);
    lode(&args)
}

/// The gravity grid of the first two tests: 21 × 13 nodes 100 m apart, 50 m up.
const GRAVITY: &str = "--field gravity --region -1000,1000,-500,700 --spacing 100 --height 50";

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

/// Asserts that the row-major values `v` (`nc` columns) equal `want(x, y, z)` at the grid
/// `nodes` (col, row) within `rel · max(|want|, floor)`, `[rel, floor]` = `tol`: node (col, row)
/// lies at x = west + col·spacing, y = north − row·spacing, z = height, with
/// `[west, north, spacing, height]` = `grid`.
fn check_nodes(
    v: &[f64],
    nc: usize,
    grid: [f64; 4],
    nodes: &[(usize, usize)],
    tol: [f64; 2],
    want: impl Fn([f64; 3]) -> f64,
) {
    let [west, north, spacing, height] = grid;
    let [rel, floor] = tol;
    for &(col, row) in nodes {
        let p = [
            west + col as f64 * spacing,
            north - row as f64 * spacing,
            height,
        ];
        let (got, want) = (v[row * nc + col], want(p));
        assert!(
            (got - want).abs() <= rel * want.abs().max(floor),
            "({col},{row}): {got} vs {want}"
        );
    }
}

#[test]
fn gravity_grid_nodes_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.asc");
    let stdout = ok(&forward(&model(), GRAVITY, &out));
    assert!(stdout.contains("21 × 13"), "{stdout}");
    let (nc, nr, xll, yll, cs, v) = read_asc(&out);
    assert_eq!((nc, nr), (21, 13));
    assert_eq!((xll, yll, cs), (-1050.0, -550.0, 100.0));
    let t = read_prisms(&model()).unwrap();
    let want = |p: [f64; 3]| -> f64 {
        t.prisms
            .iter()
            .zip(&t.density)
            .map(|(q, &d)| gravity_gz_single(p, q, d))
            .sum()
    };
    let nodes = [(0, 0), (10, 7), (20, 12), (13, 5)];
    check_nodes(
        &v,
        nc,
        [-1000.0, 700.0, 100.0, 50.0],
        &nodes,
        [1e-12, 1e-9],
        want,
    );
}

/// GeoTIFF output: cell centres on the nodes, same values as the ASCII grid, byte-identical reruns.
#[test]
fn geotiff_output_is_node_centred_and_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let tif = dir.path().join("g.tif");
    let asc = dir.path().join("g.asc");
    let options = format!("{GRAVITY} --crs EPSG:32750");
    for o in [&tif, &asc] {
        ok(&forward(&model(), &options, o));
    }
    let first = std::fs::read(&tif).unwrap();
    ok(&forward(&model(), &options, &tif));
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
    let t = read_prisms(&model()).unwrap();
    let b = lode_geophys::igrf::igrf_at_date("2024-03-15", -31.0, 121.5, 0.1).unwrap();
    let (inc, dec, f) = (b.inclination_deg, b.declination_deg, b.total_nt);
    let o1 = dir.path().join("m1.asc");
    let o2 = dir.path().join("m2.asc");
    let mag = "--field magnetic --region -1000,1000,-1000,1000 --spacing 250 --height 100";
    ok(&forward(
        &model(),
        &format!("{mag} --inc {inc} --dec {dec} --intensity {f}"),
        &o1,
    ));
    ok(&forward(
        &model(),
        &format!("{mag} --date 2024-03-15 --lat -31 --lon 121.5"),
        &o2,
    ));
    let (nc, nr, _, _, _, v1) = read_asc(&o1);
    let (_, _, _, _, _, v2) = read_asc(&o2);
    assert_eq!((nc, nr), (9, 9));
    for (a, b) in v1.iter().zip(&v2) {
        assert!((a - b).abs() <= 1e-9 * a.abs().max(1e-6));
    }
    let want = |p: [f64; 3]| -> f64 {
        let mut bsum = [0.0; 3];
        for (k, q) in t.prisms.iter().enumerate() {
            let m = induced_magnetisation(t.susceptibility[k], inc, dec, f);
            let r = t.remanent[k];
            let bi = magnetic_single(p, q, [m[0] + r[0], m[1] + r[1], m[2] + r[2]]);
            (0..3).for_each(|c| bsum[c] += bi[c]);
        }
        total_field_anomaly(bsum, inc, dec)
    };
    let nodes = [(0, 0), (4, 4), (8, 3)];
    check_nodes(
        &v1,
        nc,
        [-1000.0, 1000.0, 250.0, 100.0],
        &nodes,
        [1e-9, 1e-6],
        want,
    );
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.asc");
    let write = |name: &str, text: &str| write_file(dir.path(), name, text);
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
    let nowhere = PathBuf::from("/nonexistent/m.csv");
    let m = model();
    let g = "--field gravity --spacing 100 --height 0";
    let g_small = format!("--region -10,10,-10,10 {g}");
    let all = "--region -1000,1000,-1000,1000 --spacing 100";
    let cases = [
        (
            &m,
            format!("--region 1000,-1000,-500,500 {g}"),
            "west < east",
        ),
        (
            &m,
            format!("--region -1000,1000,500,500 {g}"),
            "south < north",
        ),
        (&m, format!("--region -1000,1000,NaN,500 {g}"), "finite"),
        (&m, format!("--region -1000,1000,-500 {g}"), "W,E,S,N"),
        (&nan, g_small.clone(), "line 2"),
        (&text, g_small.clone(), "line 3"),
        (&missing, g_small.clone(), "susceptibility"),
        (&flipped, g_small.clone(), "west < east"),
        (&nowhere, g_small, "/nonexistent/m.csv"),
        // node (0, 0, -200) inside the first block
        (&m, format!("{all} --field gravity --height -200"), "inside"),
        (
            &m,
            format!("{all} --field magnetic --height 100 --date 2031-06-01 --lat 0 --lon 0"),
            "2031-06-01",
        ),
        (
            &m,
            format!("{all} --field magnetic --height 100 --date 2020-06-01"),
            "--crs",
        ),
        (&m, format!("{all} --field magnetic --height 100"), "--inc"),
        (
            &m,
            "--region -1000,1000,-1000,1000 --field gravity --spacing 0 --height 100".into(),
            "--spacing",
        ),
    ];
    for (file, options, needle) in cases {
        one_line_error(&forward(file, &options, &out), needle);
        assert!(!out.exists(), "{options}: partial output left behind");
    }
    assert!(text.ends_with("text.csv"));
}

/// The CSV written with --points: header and rows as (name → column) maps.
fn read_points(p: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(p).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().split(',').map(String::from).collect();
    let rows = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    (header, rows)
}

/// Observation points from a file (heights from a column or a constant) and draped over a DEM:
/// the values equal the library at the same points; bad heights and uncovered points refused.
#[test]
fn points_columns_and_drape() {
    let dir = tempfile::tempdir().unwrap();
    let t = read_prisms(&model()).unwrap();
    let gz = |p: [f64; 3]| -> f64 {
        t.prisms
            .iter()
            .zip(&t.density)
            .map(|(q, &d)| gravity_gz_single(p, q, d))
            .sum()
    };
    let mut csv = String::from("line,x,y,z\n");
    let mut pts = Vec::new();
    for (line, y) in [("L10", -150.0), ("L20", 250.0)] {
        for i in 0..9 {
            let p = [-800.0 + 200.0 * i as f64, y, 30.0 + 5.0 * i as f64];
            csv.push_str(&format!("{line},{},{},{}\n", p[0], p[1], p[2]));
            pts.push((line, p));
        }
    }
    let lines = write_file(dir.path(), "lines.csv", &csv);
    let out = dir.path().join("g.csv");
    let o = forward(
        &model(),
        &format!("--field gravity --points {} --z-column z", s(&lines)),
        &out,
    );
    assert!(ok(&o).contains("18 points"));
    let (header, rows) = read_points(&out);
    assert_eq!(header, ["line", "x", "y", "z", "gz_mgal"]);
    for ((line, p), row) in pts.iter().zip(&rows) {
        assert_eq!(row[0], *line);
        let got: f64 = row[4].parse().unwrap();
        assert!((got - gz(*p)).abs() <= 1e-6, "{p:?}: {got} vs {}", gz(*p));
    }

    // magnetic along the same points at a constant height: the library's ΔT
    let out = dir.path().join("m.csv");
    let opts = format!(
        "--field magnetic --points {} --height 60 --inc 60 --dec 10 --intensity 50000",
        s(&lines)
    );
    ok(&forward(&model(), &opts, &out));
    let (header, rows) = read_points(&out);
    assert_eq!(header.last().unwrap(), "dt_nt");
    for ((_, p), row) in pts.iter().zip(&rows) {
        let q = [p[0], p[1], 60.0];
        let b = t
            .prisms
            .iter()
            .zip(t.susceptibility.iter().zip(&t.remanent))
            .map(|(pr, (&k, r))| {
                let m = induced_magnetisation(k, 60.0, 10.0, 50_000.0);
                magnetic_single(q, pr, [m[0] + r[0], m[1] + r[1], m[2] + r[2]])
            })
            .fold([0.0; 3], |a, b| [a[0] + b[0], a[1] + b[1], a[2] + b[2]]);
        let want = total_field_anomaly(b, 60.0, 10.0);
        let got: f64 = row[4].parse().unwrap();
        assert!(
            (got - want).abs() <= 1e-6 * want.abs().max(1.0),
            "{got} vs {want}"
        );
    }

    // a draped grid: a tilted DEM (z = 20 + 0.02 x) + 40 m at every node
    let geom = lode_core::GridGeometry::new(30, 20, -1500.0, 1000.0, 100.0, 100.0).unwrap();
    let centres: Vec<f64> = (0..geom.len())
        .map(|i| 20.0 + 0.02 * geom.cell_center(i % 30, i / 30).0)
        .collect();
    let dem = crate::common::write_grid(
        dir.path(),
        "dem.tif",
        &lode_core::Grid::new_f64(geom, centres).unwrap(),
    );
    let out = dir.path().join("drape.asc");
    let opts = format!(
        "--field gravity --region -1000,1000,-500,700 --spacing 100 --drape {} --clearance 40",
        s(&dem)
    );
    assert!(ok(&forward(&model(), &opts, &out)).contains("40 m above the DEM"));
    let (nc, _, _, _, _, v) = read_asc(&out);
    for (col, row) in [(0, 0), (10, 7), (20, 12), (13, 5)] {
        let (x, y) = (-1000.0 + 100.0 * col as f64, 700.0 - 100.0 * row as f64);
        let want = gz([x, y, 20.0 + 0.02 * x + 40.0]);
        let got = v[row * nc + col];
        assert!(
            (got - want).abs() <= 1e-9 * want.abs().max(1e-6),
            "{got} vs {want}"
        );
    }

    // refused: a DEM that does not cover the points, a missing height column, a point inside a
    // prism (the dyke reaches up to −50 m)
    let out = dir.path().join("bad.csv");
    let far = "--field gravity --region 5000,6000,0,100 --spacing 100 --drape";
    let o = forward(&model(), &format!("{far} {} --clearance 40", s(&dem)), &out);
    one_line_error(&o, "dem.tif");
    let o = forward(
        &model(),
        &format!("--field gravity --points {} --z-column h", s(&lines)),
        &out,
    );
    one_line_error(&o, "--z-column");
    let inside = write_file(dir.path(), "inside.csv", "x,y,z\n0,0,10\n520,0,-70\n");
    let o = forward(
        &model(),
        &format!("--field gravity --points {} --z-column z", s(&inside)),
        &out,
    );
    one_line_error(&o, "inside");
    assert!(!out.exists());
}
