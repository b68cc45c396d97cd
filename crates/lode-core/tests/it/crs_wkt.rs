//! WKT parsing of real .prj / WKT texts (GDAL's ESRI, OGC WKT1 and WKT2 exports, and a .prj
//! delivered with a real shapefile) and CRS string parsing.

use lode_core::crs::wkt;
use lode_core::crs::Transformer;
use lode_core::{Crs, Error};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/crs/wkt");

const CODES: &[u32] = &[
    32633, 28404, 28466, 28350, 7850, 3857, 4326, 25835, 3067, 2193, 27700, 3035, 3031, 26915,
    2154, 5070, 31468, 32761,
];

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Both proj strings map the same WGS 84 points to the same coordinates (within 1 mm).
fn assert_equivalent_proj(a: &str, b: &str, what: &str) {
    let ca = Crs::from_proj4(a).unwrap_or_else(|e| panic!("{what}: {e}"));
    let cb = Crs::from_proj4(b).unwrap();
    let wgs = Crs::from_epsg(4326).unwrap();
    let (ta, tb) = (
        Transformer::new(&ca, &wgs).unwrap(),
        Transformer::new(&cb, &wgs).unwrap(),
    );
    let (fa, fb) = (
        Transformer::new(&wgs, &ca).unwrap(),
        Transformer::new(&wgs, &cb).unwrap(),
    );
    // a point near the CRS's natural origin, found by inverting an easting/northing offset
    let origin = tb.transform(0.0, 0.0).ok();
    let seed = fb.transform(origin.map_or(0.0, |o| o.0), origin.map_or(0.0, |o| o.1));
    let (x0, y0) = seed.unwrap_or((0.0, 0.0));
    let (lon, lat) = tb.transform(x0 + 1000.0, y0 + 2000.0).unwrap_or((0.0, 0.0));
    let _ = ta;
    let pa = fa.transform(lon, lat).unwrap();
    let pb = fb.transform(lon, lat).unwrap();
    let tol = if ca.is_geographic() { 1e-8 } else { 1e-3 };
    assert!(
        (pa.0 - pb.0).abs() < tol && (pa.1 - pb.1).abs() < tol,
        "{what}: {pa:?} vs {pb:?}\n{a}\n{b}"
    );
}

#[test]
fn esri_prj_without_authority_is_identified() {
    for &code in CODES {
        let text = read(&format!("esri_{code}.prj"));
        assert!(!text.contains("AUTHORITY"), "ESRI WKT carries no authority");
        let crs = Crs::from_wkt(&text).unwrap_or_else(|e| panic!("esri_{code}: {e}"));
        assert_eq!(crs.epsg(), Some(code), "esri_{code}.prj → {}", crs.proj4());
        if code != 3857 {
            let epsg = Crs::from_epsg(code).unwrap();
            assert_equivalent_proj(crs.proj4(), epsg.proj4(), &format!("esri_{code}"));
        }
    }
}

#[test]
fn ogc_wkt1_uses_authority_and_maps_without_it() {
    for &code in CODES {
        let text = read(&format!("ogc_{code}.wkt"));
        let crs = Crs::from_wkt(&text).unwrap();
        assert_eq!(crs.epsg(), Some(code), "ogc_{code}.wkt");
        // The tree mapping alone (AUTHORITY ignored) gives the same projection.
        let p = wkt::to_proj4(&text).unwrap_or_else(|e| panic!("ogc_{code}: {e}"));
        let epsg = Crs::from_epsg(code).unwrap();
        if code != 3857 {
            assert_equivalent_proj(&p, epsg.proj4(), &format!("ogc_{code}"));
        }
        let d = wkt::describe(&text).unwrap();
        let id = wkt::identify_epsg_with_names(&d.proj4, d.datum.as_deref(), d.name.as_deref());
        assert_eq!(id, Some(code), "ogc_{code}: {p}");
    }
}

