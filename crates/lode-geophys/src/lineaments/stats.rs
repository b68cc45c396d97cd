//! Orientation and density statistics of lineaments.

use lode_core::{Error, Grid, GridGeometry, Result};
use rayon::prelude::*;

use super::Lineament;

/// Length of a polyline (CRS units).
pub fn polyline_length(p: &[[f64; 2]]) -> f64 {
    p.windows(2)
        .map(|w| (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1]))
        .sum()
}

/// Length-weighted axial mean strike of a polyline, degrees clockwise from grid north in
/// [0, 180): the segment azimuths θ are averaged as doubled angles (Σ L e^{2iθ}), as for any
/// axial (undirected) data (Mardia & Jupp 2000, §9.3.2).
pub fn strike_deg(p: &[[f64; 2]]) -> f64 {
    let (mut c, mut s) = (0.0, 0.0);
    for w in p.windows(2) {
        let (ex, ny) = (w[1][0] - w[0][0], w[1][1] - w[0][1]);
        let l = ex.hypot(ny);
        if l == 0.0 {
            continue;
        }
        let th = 2.0 * ex.atan2(ny);
        c += l * th.cos();
        s += l * th.sin();
    }
    let d = (0.5 * s.atan2(c).to_degrees()).rem_euclid(180.0);
    if d >= 180.0 {
        0.0
    } else {
        d
    }
}

/// Length (m) of the segment a–b inside the circle of radius `r` about `c`.
pub fn clipped_length(a: [f64; 2], b: [f64; 2], c: [f64; 2], r: f64) -> f64 {
    let d = [b[0] - a[0], b[1] - a[1]];
    let f = [a[0] - c[0], a[1] - c[1]];
    let aa = d[0] * d[0] + d[1] * d[1];
    if aa == 0.0 {
        return 0.0;
    }
    let bb = d[0] * f[0] + d[1] * f[1];
    let cc = f[0] * f[0] + f[1] * f[1] - r * r;
    let disc = bb * bb - aa * cc;
    if disc <= 0.0 {
        return 0.0;
    }
    let sq = disc.sqrt();
    let t1 = ((-bb - sq) / aa).max(0.0);
    let t2 = ((-bb + sq) / aa).min(1.0);
    (t2 - t1).max(0.0) * aa.sqrt()
}

/// Lineament density, km of lineament per km², on `geometry`: for every cell centre the total
/// length of lineament inside the circle of radius `radius_m` about it (segments clipped
/// exactly to the circle) divided by the circle's area πR². Coordinates must be in metres.
pub fn lineament_density(
    lines: &[Lineament],
    geometry: &GridGeometry,
    radius_m: f64,
) -> Result<Grid> {
    geometry.validate()?;
    if !(radius_m.is_finite() && radius_m > 0.0) {
        return Err(Error::invalid(format!(
            "density radius {radius_m} m must be positive"
        )));
    }
    let segs: Vec<([f64; 2], [f64; 2])> = lines
        .iter()
        .flat_map(|l| l.points.windows(2).map(|w| (w[0], w[1])))
        .collect();
    let (rows, cols) = (geometry.rows, geometry.cols);
    let mut by_row: Vec<Vec<usize>> = vec![Vec::new(); rows];
    for (i, (a, b)) in segs.iter().enumerate() {
        let (xmin, xmax) = (a[0].min(b[0]) - radius_m, a[0].max(b[0]) + radius_m);
        let (ymin, ymax) = (a[1].min(b[1]) - radius_m, a[1].max(b[1]) + radius_m);
        let (mut rlo, mut rhi) = (f64::INFINITY, f64::NEG_INFINITY);
        for (x, y) in [(xmin, ymin), (xmin, ymax), (xmax, ymin), (xmax, ymax)] {
            let (_, r) = geometry.xy_to_pixel(x, y);
            rlo = rlo.min(r);
            rhi = rhi.max(r);
        }
        let lo = (rlo - 1.0).floor().max(0.0);
        let hi = (rhi + 1.0).ceil().min(rows as f64 - 1.0);
        if hi < lo {
            continue;
        }
        for row in by_row.iter_mut().take(hi as usize + 1).skip(lo as usize) {
            row.push(i);
        }
    }
    let scale = 1000.0 / (std::f64::consts::PI * radius_m * radius_m);
    let mut v = vec![0.0; rows * cols];
    v.par_chunks_mut(cols).enumerate().for_each(|(r, out)| {
        for (c, o) in out.iter_mut().enumerate() {
            let (x, y) = geometry.cell_center(c, r);
            let len: f64 = by_row[r]
                .iter()
                .map(|&i| clipped_length(segs[i].0, segs[i].1, [x, y], radius_m))
                .sum();
            *o = len * scale;
        }
    });
    let mut g = Grid::new_f64(*geometry, v)?;
    g.units = Some("km/km2".into());
    g.field = Some("lineament_density".into());
    Ok(g)
}

