//! Synthetic inputs shared by the tests: a magnetic-like grid and vector layers in UTM 35S.
#![allow(dead_code)]

use geo_types::{Geometry, LineString, Point, Polygon};
use lode_core::{AttrValue, Crs, FieldDef, FieldKind, Grid, GridGeometry, VectorLayer};

/// 240 × 180 cells of 100 m from (350 000, 7 120 000) top-left: a 24 km × 18 km extent.
pub fn grid() -> Grid {
    let g = GridGeometry::new(240, 180, 350_000.0, 7_120_000.0, 100.0, 100.0).unwrap();
    let mut v = Vec::with_capacity(g.len());
    for r in 0..g.rows {
        for c in 0..g.cols {
            let (x, y) = g.cell_center(c, r);
            let bump = |x0: f64, y0: f64, s: f64, a: f64| {
                a * (-((x - x0).powi(2) + (y - y0).powi(2)) / (2.0 * s * s)).exp()
            };
            let val = bump(358_000.0, 7_110_000.0, 1500.0, 320.0)
                - bump(359_500.0, 7_111_200.0, 1300.0, 180.0)
                + bump(366_000.0, 7_106_000.0, 2500.0, 150.0)
                + 40.0 * ((x - 350_000.0) / 3000.0).sin() * ((y - 7_100_000.0) / 4000.0).cos();
            // A no-data notch in the south-east corner.
            let nodata = c > 215 && r > 160;
            v.push(if nodata { f64::NAN } else { val });
        }
    }
    let mut grid = Grid::new_f64(g, v)
        .unwrap()
        .with_crs(Some(Crs::from_epsg(32735).unwrap()));
    grid.units = Some("nT".into());
    grid.field = Some("Total magnetic intensity anomaly".into());
    grid
}

/// Target polygons with a `name` field.
pub fn targets() -> VectorLayer {
    let mut l = VectorLayer::new(
        "targets",
        vec![FieldDef {
            name: "name".into(),
            kind: FieldKind::Text,
        }],
    );
    l.crs = Some(Crs::from_epsg(32735).unwrap());
    let sq = |x: f64, y: f64, w: f64, h: f64| {
        Geometry::Polygon(Polygon::new(
            LineString::from(vec![
                (x, y),
                (x + w, y + 300.0),
                (x + w, y + h),
                (x - 200.0, y + h),
                (x, y),
            ]),
            vec![],
        ))
    };
    l.push(
        Some(sq(356_500.0, 7_108_500.0, 3000.0, 2800.0)),
        vec![AttrValue::Text("T1".into())],
    )
    .unwrap();
    l.push(
        Some(sq(364_000.0, 7_104_200.0, 4000.0, 3500.0)),
        vec![AttrValue::Text("T2".into())],
    )
    .unwrap();
    l
}

/// Fault traces (lines).
pub fn faults() -> Vec<Geometry<f64>> {
    vec![
        Geometry::LineString(LineString::from(vec![
            (351_000.0, 7_103_000.0),
            (362_000.0, 7_112_000.0),
            (371_000.0, 7_118_500.0),
        ])),
        Geometry::LineString(LineString::from(vec![
            (355_000.0, 7_119_000.0),
            (360_000.0, 7_104_000.0),
            (361_000.0, 7_102_500.0),
        ])),
    ]
}

/// Drill collars with an `id` field.
pub fn collars() -> VectorLayer {
    let mut l = VectorLayer::new(
        "collars",
        vec![FieldDef {
            name: "id".into(),
            kind: FieldKind::Text,
        }],
    );
    for (i, (x, y)) in [
        (357_800.0, 7_110_200.0),
        (358_600.0, 7_109_600.0),
        (366_200.0, 7_106_300.0),
    ]
    .into_iter()
    .enumerate()
    {
        l.push(
            Some(Geometry::Point(Point::new(x, y))),
            vec![AttrValue::Text(format!("DH{:02}", i + 1))],
        )
        .unwrap();
    }
    l
}

/// Decode a PNG: (width, height, bytes per pixel, pixels).
pub fn decode_png(b: &[u8]) -> (u32, u32, usize, Vec<u8>) {
    let dec = png::Decoder::new(std::io::Cursor::new(b));
    let mut r = dec.read_info().unwrap();
    let mut buf = vec![0; r.output_buffer_size().unwrap()];
    let info = r.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, info.color_type.samples(), buf)
}

/// Where test outputs go (kept for a look): target/lode-report-test/.
pub fn out_dir() -> std::path::PathBuf {
    let d = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/lode-report-test");
    std::fs::create_dir_all(&d).unwrap();
    d
}
