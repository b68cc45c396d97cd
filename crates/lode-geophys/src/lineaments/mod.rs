//! Automatic lineaments: magnetic and gravity edges as polylines with strike, length and
//! amplitude, and their density and orientation statistics.
//!
//! Two detectors, both on derivatives from [`crate::transforms`] (finite-difference horizontal
//! derivatives, FFT vertical derivative):
//! - [`Method::Thg`]: crests of the total horizontal gradient |∇ₕT| = √(T_x² + T_y²), which lie
//!   over the vertical edges of sources of gravity and pseudo-gravity or reduced-to-pole
//!   magnetic fields (Cordell & Grauch 1985), located with sub-cell precision by the
//!   four-direction test of Blakely & Simpson (1986, Geophysics 51, 1494–1498; [`maxima`]).
//! - [`Method::Tilt`]: the zero contour of the tilt angle θ = atan(T_z / |∇ₕT|) (Miller &
//!   Singh 1994; Verduzco et al. 2004), which also lies over vertical contacts
//!   (Salem et al. 2007: tan θ = h/z_c for a contact at depth z_c), traced by marching
//!   squares ([`contour`]).
//!
//! Crest points are chained by nearest neighbour with a largest gap and turn ([`link`]),
//! contour segments through their shared cell edges. Polylines are simplified by
//! Douglas–Peucker, split where they deviate from their chord by more than the split angle (a
//! lineament is a straight-ish feature: the four sides of a rectangular body become four
//! lineaments and its rounded corners short pieces), and
//! those shorter than the minimum length are dropped. Points or segments where the horizontal
//! gradient is below `min_amplitude_frac` × its 99th percentile are ignored: in quiet areas
//! both detectors follow noise (the tilt angle is normalised and has zero contours wherever
//! T_z changes sign).

pub mod contour;
pub mod link;
pub mod maxima;
pub mod simplify;
pub mod stats;

use geo_types::{Coord, Geometry, LineString};
use lode_core::vector::{AttrValue, FieldDef, FieldKind, VectorLayer};
use lode_core::{Crs, Error, Grid, Result};

use crate::transforms::{apply, Op, TransformOptions};
pub use stats::{lineament_density, rose, RoseBin};

/// The edge detector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Maxima of the total horizontal gradient (Blakely & Simpson 1986).
    Thg,
    /// Zero contour of the tilt angle (Miller & Singh 1994).
    Tilt,
}

impl Method {
    /// `thg` or `tilt`.
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "thg" => Ok(Method::Thg),
            "tilt" => Ok(Method::Tilt),
            _ => Err(Error::invalid(format!(
                "unknown lineament method {s:?}: use thg or tilt"
            ))),
        }
    }

    /// The name written to the `method` attribute.
    pub fn name(&self) -> &'static str {
        match self {
            Method::Thg => "thg",
            Method::Tilt => "tilt",
        }
    }
}

/// Settings of [`extract_lineaments`]. Lengths "in cells" are multiples of max(dx, dy).
#[derive(Debug, Clone, PartialEq)]
pub struct LineamentOptions {
    pub method: Method,
    /// Blakely–Simpson N: least number of directions (1–4) holding a maximum (THG only).
    pub threshold: u8,
    /// Points/segments with a horizontal gradient below this fraction of its 99th percentile
    /// are ignored (0 keeps all).
    pub min_amplitude_frac: f64,
    /// Largest gap bridged when chaining crest points, cells.
    pub max_gap_cells: f64,
    /// Largest turn when chaining crest points, degrees.
    pub max_turn_deg: f64,
    /// A simplified polyline is split where its next segment deviates by more than this from
    /// the chord of the piece so far, degrees.
    pub split_deg: f64,
    /// Douglas–Peucker tolerance, cells.
    pub simplify_cells: f64,
    /// Shortest lineament kept, m; None = 5 cells.
    pub min_length_m: Option<f64>,
}

