//! QC checks on in-memory datasets with known answers.

use std::path::Path;

use lode_core::{Crs, Dataset, Grid, GridGeometry, SurveyData};
use lode_io::qc::{self, corrugation, duplicates, lines, spikes, DatasetInfo, Severity};

/// Deterministic uniform noise in [-0.5, 0.5) (64-bit LCG, Knuth MMIX constants).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    }
}

/// A smooth magnetic-like field (nT): isotropic Gaussian anomalies on a gentle regional slope.
fn field(x: f64, y: f64) -> f64 {
    let bumps = [
        (1200.0, 900.0, 500.0, 120.0),
        (2600.0, 2200.0, 700.0, -80.0),
        (3400.0, 800.0, 400.0, 60.0),
        (900.0, 2700.0, 600.0, 90.0),
    ];
    let mut v = 0.002 * x - 0.001 * y;
    for (cx, cy, s, a) in bumps {
        let r2 = (x - cx).powi(2) + (y - cy).powi(2);
        v += a * (-r2 / (2.0 * s * s)).exp();
    }
    v
}

fn smooth_grid(cols: usize, rows: usize, cell: f64, noise: f64) -> Grid {
    let geom = GridGeometry::new(cols, rows, 0.0, rows as f64 * cell, cell, cell).unwrap();
    let mut rng = Lcg(7);
    let mut v = Vec::with_capacity(cols * rows);
    for r in 0..rows {
        for c in 0..cols {
            let (x, y) = geom.cell_center(c, r);
            v.push(field(x, y) + noise * rng.next());
        }
    }
    let mut g = Grid::new_f64(geom, v).unwrap();
    g.units = Some("nT".into());
    g.crs = Some(Crs::from_epsg(32755).unwrap());
    g
}

fn checks(file: &str, ds: &Dataset) -> Vec<qc::Finding> {
    qc::check_dataset(Path::new(file), ds)
}

fn ids(f: &[qc::Finding]) -> Vec<&'static str> {
    f.iter().map(|f| f.check).collect()
}

#[test]
fn grid_spike_found_exactly_where_injected() {
    let mut g = smooth_grid(80, 60, 50.0, 0.2);
    assert!(
        spikes::grid_spikes(&g).is_empty(),
        "smooth grid has no spikes"
    );
    let base = g.get(17, 23);
    g.set(17, 23, base + 40.0);
    let sp = spikes::grid_spikes(&g);
    assert_eq!(sp.len(), 1, "{sp:?}");
    assert_eq!((sp[0].i, sp[0].j), (17, 23));
    let f = checks("g.tif", &Dataset::Grid(g));
    let s = f
        .iter()
        .find(|f| f.check == "spikes")
        .expect("spikes finding");
    assert_eq!(s.severity, Severity::Warning);
    assert!(s.message.contains("column 17, row 23"), "{}", s.message);
}

/// Flight lines running at azimuth `az_deg`, `spacing` m apart, samples every `step` m, values
/// from `field` plus noise, plus `ties` perpendicular tie lines.
fn flight_lines(
    n: usize,
    spacing: f64,
    step: f64,
    az_deg: f64,
    ties: usize,
    shift: f64,
) -> SurveyData {
    let th = (90.0 - az_deg).to_radians();
    let (ux, uy) = (th.cos(), th.sin());
    let (nx, ny) = (-uy, ux);
    let mut rng = Lcg(11);
    let (mut xs, mut ys, mut vs, mut labels) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let len = 4000.0;
    let origin = (2000.0, 1500.0);
    for k in 0..n {
        let off = (k as f64 - (n as f64 - 1.0) / 2.0) * spacing + 5.0 * rng.next();
        let level = if k % 2 == 0 { shift } else { -shift };
        let m = (len / step) as usize;
        for i in 0..=m {
            let t = -len / 2.0 + i as f64 * step + 0.5 * rng.next();
            let x = origin.0 + t * ux + off * nx + 1.0 * rng.next();
            let y = origin.1 + t * uy + off * ny + 1.0 * rng.next();
            xs.push(500_000.0 + x);
            ys.push(6_000_000.0 + y);
            vs.push(field(x, y) + level + 0.05 * rng.next());
            labels.push(format!("L{}", 1000 + 10 * k));
        }
    }
    for k in 0..ties {
        let off = (k as f64 - (ties as f64 - 1.0) / 2.0) * 1200.0;
        let m = ((n as f64 * spacing) / step) as usize;
        for i in 0..=m {
            let t = -(n as f64) * spacing / 2.0 + i as f64 * step;
            let x = origin.0 + off * ux + t * nx;
            let y = origin.1 + off * uy + t * ny;
            xs.push(500_000.0 + x);
            ys.push(6_000_000.0 + y);
            vs.push(field(x, y));
            labels.push(format!("T{}", 10 + k));
        }
    }
    let mut s = SurveyData::new(
        vec!["X".into(), "Y".into(), "MAG".into()],
        vec![xs, ys, vs],
        0,
        1,
    )
    .unwrap();
    s.z = Some(2);
    s.set_lines_from_labels(&labels).unwrap();
    s.crs = Some(Crs::from_epsg(32755).unwrap());
    s.units[2] = Some("nT".into());
    s
}