#[test]
fn wkt2_by_id_and_by_tree() {
    for &code in CODES {
        let text = read(&format!("wkt2_{code}.wkt"));
        let crs = Crs::from_wkt(&text).unwrap_or_else(|e| panic!("wkt2_{code}: {e}"));
        assert_eq!(crs.epsg(), Some(code), "wkt2_{code}.wkt");
        let d = wkt::describe(&text).unwrap_or_else(|e| panic!("wkt2_{code}: {e}"));
        if code != 3857 {
            assert_equivalent_proj(
                &d.proj4,
                Crs::from_epsg(code).unwrap().proj4(),
                &format!("wkt2_{code}"),
            );
        }
        let id = wkt::identify_epsg_with_names(&d.proj4, d.datum.as_deref(), d.name.as_deref());
        assert_eq!(id, Some(code), "wkt2_{code} tree → {}", d.proj4);
    }
}

#[test]
fn real_prj_from_a_delivery() {
    let crs = Crs::from_wkt(&read("real_euref_fin_tm35fin.prj")).unwrap();
    assert_eq!(crs.epsg(), Some(3067));
    assert!(crs.units_are_metres() && !crs.is_geographic());
    assert_eq!(crs.name(), Some("EUREF_FIN_TM35FIN"));
}

#[test]
fn pulkovo_datum_shift_from_datum_name() {
    let text = read("esri_28404.prj");
    let p = wkt::to_proj4(&text).unwrap();
    assert!(
        p.contains("+ellps=krass")
            && p.contains(&format!("+towgs84={}", wkt::PULKOVO_1942_TOWGS84)),
        "{p}"
    );
}

#[test]
fn pulkovo_gk_zone_families_identified() {
    // zone-prefixed false easting (28402–28432) and CM variants (28462–28492)
    for zone in 2..=32u32 {
        for (code, fe) in [(28400 + zone, zone as f64 * 1e6 + 5e5), (28460 + zone, 5e5)] {
            let p = format!(
                "+proj=tmerc +lat_0=0 +lon_0={} +k=1 +x_0={fe} +y_0=0 +ellps=krass +towgs84={} +units=m",
                if zone * 6 - 3 > 180 { zone as f64 * 6.0 - 363.0 } else { zone as f64 * 6.0 - 3.0 },
                wkt::PULKOVO_1942_TOWGS84
            );
            assert_eq!(wkt::identify_epsg(&p), Some(code), "{p}");
        }
    }
    assert_eq!(
        wkt::identify_epsg("+proj=utm +zone=52 +datum=WGS84"),
        Some(32652)
    );
    assert_eq!(
        wkt::identify_epsg("+proj=utm +zone=35 +south +datum=WGS84 +units=m"),
        Some(32735)
    );
    assert_eq!(
        wkt::identify_epsg("+proj=longlat +datum=WGS84 +no_defs"),
        Some(4326)
    );
    assert_eq!(
        wkt::identify_epsg("+proj=utm +zone=15 +datum=NAD83 +units=m"),
        Some(26915)
    );
    assert_eq!(
        wkt::identify_epsg("+proj=utm +zone=15 +datum=NAD83 +units=us-ft"),
        None
    );
    assert_eq!(
        wkt::identify_epsg("+proj=tmerc +lon_0=21.5 +ellps=krass"),
        None
    );
}