impl Default for LineamentOptions {
    fn default() -> Self {
        LineamentOptions {
            method: Method::Thg,
            threshold: 2,
            min_amplitude_frac: 0.05,
            max_gap_cells: 2.0,
            max_turn_deg: 35.0,
            split_deg: 10.0,
            simplify_cells: 0.5,
            min_length_m: None,
        }
    }
}

/// One lineament: a polyline in the grid's CRS and its attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct Lineament {
    /// 1-based identifier, in order of extraction.
    pub id: usize,
    pub method: Method,
    /// Vertices (x, y) in the grid's CRS.
    pub points: Vec<[f64; 2]>,
    /// Length-weighted axial mean strike, degrees clockwise from grid north, [0, 180).
    pub strike_deg: f64,
    /// Length, m.
    pub length_m: f64,
    /// Mean total horizontal gradient along the lineament, grid units per m.
    pub amplitude: f64,
}

fn validate(o: &LineamentOptions) -> Result<()> {
    if !(1..=4).contains(&o.threshold) {
        return Err(Error::invalid(format!(
            "threshold N = {} must be 1–4 directions",
            o.threshold
        )));
    }
    let bad = |ok: bool, what: String| {
        if ok {
            Ok(())
        } else {
            Err(Error::invalid(what))
        }
    };
    bad(
        (0.0..1.0).contains(&o.min_amplitude_frac),
        format!(
            "minimum amplitude fraction {} must be in [0, 1)",
            o.min_amplitude_frac
        ),
    )?;
    bad(
        o.max_gap_cells.is_finite() && o.max_gap_cells >= 1.0,
        format!("largest gap {} cells must be at least 1", o.max_gap_cells),
    )?;
    bad(
        o.max_turn_deg > 0.0 && o.max_turn_deg <= 180.0,
        format!("largest turn {}° must be in (0, 180]", o.max_turn_deg),
    )?;
    bad(
        o.split_deg > 0.0 && o.split_deg <= 180.0,
        format!("split angle {}° must be in (0, 180]", o.split_deg),
    )?;
    bad(
        o.simplify_cells.is_finite() && o.simplify_cells >= 0.0,
        format!(
            "simplification tolerance {} cells must be ≥ 0",
            o.simplify_cells
        ),
    )?;
    if let Some(m) = o.min_length_m {
        bad(
            m.is_finite() && m >= 0.0,
            format!("minimum length {m} m must be ≥ 0"),
        )?;
    }
    Ok(())
}