#[test]
fn line_spacing_estimated_within_two_percent() {
    let s = flight_lines(15, 200.0, 10.0, 30.0, 3, 0.0);
    let g = lines::LineGeometry::of(&s).expect("line geometry");
    assert!((g.spacing_m - 200.0).abs() < 4.0, "spacing {}", g.spacing_m);
    assert!(
        (g.azimuth_deg - 30.0).abs() < 1.0,
        "azimuth {}",
        g.azimuth_deg
    );
    assert_eq!(g.traverse, 15);
    assert_eq!(g.ties, 3);
    assert!(
        (g.sample_interval_m - 10.0).abs() < 0.5,
        "interval {}",
        g.sample_interval_m
    );
}

#[test]
fn line_spacing_in_geographic_coordinates() {
    // The same lines expressed in degrees near 36° S (local equirectangular conversion).
    let mut s = flight_lines(12, 200.0, 10.0, 90.0, 0, 0.0);
    let lat0: f64 = -36.0;
    let fx = qc::crs::M_PER_DEG_LON_EQ * lat0.to_radians().cos();
    let fy = qc::crs::M_PER_DEG_LAT;
    for i in 0..s.len() {
        s.columns[0][i] = 147.0 + (s.columns[0][i] - 500_000.0) / fx;
        s.columns[1][i] = lat0 + (s.columns[1][i] - 6_000_000.0) / fy;
    }
    s.crs = Some(Crs::from_epsg(4326).unwrap());
    let g = lines::LineGeometry::of(&s).expect("line geometry");
    assert!((g.spacing_m - 200.0).abs() < 4.0, "spacing {}", g.spacing_m);
    assert!(
        (g.azimuth_deg - 90.0).abs() < 1.0,
        "azimuth {}",
        g.azimuth_deg
    );
}

#[test]
fn line_spike_found_at_its_point() {
    let mut s = flight_lines(10, 200.0, 10.0, 0.0, 0, 0.0);
    let p = 1234;
    s.columns[2][p] += 5.0;
    let segs = lines::segments(&s);
    let sp = spikes::line_spikes(&s.columns[2], &segs, s.xs(), s.ys());
    assert_eq!(sp.iter().map(|s| s.i).collect::<Vec<_>>(), vec![p]);
    let f = checks("lines.csv", &Dataset::Points(s));
    let m = &f.iter().find(|f| f.check == "spikes").unwrap().message;
    assert!(m.contains(&format!("at point {p} ")), "{m}");
}

#[test]
fn survey_corrugation_high_with_level_shifts_low_without() {
    let s = flight_lines(20, 200.0, 10.0, 0.0, 0, 0.0);
    let g = lines::LineGeometry::of(&s).unwrap();
    let (smooth, r, _, _) = corrugation::survey_score(&s, 2, &g).unwrap();
    assert!(
        smooth < corrugation::SCORE_INFO,
        "smooth score {smooth} (R {r})"
    );
    let s = flight_lines(20, 200.0, 10.0, 0.0, 0, 2.0);
    let (shifted, r, ma, _) = corrugation::survey_score(&s, 2, &g).unwrap();
    assert!(shifted > 0.95, "shifted score {shifted} (R {r})");
    // Alternate ±2 nT levels: the across-line fourth difference is ±16 × 2 nT plus geology.
    assert!((ma - 32.0).abs() < 2.0, "median |a| {ma}");
    let f = checks("lines.csv", &Dataset::Points(s));
    let c = f
        .iter()
        .find(|f| f.check == "corrugation")
        .expect("corrugation finding");
    assert_eq!(c.severity, Severity::Warning);
}