#[test]
fn parse_accepts_the_usual_forms() {
    for s in [
        "EPSG:32633",
        "epsg:32633",
        "32633",
        "urn:ogc:def:crs:EPSG::32633",
        "urn:ogc:def:crs:EPSG:9.8.6:32633",
        "http://www.opengis.net/def/crs/EPSG/0/32633",
    ] {
        assert_eq!(Crs::parse(s).unwrap().epsg(), Some(32633), "{s}");
    }
    assert_eq!(Crs::parse("OGC:CRS84").unwrap().epsg(), Some(4326));
    let c = Crs::parse("+proj=utm +zone=33 +datum=WGS84 +units=m +no_defs").unwrap();
    assert!(c.units_are_metres());
    assert!(Crs::from_epsg(4326).unwrap().is_geographic());
    assert!(!Crs::from_epsg(4326).unwrap().units_are_metres());
    let ft = Crs::parse(
        "+proj=tmerc +lat_0=0 +lon_0=-81 +k=0.9999 +x_0=200000 +y_0=0 +datum=NAD83 +units=us-ft",
    )
    .unwrap();
    assert!(!ft.units_are_metres());
    assert!((ft.to_meter().unwrap() - 0.3048006096012192).abs() < 1e-15);
}

#[test]
fn us_survey_feet_in_wkt() {
    let w = r#"PROJCS["NAD83 / Florida East (ftUS)",GEOGCS["NAD83",DATUM["North_American_Datum_1983",SPHEROID["GRS 1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",24.33333333333333],PARAMETER["central_meridian",-81],PARAMETER["scale_factor",0.999941177],PARAMETER["false_easting",656166.667],PARAMETER["false_northing",0],UNIT["US survey foot",0.3048006096012192]]"#;
    let p = wkt::to_proj4(w).unwrap();
    assert!(p.contains("+units=us-ft"), "{p}");
    // false easting converted to metres as proj strings require
    assert!(p.contains("+x_0=200000.0001"), "{p}");
    let c = Crs::from_wkt(w).unwrap();
    assert!(!c.units_are_metres());
}

#[test]
fn prj_wkt_round_trips() {
    for code in [32633u32, 28404, 3857, 4326] {
        let c = Crs::from_epsg(code).unwrap();
        assert_eq!(Crs::from_wkt(&c.prj_wkt()).unwrap().epsg(), Some(code));
    }
    // generated WKT1 for a CRS known only by its proj string
    let c = Crs::from_proj4("+proj=tmerc +lat_0=0 +lon_0=21 +k=1 +x_0=4500000 +y_0=0 +ellps=krass +towgs84=23.92,-141.27,-80.9,0,0.35,0.82,-0.12 +units=m +no_defs").unwrap();
    let back = Crs::from_wkt(&c.prj_wkt()).unwrap();
    assert_eq!(back.epsg(), Some(28404), "{}", c.prj_wkt());
}

#[test]
fn bad_input_is_invalid_with_a_clear_message() {
    let cases: &[(&str, &str)] = &[
        ("EPSG:999999", "unknown EPSG code"),
        ("EPSG:1", "unknown EPSG code"),
        ("EPSG:abc", "invalid EPSG code"),
        ("+proj=nonesuch +ellps=WGS84", "invalid proj string"),
        ("+proj=tmerc +ellps=nonesuch", "invalid proj string"),
        ("hello", "unrecognised CRS"),
        (r#"PROJCS["x",GEOGCS["y""#, "malformed WKT"),
        (
            r#"GEOGCS["y",DATUM["d",SPHEROID["s",6378137,298.257223563]]]]"#,
            "malformed WKT",
        ),
        (
            r#"GEOGCS["y",DATUM["d",SPHEROID["s",1,298]]]"#,
            "not an Earth ellipsoid",
        ),
        (
            r#"PROJCS["p",GEOGCS["y",DATUM["d",SPHEROID["s",6378137,298.257223563]]],PROJECTION["Bonne"]]"#,
            "not supported",
        ),
        (
            r#"VERT_CS["h",VERT_DATUM["d",2005]]"#,
            "not a coordinate reference system",
        ),
        ("", "empty CRS"),
    ];
    for (s, msg) in cases {
        match Crs::parse(s) {
            Err(e @ Error::Invalid(_)) => assert!(e.to_string().contains(msg), "{s:?}: {e}"),
            other => panic!("{s:?}: expected Error::Invalid containing {msg:?}, got {other:?}"),
        }
    }
}
