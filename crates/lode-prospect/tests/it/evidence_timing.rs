//! Timings of the evidence layers at production size (run in release:
//! `cargo test --release -p lode-prospect --test it evidence_timing -- --ignored --nocapture`).

use crate::evidence_common;

mod evidence {
    use super::evidence_common::*;
    use geo_types::{Geometry, LineString};
    use lode_core::{GridGeometry, VectorLayer};
    use lode_prospect::evidence::density::{intersection_density, line_density, PointKernel};
    use lode_prospect::evidence::distance::{
        distance_to_contacts, distance_to_features, layer_segments, signed_distance_to_polygons,
    };
    use lode_prospect::evidence::edt::distance_to_class;
    use lode_prospect::evidence::rasterize::rasterize_categorical;
    use std::time::Instant;

    #[test]
    #[ignore]
    fn evidence_timing_district_and_three_million_cells() {
        let faults = layer("faults.geojson");
        let geo = layer("geology.gpkg");
        let g100 = GridGeometry::new(400, 400, 400_000.0, 6_740_000.0, 100.0, 100.0).unwrap();
        let t = Instant::now();
        let d = distance_to_features(&faults, &g100).unwrap();
        eprintln!(
            "distance to faults ({} segments), 100 m grid 400×400: {:.3} s (max {:.0} m)",
            layer_segments(&faults).unwrap().len(),
            t.elapsed().as_secs_f64(),
            d.stats().max
        );
        let t = Instant::now();
        distance_to_contacts(&geo, "lithology", &g100).unwrap();
        eprintln!(
            "distance to contacts, 100 m grid: {:.3} s",
            t.elapsed().as_secs_f64()
        );
        let t = Instant::now();
        signed_distance_to_polygons(&geo, &g100).unwrap();
        eprintln!(
            "signed distance to geology polygons, 100 m grid: {:.3} s",
            t.elapsed().as_secs_f64()
        );

        // 3,000,000 cells (2000 × 1500, 20 m × 26.67 m) and 12,000 segments of random walks.
        let g3 =
            GridGeometry::new(2000, 1500, 400_000.0, 6_740_000.0, 20.0, 40_000.0 / 1500.0).unwrap();
        let mut l = VectorLayer::new("walks", vec![]);
        let mut s = 7u64;
        let mut rnd = || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        for _ in 0..120 {
            let (mut x, mut y, mut az) = (
                400_000.0 + 40_000.0 * rnd(),
                6_700_000.0 + 40_000.0 * rnd(),
                6.3 * rnd(),
            );
            let mut pts = vec![(x, y)];
            for _ in 0..100 {
                az += 0.5 * (rnd() - 0.5);
                x += 150.0 * az.cos();
                y += 150.0 * az.sin();
                pts.push((x, y));
            }
            l.push(Some(Geometry::LineString(LineString::from(pts))), vec![])
                .unwrap();
        }
        let n = layer_segments(&l).unwrap().len();
        let t = Instant::now();
        distance_to_features(&l, &g3).unwrap();
        eprintln!(
            "distance to {n} segments on 3,000,000 cells: {:.3} s",
            t.elapsed().as_secs_f64()
        );
        let t = Instant::now();
        line_density(&l, &g3, 1000.0).unwrap();
        eprintln!(
            "line density (R = 1 km) of {n} segments on 3,000,000 cells: {:.3} s",
            t.elapsed().as_secs_f64()
        );
        let t = Instant::now();
        intersection_density(&l, &g3, PointKernel::Gaussian { sigma: 1000.0 }).unwrap();
        eprintln!(
            "intersection density (σ = 1 km) on 3,000,000 cells: {:.3} s",
            t.elapsed().as_secs_f64()
        );
        let t = Instant::now();
        let (codes, _) = rasterize_categorical(&geo, "lithology", &g3, None).unwrap();
        eprintln!(
            "rasterise geology on 3,000,000 cells: {:.3} s",
            t.elapsed().as_secs_f64()
        );
        let t = Instant::now();
        distance_to_class(&codes, 2).unwrap();
        eprintln!(
            "raster EDT to lithology class 2 on 3,000,000 cells: {:.3} s",
            t.elapsed().as_secs_f64()
        );
    }
}
