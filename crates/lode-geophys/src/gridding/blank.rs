//! Blanking: grid nodes farther than a distance from every datum become no data.

use super::blockmean::Nodes;

/// Set to NaN every node (row-major from the south) farther than `dist` from all data points.
pub fn blank_far_from_data(values: &mut [f64], nodes: &Nodes, xs: &[f64], ys: &[f64], dist: f64) {
    let mut keep = vec![false; nodes.nx * nodes.ny];
    let r = (dist / nodes.h).ceil() as i64;
    let d2 = dist * dist;
    for (&x, &y) in xs.iter().zip(ys) {
        if !(x.is_finite() && y.is_finite()) {
            continue;
        }
        let ci = ((x - nodes.x0) / nodes.h).round() as i64;
        let cj = ((y - nodes.y0) / nodes.h).round() as i64;
        for j in (cj - r).max(0)..=(cj + r).min(nodes.ny as i64 - 1) {
            let ny = nodes.y0 + j as f64 * nodes.h - y;
            for i in (ci - r).max(0)..=(ci + r).min(nodes.nx as i64 - 1) {
                let nx = nodes.x0 + i as f64 * nodes.h - x;
                if nx * nx + ny * ny <= d2 {
                    keep[j as usize * nodes.nx + i as usize] = true;
                }
            }
        }
    }
    for (v, k) in values.iter_mut().zip(keep) {
        if !k {
            *v = f64::NAN;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_exactly_beyond_the_distance() {
        let nodes = Nodes {
            x0: 0.0,
            y0: 0.0,
            h: 1.0,
            nx: 11,
            ny: 1,
        };
        let mut v = vec![1.0; 11];
        blank_far_from_data(&mut v, &nodes, &[0.0], &[0.0], 3.0);
        let kept: Vec<bool> = v.iter().map(|x| x.is_finite()).collect();
        assert_eq!(
            kept,
            [true, true, true, true, false, false, false, false, false, false, false]
        );
    }
}
