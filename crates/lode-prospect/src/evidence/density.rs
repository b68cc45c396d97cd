//! Densities of lines, points and line intersections around each cell centre.
//!
//! Line density is the length of the lines inside a circle of radius R around the cell centre,
//! divided by the circle's area πR² (the simple method of ArcGIS Spatial Analyst "Line Density"),
//! in km/km². Each segment is clipped to the circle exactly (the roots of
//! |a + t·(b − a) − p|² = R²). Point density counts points within R per πR² (uniform kernel), or
//! sums the bivariate normal kernel exp(−d²/2σ²)/(2πσ²) (Silverman 1986, "Density estimation for
//! statistics and data analysis", §4.2), in points per km². Coordinates in metres. On north-up
//! grids each row is swept once (features near the row add to the cells within reach); rotated
//! grids query the R-tree per cell.

use lode_core::{Error, Grid, GridGeometry, Result, VectorLayer};
use rayon::prelude::*;
use rstar::{RTree, AABB};

use super::distance::{check_projected, geometry_segments, Segment};

/// The kernel of a point density.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PointKernel {
    /// Points within `radius` (m) per πR².
    Uniform {
        /// Search radius, m.
        radius: f64,
    },
    /// Gaussian kernel of standard deviation `sigma` (m), truncated at 5σ (mass lost < 4e-6).
    Gaussian {
        /// Standard deviation, m.
        sigma: f64,
    },
}

fn check_radius(r: f64, what: &str) -> Result<()> {
    if !(r.is_finite() && r > 0.0) {
        return Err(Error::invalid(format!(
            "{what} must be positive and finite, got {r}"
        )));
    }
    Ok(())
}

fn out_grid(
    geometry: &GridGeometry,
    layer: &VectorLayer,
    v: Vec<f64>,
    units: &str,
    field: &str,
) -> Result<Grid> {
    let mut g = Grid::new_f64(*geometry, v)?;
    g.crs = layer.crs.clone();
    g.units = Some(units.into());
    g.field = Some(field.into());
    Ok(g)
}

/// The columns [c0, c1) whose centres (c + 0.5)·dx lie in [xmin, xmax] (shifted coordinates).
fn col_range(xmin: f64, xmax: f64, dx: f64, cols: usize) -> (usize, usize) {
    let c0 = (xmin / dx - 0.5).ceil().clamp(0.0, cols as f64) as usize;
    let c1 = ((xmax / dx - 0.5).floor() + 1.0).clamp(0.0, cols as f64) as usize;
    (c0, c1.max(c0))
}

/// Length (m) of the part of segment `s` inside the circle of radius `r` around `p` (the
/// lineament-density clipping of `lode_geophys`, exact).
pub fn clipped_length(s: &Segment, p: [f64; 2], r: f64) -> f64 {
    lode_geophys::lineaments::stats::clipped_length(s.a, s.b, p, r)
}

/// Line density (km/km²): length of the layer's lines (polygon boundaries count as lines) within
/// `radius` (m) of each cell centre, divided by π·radius².
pub fn line_density(layer: &VectorLayer, geometry: &GridGeometry, radius: f64) -> Result<Grid> {
    check_projected(layer)?;
    check_radius(radius, "line density radius")?;
    geometry.validate()?;
    let o = [geometry.x0, geometry.y0];
    let mut segs = Vec::new();
    for (i, f) in layer.features.iter().enumerate() {
        if let Some(g) = &f.geometry {
            geometry_segments(g, &mut segs)
                .map_err(|e| Error::invalid(format!("layer '{}', feature {i}: {e}", layer.name)))?;
        }
    }
    let segs: Vec<Segment> = segs
        .into_iter()
        .filter(|s| s.a != s.b)
        .map(|s| Segment {
            a: [s.a[0] - o[0], s.a[1] - o[1]],
            b: [s.b[0] - o[0], s.b[1] - o[1]],
        })
        .collect();
    let tree = RTree::bulk_load(segs);
    let area_km2 = std::f64::consts::PI * radius * radius / 1e6;
    let mut out = vec![0.0; geometry.len()];
    let (cols, dx, dy) = (geometry.cols, geometry.dx, geometry.dy);
    out.par_chunks_mut(cols).enumerate().for_each(|(r, row)| {
        if geometry.is_north_up() {
            // Row sweep: each segment near the row adds to the cells within reach of it.
            let y = -(r as f64 + 0.5) * dy;
            let band = AABB::from_corners(
                [-radius - dx, y - radius],
                [cols as f64 * dx + radius + dx, y + radius],
            );
            for s in tree.locate_in_envelope_intersecting(&band) {
                let (c0, c1) = col_range(
                    s.a[0].min(s.b[0]) - radius,
                    s.a[0].max(s.b[0]) + radius,
                    dx,
                    cols,
                );
                for (c, v) in row.iter_mut().enumerate().take(c1).skip(c0) {
                    *v += clipped_length(s, [(c as f64 + 0.5) * dx, y], radius);
                }
            }
        } else {
            for (c, v) in row.iter_mut().enumerate() {
                let (x, y) = geometry.cell_center(c, r);
                let p = [x - o[0], y - o[1]];
                let env = AABB::from_corners(
                    [p[0] - radius, p[1] - radius],
                    [p[0] + radius, p[1] + radius],
                );
                *v = tree
                    .locate_in_envelope_intersecting(&env)
                    .map(|s| clipped_length(s, p, radius))
                    .sum();
            }
        }
        for v in row.iter_mut() {
            *v = *v / 1e3 / area_km2;
        }
    });
    out_grid(geometry, layer, out, "km/km2", "line_density")
}

