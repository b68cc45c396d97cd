//! Drill-hole design for a planar target.
//!
//! A planar source dipping α towards a dip direction is drilled from its hanging wall with a hole
//! of dip δ whose azimuth is the dip direction + 180° (the hole faces the dipping plane). For an
//! intercept at vertical depth D below surface:
//! - the hole meets the plane perpendicularly when α + δ = 90°;
//! - the collar lies D·(cot α + cot δ) from the plane's surface trace, in the dip direction,
//!   i.e. D·cot δ from the point vertically above the intercept;
//! - the length to the intercept is D / sin δ, plus overdrill;
//! - the true width is the intercept length × sin(α + δ) (|n̂·û| × length in 3-D).
//!
//! These are standard relations of exploration drilling (e.g. Moon & Whateley 2006,
//! *Introduction to Mineral Exploration*, ch. 5; JORC Code 2012, Table 1, "drill hole information").

use lode_core::{Error, Grid, Result};
use serde::{Deserialize, Serialize};

use crate::geom;

/// Drilling method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DrillMethod {
    /// Reverse circulation: cheaper, shallower, chips.
    Rc,
    /// Diamond core: deeper, core for structure and assay.
    Diamond,
}

impl DrillMethod {
    /// Short name used in tables.
    pub fn name(self) -> &'static str {
        match self {
            DrillMethod::Rc => "RC",
            DrillMethod::Diamond => "diamond",
        }
    }
}

/// Parameters of hole design.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DrillParams {
    /// Shallowest hole dip the rig allows, degrees below horizontal.
    pub min_hole_dip_deg: f64,
    /// Steepest inclined hole dip, degrees.
    pub max_hole_dip_deg: f64,
    /// Metres drilled past the expected intercept (20–50 m in practice).
    pub overdrill_m: f64,
    /// Holes whose vertical depth of the end of hole is at most this are drilled RC, else diamond, m.
    pub rc_max_depth_m: f64,
    /// Spacing of drill fences along strike, m.
    pub fence_spacing_m: f64,
    /// Most fences per target.
    pub max_fences: usize,
    /// Holes per fence (stacked at successive depths: D, 2D, …).
    pub holes_per_fence: usize,
    /// Dip of the source assumed when the target has none, degrees.
    pub default_source_dip_deg: f64,
    /// Deepest intercept planned, m: deeper sources are tested at this depth (and say so).
    pub max_intercept_depth_m: f64,
}

impl Default for DrillParams {
    fn default() -> Self {
        DrillParams {
            min_hole_dip_deg: 45.0,
            max_hole_dip_deg: 75.0,
            overdrill_m: 35.0,
            rc_max_depth_m: 150.0,
            fence_spacing_m: 200.0,
            max_fences: 4,
            holes_per_fence: 1,
            default_source_dip_deg: 60.0,
            max_intercept_depth_m: 800.0,
        }
    }
}

impl DrillParams {
    /// Check ranges.
    pub fn validate(&self) -> Result<()> {
        let ok = self.min_hole_dip_deg > 0.0
            && self.min_hole_dip_deg <= self.max_hole_dip_deg
            && self.max_hole_dip_deg <= 90.0
            && self.overdrill_m >= 0.0
            && self.overdrill_m.is_finite()
            && self.rc_max_depth_m >= 0.0
            && self.fence_spacing_m > 0.0
            && self.max_fences >= 1
            && self.holes_per_fence >= 1
            && self.default_source_dip_deg > 0.0
            && self.default_source_dip_deg <= 90.0
            && self.max_intercept_depth_m > 0.0;
        if !ok {
            return Err(Error::invalid(format!(
                "invalid drilling parameters: hole dips {}–{}°, overdrill {} m, fence spacing {} m, \
                 {} fences, {} holes per fence, source dip {}°",
                self.min_hole_dip_deg,
                self.max_hole_dip_deg,
                self.overdrill_m,
                self.fence_spacing_m,
                self.max_fences,
                self.holes_per_fence,
                self.default_source_dip_deg
            )));
        }
        Ok(())
    }
}