#[test]
fn grid_corrugation_high_with_alternate_row_shifts_low_when_smooth() {
    let g = smooth_grid(80, 60, 50.0, 0.05);
    let (smooth, r, _, _) = corrugation::grid_score(&g).unwrap();
    assert!(
        smooth < corrugation::SCORE_INFO,
        "smooth score {smooth} (R {r})"
    );
    assert!(corrugation::check_grid("g", &g).is_none());
    let mut c = g.clone();
    for row in 0..c.rows() {
        let d = if row % 2 == 0 { 1.5 } else { -1.5 };
        for col in 0..c.cols() {
            let v = c.get(col, row);
            c.set(col, row, v + d);
        }
    }
    let (score, r, lag, dir) = corrugation::grid_score(&c).unwrap();
    assert!(score > 0.9, "score {score} (R {r})");
    assert_eq!((lag, dir), (1, "E–W"));
    let f = corrugation::check_grid("g", &c).unwrap();
    assert_eq!(f.severity, Severity::Warning);
}

#[test]
fn duplicates_counted_exactly() {
    let mut xs = Vec::new();
    let mut ys = Vec::new();
    let mut vs = Vec::new();
    for i in 0..100 {
        xs.push((i % 10) as f64 * 25.0);
        ys.push((i / 10) as f64 * 25.0);
        vs.push(i as f64);
    }
    // 7 exact repeats, 3 repeats with another value, 2 points 5 cm away (not duplicates).
    for k in [3, 14, 25, 36, 47, 58, 69] {
        xs.push(xs[k]);
        ys.push(ys[k] + 0.004);
        vs.push(vs[k]);
    }
    for k in [70, 81, 92] {
        xs.push(xs[k]);
        ys.push(ys[k]);
        vs.push(-1.0);
    }
    for k in [5, 6] {
        xs.push(xs[k] + 0.05);
        ys.push(ys[k]);
        vs.push(vs[k]);
    }
    let s = SurveyData::new(
        vec!["x".into(), "y".into(), "grav".into()],
        vec![xs, ys, vs],
        0,
        1,
    )
    .unwrap();
    let xy: Vec<(f64, f64)> = s.xs().iter().zip(s.ys()).map(|(&x, &y)| (x, y)).collect();
    let d = duplicates::find(&xy, duplicates::DUP_TOL_M, |i, j| {
        s.columns[2][i] == s.columns[2][j]
    });
    assert_eq!((d.count, d.conflicting), (10, 3));
    assert_eq!(d.first, Some((100, 3)));
    let f = duplicates::check_survey("p.csv", &s).unwrap();
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.starts_with("10 of 112 points"), "{}", f.message);
}

