//! Densities against analytic values.

use crate::evidence_common;

mod evidence {
    use super::evidence_common::*;
    use geo_types::{Geometry, LineString, MultiLineString, Point};
    use lode_core::{GridGeometry, VectorLayer};
    use lode_prospect::evidence::density::{
        intersection_density, line_density, line_intersections, point_density, PointKernel,
    };
    use std::f64::consts::PI;

    fn lines(ls: Vec<Vec<(f64, f64)>>) -> VectorLayer {
        let mut l = VectorLayer::new("l", vec![]);
        for p in ls {
            l.push(Some(Geometry::LineString(LineString::from(p))), vec![])
                .unwrap();
        }
        l
    }

    #[test]
    fn line_density_of_a_long_straight_line_is_the_chord_over_the_circle() {
        // y = 0.3·x + 1234.5 across a 10 km grid; chord 2√(R² − h²) at perpendicular distance h.
        let g = GridGeometry::new(100, 80, 0.0, 8000.0, 100.0, 100.0).unwrap();
        let (a, b) = (0.3, 1234.5);
        let l = lines(vec![vec![
            (-50_000.0, a * -50_000.0 + b),
            (50_000.0, a * 50_000.0 + b),
        ]]);
        let r = 750.0;
        // North-up (row sweep) and rotated (per-cell R-tree query) grids.
        for rot in [30.0, 0.0] {
            let mut g = g;
            g.rotation_deg = rot;
            let d = line_density(&l, &g, r).unwrap();
            assert_eq!(d.units.as_deref(), Some("km/km2"));
            let mut inside = 0;
            for row in 0..g.rows {
                for c in 0..g.cols {
                    let (x, y) = g.cell_center(c, row);
                    let h = (a * x - y + b).abs() / (a * a + 1.0).sqrt();
                    let chord = if h < r {
                        2.0 * (r * r - h * h).sqrt()
                    } else {
                        0.0
                    };
                    let want = (chord / 1e3) / (PI * r * r / 1e6);
                    assert!(
                        (d.get(c, row) - want).abs() < 1e-9,
                        "({c},{row}) {} vs {want}",
                        d.get(c, row)
                    );
                    inside += (chord > 0.0) as usize;
                }
            }
            assert!(inside > 500);
        }
        // A segment wholly inside the circle counts its full length: 600 m in πR².
        let s = lines(vec![vec![
            (4950.0, 3950.0),
            (4950.0 + 360.0, 3950.0 + 480.0),
        ]]);
        let d = line_density(&s, &g, 1000.0).unwrap();
        let want = 0.6 / (PI * 1.0);
        assert!((d.get(49, 40) - want).abs() < 1e-12);
    }

    fn points(p: &[(f64, f64)]) -> VectorLayer {
        let mut l = VectorLayer::new("p", vec![]);
        for &(x, y) in p {
            l.push(Some(Geometry::Point(Point::new(x, y))), vec![])
                .unwrap();
        }
        l
    }

    #[test]
    fn point_density_uniform_and_gaussian() {
        let g = GridGeometry::new(60, 60, 0.0, 6000.0, 100.0, 100.0).unwrap();
        let p = points(&[(3000.0, 3000.0), (3020.0, 2950.0), (1000.0, 5000.0)]);
        let r = 500.0;
        for rot in [-20.0, 0.0] {
            let mut g = g;
            g.rotation_deg = rot;
            let d = point_density(&p, &g, PointKernel::Uniform { radius: r }).unwrap();
            for row in 0..g.rows {
                for c in 0..g.cols {
                    let (x, y) = g.cell_center(c, row);
                    let n = [(3000.0, 3000.0), (3020.0, 2950.0), (1000.0, 5000.0)]
                        .iter()
                        .filter(|(px, py)| (x - px).hypot(y - py) <= r)
                        .count();
                    let want = n as f64 / (PI * r * r / 1e6);
                    assert!((d.get(c, row) - want).abs() < 1e-9);
                }
            }
        }
        let sigma = 300.0;
        let one = points(&[(3000.0, 3000.0)]);
        let d = point_density(&one, &g, PointKernel::Gaussian { sigma }).unwrap();
        let (x, y) = g.cell_center(33, 31);
        let d2 = (x - 3000.0).powi(2) + (y - 3000.0).powi(2);
        let want = (-d2 / (2.0 * sigma * sigma)).exp() / (2.0 * PI * sigma * sigma) * 1e6;
        assert!((d.get(33, 31) - want).abs() < 1e-12 * want.max(1.0));
        // The kernel integrates to one point.
        let total: f64 = d.values_f64().iter().sum::<f64>() * 0.01;
        assert!((total - 1.0).abs() < 1e-4, "{total}");
        assert!(point_density(&one, &g, PointKernel::Uniform { radius: -1.0 }).is_err());
    }

    #[test]
    fn intersections_of_a_lattice_a_t_junction_and_a_vertex_crossing() {
        let mut ls = Vec::new();
        for k in 0..3 {
            let c = 1000.0 + 1000.0 * k as f64;
            ls.push(vec![(500.0, c), (3500.0, c)]);
            ls.push(vec![(c, 500.0), (c, 3500.0)]);
        }
        // A T junction ending on the line y = 3000, and a line whose vertex lies on x = 1000.
        ls.push(vec![(1500.0, 3300.0), (1500.0, 3000.0)]);
        ls.push(vec![(700.0, 1500.0), (1000.0, 1600.0), (1300.0, 1500.0)]);
        let l = lines(ls);
        let pts = line_intersections(&l).unwrap();
        assert_eq!(pts.len(), 9 + 1 + 1, "{pts:?}");
        assert!(pts.contains(&[1500.0, 3000.0]) && pts.contains(&[1000.0, 1600.0]));
        let g = GridGeometry::new(40, 40, 0.0, 4000.0, 100.0, 100.0).unwrap();
        let d = intersection_density(&l, &g, PointKernel::Uniform { radius: 1200.0 }).unwrap();
        // The centre cell (1950, 2050) sees the 9 lattice nodes within 1200 m? Count them directly.
        let (x, y) = g.cell_center(19, 19);
        let n = pts
            .iter()
            .filter(|p| (p[0] - x).hypot(p[1] - y) <= 1200.0)
            .count();
        assert!((d.get(19, 19) - n as f64 / (PI * 1.44)).abs() < 1e-9);
        // A multi-line's parts are separate lines; the district's faults cross each other.
        let mut m = VectorLayer::new("m", vec![]);
        m.push(
            Some(Geometry::MultiLineString(MultiLineString(vec![
                LineString::from(vec![(0.0, 0.0), (10.0, 10.0)]),
                LineString::from(vec![(0.0, 10.0), (10.0, 0.0)]),
            ]))),
            vec![],
        )
        .unwrap();
        assert_eq!(line_intersections(&m).unwrap(), vec![[5.0, 5.0]]);
        let faults = layer("faults.geojson");
        let fi = line_intersections(&faults).unwrap();
        eprintln!("district faults: {} intersections", fi.len());
    }
}
