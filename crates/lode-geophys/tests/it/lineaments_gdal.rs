//! The marching-squares zero contour (used for the tilt-angle lineaments) against GDAL's
//! `gdal_contour -fl 0` on the same grid (`tools/make_lineament_reference.sh`,
//! `tests/data/lineaments/`): both contour the cell-centre values with linear interpolation,
//! so every vertex of either set must lie on the other's lines (to 1 mm) and the total
//! lengths must agree to 1e-6. GDAL also carries the contours half a cell further, to the
//! grid's outer edge (edge values replicated); that part is clipped off before comparing.

use geo_types::Geometry;
use lode_geophys::lineaments::contour::zero_contours;
use lode_geophys::lineaments::stats::polyline_length;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/lineaments");

fn dist_to_lines(p: [f64; 2], lines: &[Vec<[f64; 2]>]) -> f64 {
    let mut best = f64::INFINITY;
    for l in lines {
        for w in l.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
            let l2 = dx * dx + dy * dy;
            let t = if l2 == 0.0 {
                0.0
            } else {
                (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2).clamp(0.0, 1.0)
            };
            best = best.min((p[0] - a[0] - t * dx).hypot(p[1] - a[1] - t * dy));
        }
    }
    best
}

/// The part of segment a–b inside the rectangle [x0, x1] × [y0, y1] (Liang–Barsky).
fn clip(a: [f64; 2], b: [f64; 2], r: [f64; 4]) -> Option<([f64; 2], [f64; 2])> {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a[0] - r[0]),
        (dx, r[1] - a[0]),
        (-dy, a[1] - r[2]),
        (dy, r[3] - a[1]),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 < t1).then(|| {
        (
            [a[0] + t0 * dx, a[1] + t0 * dy],
            [a[0] + t1 * dx, a[1] + t1 * dy],
        )
    })
}

#[test]
fn lineaments_zero_contour_matches_gdal_contour() {
    let grid = lode_io::read_grid(format!("{DIR}/field.asc").as_ref()).unwrap();
    let g = grid.geometry;
    let v = grid.values_f64();
    let ours: Vec<Vec<[f64; 2]>> = zero_contours(&v, g.rows, g.cols, g.dx, g.dy, &|_, _| true)
        .into_iter()
        .map(|l| {
            l.iter()
                .map(|q| {
                    let (x, y) = g.pixel_to_xy(q[0] / g.dx, q[1] / g.dy);
                    [x, y]
                })
                .collect()
        })
        .collect();
    let layer = lode_io::read_vector(format!("{DIR}/zero_gdal.geojson").as_ref()).unwrap();
    let gdal: Vec<Vec<[f64; 2]>> = layer
        .features
        .iter()
        .filter_map(|f| match &f.geometry {
            Some(Geometry::LineString(ls)) => Some(ls.coords().map(|c| [c.x, c.y]).collect()),
            _ => None,
        })
        .collect();
    assert_eq!(gdal.len(), 3);
    let (xa, ya) = g.cell_center(0, g.rows - 1);
    let (xb, yb) = g.cell_center(g.cols - 1, 0);
    let hull = [xa, xb, ya, yb];
    let gdal: Vec<Vec<[f64; 2]>> = gdal
        .iter()
        .map(|l| {
            let mut out: Vec<[f64; 2]> = Vec::new();
            for w in l.windows(2) {
                if let Some((a, b)) = clip(w[0], w[1], hull) {
                    if out.last() != Some(&a) {
                        out.push(a);
                    }
                    out.push(b);
                }
            }
            out
        })
        .collect();
    assert_eq!(ours.len(), gdal.len());
    let mut worst: f64 = 0.0;
    for p in ours.iter().flatten() {
        worst = worst.max(dist_to_lines(*p, &gdal));
    }
    for p in gdal.iter().flatten() {
        worst = worst.max(dist_to_lines(*p, &ours));
    }
    let lo: f64 = ours.iter().map(|l| polyline_length(l)).sum();
    let lg: f64 = gdal.iter().map(|l| polyline_length(l)).sum();
    eprintln!(
        "largest vertex distance {worst:.2e} m; lengths {lo:.6} m (lode) vs {lg:.6} m (GDAL)"
    );
    assert!(worst < 1e-3, "{worst}");
    assert!((lo - lg).abs() < 1e-6 * lg);
}
