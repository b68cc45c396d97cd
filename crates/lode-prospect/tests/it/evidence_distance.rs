//! Distances to vector features against shapely (GEOS) and a brute-force implementation, and the
//! raster distance transform against brute force.

use crate::evidence_common;

mod evidence {
    use super::evidence_common::*;
    use geo_types::{Geometry, LineString, Point};
    use lode_core::{FieldDef, FieldKind, Grid, GridGeometry, VectorLayer};
    use lode_prospect::evidence::distance::{
        buffer_mask, contact_segments, distance_to_contacts, distance_to_features, layer_segments,
        signed_distance_to_polygons, Segment,
    };
    use lode_prospect::evidence::edt::{distance_to_cells, distance_to_class};

    /// Tolerance against shapely's distances (m); the reference file holds 8 decimals.
    const TOL: f64 = 1e-6;

    fn assert_close(got: &Grid, want: &[f64], what: &str) {
        assert_close_to(got, want, what, TOL)
    }

    fn assert_close_to(got: &Grid, want: &[f64], what: &str, tol: f64) {
        let g = got.values_f64();
        assert_eq!(g.len(), want.len());
        let mut worst = 0.0f64;
        for (i, (a, b)) in g.iter().zip(want).enumerate() {
            let e = (a - b).abs();
            assert!(e <= tol, "{what}: cell {i}: lode {a} vs shapely {b}");
            worst = worst.max(e);
        }
        eprintln!(
            "{what}: max |lode − shapely| = {worst:.2e} m over {} cells",
            g.len()
        );
    }

    #[test]
    fn distance_to_lines_matches_shapely() {
        let d = distance_to_features(&layer("lines.geojson"), &geometry()).unwrap();
        assert_eq!(d.units.as_deref(), Some("m"));
        assert_close(&d, &reference("d_lines"), "lines");
    }

    #[test]
    fn distance_to_points_matches_shapely() {
        let d = distance_to_features(&layer("points.geojson"), &geometry()).unwrap();
        assert_close(&d, &reference("d_points"), "points");
    }

    #[test]
    fn signed_distance_to_polygons_matches_shapely() {
        let d = signed_distance_to_polygons(&layer("map.geojson"), &geometry()).unwrap();
        assert_close(&d, &reference("signed_map"), "signed polygons");
        let v = d.values_f64();
        assert!(v.iter().any(|&x| x < 0.0) && v.iter().any(|&x| x > 0.0));
    }

    #[test]
    fn distance_to_contacts_matches_shapely() {
        let map = layer("map.geojson");
        let d = distance_to_contacts(&map, "unit", &geometry()).unwrap();
        assert_close(&d, &reference("d_contacts"), "contacts");
        // Contacts are a strict subset of the boundaries: never closer than the boundary.
        let b = signed_distance_to_polygons(&map, &geometry()).unwrap();
        for (c, s) in d.values_f64().iter().zip(b.values_f64().iter()) {
            assert!(*c + 1e-9 >= s.abs());
        }
    }

