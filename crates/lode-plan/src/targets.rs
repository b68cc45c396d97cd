//! Exploration targets delineated from a prospectivity grid, enriched with depth, strike and
//! evidence, and ranked by expected value.
//!
//! Delineation: cells at or above a threshold (a top share of the valid area, or a fixed
//! prospectivity), grouped into 8-connected components; components closer than a gap are merged;
//! components below a minimum size are dropped. Each target's outline is traced along cell edges
//! (holes kept), so its polygon area equals its cell count × cell area exactly.
//!
//! Ranking follows the expected-value rule EV = P·V − C (Rose, 2001, *Risk Analysis and
//! Management of Petroleum Exploration Ventures*, AAPG Methods in Exploration 12), with P a
//! calibrated probability proxy and V a commodity value proxy (see [`ValueParams`]).

use std::collections::{BTreeMap, HashMap, VecDeque};

use geo::BoundingRect;
use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use lode_core::{Error, Grid, GridGeometry, Result, VectorLayer};
use serde::{Deserialize, Serialize};

use crate::geom;

/// How the threshold on prospectivity is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Threshold {
    /// Keep the highest-valued share of the valid cells (0 < share ≤ 1; 0.05 = top 5 % of the area).
    AreaShare(f64),
    /// Keep cells whose prospectivity is at or above this value.
    Probability(f64),
}

/// Parameters of target delineation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TargetParams {
    /// Threshold rule (default: top 5 % of the valid area).
    pub threshold: Threshold,
    /// Smallest target, in cells (after merging).
    pub min_cells: usize,
    /// Smallest target, km² (after merging).
    pub min_area_km2: f64,
    /// Components whose cells come closer than this edge-to-edge distance are merged, metres.
    pub merge_gap_m: f64,
    /// Keep at most this many targets (highest peak first); None keeps all.
    pub max_targets: Option<usize>,
    /// Components larger than this, km², are split by raising the threshold inside them (to
    /// the median of their values, repeatedly) until every piece fits: a target is ground one
    /// programme can cover, not a whole belt. None keeps components whole.
    pub max_area_km2: Option<f64>,
}

impl Default for TargetParams {
    fn default() -> Self {
        TargetParams {
            threshold: Threshold::AreaShare(0.05),
            min_cells: 4,
            min_area_km2: 0.0,
            merge_gap_m: 0.0,
            max_targets: None,
            max_area_km2: None,
        }
    }
}

/// One evidence layer's contribution to a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceContribution {
    /// Evidence layer name.
    pub layer: String,
    /// Mean weight of evidence or fuzzy membership of the layer inside the target, when supplied.
    pub weight_or_membership: Option<f64>,
    /// Mean value of the layer inside the target (layer units).
    pub value: f64,
}

/// An exploration target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// Identifier: commodity code and number in order of peak prospectivity, e.g. "AU-01".
    pub id: String,
    /// Commodity name as given (e.g. "gold").
    pub commodity: String,
    /// Outline traced along cell edges (analysis CRS).
    #[serde(with = "geom::serde_multipolygon")]
    pub polygon: MultiPolygon<f64>,
    /// Number of prospectivity cells in the target.
    pub cells: usize,
    /// Area, km² (cells × cell area).
    pub area_km2: f64,
    /// Mean of the cell centres (x, y), CRS units.
    pub centroid: (f64, f64),
    /// Largest prospectivity inside.
    pub peak: f64,
    /// Mean prospectivity inside.
    pub mean: f64,
    /// Population standard deviation of prospectivity inside.
    pub std: f64,
    /// Mean of a supplied uncertainty (standard deviation) grid inside.
    pub uncertainty: Option<f64>,
    /// Evidence layers with their mean value (and weight or membership) inside.
    pub evidence: Vec<EvidenceContribution>,
    /// Depth to the top of the source below surface, metres.
    pub depth_m: Option<f64>,
    /// Where the depth comes from.
    pub depth_source: String,
    /// Dominant strike, degrees clockwise from north, axial [0, 180).
    pub strike_deg: Option<f64>,
    /// Where the strike comes from.
    pub strike_source: String,
    /// Dip of the source, degrees from horizontal, when known.
    pub dip_deg: Option<f64>,
    /// Dip direction, degrees clockwise from north, when known.
    pub dip_direction_deg: Option<f64>,
    /// Where dip and dip direction come from.
    pub dip_source: String,
    /// Probability that the target holds at least one occurrence of its commodity, calibrated
    /// on the known occurrences (see [`calibrate_occurrence`]); None when not calibrated.
    #[serde(default)]
    pub p_occurrence: Option<f64>,
    /// Probability proxy P used in the expected value (see [`ValueParams`]).
    pub probability: f64,
    /// Commodity value proxy V, project currency.
    pub value_proxy: f64,
    /// Exploration cost C charged in the expected value, project currency.
    pub cost: f64,
    /// Expected value EV = P·V − C, project currency.
    pub expected_value: f64,
    /// Rank by expected value (1 = best); 0 before ranking.
    pub rank: usize,
}