/// One bin of a rose diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct RoseBin {
    /// Strike range [from, to), degrees clockwise from grid north.
    pub from_deg: f64,
    pub to_deg: f64,
    /// Number of lineaments whose strike falls in the bin.
    pub count: usize,
    /// Their total length, m.
    pub length_m: f64,
}

/// Length-weighted rose of lineament strikes over [0, 180) in bins of `bin_deg` (0.1–180°; the
/// last bin ends at 180°). Each lineament counts once, with its whole length, in the bin of its
/// strike, so the lengths sum to the total lineament length.
pub fn rose(lines: &[Lineament], bin_deg: f64) -> Result<Vec<RoseBin>> {
    if !(bin_deg.is_finite() && (0.1..=180.0).contains(&bin_deg)) {
        return Err(Error::invalid(format!(
            "rose bin width {bin_deg}° must be in [0.1, 180]"
        )));
    }
    let n = (180.0 / bin_deg - 1e-9).ceil() as usize;
    let mut bins: Vec<RoseBin> = (0..n)
        .map(|i| RoseBin {
            from_deg: i as f64 * bin_deg,
            to_deg: ((i + 1) as f64 * bin_deg).min(180.0),
            count: 0,
            length_m: 0.0,
        })
        .collect();
    for l in lines {
        let s = l.strike_deg.rem_euclid(180.0);
        let i = ((s / bin_deg) as usize).min(n - 1);
        bins[i].count += 1;
        bins[i].length_m += l.length_m;
    }
    Ok(bins)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strike_conventions() {
        assert!((strike_deg(&[[0.0, 0.0], [0.0, 1.0]]) - 0.0).abs() < 1e-12);
        assert!((strike_deg(&[[0.0, 0.0], [1.0, 0.0]]) - 90.0).abs() < 1e-12);
        assert!((strike_deg(&[[1.0, 1.0], [0.0, 0.0]]) - 45.0).abs() < 1e-12);
        assert!((strike_deg(&[[0.0, 0.0], [1.0, -1.0]]) - 135.0).abs() < 1e-12);
        // A line zig-zagging about N 10° E averages to it.
        let a = 10f64.to_radians();
        let p = [[0.0, 0.0], [a.sin(), a.cos()], [0.0, 0.0]];
        assert!((strike_deg(&p) - 10.0).abs() < 1e-9);
    }

    #[test]
    fn clipping() {
        assert!((clipped_length([-5.0, 0.0], [5.0, 0.0], [0.0, 0.0], 1.0) - 2.0).abs() < 1e-12);
        assert!((clipped_length([0.0, 0.0], [5.0, 0.0], [0.0, 0.0], 1.0) - 1.0).abs() < 1e-12);
        assert_eq!(
            clipped_length([-5.0, 2.0], [5.0, 2.0], [0.0, 0.0], 1.0),
            0.0
        );
        assert!((clipped_length([0.1, 0.0], [0.2, 0.0], [0.0, 0.0], 1.0) - 0.1).abs() < 1e-12);
    }
}