/// A designed drill hole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrillHole {
    /// Identifier, e.g. "AU-01-DH03".
    pub id: String,
    /// Target identifier.
    pub target_id: String,
    /// Collar easting, northing (analysis CRS).
    pub collar: (f64, f64),
    /// Collar elevation from the DEM, m; None without a DEM.
    pub collar_z_m: Option<f64>,
    /// Hole azimuth, degrees clockwise from north.
    pub azimuth_deg: f64,
    /// Hole dip below horizontal, degrees (positive down).
    pub dip_deg: f64,
    /// Planned length along the hole, m (to the intercept + overdrill).
    pub length_m: f64,
    /// Length to the intercept, m (D / sin δ).
    pub intercept_length_m: f64,
    /// Vertical depth of the intercept below the collar, m.
    pub intercept_depth_m: f64,
    /// Point vertically above the intercept (x, y).
    pub intercept_xy: (f64, f64),
    /// Dip of the target plane, degrees.
    pub source_dip_deg: f64,
    /// Dip direction of the target plane, degrees.
    pub source_dip_direction_deg: f64,
    /// sin(α + δ): true width per unit of intercept length.
    pub true_width_factor: f64,
    /// Horizontal distance from the plane's surface trace to the collar, m: D·(cot α + cot δ).
    pub collar_offset_from_trace_m: f64,
    /// End of hole (x, y) projected to the surface.
    pub end_xy: (f64, f64),
    /// Vertical depth of the end of hole below the collar, m.
    pub end_depth_m: f64,
    /// RC or diamond.
    pub method: DrillMethod,
    /// How the design was chosen.
    pub basis: String,
}

/// Hole dip δ for a target dipping α: 90° − α (perpendicular intercept) clamped to the rig's limits.
pub fn hole_dip(alpha_deg: f64, p: &DrillParams) -> f64 {
    (90.0 - alpha_deg).clamp(p.min_hole_dip_deg, p.max_hole_dip_deg)
}

/// Horizontal offset of the collar from the plane's surface trace, m: D·(cot α + cot δ).
pub fn collar_offset_from_trace(depth_m: f64, alpha_deg: f64, delta_deg: f64) -> f64 {
    let cot = |a: f64| 1.0 / a.to_radians().tan();
    depth_m * (cot(alpha_deg) + cot(delta_deg))
}

/// True width of an intercept of length `l` by a hole of dip δ through a plane dipping α, the hole
/// facing the dip: l·sin(α + δ).
pub fn true_width(l: f64, alpha_deg: f64, delta_deg: f64) -> f64 {
    l * (alpha_deg + delta_deg).to_radians().sin().abs()
}