/// Short commodity code used in target identifiers.
pub fn commodity_code(commodity: &str) -> String {
    match commodity.to_ascii_lowercase().as_str() {
        "gold" | "au" => "AU".into(),
        "iron" | "fe" | "iron_ore" => "FE".into(),
        "rare_metals" | "rare-metals" | "rm" => "RM".into(),
        "copper" | "cu" => "CU".into(),
        "silver" | "ag" => "AG".into(),
        "nickel" | "ni" => "NI".into(),
        "lithium" | "li" => "LI".into(),
        "uranium" | "u" => "U".into(),
        other => {
            let s: String = other
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .take(2)
                .collect();
            if s.is_empty() {
                "TG".into()
            } else {
                s.to_ascii_uppercase()
            }
        }
    }
}

impl TargetParams {
    fn validate(&self) -> Result<()> {
        match self.threshold {
            Threshold::AreaShare(s) if !(s > 0.0 && s <= 1.0) => {
                return Err(Error::invalid(format!(
                    "target area share {s} must be in (0, 1]"
                )))
            }
            Threshold::Probability(p) if !p.is_finite() => {
                return Err(Error::invalid("target probability threshold is not finite"))
            }
            _ => {}
        }
        if !(self.min_area_km2.is_finite() && self.min_area_km2 >= 0.0) {
            return Err(Error::invalid("min_area_km2 must be ≥ 0"));
        }
        if !(self.merge_gap_m.is_finite() && self.merge_gap_m >= 0.0) {
            return Err(Error::invalid("merge_gap_m must be ≥ 0"));
        }
        Ok(())
    }
}

/// The prospectivity value at or above which cells belong to targets. For an area share, the
/// value of the cell at that rank (highest first); when ties at that value would take more than
/// 1.5 × the share, the next higher value.
pub fn threshold_value(values: &[f64], t: Threshold) -> Result<f64> {
    match t {
        Threshold::Probability(p) => Ok(p),
        Threshold::AreaShare(share) => {
            let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
            if v.is_empty() {
                return Err(Error::invalid("prospectivity grid has no valid cells"));
            }
            v.sort_by(|a, b| b.total_cmp(a));
            let k = ((share * v.len() as f64).round() as usize).clamp(1, v.len());
            let t = v[k - 1];
            // Ties at the cut (e.g. a model that gives most cells exactly 0) would take far more
            // than the share: then the cut moves up to the next distinct value, unless the
            // tied value is the top one.
            let taken = v.partition_point(|&x| x >= t);
            let first = v.partition_point(|&x| x > t);
            if taken as f64 > 1.5 * k as f64 && first > 0 {
                Ok(v[first - 1])
            } else {
                Ok(t)
            }
        }
    }
}