/// Density (points per km²) of the given points (CRS coordinates, m) with a kernel.
pub fn density_of_points(
    points: &[[f64; 2]],
    geometry: &GridGeometry,
    kernel: PointKernel,
) -> Result<Vec<f64>> {
    geometry.validate()?;
    let reach = match kernel {
        PointKernel::Uniform { radius } => {
            check_radius(radius, "point density radius")?;
            radius
        }
        PointKernel::Gaussian { sigma } => {
            check_radius(sigma, "Gaussian kernel sigma")?;
            5.0 * sigma
        }
    };
    let o = [geometry.x0, geometry.y0];
    let tree = RTree::bulk_load(
        points
            .iter()
            .map(|p| [p[0] - o[0], p[1] - o[1]])
            .collect::<Vec<_>>(),
    );
    let weight = |d2: f64| match kernel {
        PointKernel::Uniform { radius } => 1e6 / (std::f64::consts::PI * radius * radius),
        PointKernel::Gaussian { sigma } => {
            let s2 = sigma * sigma;
            (-d2 / (2.0 * s2)).exp() / (2.0 * std::f64::consts::PI * s2) * 1e6
        }
    };
    let (cols, dx, dy) = (geometry.cols, geometry.dx, geometry.dy);
    let reach2 = reach * reach;
    let mut out = vec![0.0; geometry.len()];
    out.par_chunks_mut(cols).enumerate().for_each(|(r, row)| {
        if geometry.is_north_up() {
            let y = -(r as f64 + 0.5) * dy;
            let band = AABB::from_corners(
                [-reach - dx, y - reach],
                [cols as f64 * dx + reach + dx, y + reach],
            );
            for q in tree.locate_in_envelope_intersecting(&band) {
                let (c0, c1) = col_range(q[0] - reach, q[0] + reach, dx, cols);
                let dy2 = (q[1] - y) * (q[1] - y);
                for (c, v) in row.iter_mut().enumerate().take(c1).skip(c0) {
                    let ddx = q[0] - (c as f64 + 0.5) * dx;
                    let d2 = ddx * ddx + dy2;
                    if d2 <= reach2 {
                        *v += weight(d2);
                    }
                }
            }
        } else {
            for (c, v) in row.iter_mut().enumerate() {
                let (x, y) = geometry.cell_center(c, r);
                let p = [x - o[0], y - o[1]];
                *v = tree
                    .locate_within_distance(p, reach2)
                    .map(|q| weight((q[0] - p[0]).powi(2) + (q[1] - p[1]).powi(2)))
                    .sum();
            }
        }
    });
    Ok(out)
}

fn layer_points(layer: &VectorLayer) -> Result<Vec<[f64; 2]>> {
    use geo_types::Geometry;
    let mut pts = Vec::new();
    for (i, f) in layer.features.iter().enumerate() {
        match &f.geometry {
            None => {}
            Some(Geometry::Point(p)) => pts.push([p.x(), p.y()]),
            Some(Geometry::MultiPoint(m)) => pts.extend(m.0.iter().map(|p| [p.x(), p.y()])),
            Some(_) => {
                return Err(Error::invalid(format!(
                    "layer '{}', feature {i}: point density needs points",
                    layer.name
                )))
            }
        }
    }
    if pts.iter().any(|p| !(p[0].is_finite() && p[1].is_finite())) {
        return Err(Error::invalid(format!(
            "layer '{}': non-finite point",
            layer.name
        )));
    }
    Ok(pts)
}

/// Point density (points per km²) of a point layer.
pub fn point_density(
    layer: &VectorLayer,
    geometry: &GridGeometry,
    kernel: PointKernel,
) -> Result<Grid> {
    check_projected(layer)?;
    let pts = layer_points(layer)?;
    out_grid(
        geometry,
        layer,
        density_of_points(&pts, geometry, kernel)?,
        "1/km2",
        "point_density",
    )
}

#[derive(Clone, Copy)]
struct LineSeg {
    seg: Segment,
    line: usize,
}

impl rstar::RTreeObject for LineSeg {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        AABB::from_corners(self.seg.a, self.seg.b)
    }
}

