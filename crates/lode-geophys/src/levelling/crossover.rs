//! Crossover points between flight lines and tie lines.

use std::collections::HashMap;

/// Where a traverse line crosses a tie line.
#[derive(Debug, Clone, PartialEq)]
pub struct Crossover {
    /// Index of the traverse line (into the survey's line names).
    pub line: u32,
    /// Index of the tie line.
    pub tie: u32,
    pub x: f64,
    pub y: f64,
    /// Fractional sample position along the traverse (sample index + fraction).
    pub line_pos: f64,
    /// Value of the traverse at the crossover (linear interpolation along the line).
    pub line_value: f64,
    /// Value of the tie at the crossover.
    pub tie_value: f64,
}

/// The samples of one line in acquisition order: (sample index in the survey, x, y, value).
pub type LineSamples = Vec<(usize, f64, f64, f64)>;

/// Group samples by line identifier, keeping acquisition order; skips non-finite samples.
pub fn split_lines(xs: &[f64], ys: &[f64], vs: &[f64], line: &[u32]) -> HashMap<u32, LineSamples> {
    let mut out: HashMap<u32, LineSamples> = HashMap::new();
    for i in 0..xs.len() {
        if xs[i].is_finite() && ys[i].is_finite() && vs[i].is_finite() {
            out.entry(line[i])
                .or_default()
                .push((i, xs[i], ys[i], vs[i]));
        }
    }
    out
}

/// Intersection parameters (t along a, u along b) of two segments, when they cross.
fn intersect(a0: (f64, f64), a1: (f64, f64), b0: (f64, f64), b1: (f64, f64)) -> Option<(f64, f64)> {
    let r = (a1.0 - a0.0, a1.1 - a0.1);
    let s = (b1.0 - b0.0, b1.1 - b0.1);
    let den = r.0 * s.1 - r.1 * s.0;
    if den == 0.0 {
        return None;
    }
    let q = (b0.0 - a0.0, b0.1 - a0.1);
    let t = (q.0 * s.1 - q.1 * s.0) / den;
    let u = (q.0 * r.1 - q.1 * r.0) / den;
    ((0.0..1.0).contains(&t) && (0.0..1.0).contains(&u)).then_some((t, u))
}

/// Every crossover of each traverse with each tie, found through a uniform grid index of the
/// tie segments (cell `index_cell` in CRS units). Sorted by (line, position) for determinism.
pub fn crossovers(
    lines: &HashMap<u32, LineSamples>,
    traverses: &[u32],
    ties: &[u32],
    index_cell: f64,
) -> Vec<Crossover> {
    let key = |x: f64, y: f64| {
        (
            (x / index_cell).floor() as i64,
            (y / index_cell).floor() as i64,
        )
    };
    let mut index: HashMap<(i64, i64), Vec<(u32, usize)>> = HashMap::new();
    for &t in ties {
        let Some(s) = lines.get(&t) else { continue };
        for k in 0..s.len().saturating_sub(1) {
            let (a, b) = (s[k], s[k + 1]);
            let (c0, c1) = (
                key(a.1.min(b.1), a.2.min(b.2)),
                key(a.1.max(b.1), a.2.max(b.2)),
            );
            for cx in c0.0..=c1.0 {
                for cy in c0.1..=c1.1 {
                    index.entry((cx, cy)).or_default().push((t, k));
                }
            }
        }
    }
    let mut out = Vec::new();
    for &l in traverses {
        let Some(s) = lines.get(&l) else { continue };
        let mut seen = std::collections::HashSet::new();
        for k in 0..s.len().saturating_sub(1) {
            let (a, b) = (s[k], s[k + 1]);
            let (c0, c1) = (
                key(a.1.min(b.1), a.2.min(b.2)),
                key(a.1.max(b.1), a.2.max(b.2)),
            );
            for cx in c0.0..=c1.0 {
                for cy in c0.1..=c1.1 {
                    let Some(cands) = index.get(&(cx, cy)) else {
                        continue;
                    };
                    for &(t, j) in cands {
                        if !seen.insert((k, t, j)) {
                            continue;
                        }
                        let ts = &lines[&t];
                        let (p, q) = (ts[j], ts[j + 1]);
                        if let Some((ta, tb)) =
                            intersect((a.1, a.2), (b.1, b.2), (p.1, p.2), (q.1, q.2))
                        {
                            out.push(Crossover {
                                line: l,
                                tie: t,
                                x: a.1 + ta * (b.1 - a.1),
                                y: a.2 + ta * (b.2 - a.2),
                                line_pos: k as f64 + ta,
                                line_value: a.3 + ta * (b.3 - a.3),
                                tie_value: p.3 + tb * (q.3 - p.3),
                            });
                        }
                    }
                }
            }
        }
    }
    out.sort_by(|a, b| {
        (a.line, a.line_pos)
            .partial_cmp(&(b.line, b.line_pos))
            .expect("finite")
    });
    out
}