/// 8-connected components of `mask` in scan order; returns the label per cell (usize::MAX = none)
/// and the cell indices of each component.
fn components(mask: &[bool], cols: usize, rows: usize) -> (Vec<usize>, Vec<Vec<usize>>) {
    let mut label = vec![usize::MAX; mask.len()];
    let mut comps = Vec::new();
    let mut queue = VecDeque::new();
    for start in 0..mask.len() {
        if !mask[start] || label[start] != usize::MAX {
            continue;
        }
        let id = comps.len();
        let mut cells = Vec::new();
        label[start] = id;
        queue.push_back(start);
        while let Some(i) = queue.pop_front() {
            cells.push(i);
            let (c, r) = ((i % cols) as isize, (i / cols) as isize);
            for dr in -1..=1 {
                for dc in -1..=1 {
                    let (nc, nr) = (c + dc, r + dr);
                    if nc < 0 || nr < 0 || nc >= cols as isize || nr >= rows as isize {
                        continue;
                    }
                    let j = nr as usize * cols + nc as usize;
                    if mask[j] && label[j] == usize::MAX {
                        label[j] = id;
                        queue.push_back(j);
                    }
                }
            }
        }
        cells.sort_unstable();
        comps.push(cells);
    }
    (label, comps)
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Merge components whose cells come within `gap_m` edge to edge (union-find, window search).
fn merge_components(
    label: &[usize],
    comps: Vec<Vec<usize>>,
    g: &GridGeometry,
    gap_m: f64,
) -> Vec<Vec<usize>> {
    if gap_m <= 0.0 || comps.len() < 2 {
        return comps;
    }
    let (cols, rows) = (g.cols, g.rows);
    let wc = (gap_m / g.dx).ceil() as isize + 1;
    let wr = (gap_m / g.dy).ceil() as isize + 1;
    let mut parent: Vec<usize> = (0..comps.len()).collect();
    let in_mask = |c: isize, r: isize| {
        c >= 0
            && r >= 0
            && c < cols as isize
            && r < rows as isize
            && label[r as usize * cols + c as usize] != usize::MAX
    };
    for (id, cells) in comps.iter().enumerate() {
        for &i in cells {
            let (c, r) = ((i % cols) as isize, (i / cols) as isize);
            // The closest cells of two components are boundary cells: skip interior ones.
            let interior = (-1..=1).all(|dr| (-1..=1).all(|dc| in_mask(c + dc, r + dr)));
            if interior {
                continue;
            }
            for dr in -wr..=wr {
                for dc in -wc..=wc {
                    let (nc, nr) = (c + dc, r + dr);
                    if nc < 0 || nr < 0 || nc >= cols as isize || nr >= rows as isize {
                        continue;
                    }
                    let other = label[nr as usize * cols + nc as usize];
                    if other == usize::MAX || other == id {
                        continue;
                    }
                    let gx = (dc.unsigned_abs().saturating_sub(1)) as f64 * g.dx;
                    let gy = (dr.unsigned_abs().saturating_sub(1)) as f64 * g.dy;
                    if gx.hypot(gy) <= gap_m {
                        let (a, b) = (find(&mut parent, id), find(&mut parent, other));
                        if a != b {
                            parent[a.max(b)] = a.min(b);
                        }
                    }
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (id, cells) in comps.into_iter().enumerate() {
        let root = find(&mut parent, id);
        groups.entry(root).or_default().extend(cells);
    }
    groups
        .into_values()
        .map(|mut v| {
            v.sort_unstable();
            v
        })
        .collect()
}

/// Trace the cell-edge outline of a set of cells: exterior rings counter-clockwise, holes
/// clockwise (for a north-up grid); cells touching only at a corner become separate polygons.
pub fn trace_outline(cells: &[usize], g: &GridGeometry) -> MultiPolygon<f64> {
    let cols = g.cols as i64;
    let set: std::collections::HashSet<usize> = cells.iter().copied().collect();
    let inside = |c: i64, r: i64| -> bool {
        c >= 0
            && r >= 0
            && c < cols
            && r < g.rows as i64
            && set.contains(&((r * cols + c) as usize))
    };
    // Directed edges in lattice coordinates (col, row); interior on the left in a y-up frame.
    let mut edges: Vec<((i64, i64), (i64, i64))> = Vec::new();
    for &i in cells {
        let (c, r) = (i as i64 % cols, i as i64 / cols);
        if !inside(c, r + 1) {
            edges.push(((c, r + 1), (c + 1, r + 1)));
        }
        if !inside(c + 1, r) {
            edges.push(((c + 1, r + 1), (c + 1, r)));
        }
        if !inside(c, r - 1) {
            edges.push(((c + 1, r), (c, r)));
        }
        if !inside(c - 1, r) {
            edges.push(((c, r), (c, r + 1)));
        }
    }
    let mut from: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (k, e) in edges.iter().enumerate() {
        from.entry(e.0).or_default().push(k);
    }
    let mut used = vec![false; edges.len()];
    let mut rings: Vec<Vec<(i64, i64)>> = Vec::new();
    for start in 0..edges.len() {
        if used[start] {
            continue;
        }
        let mut ring = vec![edges[start].0];
        let mut cur = start;
        used[start] = true;
        loop {
            let (a, b) = edges[cur];
            if b == ring[0] {
                break;
            }
            ring.push(b);
            // Direction in a y-up frame: (dcol, -drow).
            let d = (b.0 - a.0, -(b.1 - a.1));
            let Some(cands) = from.get(&b) else {
                break;
            };
            let mut best: Option<(i32, usize)> = None;
            for &k in cands {
                if used[k] {
                    continue;
                }
                let e = edges[k];
                let nd = (e.1 .0 - e.0 .0, -(e.1 .1 - e.0 .1));
                let cross = d.0 * nd.1 - d.1 * nd.0;
                let dot = d.0 * nd.0 + d.1 * nd.1;
                // Prefer a left turn, then straight on, then a right turn.
                let pref = if cross > 0 {
                    0
                } else if dot > 0 {
                    1
                } else {
                    2
                };
                if best.is_none_or(|(p, _)| pref < p) {
                    best = Some((pref, k));
                }
            }
            match best {
                Some((_, k)) => {
                    used[k] = true;
                    cur = k;
                }
                None => break,
            }
        }
        rings.push(simplify_ring(ring));
    }
    // World coordinates; classify by signed area (in the world frame).
    let to_world = |ring: &[(i64, i64)]| -> LineString<f64> {
        let mut pts: Vec<Coord<f64>> = ring
            .iter()
            .map(|&(c, r)| {
                let (x, y) = g.pixel_to_xy(c as f64, r as f64);
                Coord { x, y }
            })
            .collect();
        pts.push(pts[0]);
        LineString(pts)
    };
    let signed = |ls: &LineString<f64>| -> f64 {
        let p = &ls.0;
        let mut s = 0.0;
        for w in p.windows(2) {
            s += w[0].x * w[1].y - w[1].x * w[0].y;
        }
        0.5 * s
    };
    let mut outers: Vec<(LineString<f64>, f64, Vec<LineString<f64>>)> = Vec::new();
    let mut holes: Vec<(LineString<f64>, Coord<f64>)> = Vec::new();
    for ring in &rings {
        let ls = to_world(ring);
        let a = signed(&ls);
        if a > 0.0 {
            outers.push((ls, a, Vec::new()));
        } else {
            let m = Coord {
                x: 0.5 * (ls.0[0].x + ls.0[1].x),
                y: 0.5 * (ls.0[0].y + ls.0[1].y),
            };
            holes.push((ls, m));
        }
    }
    for (h, m) in holes {
        let mut best: Option<(f64, usize)> = None;
        for (k, (o, a, _)) in outers.iter().enumerate() {
            if point_in_ring(o, m) && best.is_none_or(|(ba, _)| *a < ba) {
                best = Some((*a, k));
            }
        }
        if let Some((_, k)) = best {
            outers[k].2.push(h);
        }
    }
    MultiPolygon(
        outers
            .into_iter()
            .map(|(o, _, hs)| Polygon::new(o, hs))
            .collect(),
    )
}

fn simplify_ring(ring: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    let n = ring.len();
    if n < 4 {
        return ring;
    }
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let p = ring[(i + n - 1) % n];
        let c = ring[i];
        let q = ring[(i + 1) % n];
        let cross = (c.0 - p.0) * (q.1 - c.1) - (c.1 - p.1) * (q.0 - c.0);
        if cross != 0 {
            out.push(c);
        }
    }
    out
}

fn point_in_ring(ring: &LineString<f64>, p: Coord<f64>) -> bool {
    let mut inside = false;
    for w in ring.0.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (a.y > p.y) != (b.y > p.y) {
            let x = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
            if p.x < x {
                inside = !inside;
            }
        }
    }
    inside
}

/// Split a component of more than `max_cells` cells: keep its cells at or above the median of
/// its values (above, when the median is its minimum), take the 8-connected pieces and split
/// those again; a component whose values are all equal stays whole.
fn split_large(
    cells: Vec<usize>,
    v: &[f64],
    g: &GridGeometry,
    max_cells: usize,
) -> Vec<Vec<usize>> {
    if cells.len() <= max_cells {
        return vec![cells];
    }
    let mut vals: Vec<f64> = cells.iter().map(|&i| v[i]).collect();
    vals.sort_by(f64::total_cmp);
    let (lo, med) = (vals[0], vals[vals.len() / 2]);
    let keep = |x: f64| if med > lo { x >= med } else { x > med };
    let mut mask = vec![false; v.len()];
    let mut any = false;
    for &i in &cells {
        if keep(v[i]) {
            mask[i] = true;
            any = true;
        }
    }
    if !any {
        return vec![cells];
    }
    let (_, pieces) = components(&mask, g.cols, g.rows);
    pieces
        .into_iter()
        .flat_map(|c| split_large(c, v, g, max_cells))
        .collect()
}

/// Delineate the targets of one commodity from its prospectivity grid (values 0–1, NaN = no data).
///
/// Targets are numbered in order of decreasing peak prospectivity; ties by first cell.
/// Error when no cell reaches the threshold or no component passes the size limits.
pub fn delineate(prob: &Grid, commodity: &str, p: &TargetParams) -> Result<Vec<Target>> {
    p.validate()?;
    let g = prob.geometry;
    let v = prob.values_f64();
    let t = threshold_value(&v, p.threshold)?;
    let mask: Vec<bool> = v.iter().map(|&x| x.is_finite() && x >= t).collect();
    let (label, comps) = components(&mask, g.cols, g.rows);
    if comps.is_empty() {
        return Err(Error::invalid(format!(
            "no {commodity} prospectivity cell reaches the target threshold {t}"
        )));
    }
    let comps = merge_components(&label, comps, &g, p.merge_gap_m);
    let cell_km2 = g.dx * g.dy / 1e6;
    let comps = match p.max_area_km2 {
        Some(a) if a > 0.0 => {
            let max_cells = ((a / cell_km2).floor() as usize).max(1);
            comps
                .into_iter()
                .flat_map(|c| split_large(c, &v, &g, max_cells))
                .collect()
        }
        _ => comps,
    };
    let mut kept: Vec<Vec<usize>> = comps
        .into_iter()
        .filter(|c| c.len() >= p.min_cells.max(1) && c.len() as f64 * cell_km2 >= p.min_area_km2)
        .collect();
    if kept.is_empty() {
        return Err(Error::invalid(format!(
            "no {commodity} target passes the minimum size ({} cells, {} km²) at threshold {t}",
            p.min_cells, p.min_area_km2
        )));
    }
    let peak_of = |c: &Vec<usize>| c.iter().map(|&i| v[i]).fold(f64::NEG_INFINITY, f64::max);
    kept.sort_by(|a, b| peak_of(b).total_cmp(&peak_of(a)).then(a[0].cmp(&b[0])));
    if let Some(m) = p.max_targets {
        kept.truncate(m);
    }
    let code = commodity_code(commodity);
    let width = if kept.len() >= 100 { 3 } else { 2 };
    let mut out = Vec::with_capacity(kept.len());
    for (k, cells) in kept.iter().enumerate() {
        let n = cells.len() as f64;
        let mean = cells.iter().map(|&i| v[i]).sum::<f64>() / n;
        let var = cells.iter().map(|&i| (v[i] - mean).powi(2)).sum::<f64>() / n;
        let (mut sx, mut sy) = (0.0, 0.0);
        for &i in cells {
            let (x, y) = g.cell_center(i % g.cols, i / g.cols);
            sx += x;
            sy += y;
        }
        out.push(Target {
            id: format!("{code}-{:0width$}", k + 1),
            commodity: commodity.to_string(),
            polygon: trace_outline(cells, &g),
            cells: cells.len(),
            area_km2: n * cell_km2,
            centroid: (sx / n, sy / n),
            peak: peak_of(cells),
            mean,
            std: var.sqrt(),
            uncertainty: None,
            evidence: Vec::new(),
            depth_m: None,
            depth_source: "not estimated".into(),
            strike_deg: None,
            strike_source: "not estimated".into(),
            dip_deg: None,
            dip_direction_deg: None,
            dip_source: "not estimated".into(),
            p_occurrence: None,
            probability: 0.0,
            value_proxy: 0.0,
            cost: 0.0,
            expected_value: 0.0,
            rank: 0,
        });
    }
    Ok(out)
}

/// Calibrate the targets of one commodity on its known occurrences, so that targets from
/// different kinds of model (fuzzy memberships, posterior probabilities, class-weighted machine
/// learning) compare on one scale. The occurrence density of the commodity's target ground is
/// ρ = (n + ½) / A, with n the occurrences inside the targets and A their total area (km²; the ½
/// is Jeffreys' prior for a Poisson count, so ground without occurrences keeps a small rate).
/// Each target's expected count is λ = ρ · area · mean / m̄ (m̄ = area-weighted mean prospectivity
/// of all the targets), and P(at least one occurrence) = 1 − e^(−λ) (a Poisson model of
/// occurrence counts, as in deposit-density estimates; Singer & Menzie 2010). The expected value
/// then uses P = p_occurrence × `base_rate_factor`.
pub fn calibrate_occurrence(targets: &mut [Target], occurrences: &[(f64, f64)]) {
    use geo::Contains;
    let area: f64 = targets.iter().map(|t| t.area_km2).sum();
    if targets.is_empty() || area <= 0.0 {
        return;
    }
    let inside = occurrences
        .iter()
        .filter(|(x, y)| {
            targets
                .iter()
                .any(|t| t.polygon.contains(&geo_types::Point::new(*x, *y)))
        })
        .count();
    let rho = (inside as f64 + 0.5) / area;
    let mbar = targets.iter().map(|t| t.mean * t.area_km2).sum::<f64>() / area;
    for t in targets.iter_mut() {
        let rel = if mbar > 0.0 { t.mean / mbar } else { 1.0 };
        let lambda = rho * t.area_km2 * rel;
        t.p_occurrence = Some(1.0 - (-lambda).exp());
    }
}

/// Values of a grid at the cell centres inside a target (cells whose centre lies in the polygon).
fn values_inside(t: &Target, grid: &Grid) -> Vec<f64> {
    use geo::Contains;
    let Some(r) = t.polygon.bounding_rect() else {
        return Vec::new();
    };
    let g = &grid.geometry;
    let corners = [
        (r.min().x, r.min().y),
        (r.max().x, r.min().y),
        (r.min().x, r.max().y),
        (r.max().x, r.max().y),
    ];
    let (mut c0, mut c1, mut r0, mut r1) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for (x, y) in corners {
        let (c, rr) = g.xy_to_pixel(x, y);
        c0 = c0.min(c);
        c1 = c1.max(c);
        r0 = r0.min(rr);
        r1 = r1.max(rr);
    }
    let cmin = c0.floor().max(0.0) as usize;
    let rmin = r0.floor().max(0.0) as usize;
    let cmax = (c1.ceil().max(0.0) as usize).min(g.cols);
    let rmax = (r1.ceil().max(0.0) as usize).min(g.rows);
    let mut out = Vec::new();
    for row in rmin..rmax {
        for col in cmin..cmax {
            let (x, y) = g.cell_center(col, row);
            if t.polygon.contains(&geo_types::Point::new(x, y)) {
                let val = grid.get(col, row);
                if val.is_finite() {
                    out.push(val);
                }
            }
        }
    }
    out
}

fn mean(v: &[f64]) -> Option<f64> {
    if v.is_empty() {
        None
    } else {
        Some(v.iter().sum::<f64>() / v.len() as f64)
    }
}

/// Set each target's uncertainty to the mean of `std_grid` (e.g. the prospectivity standard
/// deviation) over the cells inside it.
pub fn attach_uncertainty(targets: &mut [Target], std_grid: &Grid) {
    for t in targets {
        t.uncertainty = mean(&values_inside(t, std_grid));
    }
}

/// One evidence layer for [`attach_evidence_with`].
pub struct EvidenceInput<'a> {
    /// Layer name.
    pub layer: String,
    /// The evidence values (layer units).
    pub values: &'a Grid,
    /// Per-cell weight of evidence or fuzzy membership of this layer, when available.
    pub contribution: Option<&'a Grid>,
}

/// Record the mean value of each layer inside each target.
pub fn attach_evidence(targets: &mut [Target], layers: &[(String, &Grid)]) {
    let inputs: Vec<EvidenceInput> = layers
        .iter()
        .map(|(n, g)| EvidenceInput {
            layer: n.clone(),
            values: g,
            contribution: None,
        })
        .collect();
    attach_evidence_with(targets, &inputs);
}

/// Record the mean value, and the mean weight or membership when given, of each layer inside each
/// target. Contributions are listed by decreasing |weight or membership|, then by layer name.
pub fn attach_evidence_with(targets: &mut [Target], layers: &[EvidenceInput]) {
    for t in targets.iter_mut() {
        let mut ev = Vec::new();
        for l in layers {
            let Some(value) = mean(&values_inside(t, l.values)) else {
                continue;
            };
            let w = l.contribution.and_then(|g| mean(&values_inside(t, g)));
            ev.push(EvidenceContribution {
                layer: l.layer.clone(),
                weight_or_membership: w,
                value,
            });
        }
        ev.sort_by(|a, b| {
            let wa = a.weight_or_membership.map_or(-1.0, f64::abs);
            let wb = b.weight_or_membership.map_or(-1.0, f64::abs);
            wb.total_cmp(&wa).then_with(|| a.layer.cmp(&b.layer))
        });
        t.evidence = ev;
    }
}

/// Depth of each target: the median of the Euler solutions (x, y, depth below surface in metres)
/// inside the target or within `radius_m` of it; otherwise `fallback_depth_m`, with the source
/// recorded in `depth_source`.
pub fn attach_depth(
    targets: &mut [Target],
    euler: &[(f64, f64, f64)],
    radius_m: f64,
    fallback_depth_m: f64,
) {
    for t in targets.iter_mut() {
        let bb = t.polygon.bounding_rect();
        let mut d: Vec<f64> = euler
            .iter()
            .filter(|(x, y, z)| {
                z.is_finite()
                    && *z >= 0.0
                    && bb.is_some_and(|r| {
                        *x >= r.min().x - radius_m
                            && *x <= r.max().x + radius_m
                            && *y >= r.min().y - radius_m
                            && *y <= r.max().y + radius_m
                    })
                    && geom::distance_to(&t.polygon, *x, *y) <= radius_m
            })
            .map(|s| s.2)
            .collect();
        if d.is_empty() {
            t.depth_m = Some(fallback_depth_m);
            t.depth_source = format!(
                "default {fallback_depth_m} m: no Euler solution inside or within {radius_m} m"
            );
        } else {
            d.sort_by(f64::total_cmp);
            let n = d.len();
            let med = if n % 2 == 1 {
                d[n / 2]
            } else {
                0.5 * (d[n / 2 - 1] + d[n / 2])
            };
            t.depth_m = Some(med);
            t.depth_source = format!("median of {n} Euler solutions inside or within {radius_m} m");
        }
    }
}

/// Segments of a vector layer's lines (line strings, multi line strings, polygon rings).
fn segments(lines: &VectorLayer) -> Vec<(usize, Coord<f64>, Coord<f64>)> {
    use geo_types::Geometry as G;
    let mut out = Vec::new();
    let mut push_ls = |k: usize, ls: &LineString<f64>| {
        for w in ls.0.windows(2) {
            out.push((k, w[0], w[1]));
        }
    };
    for (k, f) in lines.features.iter().enumerate() {
        match &f.geometry {
            Some(G::LineString(ls)) => push_ls(k, ls),
            Some(G::MultiLineString(m)) => m.0.iter().for_each(|ls| push_ls(k, ls)),
            Some(G::Line(l)) => push_ls(k, &LineString(vec![l.start, l.end])),
            _ => {}
        }
    }
    out
}

/// Dominant strike of each target: the length-weighted axial mean (doubled-angle vector mean,
/// Mardia & Jupp 2000, *Directional Statistics*, §9.3) of the line segments (lineaments, faults)
/// lying within `buffer_m` of the target, each segment cut into pieces of at most `buffer_m/4`.
/// Fallback: the long axis of the polygon from its area moments (principal component).
/// When the layer has numeric `dip` and `dip_dir`/`dip_direction` fields, their length-weighted
/// means set the dip and dip direction.
pub fn attach_strike(targets: &mut [Target], lines: &VectorLayer, buffer_m: f64) {
    let segs = segments(lines);
    let dip_f = lines.field_index("dip");
    let dipdir_f = lines
        .field_index("dip_dir")
        .or_else(|| lines.field_index("dip_direction"))
        .or_else(|| lines.field_index("dipdir"));
    let step = (buffer_m / 4.0).max(1.0);
    for t in targets.iter_mut() {
        let Some(bb) = t.polygon.bounding_rect() else {
            continue;
        };
        let (mut s2, mut c2, mut total) = (0.0, 0.0, 0.0);
        let (mut dip_w, mut dip_s) = (0.0, 0.0);
        let (mut dd_s, mut dd_c) = (0.0, 0.0);
        for (k, a, b) in &segs {
            let (lo_x, hi_x) = (a.x.min(b.x), a.x.max(b.x));
            let (lo_y, hi_y) = (a.y.min(b.y), a.y.max(b.y));
            if hi_x < bb.min().x - buffer_m
                || lo_x > bb.max().x + buffer_m
                || hi_y < bb.min().y - buffer_m
                || lo_y > bb.max().y + buffer_m
            {
                continue;
            }
            let len = (b.x - a.x).hypot(b.y - a.y);
            if len <= 0.0 {
                continue;
            }
            let n = (len / step).ceil().max(1.0) as usize;
            let mut inside_len = 0.0;
            for j in 0..n {
                let f = (j as f64 + 0.5) / n as f64;
                let (x, y) = (a.x + f * (b.x - a.x), a.y + f * (b.y - a.y));
                if geom::distance_to(&t.polygon, x, y) <= buffer_m {
                    inside_len += len / n as f64;
                }
            }
            if inside_len <= 0.0 {
                continue;
            }
            let az = geom::vector_azimuth(b.x - a.x, b.y - a.y).to_radians();
            s2 += inside_len * (2.0 * az).sin();
            c2 += inside_len * (2.0 * az).cos();
            total += inside_len;
            let attrs = &lines.features[*k].attrs;
            if let Some(d) = dip_f
                .and_then(|i| attrs[i].as_f64())
                .filter(|d| d.is_finite())
            {
                dip_s += inside_len * d;
                dip_w += inside_len;
                if let Some(dd) = dipdir_f.and_then(|i| attrs[i].as_f64()) {
                    dd_s += inside_len * dd.to_radians().sin();
                    dd_c += inside_len * dd.to_radians().cos();
                }
            }
        }
        let r = if total > 0.0 {
            s2.hypot(c2) / total
        } else {
            0.0
        };
        if total > 0.0 && r > 1e-6 {
            t.strike_deg = Some(geom::wrap180(0.5 * s2.atan2(c2).to_degrees()));
            t.strike_source = format!(
                "length-weighted axial mean of {:.0} m of lines within {buffer_m} m (resultant length {r:.2})",
                total
            );
        } else if let Some(m) = geom::area_moments(&t.polygon) {
            t.strike_deg = Some(m.long_axis_azimuth());
            t.strike_source = format!(
                "long axis of the target outline (elongation {:.2}); no line within {buffer_m} m",
                m.elongation()
            );
        }
        if dip_w > 0.0 {
            t.dip_deg = Some(dip_s / dip_w);
            t.dip_direction_deg = if dd_s != 0.0 || dd_c != 0.0 {
                Some(geom::wrap360(dd_s.atan2(dd_c).to_degrees()))
            } else {
                None
            };
            t.dip_source = format!(
                "length-weighted mean of the '{}' line attributes",
                lines.name
            );
        }
    }
}

/// Parameters of the expected-value ranking EV = P·V − C.
///
/// P = basis × `base_rate_factor`, clamped to [0, 1], where basis is the target's peak or mean
/// prospectivity. Prospectivity maps rank cells relative to each other; the factor converts that
/// score into the chance that the target hosts an economic deposit. Its default (0.01) reflects
/// that only about one prospect in a thousand becomes a mine, while a target above the top-5 %
/// threshold of a validated map is about ten times better than an average prospect. V is the value
/// proxy of a discovery of the commodity (what a discovery is worth to the explorer, e.g. its sale
/// or joint-venture value), project currency; the defaults (gold 50 M, iron 60 M, rare metals
/// 40 M USD) are order-of-magnitude assumptions to be replaced per project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ValueParams {
    /// Use the peak (true) or the mean (false) prospectivity as the basis of P.
    pub use_peak: bool,
    /// Factor from prospectivity to probability of an economic deposit.
    pub base_rate_factor: f64,
    /// Value proxy V per commodity, project currency.
    pub values: BTreeMap<String, f64>,
    /// V for commodities not listed.
    pub default_value: f64,
}

impl Default for ValueParams {
    fn default() -> Self {
        let mut values = BTreeMap::new();
        values.insert("gold".into(), 50e6);
        values.insert("iron".into(), 60e6);
        values.insert("rare_metals".into(), 40e6);
        ValueParams {
            use_peak: true,
            base_rate_factor: 0.01,
            values,
            default_value: 50e6,
        }
    }
}

impl ValueParams {
    /// Check ranges.
    pub fn validate(&self) -> Result<()> {
        if !(self.base_rate_factor > 0.0 && self.base_rate_factor <= 1.0) {
            return Err(Error::invalid(format!(
                "base_rate_factor {} must be in (0, 1]",
                self.base_rate_factor
            )));
        }
        for (k, v) in self.values.iter().chain(std::iter::once((
            &"default".to_string(),
            &self.default_value,
        ))) {
            if !(v.is_finite() && *v > 0.0) {
                return Err(Error::invalid(format!("value proxy of {k} must be > 0")));
            }
        }
        Ok(())
    }

    /// V for a commodity.
    pub fn value_of(&self, commodity: &str) -> f64 {
        self.values
            .get(commodity)
            .copied()
            .unwrap_or(self.default_value)
    }

    /// P for a target.
    pub fn probability_of(&self, t: &Target) -> f64 {
        let basis = match t.p_occurrence {
            Some(p) => p,
            None if self.use_peak => t.peak,
            None => t.mean,
        };
        (basis * self.base_rate_factor).clamp(0.0, 1.0)
    }
}

/// Set P, V, C and EV = P·V − C of each target (C from `cost_of`, e.g. the programme's committed
/// cost) and rank them: EV descending, then lower uncertainty, then identifier.
pub fn rank(targets: &mut [Target], p: &ValueParams, cost_of: impl Fn(&Target) -> f64) {
    for t in targets.iter_mut() {
        t.probability = p.probability_of(t);
        t.value_proxy = p.value_of(&t.commodity);
        t.cost = cost_of(t);
        t.expected_value = t.probability * t.value_proxy - t.cost;
    }
    let mut order: Vec<usize> = (0..targets.len()).collect();
    order.sort_by(|&a, &b| {
        let (ta, tb) = (&targets[a], &targets[b]);
        tb.expected_value
            .total_cmp(&ta.expected_value)
            .then_with(|| {
                ta.uncertainty
                    .unwrap_or(0.0)
                    .total_cmp(&tb.uncertainty.unwrap_or(0.0))
            })
            .then_with(|| ta.id.cmp(&tb.id))
    });
    for (r, &i) in order.iter().enumerate() {
        targets[i].rank = r + 1;
    }
}

#[cfg(test)]
mod threshold_tests {
    use super::*;

    #[test]
    fn ties_at_the_cut_do_not_take_the_whole_area() {
        let mut v = vec![0.0; 960];
        v.extend((1..=40).map(|i| i as f64 / 40.0));
        // Top 5 % = 50 cells, but only 40 are above 0: the cut is the lowest positive value.
        let t = threshold_value(&v, Threshold::AreaShare(0.05)).unwrap();
        assert_eq!(t, 1.0 / 40.0);
        // No ties: the value at the rank.
        let w: Vec<f64> = (0..100).map(f64::from).collect();
        assert_eq!(
            threshold_value(&w, Threshold::AreaShare(0.1)).unwrap(),
            90.0
        );
        // All tied: every cell.
        assert_eq!(
            threshold_value(&[2.0; 10], Threshold::AreaShare(0.1)).unwrap(),
            2.0
        );
    }
}

#[cfg(test)]
mod split_tests {
    use super::*;

    /// Two Gaussian peaks joined by a ridge above the threshold form one component; with a
    /// maximum area they come out as two targets, one per peak.
    #[test]
    fn large_components_split_at_their_peaks() {
        let g = GridGeometry::new(60, 20, 0.0, 2000.0, 100.0, 100.0).unwrap();
        let mut v = vec![0.0; g.len()];
        for r in 0..20 {
            for c in 0..60 {
                let (x, y) = g.cell_center(c, r);
                let d1 = ((x - 1500.0).powi(2) + (y - 1000.0).powi(2)) / 300.0f64.powi(2);
                let d2 = ((x - 4500.0).powi(2) + (y - 1000.0).powi(2)) / 300.0f64.powi(2);
                let ridge = if (y - 1000.0).abs() < 150.0 && x > 1500.0 && x < 4500.0 {
                    0.3
                } else {
                    0.0
                };
                v[r * 60 + c] = (-d1).exp().max((-d2).exp()).max(ridge);
            }
        }
        let grid = Grid::new_f64(g, v).unwrap();
        let mut p = TargetParams {
            threshold: Threshold::Probability(0.2),
            ..Default::default()
        };
        assert_eq!(delineate(&grid, "gold", &p).unwrap().len(), 1);
        p.max_area_km2 = Some(0.5);
        let ts = delineate(&grid, "gold", &p).unwrap();
        assert_eq!(
            ts.len(),
            2,
            "{:?}",
            ts.iter().map(|t| t.area_km2).collect::<Vec<_>>()
        );
        assert!(ts.iter().all(|t| t.area_km2 <= 0.5 && t.peak > 0.9));
    }
}

#[cfg(test)]
mod calibration_tests {
    use super::*;

    #[test]
    fn occurrence_probability_follows_the_poisson_density() {
        let g = GridGeometry::new(40, 10, 0.0, 1000.0, 100.0, 100.0).unwrap();
        let mut v = vec![0.0; g.len()];
        for r in 2..8 {
            for c in (2..8).chain(20..26) {
                v[r * 40 + c] = 0.8;
            }
        }
        let grid = Grid::new_f64(g, v).unwrap();
        let p = TargetParams {
            threshold: Threshold::Probability(0.5),
            ..Default::default()
        };
        let mut ts = delineate(&grid, "gold", &p).unwrap();
        assert_eq!(ts.len(), 2);
        // Three occurrences in the first target, none in the second; 0.72 km² of targets.
        calibrate_occurrence(
            &mut ts,
            &[
                (450.0, 550.0),
                (500.0, 500.0),
                (350.0, 450.0),
                (3500.0, 100.0),
            ],
        );
        let lambda: f64 = 3.5 / 0.72 * 0.36;
        for t in &ts {
            assert!((t.p_occurrence.unwrap() - (1.0 - (-lambda).exp())).abs() < 1e-12);
        }
        let vp = ValueParams::default();
        assert!((vp.probability_of(&ts[0]) - 0.01 * (1.0 - (-lambda).exp())).abs() < 1e-12);
    }
}