    #[test]
    fn district_contacts_match_shapely() {
        let geo = layer("geology.gpkg");
        let g = GridGeometry::new(40, 40, 400_000.0, 6_740_000.0, 1000.0, 1000.0).unwrap();
        let d = distance_to_contacts(&geo, "lithology", &g).unwrap();
        let text = std::fs::read_to_string(data("geology_contacts.csv")).unwrap();
        let want: Vec<f64> = text
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(2).unwrap().parse().unwrap())
            .collect();
        // The district's neighbours repeat shared boundaries only to 0.1 mm: both sides define a
        // contact as the boundary within 1 mm of the other's, so agree to 1 cm.
        assert_close_to(&d, &want, "district contacts", 1e-2);
    }

    fn brute(segs: &[Segment], g: &GridGeometry) -> Vec<f64> {
        let mut out = Vec::new();
        for r in 0..g.rows {
            for c in 0..g.cols {
                let (x, y) = g.cell_center(c, r);
                let m = segs
                    .iter()
                    .map(|s| s.dist2([x, y]))
                    .fold(f64::INFINITY, f64::min);
                out.push(m.sqrt());
            }
        }
        out
    }

    #[test]
    fn rtree_distance_equals_brute_force_on_the_district_faults_and_a_rotated_grid() {
        let faults = layer("faults.geojson");
        let segs = layer_segments(&faults).unwrap();
        assert!(segs.len() > 100);
        let mut g = GridGeometry::new(57, 43, 401_234.5, 6_739_876.5, 700.0, 900.0).unwrap();
        for rot in [0.0, 23.5] {
            g.rotation_deg = rot;
            let d = distance_to_features(&faults, &g).unwrap();
            let b = brute(&segs, &g);
            for (a, e) in d.values_f64().iter().zip(&b) {
                assert!((a - e).abs() <= 1e-9, "rotation {rot}: {a} vs {e}");
            }
        }
    }

    #[test]
    fn analytic_distances_to_a_point_and_a_segment() {
        let g = GridGeometry::new(10, 10, 0.0, 100.0, 10.0, 10.0).unwrap();
        let mut l = VectorLayer::new(
            "p",
            vec![FieldDef {
                name: "id".into(),
                kind: FieldKind::Int,
            }],
        );
        l.push(
            Some(Geometry::Point(Point::new(5.0, 95.0))),
            vec![lode_core::AttrValue::Int(1)],
        )
        .unwrap();
        let d = distance_to_features(&l, &g).unwrap();
        assert_eq!(d.get(0, 0), 0.0);
        assert!((d.get(3, 4) - (30.0f64.hypot(40.0))).abs() < 1e-12);
        let mut s = VectorLayer::new("s", vec![]);
        s.push(
            Some(Geometry::LineString(LineString::from(vec![
                (0.0, 50.0),
                (100.0, 50.0),
            ]))),
            vec![],
        )
        .unwrap();
        let d = distance_to_features(&s, &g).unwrap();
        for r in 0..10 {
            assert!((d.get(7, r) - (95.0 - 10.0 * r as f64 - 50.0).abs()).abs() < 1e-12);
        }
        let b = buffer_mask(&d, 15.0).unwrap();
        let col: Vec<f64> = (0..10).map(|r| b.get(0, r)).collect();
        assert_eq!(col, vec![0., 0., 0., 1., 1., 1., 1., 0., 0., 0.]);
    }

    #[test]
    fn contacts_leave_out_the_map_edge_and_same_unit_boundaries() {
        let map = layer("map.geojson");
        let segs = contact_segments(&map, "unit", 1e-6).unwrap();
        let all: f64 = layer_segments(&map)
            .unwrap()
            .iter()
            .map(Segment::length)
            .sum();
        let contact: f64 = segs.iter().map(Segment::length).sum();
        assert!(contact > 0.0 && contact < all / 2.0, "{contact} of {all}");
        // Nothing on the outer edge of the lattice (west edge x = X0 + 130.5).
        let x_west = geometry().x0 + 130.5;
        assert!(segs
            .iter()
            .all(|s| (s.a[0] - x_west).abs() > 1e-3 || (s.b[0] - x_west).abs() > 1e-3));
        assert!(distance_to_contacts(&map, "nope", &geometry()).is_err());
    }

    #[test]
    fn geographic_layers_are_refused() {
        let mut l = layer("points.geojson");
        l.crs = Some(lode_core::Crs::from_epsg(4326).unwrap());
        let e = distance_to_features(&l, &geometry())
            .unwrap_err()
            .to_string();
        assert!(e.contains("geographic"), "{e}");
    }

    #[test]
    fn edt_matches_brute_force_with_rectangular_cells() {
        let g = GridGeometry::new(37, 29, 0.0, 0.0, 30.0, 20.0).unwrap();
        let mut v = vec![0.0; g.len()];
        let mut state = 12345u64;
        for (i, x) in v.iter_mut().enumerate() {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            if (state >> 33).is_multiple_of(53) {
                *x = 3.0;
            }
            if i % 97 == 5 {
                *x = f64::NAN;
            }
        }
        let grid = Grid::new_f64(g, v.clone()).unwrap();
        let d = distance_to_class(&grid, 3).unwrap();
        let src: Vec<(usize, usize)> = (0..g.len())
            .filter(|&i| v[i] == 3.0)
            .map(|i| (i % g.cols, i / g.cols))
            .collect();
        assert!(src.len() > 5);
        for r in 0..g.rows {
            for c in 0..g.cols {
                let want = src
                    .iter()
                    .map(|&(sc, sr)| {
                        ((sc as f64 - c as f64) * 30.0).hypot((sr as f64 - r as f64) * 20.0)
                    })
                    .fold(f64::INFINITY, f64::min);
                let got = d.get(c, r);
                if v[r * g.cols + c].is_nan() {
                    assert!(got.is_nan());
                } else {
                    assert!((got - want).abs() < 1e-9, "({c},{r}) {got} vs {want}");
                }
            }
        }
        assert!(distance_to_cells(&grid, |x| x > 10.0).is_err());
    }
}