#[test]
fn nodata_constant_tiny_and_units() {
    let geom = GridGeometry::new(10, 10, 0.0, 100.0, 10.0, 10.0).unwrap();
    let mut v = vec![1.0; 100];
    for x in v.iter_mut().take(30) {
        *x = f64::NAN;
    }
    let g = Grid::new_f64(geom, v).unwrap();
    let f = checks("c.asc", &Dataset::Grid(g));
    let nd = f.iter().find(|f| f.check == "nodata-fraction").unwrap();
    assert_eq!(nd.severity, Severity::Warning);
    assert!(nd.message.contains("30.0 %"), "{}", nd.message);
    assert!(ids(&f).contains(&"constant-grid"));
    assert!(ids(&f).contains(&"units-missing"));
    assert!(ids(&f).contains(&"crs-missing"));
    assert!(!ids(&f).contains(&"tiny-grid"));

    let geom = GridGeometry::new(3, 2, 0.0, 2.0, 1.0, 1.0).unwrap();
    let g = Grid::new_f64(geom, vec![f64::NAN; 6]).unwrap();
    let f = checks("e.asc", &Dataset::Grid(g));
    let nd = f.iter().find(|f| f.check == "nodata-fraction").unwrap();
    assert_eq!(nd.severity, Severity::Error);
    assert!(ids(&f).contains(&"tiny-grid"));

    let g = smooth_grid(80, 60, 50.0, 0.1);
    let f = checks("ok.tif", &Dataset::Grid(g));
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn undeclared_dummy_values() {
    let mut g = smooth_grid(20, 20, 50.0, 0.1);
    for c in 0..20 {
        g.set(c, 0, -99999.0);
    }
    let f = checks("d.tif", &Dataset::Grid(g));
    let d = f.iter().find(|f| f.check == "nodata-undeclared").unwrap();
    assert!(d.message.contains("20 value(s)"), "{}", d.message);
}

#[test]
fn crs_checks() {
    // UTM coordinates in a geographic CRS.
    let g = smooth_grid(80, 60, 50.0, 0.1);
    let mut bad = g.clone();
    bad.geometry.x0 = 500_000.0;
    bad.geometry.y0 = 6_000_000.0;
    bad.crs = Some(Crs::from_epsg(4326).unwrap());
    let f = checks("bad.tif", &Dataset::Grid(bad));
    assert_eq!(ids(&f), ["crs-extent-mismatch"]);
    assert_eq!(f[0].severity, Severity::Error);

    // Missing CRS with UTM-like coordinates: the hint says so.
    let mut none = g.clone();
    none.geometry.x0 = 500_000.0;
    none.geometry.y0 = 6_000_000.0;
    none.crs = None;
    let f = checks("none.tif", &Dataset::Grid(none));
    assert!(f[0].message.contains("UTM"), "{}", f[0].message);
}

fn info_of(name: &str, g: Grid) -> DatasetInfo {
    DatasetInfo::of(name, &Dataset::Grid(g))
}

#[test]
fn delivery_crs_and_extents() {
    let mut a = smooth_grid(20, 20, 50.0, 0.1);
    a.geometry.x0 = 500_000.0;
    a.geometry.y0 = 6_001_000.0;
    let b = a.clone();
    // The same area in GDA94 / MGA zone 55 (EPSG:28355): overlaps, but a different CRS.
    let mut c = a.clone();
    c.crs = Some(Crs::from_epsg(28355).unwrap());
    // Far away, same CRS.
    let mut d = a.clone();
    d.geometry.x0 = 700_000.0;
    // The same area in longitude/latitude: a geographic/projected mix.
    let ll = qc::crs::lonlat_extent(a.crs.as_ref().unwrap(), &a.geometry.extent()).unwrap();
    let mut e = a.clone();
    e.crs = Some(Crs::from_epsg(4326).unwrap());
    e.geometry = GridGeometry::new(
        20,
        20,
        ll[0],
        ll[3],
        (ll[2] - ll[0]) / 20.0,
        (ll[3] - ll[1]) / 20.0,
    )
    .unwrap();
    let infos = vec![
        info_of("a.tif", a),
        info_of("b.tif", b),
        info_of("c.tif", c),
        info_of("d.tif", d),
        info_of("e.tif", e),
    ];
    let f = qc::check_delivery(&infos);
    let got: Vec<(&str, &str)> = f.iter().map(|f| (f.file.as_str(), f.check)).collect();
    assert_eq!(
        got,
        [
            ("c.tif", "crs-inconsistent"),
            ("e.tif", "crs-inconsistent"),
            ("d.tif", "extent-no-overlap"),
        ]
    );
    assert!(
        f[1].message.contains("geographic and projected"),
        "{}",
        f[1].message
    );
}

#[test]
fn cell_size_versus_line_spacing() {
    let mut g = smooth_grid(20, 20, 100.0, 0.1);
    g.meta.line_spacing_m = Some(200.0);
    let f = lines::check_grid_cell("g", &g).unwrap();
    assert_eq!(f.check, "cell-vs-line-spacing");
    assert!(f.message.contains("coarser than 1/3"), "{}", f.message);
    g.geometry.dx = 50.0;
    g.geometry.dy = 50.0;
    assert!(lines::check_grid_cell("g", &g).is_none());
    g.geometry.dx = 20.0;
    g.geometry.dy = 20.0;
    let f = lines::check_grid_cell("g", &g).unwrap();
    assert!(f.message.contains("finer than 1/8"), "{}", f.message);

    // Across files: a 100 m grid over 200 m line data.
    let s = flight_lines(15, 200.0, 10.0, 0.0, 0, 0.0);
    let (lf, li) = qc::analyse(Path::new("lines.csv"), &Dataset::Points(s));
    assert!(lf.iter().any(|f| f.check == "line-spacing"));
    let mut grid = smooth_grid(40, 40, 100.0, 0.1);
    grid.geometry.x0 = 500_000.0;
    grid.geometry.y0 = 6_004_000.0;
    let f = qc::check_delivery(&[info_of("grid.tif", grid), li]);
    assert_eq!(ids(&f), ["cell-vs-line-spacing"]);
    assert!(f[0].message.contains("lines.csv"), "{}", f[0].message);
}

#[test]
fn vector_duplicates_and_empty_layer() {
    use geo_types::{Geometry, Point};
    use lode_core::{AttrValue, FieldDef, FieldKind, VectorLayer};
    let fields = vec![FieldDef {
        name: "name".into(),
        kind: FieldKind::Text,
    }];
    let mut v = VectorLayer::new("deposits", fields.clone());
    v.crs = Some(Crs::from_epsg(32755).unwrap());
    for (x, y, n) in [
        (500_000.0, 6e6, "a"),
        (500_100.0, 6e6, "b"),
        (500_000.0, 6e6, "a"),
        (500_100.0, 6e6, "c"),
    ] {
        let g = Geometry::Point(Point::new(x, y));
        v.push(Some(g), vec![AttrValue::Text(n.into())]).unwrap();
    }
    let f = duplicates::check_vector("d.gpkg", &v).unwrap();
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.starts_with("2 of 4 points"), "{}", f.message);
    assert!(
        f.message.contains("1 of them with different values"),
        "{}",
        f.message
    );

    let empty = VectorLayer::new("none", fields);
    let f = checks("e.gpkg", &Dataset::Vector(empty));
    assert!(ids(&f).contains(&"empty"), "{f:?}");
}

