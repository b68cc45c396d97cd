//! Douglas–Peucker line simplification (Douglas & Peucker 1973, The Canadian Cartographer
//! 10, 112–122) and splitting of polylines at sharp turns.

/// Perpendicular distance of `p` from the segment a–b (distance to `a` when a = b).
fn seg_dist(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let l2 = dx * dx + dy * dy;
    if l2 == 0.0 {
        return (p[0] - a[0]).hypot(p[1] - a[1]);
    }
    let t = (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2).clamp(0.0, 1.0);
    (p[0] - a[0] - t * dx).hypot(p[1] - a[1] - t * dy)
}

fn dp(p: &[[f64; 2]], tol: f64, keep: &mut [bool]) {
    let mut stack = vec![(0usize, p.len() - 1)];
    while let Some((i, j)) = stack.pop() {
        if j <= i + 1 {
            continue;
        }
        let (mut best, mut dmax) = (i, -1.0);
        for (k, q) in p.iter().enumerate().take(j).skip(i + 1) {
            let d = seg_dist(*q, p[i], p[j]);
            if d > dmax {
                dmax = d;
                best = k;
            }
        }
        if dmax > tol {
            keep[best] = true;
            stack.push((i, best));
            stack.push((best, j));
        }
    }
}

/// Vertices kept by Douglas–Peucker with tolerance `tol` (same units as the points). A closed
/// ring (first = last point) is first cut at the vertex farthest from its start.
pub fn douglas_peucker(p: &[[f64; 2]], tol: f64) -> Vec<[f64; 2]> {
    if p.len() <= 2 {
        return p.to_vec();
    }
    let mut keep = vec![false; p.len()];
    keep[0] = true;
    keep[p.len() - 1] = true;
    if p[0] == p[p.len() - 1] {
        let far = (1..p.len() - 1)
            .max_by(|&a, &b| {
                let da = (p[a][0] - p[0][0]).hypot(p[a][1] - p[0][1]);
                let db = (p[b][0] - p[0][0]).hypot(p[b][1] - p[0][1]);
                da.total_cmp(&db).then(b.cmp(&a))
            })
            .unwrap_or(1);
        keep[far] = true;
        dp(&p[..=far], tol, &mut keep[..=far]);
        dp(&p[far..], tol, &mut keep[far..]);
    } else {
        dp(p, tol, &mut keep);
    }
    p.iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(q, _)| *q)
        .collect()
}

/// Turn angle at `b` between a→b and b→c, degrees in [0, 180].
pub fn turn_deg(a: [f64; 2], b: [f64; 2], c: [f64; 2]) -> f64 {
    let (ux, uy) = (b[0] - a[0], b[1] - a[1]);
    let (vx, vy) = (c[0] - b[0], c[1] - b[1]);
    (ux * vy - uy * vx)
        .atan2(ux * vx + uy * vy)
        .abs()
        .to_degrees()
}

/// Split a polyline where it stops being straight: walking along it, a piece ends at the vertex
/// after which the next segment deviates by more than `max_dev_deg` from the piece's chord
/// (its start to that vertex). Sharp corners and gradual bends alike are cut. A closed ring is
/// first rotated to start at its sharpest vertex.
pub fn split_at_turns(p: &[[f64; 2]], max_dev_deg: f64) -> Vec<Vec<[f64; 2]>> {
    if p.len() < 3 {
        return vec![p.to_vec()];
    }
    let mut pts = p.to_vec();
    if pts.len() > 3 && pts[0] == pts[pts.len() - 1] {
        let n = pts.len() - 1;
        let turn_at = |i: usize| turn_deg(pts[(i + n - 1) % n], pts[i], pts[(i + 1) % n]);
        let sharp = (0..n)
            .map(|i| (i, turn_at(i)))
            .fold((0, -1.0), |acc, x| if x.1 > acc.1 { x } else { acc })
            .0;
        let mut r: Vec<[f64; 2]> = pts[sharp..n].to_vec();
        r.extend_from_slice(&pts[..=sharp]);
        pts = r;
    }
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..pts.len() - 1 {
        if turn_deg(pts[start], pts[i], pts[i + 1]) > max_dev_deg {
            out.push(pts[start..=i].to_vec());
            start = i;
        }
    }
    out.push(pts[start..].to_vec());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn straight_line_reduces_to_ends() {
        let p: Vec<[f64; 2]> = (0..10).map(|i| [i as f64, 0.01 * (i % 2) as f64]).collect();
        assert_eq!(douglas_peucker(&p, 0.1), vec![p[0], p[9]]);
        assert_eq!(douglas_peucker(&p, 0.001).len(), 10);
    }

    #[test]
    fn square_ring_keeps_corners_and_splits() {
        let mut p = Vec::new();
        for i in 0..10 {
            p.push([i as f64, 0.0]);
        }
        for i in 0..10 {
            p.push([10.0, i as f64]);
        }
        for i in 0..10 {
            p.push([10.0 - i as f64, 10.0]);
        }
        for i in 0..10 {
            p.push([0.0, 10.0 - i as f64]);
        }
        p.push([0.0, 0.0]);
        let s = douglas_peucker(&p, 0.5);
        assert_eq!(s.len(), 5, "{s:?}");
        let parts = split_at_turns(&s, 30.0);
        assert_eq!(parts.len(), 4);
        assert!(parts.iter().all(|q| q.len() == 2));
    }
}