fn seg_intersection(p: &Segment, q: &Segment) -> Option<[f64; 2]> {
    let r = [p.b[0] - p.a[0], p.b[1] - p.a[1]];
    let s = [q.b[0] - q.a[0], q.b[1] - q.a[1]];
    let den = r[0] * s[1] - r[1] * s[0];
    let w = [q.a[0] - p.a[0], q.a[1] - p.a[1]];
    if den == 0.0 {
        // Parallel: collinear overlaps count once, at the start of the overlap.
        if w[0] * r[1] - w[1] * r[0] != 0.0 {
            return None;
        }
        let rr = r[0] * r[0] + r[1] * r[1];
        if rr == 0.0 {
            return None;
        }
        let t0 = (w[0] * r[0] + w[1] * r[1]) / rr;
        let t1 = t0 + (s[0] * r[0] + s[1] * r[1]) / rr;
        let lo = t0.min(t1).max(0.0);
        let hi = t0.max(t1).min(1.0);
        return (lo <= hi).then(|| [p.a[0] + lo * r[0], p.a[1] + lo * r[1]]);
    }
    let t = (w[0] * s[1] - w[1] * s[0]) / den;
    let u = (w[0] * r[1] - w[1] * r[0]) / den;
    ((0.0..=1.0).contains(&t) && (0.0..=1.0).contains(&u))
        .then(|| [p.a[0] + t * r[0], p.a[1] + t * r[1]])
}

/// The points where two different lines of the layer cross or touch (each line string, or each
/// part of a multi-line string, is one line; a line meeting another at a vertex counts once).
/// Sorted by x then y.
pub fn line_intersections(layer: &VectorLayer) -> Result<Vec<[f64; 2]>> {
    check_projected(layer)?;
    use geo_types::Geometry;
    let mut lines: Vec<Vec<Segment>> = Vec::new();
    for (i, f) in layer.features.iter().enumerate() {
        let parts: Vec<&geo_types::LineString<f64>> = match &f.geometry {
            None => Vec::new(),
            Some(Geometry::LineString(l)) => vec![l],
            Some(Geometry::MultiLineString(m)) => m.0.iter().collect(),
            Some(Geometry::Line(_)) | Some(_) => {
                return Err(Error::invalid(format!(
                    "layer '{}', feature {i}: intersection density needs line strings",
                    layer.name
                )))
            }
        };
        for ls in parts {
            let mut segs = Vec::new();
            geometry_segments(&Geometry::LineString(ls.clone()), &mut segs)
                .map_err(|e| Error::invalid(format!("layer '{}', feature {i}: {e}", layer.name)))?;
            lines.push(segs.into_iter().filter(|s| s.a != s.b).collect());
        }
    }
    let all: Vec<LineSeg> = lines
        .iter()
        .enumerate()
        .flat_map(|(k, l)| l.iter().map(move |&seg| LineSeg { seg, line: k }))
        .collect();
    let tree = RTree::bulk_load(all.clone());
    let mut hits: Vec<(usize, usize, [f64; 2])> = all
        .par_iter()
        .flat_map_iter(|a| {
            tree.locate_in_envelope_intersecting(&a.envelope_of())
                .filter(|b| b.line > a.line)
                .filter_map(|b| seg_intersection(&a.seg, &b.seg).map(|p| (a.line, b.line, p)))
                .collect::<Vec<_>>()
        })
        .collect();
    hits.sort_by(|p, q| {
        (p.0, p.1)
            .cmp(&(q.0, q.1))
            .then(p.2[0].total_cmp(&q.2[0]))
            .then(p.2[1].total_cmp(&q.2[1]))
    });
    let mut pts: Vec<[f64; 2]> = Vec::new();
    let mut last: Option<(usize, usize, [f64; 2])> = None;
    for h in hits {
        let dup = last.is_some_and(|l| {
            l.0 == h.0
                && l.1 == h.1
                && (l.2[0] - h.2[0]).abs() <= 1e-6
                && (l.2[1] - h.2[1]).abs() <= 1e-6
        });
        if !dup {
            pts.push(h.2);
        }
        last = Some(h);
    }
    pts.sort_by(|p, q| p[0].total_cmp(&q[0]).then(p[1].total_cmp(&q[1])));
    Ok(pts)
}

impl LineSeg {
    fn envelope_of(&self) -> AABB<[f64; 2]> {
        AABB::from_corners(self.seg.a, self.seg.b)
    }
}

/// Intersection density (per km²): the density of [`line_intersections`] with a kernel.
pub fn intersection_density(
    layer: &VectorLayer,
    geometry: &GridGeometry,
    kernel: PointKernel,
) -> Result<Grid> {
    let pts = line_intersections(layer)?;
    out_grid(
        geometry,
        layer,
        density_of_points(&pts, geometry, kernel)?,
        "1/km2",
        "intersection_density",
    )
}