#[test]
fn check_paths_groups_and_reports_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("g.asc"),
        "ncols 3\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2 3\n4 5 6\n",
    )
    .unwrap();
    std::fs::write(d.join("g.asc.aux.xml"), "<PAMDataset/>").unwrap();
    std::fs::write(d.join("lonely.prj"), "GEOGCS[]").unwrap();
    std::fs::write(d.join("report.pdf"), "%PDF-1.4").unwrap();
    std::fs::write(d.join("bad.asc"), "ncols 3\nnrows 200\n").unwrap();
    let r = qc::check_paths(&[d.to_path_buf(), d.join("missing.tif")]);
    let files: Vec<(String, &str)> = r
        .files
        .iter()
        .map(|f| {
            let n = Path::new(&f.path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (n, f.status.as_str())
        })
        .collect();
    assert_eq!(
        files,
        [
            ("bad.asc".to_string(), "unreadable"),
            ("g.asc".to_string(), "ok"),
            ("report.pdf".to_string(), "skipped"),
            ("missing.tif".to_string(), "unreadable"),
        ]
    );
    assert_eq!(r.files[1].sidecars.len(), 1);
    let got: Vec<&str> = r.findings.iter().map(|f| f.check).collect();
    assert!(got.contains(&"orphan-sidecar"), "{got:?}");
    assert_eq!(got.iter().filter(|c| **c == "unreadable").count(), 2);
    assert_eq!(
        r.summary.errors,
        r.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    );
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["summary"]["errors"].as_u64().unwrap() >= 2);
}

/// A soil survey on a regular grid is checked as geochemical samples, not as flight lines; a
/// column mostly below detection is flagged; radiometric K/Th/U columns are not geochemistry.
#[test]
fn geochemical_samples_are_not_flight_lines() {
    let mut csv = String::from("sample_id,x,y,Au_ppb,As_ppm,Sb_ppm\n");
    let mut id = 0;
    for r in 0..30 {
        for c in 0..30 {
            id += 1;
            let (x, y) = (500_000.0 + 200.0 * c as f64, 7_000_000.0 + 200.0 * r as f64);
            let au = if (r * 7 + c * 3) % 11 == 0 {
                900.0
            } else {
                2.0 + (c % 5) as f64
            };
            let sb = if id % 4 == 0 { 0.6 } else { -0.5 };
            csv.push_str(&format!(
                "S{id},{x},{y},{au},{},{sb}\n",
                3.0 + (r % 4) as f64
            ));
        }
    }
    let path = Path::new("soil.csv");
    let s = lode_io::csv_xyz::parse(csv.as_bytes(), path, &Default::default()).unwrap();
    assert!(qc::geochem::is_geochemistry(&s));
    let f = qc::check_dataset(path, &Dataset::Points(s));
    let checks: Vec<&str> = f.iter().map(|x| x.check).collect();
    assert!(checks.contains(&"geochem-samples"), "{checks:?}");
    for absent in [
        "line-spacing",
        "spikes",
        "corrugation",
        "units-missing",
        "outliers",
    ] {
        assert!(!checks.contains(&absent), "{absent} in {checks:?}");
    }
    let censored: Vec<_> = f.iter().filter(|x| x.check == "geochem-censored").collect();
    assert_eq!(censored.len(), 1, "{f:?}");
    assert!(censored[0].message.contains("Sb_ppm"));
    assert_eq!(censored[0].severity, Severity::Warning);

    let rad = "x,y,K_pct,Th_ppm,U_ppm\n1,2,1.5,10,2\n3,4,1.2,11,3\n5,6,1.1,9,2\n";
    let s =
        lode_io::csv_xyz::parse(rad.as_bytes(), Path::new("rad.csv"), &Default::default()).unwrap();
    assert!(!qc::geochem::is_geochemistry(&s));
}