/// Design one hole to intercept, at vertical depth `depth_m`, a plane dipping `alpha_deg` towards
/// `dip_dir_deg` that passes below `intercept_xy`. A vertical plane (α = 90°) has no hanging wall
/// direction preference: the hole is drilled from the dip-direction side.
#[allow(clippy::too_many_arguments)]
pub fn design_hole(
    id: String,
    target_id: &str,
    intercept_xy: (f64, f64),
    depth_m: f64,
    alpha_deg: f64,
    dip_dir_deg: f64,
    dem: Option<&Grid>,
    p: &DrillParams,
) -> DrillHole {
    let delta = hole_dip(alpha_deg, p);
    let (sd, cd) = delta.to_radians().sin_cos();
    let horiz_to_intercept = depth_m * cd / sd;
    let collar = geom::offset(intercept_xy, dip_dir_deg, horiz_to_intercept, 0.0);
    let azimuth = geom::wrap360(dip_dir_deg + 180.0);
    let intercept_length = depth_m / sd;
    let length = intercept_length + p.overdrill_m;
    let end_xy = geom::offset(collar, azimuth, length * cd, 0.0);
    let end_depth = length * sd;
    let method = if end_depth <= p.rc_max_depth_m {
        DrillMethod::Rc
    } else {
        DrillMethod::Diamond
    };
    let collar_z = dem
        .map(|g| g.sample_bilinear(collar.0, collar.1))
        .filter(|z| z.is_finite());
    DrillHole {
        id,
        target_id: target_id.to_string(),
        collar,
        collar_z_m: collar_z,
        azimuth_deg: azimuth,
        dip_deg: delta,
        length_m: length,
        intercept_length_m: intercept_length,
        intercept_depth_m: depth_m,
        intercept_xy,
        source_dip_deg: alpha_deg,
        source_dip_direction_deg: geom::wrap360(dip_dir_deg),
        true_width_factor: (alpha_deg + delta).to_radians().sin().abs(),
        collar_offset_from_trace_m: collar_offset_from_trace(depth_m, alpha_deg, delta),
        end_xy,
        end_depth_m: end_depth,
        method,
        basis: format!(
            "source dip {alpha_deg:.0}° towards {:.0}°, intercept at {depth_m:.0} m; hole dip {delta:.0}° \
             (90° − α within rig limits {}–{}°), length D/sin δ + {} m overdrill; {} because the end of hole \
             is {end_depth:.0} m deep (RC limit {} m)",
            geom::wrap360(dip_dir_deg),
            p.min_hole_dip_deg,
            p.max_hole_dip_deg,
            p.overdrill_m,
            method.name(),
            p.rc_max_depth_m
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hole(alpha: f64, depth: f64) -> DrillHole {
        design_hole(
            "H".into(),
            "T",
            (0.0, 0.0),
            depth,
            alpha,
            90.0,
            None,
            &DrillParams::default(),
        )
    }

    #[test]
    fn perpendicular_intercept_when_alpha_plus_delta_is_ninety() {
        let h = hole(30.0, 100.0);
        assert_eq!(h.dip_deg, 60.0);
        assert!((h.true_width_factor - 1.0).abs() < 1e-12);
        // Check with vectors in (east, north, down): the hole direction is perpendicular to the plane.
        let (a, d) = (30f64.to_radians(), h.dip_deg.to_radians());
        let (ue, un) = geom::azimuth_vector(h.azimuth_deg);
        let u = [d.cos() * ue, d.cos() * un, d.sin()];
        // Plane dipping α towards east (azimuth 90°): normal (−sin α, 0, cos α)·(sign).
        let n = [-a.sin(), 0.0, a.cos()];
        let dot: f64 = u.iter().zip(n).map(|(x, y)| x * y).sum();
        assert!((dot.abs() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn geometry_follows_the_formulas() {
        let p = DrillParams::default();
        let (alpha, depth) = (60.0, 150.0);
        let h = hole(alpha, depth);
        // δ = 90 − 60 = 30 → clamped to the rig's 45°.
        assert_eq!(h.dip_deg, 45.0);
        assert_eq!(h.azimuth_deg, 270.0);
        let d = 45f64.to_radians();
        assert!((h.intercept_length_m - depth / d.sin()).abs() < 1e-9);
        assert!((h.length_m - (depth / d.sin() + p.overdrill_m)).abs() < 1e-9);
        // The collar is D·cot δ east of the intercept; the surface trace is D·cot α west of it.
        assert!((h.collar.0 - depth / d.tan()).abs() < 1e-9 && h.collar.1.abs() < 1e-9);
        let trace_x = -depth / alpha.to_radians().tan();
        assert!((h.collar.0 - trace_x - h.collar_offset_from_trace_m).abs() < 1e-9);
        // Following the hole for the intercept length reaches the plane at depth D.
        let reach = h.intercept_length_m * d.cos();
        let x_at = h.collar.0 - reach;
        let z_at = h.intercept_length_m * d.sin();
        assert!(x_at.abs() < 1e-9 && (z_at - depth).abs() < 1e-9);
        // True width = length · sin(α + δ); sin 105°.
        assert!((true_width(10.0, alpha, 45.0) - 10.0 * 105f64.to_radians().sin()).abs() < 1e-12);
        assert!((h.true_width_factor - 105f64.to_radians().sin()).abs() < 1e-12);
        assert_eq!(h.method, DrillMethod::Diamond);
        // A shallow, gently dipping target: δ = 75° (rig limit), RC.
        let s = hole(10.0, 60.0);
        assert_eq!((s.dip_deg, s.method), (75.0, DrillMethod::Rc));
    }

    #[test]
    fn true_width_is_the_normal_projection_in_3d() {
        // Random-ish angles: |n̂·û|·L equals L·sin(α+δ) for a hole facing the dip.
        for (alpha, delta) in [(20.0, 50.0), (70.0, 45.0), (85.0, 60.0)] {
            let (a, d): (f64, f64) = (f64::to_radians(alpha), f64::to_radians(delta));
            let u = [-d.cos(), 0.0, d.sin()];
            let n = [-a.sin(), 0.0, a.cos()];
            let dot: f64 = u.iter().zip(n).map(|(x, y)| x * y).sum();
            assert!((dot.abs() - true_width(1.0, alpha, delta)).abs() < 1e-12);
        }
    }
}
