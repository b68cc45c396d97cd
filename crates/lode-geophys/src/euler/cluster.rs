//! Deterministic merging of nearby Euler solutions.

use std::collections::HashMap;

use super::EulerSolution;

/// Greedy clustering in input order: a solution joins the first cluster whose seed (first
/// member) lies within `radius` horizontally, else it seeds a new cluster. A cluster reports
/// the count-weighted mean x, y, depth, base and uncertainty of its members, the window of its seed and the
/// member count.
pub fn cluster(sols: &[EulerSolution], radius: f64) -> Vec<EulerSolution> {
    if radius.is_nan() || radius <= 0.0 {
        return sols.to_vec();
    }
    let key = |x: f64, y: f64| ((x / radius).floor() as i64, (y / radius).floor() as i64);
    let mut buckets: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    let mut seeds: Vec<&EulerSolution> = Vec::new();
    let mut sums: Vec<[f64; 5]> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    for s in sols {
        let (kx, ky) = key(s.x, s.y);
        let mut found: Option<usize> = None;
        for bx in kx - 1..=kx + 1 {
            for by in ky - 1..=ky + 1 {
                if let Some(list) = buckets.get(&(bx, by)) {
                    for &j in list {
                        let d = (seeds[j].x - s.x).hypot(seeds[j].y - s.y);
                        if d <= radius && found.is_none_or(|f| j < f) {
                            found = Some(j);
                        }
                    }
                }
            }
        }
        let j = match found {
            Some(j) => j,
            None => {
                seeds.push(s);
                sums.push([0.0; 5]);
                counts.push(0);
                buckets.entry((kx, ky)).or_default().push(seeds.len() - 1);
                seeds.len() - 1
            }
        };
        let (a, m) = (&mut sums[j], s.count as f64);
        a[0] += m * s.x;
        a[1] += m * s.y;
        a[2] += m * s.depth;
        a[3] += m * s.base;
        a[4] += m * s.depth_uncertainty;
        counts[j] += s.count;
    }
    seeds
        .iter()
        .zip(sums.iter().zip(&counts))
        .map(|(seed, (a, &n))| {
            let members = n as f64;
            EulerSolution {
                x: a[0] / members,
                y: a[1] / members,
                depth: a[2] / members,
                base: a[3] / members,
                si: seed.si,
                depth_uncertainty: a[4] / members,
                col: seed.col,
                row: seed.row,
                count: n,
            }
        })
        .collect()
}