/// Extract lineaments from a potential-field grid (gravity, pseudo-gravity or reduced-to-pole
/// magnetics) in a projected CRS in metres.
pub fn extract_lineaments(grid: &Grid, o: &LineamentOptions) -> Result<Vec<Lineament>> {
    validate(o)?;
    if grid.crs.as_ref().is_some_and(|c| c.is_geographic()) {
        return Err(Error::invalid(
            "lineaments need a projected grid in metres, not a geographic CRS",
        ));
    }
    let topts = TransformOptions::default();
    let (mut thg, _) = apply(grid, &Op::Thg, &topts)?;
    thg.to_f64_storage();
    let g = grid.geometry;
    let (rows, cols, dx, dy) = (g.rows, g.cols, g.dx, g.dy);
    let tv = thg.values_f64();
    let min_value = if o.min_amplitude_frac > 0.0 {
        crate::radiometrics::percentile(&tv, 99.0).unwrap_or(0.0) * o.min_amplitude_frac
    } else {
        f64::NEG_INFINITY
    };
    let cell = dx.max(dy);
    let raw: Vec<Vec<[f64; 2]>> = match o.method {
        Method::Thg => {
            let pts = maxima::crest_points(&tv, rows, cols, dx, dy, o.threshold, min_value);
            let xy: Vec<[f64; 2]> = pts.iter().map(|p| [p.u, p.v]).collect();
            let s: Vec<f64> = pts.iter().map(|p| p.value).collect();
            link::chain_points(&xy, &s, o.max_gap_cells * cell, o.max_turn_deg, 0.5 * cell)
                .into_iter()
                .map(|c| c.into_iter().map(|i| xy[i]).collect())
                .collect()
        }
        Method::Tilt => {
            let (tilt, _) = apply(grid, &Op::Tilt, &topts)?;
            let t = tilt.values_f64();
            let keep = |u: f64, v: f64| {
                let (x, y) = g.pixel_to_xy(u / dx, v / dy);
                thg.sample_bilinear(x, y) >= min_value
            };
            contour::zero_contours(&t, rows, cols, dx, dy, &keep)
        }
    };
    let min_len = o.min_length_m.unwrap_or(5.0 * cell);
    let mut out = Vec::new();
    for line in raw {
        let s = simplify::douglas_peucker(&line, o.simplify_cells * cell);
        for piece in simplify::split_at_turns(&s, o.split_deg) {
            let pts: Vec<[f64; 2]> = piece
                .iter()
                .map(|q| {
                    let (x, y) = g.pixel_to_xy(q[0] / dx, q[1] / dy);
                    [x, y]
                })
                .collect();
            let length_m = stats::polyline_length(&pts);
            if length_m < min_len || length_m == 0.0 {
                continue;
            }
            out.push(Lineament {
                id: out.len() + 1,
                method: o.method,
                strike_deg: stats::strike_deg(&pts),
                length_m,
                amplitude: mean_along(&thg, &pts, 0.5 * cell),
                points: pts,
            });
        }
    }
    Ok(out)
}

/// Mean of `g` sampled bilinearly every ≤ `step` along the polyline (NaN samples skipped).
fn mean_along(g: &Grid, p: &[[f64; 2]], step: f64) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    let mut add = |x: f64, y: f64| {
        let v = g.sample_bilinear(x, y);
        if v.is_finite() {
            sum += v;
            n += 1;
        }
    };
    for w in p.windows(2) {
        let l = (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1]);
        let k = ((l / step).ceil() as usize).max(1);
        for i in 0..k {
            let t = (i as f64 + 0.5) / k as f64;
            add(
                w[0][0] + t * (w[1][0] - w[0][0]),
                w[0][1] + t * (w[1][1] - w[0][1]),
            );
        }
    }
    if n == 0 {
        f64::NAN
    } else {
        sum / n as f64
    }
}

/// The lineaments as a layer of LineString features with the attributes `id`, `method`,
/// `strike_deg`, `length_m`, `amplitude` and `n_vertices`.
pub fn to_layer(lines: &[Lineament], crs: Option<Crs>, name: &str) -> Result<VectorLayer> {
    let f = |n: &str, kind| FieldDef {
        name: n.into(),
        kind,
    };
    let mut layer = VectorLayer::new(
        name,
        vec![
            f("id", FieldKind::Int),
            f("method", FieldKind::Text),
            f("strike_deg", FieldKind::Float),
            f("length_m", FieldKind::Float),
            f("amplitude", FieldKind::Float),
            f("n_vertices", FieldKind::Int),
        ],
    );
    layer.crs = crs;
    for l in lines {
        let ls: LineString<f64> = l
            .points
            .iter()
            .map(|p| Coord { x: p[0], y: p[1] })
            .collect();
        layer.push(
            Some(Geometry::LineString(ls)),
            vec![
                AttrValue::Int(l.id as i64),
                AttrValue::Text(l.method.name().into()),
                AttrValue::Float(l.strike_deg),
                AttrValue::Float(l.length_m),
                if l.amplitude.is_finite() {
                    AttrValue::Float(l.amplitude)
                } else {
                    AttrValue::Null
                },
                AttrValue::Int(l.points.len() as i64),
            ],
        )?;
    }
    Ok(layer)
}
