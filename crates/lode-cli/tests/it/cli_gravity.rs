//! `lode gravity` end to end on NOAA NCEI Bushveld stations.

use crate::common::{data, lode, ok, one_line_error, s, write_file, write_grid};

/// The header of a station file and a valid station at 25° S, 28° E, 1200 m.
const STATIONS: &str = "lat,lon,elevation,gravity\n-25,28,1200,978600\n";

#[test]
fn reduces_and_grids_stations() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("g.csv");
    let tif = d.path().join("ba.tif");
    let stations = data("gravity/bushveld.txt");
    ok(&lode(&[
        "gravity",
        s(&stations),
        s(&out),
        "--lat",
        "c0",
        "--lon",
        "c1",
        "--elevation",
        "c2",
        "--gravity",
        "c3",
        "--grid",
        s(&tif),
        "--cell",
        "10000",
        "--crs",
        "EPSG:32735",
    ]));
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "c0,c1,c2,c3,normal_gravity_mgal,free_air_mgal,bouguer_mgal"
    );
    let first: Vec<f64> = lines
        .next()
        .unwrap()
        .split(',')
        .map(|t| t.parse().unwrap())
        .collect();
    let r = lode_geophys::gravity::reduce(first[0], first[2], first[3], 2670.0);
    assert!((first[6] - r.bouguer).abs() < 1e-3);
    assert_eq!(text.lines().count(), 1393);
    let g = lode_io::read_grid(&tif).unwrap();
    assert_eq!(g.crs.as_ref().and_then(|c| c.epsg()), Some(32735));
}

#[test]
fn bad_latitude_is_one_error_line() {
    let d = tempfile::tempdir().unwrap();
    let inp = write_file(d.path(), "s.csv", format!("{STATIONS}95,28,1200,978600\n"));
    let out = d.path().join("o.csv");
    one_line_error(&lode(&["gravity", s(&inp), s(&out)]), "latitude");
    assert!(!out.exists());
}

#[test]
fn terrain_correction_from_dem() {
    use lode_core::{crs::Transformer, Crs, Grid, GridGeometry};
    let d = tempfile::tempdir().unwrap();
    let utm = Crs::from_epsg(32735).unwrap();
    let tr = Transformer::new(&Crs::from_epsg(4326).unwrap(), &utm).unwrap();
    let (x, y) = tr.transform(28.0, -25.0).unwrap();
    let geom = GridGeometry::new(101, 101, x - 10_100.0, y + 10_100.0, 200.0, 200.0).unwrap();
    let dem = Grid::filled(geom, 1200.0).unwrap().with_crs(Some(utm));
    let dem_path = write_grid(d.path(), "dem.tif", &dem);
    let inp = write_file(d.path(), "s.csv", format!("{STATIONS}-25,28,1100,978620\n"));
    let out = d.path().join("o.csv");
    ok(&lode(&[
        "gravity",
        s(&inp),
        s(&out),
        "--dem",
        s(&dem_path),
        "--terrain-radius",
        "5000",
    ]));
    let text = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows[0][7], "terrain_mgal");
    assert_eq!(rows[0][8], "complete_bouguer_mgal");
    assert_eq!(rows[1][7].parse::<f64>().unwrap(), 0.0);
    // A station 100 m below a 5 km plateau: about 2πGρ·(100 + 5000 − √(5000² + 100²)) ≈ 11 mGal.
    let t: f64 = rows[2][7].parse().unwrap();
    assert!((t - 11.0).abs() < 0.5, "{t}");
}
