//! Nearest-neighbour chaining of crest points into polylines.
//!
//! Seeds are taken strongest first. From the chain's end the nearest unused point within
//! `max_gap` is appended, provided the direction to it turns by at most `max_turn_deg` from the
//! chain's direction over its last few points; then the chain is grown the same way from its
//! other end. Unused points within `merge` of an appended point are duplicates of the same
//! crest (e.g. from a two-cell-wide ridge) and are consumed with it. A chain whose ends are
//! within `max_gap` of each other is closed (its first point repeated at the end).

use std::collections::HashMap;

/// How many points back the chain direction is measured over.
const LOOKBACK: usize = 3;

struct Buckets {
    size: f64,
    map: HashMap<(i64, i64), Vec<usize>>,
}

impl Buckets {
    fn new(p: &[[f64; 2]], size: f64) -> Self {
        let mut map: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        for (i, q) in p.iter().enumerate() {
            map.entry(Self::key(q, size)).or_default().push(i);
        }
        Buckets { size, map }
    }

    fn key(q: &[f64; 2], size: f64) -> (i64, i64) {
        ((q[0] / size).floor() as i64, (q[1] / size).floor() as i64)
    }

    /// Indices within `r` (≤ bucket size) of `q`, with their distances, sorted by (distance, index).
    fn near(&self, p: &[[f64; 2]], q: [f64; 2], r: f64) -> Vec<(f64, usize)> {
        let (kx, ky) = Self::key(&q, self.size);
        let mut out = Vec::new();
        for bx in kx - 1..=kx + 1 {
            for by in ky - 1..=ky + 1 {
                if let Some(v) = self.map.get(&(bx, by)) {
                    for &i in v {
                        let d = (p[i][0] - q[0]).hypot(p[i][1] - q[1]);
                        if d <= r {
                            out.push((d, i));
                        }
                    }
                }
            }
        }
        out.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        out
    }
}

/// Chain points `p` (ordered by `strength`, highest first) into polylines of point indices.
pub fn chain_points(
    p: &[[f64; 2]],
    strength: &[f64],
    max_gap: f64,
    max_turn_deg: f64,
    merge: f64,
) -> Vec<Vec<usize>> {
    let b = Buckets::new(p, max_gap.max(merge));
    let mut order: Vec<usize> = (0..p.len()).collect();
    order.sort_by(|&a, &c| strength[c].total_cmp(&strength[a]).then(a.cmp(&c)));
    let mut used = vec![false; p.len()];
    let cos_max = max_turn_deg.to_radians().cos();
    let take = |i: usize, used: &mut Vec<bool>| {
        used[i] = true;
        for (_, j) in b.near(p, p[i], merge) {
            used[j] = true;
        }
    };
    let mut chains = Vec::new();
    for &seed in &order {
        if used[seed] {
            continue;
        }
        take(seed, &mut used);
        let mut chain = vec![seed];
        for _ in 0..2 {
            loop {
                let end = p[*chain.last().expect("non-empty")];
                let dir = (chain.len() >= 2).then(|| {
                    let back = p[chain[chain.len().saturating_sub(1 + LOOKBACK)]];
                    let (x, y) = (end[0] - back[0], end[1] - back[1]);
                    let l = x.hypot(y);
                    [x / l, y / l]
                });
                let next = b.near(p, end, max_gap).into_iter().find(|&(d, j)| {
                    !used[j]
                        && d > 0.0
                        && dir.is_none_or(|u| {
                            ((p[j][0] - end[0]) * u[0] + (p[j][1] - end[1]) * u[1]) / d >= cos_max
                        })
                });
                match next {
                    Some((_, j)) => {
                        take(j, &mut used);
                        chain.push(j);
                    }
                    None => break,
                }
            }
            chain.reverse();
        }
        if chain.len() >= 2 {
            let (a, z) = (p[chain[0]], p[chain[chain.len() - 1]]);
            if chain.len() >= 4 && (a[0] - z[0]).hypot(a[1] - z[1]) <= max_gap {
                chain.push(chain[0]);
            }
            chains.push(chain);
        }
    }
    chains
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_crossing_lines_stay_apart_and_gaps_split() {
        let mut p = Vec::new();
        for i in 0..20 {
            p.push([i as f64, 0.1 * (i % 2) as f64]);
        }
        for i in 0..6 {
            p.push([30.0 + i as f64, 0.0]);
        }
        let s = vec![1.0; p.len()];
        let c = chain_points(&p, &s, 1.5, 30.0, 0.3);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].len(), 20);
        assert_eq!(c[1].len(), 6);
    }
}
