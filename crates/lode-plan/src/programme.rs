//! The phased exploration programme of one target, with quantities, costs and mapped features.
//!
//! Phase 1 — geological mapping and soil / rock-chip geochemistry on a grid oriented to the
//! target: sample lines perpendicular to strike. Phase 2 — ground geophysics (magnetics, gravity,
//! IP, by commodity) on lines perpendicular to strike, spaced at most half the source depth.
//! Phase 3 — drill fences along strike, holes designed by [`crate::drillhole`].
//! Each phase is a go/no-go gate for the next (Moon & Whateley 2006; NI 43-101 Form F1 item 26:
//! the second phase contingent on the first). Quantities × unit costs give the cost lines;
//! contingency and administration are percentages of the direct costs.

use std::collections::BTreeMap;

use geo::{BooleanOps, Buffer, Euclidean, Length};
use geo_types::{Coord, Geometry, LineString, MultiLineString, Point, Rect};
use lode_core::{Error, Grid, Result};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::bayes::PhaseTest;
use crate::costs::{keys, UnitCosts};
use crate::drillhole::{design_hole, DrillHole, DrillMethod, DrillParams};
use crate::features::PlanFeature;
use crate::geom;
use crate::targets::Target;

/// A ground geophysical method of Phase 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GeophysMethod {
    Magnetics,
    Gravity,
    Ip,
}

impl GeophysMethod {
    fn name(self) -> &'static str {
        match self {
            GeophysMethod::Magnetics => "magnetics",
            GeophysMethod::Gravity => "gravity",
            GeophysMethod::Ip => "IP",
        }
    }
}

/// Who carries out a phase (the schedule limits how many work at once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resource {
    /// Geologists and samplers.
    FieldCrew,
    /// Ground geophysics crew.
    GeophysicsCrew,
    /// Drill rig.
    Rig,
}

/// Production rates of crews and rigs, per field day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CrewRates {
    /// Soil samples per crew day.
    pub soil_samples_per_day: f64,
    /// Rock-chip samples per crew day.
    pub rock_chips_per_day: f64,
    /// Area mapped per geologist day at 1:5 000, km².
    pub mapping_km2_per_day: f64,
    /// Ground magnetics, line-km per day (≥16 per Modern Magnetics, 2013).
    pub mag_line_km_per_day: f64,
    /// Gravity stations per day (~30, BCcampus).
    pub gravity_stations_per_day: f64,
    /// IP line-km per day (~1 line per day, BCcampus).
    pub ip_line_km_per_day: f64,
    /// RC metres per rig day.
    pub rc_m_per_day: f64,
    /// Diamond metres per rig day.
    pub diamond_m_per_day: f64,
    /// Trench metres excavated and sampled per day.
    pub trench_m_per_day: f64,
}

impl Default for CrewRates {
    fn default() -> Self {
        CrewRates {
            soil_samples_per_day: 40.0,
            rock_chips_per_day: 20.0,
            mapping_km2_per_day: 0.5,
            mag_line_km_per_day: 16.0,
            gravity_stations_per_day: 30.0,
            ip_line_km_per_day: 1.0,
            rc_m_per_day: 100.0,
            diamond_m_per_day: 40.0,
            trench_m_per_day: 50.0,
        }
    }
}

/// Parameters of the programme design.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProgrammeParams {
    /// Phase 1 sample lines: spacing = strike length / this, rounded down to a standard value.
    pub soil_lines_per_target: f64,
    /// Bounds of the Phase 1 line spacing, m.
    pub soil_line_spacing_m: (f64, f64),
    /// Sample spacing along lines = line spacing / this.
    pub soil_line_to_sample_ratio: f64,
    /// Bounds of the sample spacing along lines, m.
    pub soil_sample_spacing_m: (f64, f64),
    /// Samples and mapping extend this far beyond the target, m.
    pub soil_margin_m: f64,
    /// Most soil samples per target; spacings double until the grid fits.
    pub max_soil_samples: usize,
    /// Rock chips per km² of the mapped block.
    pub rock_chips_per_km2: f64,
    /// Fewest rock chips per target.
    pub min_rock_chips: usize,
    /// Fewest mapping days per target.
    pub min_mapping_days: f64,
    /// Geologist days for compilation, interpretation and reporting, per phase.
    pub report_days_per_phase: f64,
    /// Ground-geophysics line spacing: at most depth × this (½ by default), m.
    pub geophys_spacing_depth_factor: f64,
    /// Bounds of the geophysical line spacing, m.
    pub geophys_line_spacing_m: (f64, f64),
    /// Lines extend beyond the target by max(this × depth, `geophys_min_margin_m`).
    pub geophys_margin_depth_factor: f64,
    /// Smallest line extension beyond the target, m.
    pub geophys_min_margin_m: f64,
    /// IP on every n-th geophysical line.
    pub ip_every_nth_line: usize,
    /// Most IP lines per target (the ones nearest the target's centre along strike).
    pub max_ip_lines: usize,
    /// Gravity on every n-th geophysical line.
    pub gravity_every_nth_line: usize,
    /// Gravity station spacing bounds, m (spacing = depth/2 within them).
    pub gravity_station_spacing_m: (f64, f64),
    /// Phase 2 methods by commodity.
    pub methods: BTreeMap<String, Vec<GeophysMethod>>,
    /// Phase 2 methods of commodities not listed.
    pub default_methods: Vec<GeophysMethod>,
    /// Metres of trenching per target in Phase 2 (0 = none).
    pub trench_m_per_target: f64,
    /// Drill samples are assayed every this many metres.
    pub assay_interval_m: f64,
    /// Drill-hole design.
    pub drill: DrillParams,
    /// Depth used when the target has none, m.
    pub default_depth_m: f64,
    /// Production rates.
    pub rates: CrewRates,
    /// Reliability of each phase's result as a test for a deposit (phases 1, 2, 3).
    pub tests: [PhaseTest; 3],
    /// Go/no-go criterion that a phase's result must meet for the next phase to proceed.
    pub gates: [String; 3],
}

impl Default for ProgrammeParams {
    fn default() -> Self {
        use GeophysMethod::*;
        let mut methods = BTreeMap::new();
        methods.insert("gold".into(), vec![Magnetics, Ip]);
        methods.insert("iron".into(), vec![Magnetics, Gravity]);
        methods.insert("rare_metals".into(), vec![Magnetics, Gravity]);
        ProgrammeParams {
            soil_lines_per_target: 8.0,
            soil_line_spacing_m: (50.0, 400.0),
            soil_line_to_sample_ratio: 4.0,
            soil_sample_spacing_m: (10.0, 100.0),
            soil_margin_m: 100.0,
            max_soil_samples: 2000,
            rock_chips_per_km2: 20.0,
            min_rock_chips: 10,
            min_mapping_days: 2.0,
            report_days_per_phase: 5.0,
            geophys_spacing_depth_factor: 0.5,
            geophys_line_spacing_m: (25.0, 200.0),
            geophys_margin_depth_factor: 2.0,
            geophys_min_margin_m: 200.0,
            ip_every_nth_line: 2,
            max_ip_lines: 5,
            gravity_every_nth_line: 2,
            gravity_station_spacing_m: (25.0, 100.0),
            methods,
            default_methods: vec![Magnetics, Gravity, Ip],
            trench_m_per_target: 0.0,
            assay_interval_m: 1.0,
            drill: DrillParams::default(),
            default_depth_m: 150.0,
            rates: CrewRates::default(),
            tests: [
                PhaseTest {
                    hit_rate: 0.8,
                    false_positive_rate: 0.3,
                },
                PhaseTest {
                    hit_rate: 0.8,
                    false_positive_rate: 0.35,
                },
                PhaseTest {
                    hit_rate: 0.9,
                    false_positive_rate: 0.15,
                },
            ],
            gates: [
                "coherent soil or rock-chip anomaly: at least 3 adjacent samples above the 95th \
                 percentile of the grid, on 2 or more lines"
                    .into(),
                "a geophysical response (magnetic, density or chargeability anomaly) coinciding with \
                 the geochemical anomaly and modelled at drillable depth"
                    .into(),
                "mineralised intercepts in at least one hole: proceed to resource definition".into(),
            ],
        }
    }
}

impl ProgrammeParams {
    /// Check ranges.
    pub fn validate(&self) -> Result<()> {
        let pos = |v: f64| v.is_finite() && v > 0.0;
        let pair = |p: (f64, f64)| pos(p.0) && p.0 <= p.1 && p.1.is_finite();
        let r = &self.rates;
        let ok = pos(self.soil_lines_per_target)
            && pair(self.soil_line_spacing_m)
            && pos(self.soil_line_to_sample_ratio)
            && pair(self.soil_sample_spacing_m)
            && self.soil_margin_m >= 0.0
            && self.max_soil_samples >= 1
            && self.rock_chips_per_km2 >= 0.0
            && self.min_mapping_days >= 0.0
            && self.report_days_per_phase >= 0.0
            && pos(self.geophys_spacing_depth_factor)
            && pair(self.geophys_line_spacing_m)
            && self.geophys_margin_depth_factor >= 0.0
            && self.geophys_min_margin_m >= 0.0
            && self.ip_every_nth_line >= 1
            && self.max_ip_lines >= 1
            && self.gravity_every_nth_line >= 1
            && pair(self.gravity_station_spacing_m)
            && self.trench_m_per_target >= 0.0
            && pos(self.assay_interval_m)
            && pos(self.default_depth_m)
            && [
                r.soil_samples_per_day,
                r.rock_chips_per_day,
                r.mapping_km2_per_day,
                r.mag_line_km_per_day,
                r.gravity_stations_per_day,
                r.ip_line_km_per_day,
                r.rc_m_per_day,
                r.diamond_m_per_day,
                r.trench_m_per_day,
            ]
            .into_iter()
            .all(pos);
        if !ok {
            return Err(Error::invalid(
                "invalid programme parameters: spacings, rates, margins and counts must be positive \
                 and every (min, max) pair ordered",
            ));
        }
        self.drill.validate()?;
        for (k, t) in self.tests.iter().enumerate() {
            t.validate(&format!("phase {} test", k + 1))?;
        }
        Ok(())
    }

    /// Phase 2 methods of a commodity.
    pub fn methods_for(&self, commodity: &str) -> &[GeophysMethod] {
        self.methods
            .get(commodity)
            .map(Vec::as_slice)
            .unwrap_or(&self.default_methods)
    }
}

/// One costed activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostLine {
    /// Target identifier.
    pub target_id: String,
    /// Phase number.
    pub phase: u8,
    /// Unit-cost item key.
    pub item: String,
    /// What is done.
    pub description: String,
    /// Quantity in `unit`.
    pub quantity: f64,
    /// Unit of the quantity.
    pub unit: String,
    /// Cost per unit (a fraction for percentage items), project currency.
    pub unit_cost: f64,
    /// quantity × unit_cost, project currency.
    pub cost: f64,
    /// Source of the unit cost.
    pub source: String,
    /// How the quantity was derived.
    pub basis: String,
}

/// One phase of a target's programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Phase {
    /// 1, 2 or 3.
    pub number: u8,
    /// Short name.
    pub name: String,
    /// Cost lines (direct costs, then contingency and administration).
    pub lines: Vec<CostLine>,
    /// Sum of the direct cost lines.
    pub direct: f64,
    /// Contingency, project currency.
    pub contingency: f64,
    /// Administration, project currency.
    pub administration: f64,
    /// direct + contingency + administration.
    pub total: f64,
    /// Field days of the crew or rig doing the phase.
    pub field_days: f64,
    /// Who does the work.
    pub resource: Resource,
    /// Reliability of the phase's result.
    pub test: PhaseTest,
    /// Criterion for going on to the next phase.
    pub gate: String,
    /// Design choices (spacings, counts) with their reasons.
    pub design: Vec<String>,
}

/// The three-phase programme of one target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Programme {
    /// Target identifier.
    pub target_id: String,
    /// Commodity.
    pub commodity: String,
    /// Strike used for the layout, degrees.
    pub strike_deg: f64,
    /// Source dip used for the holes, degrees.
    pub dip_deg: f64,
    /// Source dip direction used for the holes, degrees.
    pub dip_direction_deg: f64,
    /// Depth used, m.
    pub depth_m: f64,
    /// Along-strike length of the target, m.
    pub strike_length_m: f64,
    /// Across-strike width of the target, m.
    pub width_m: f64,
    /// Phases 1–3.
    pub phases: Vec<Phase>,
    /// Designed holes.
    pub holes: Vec<DrillHole>,
    /// Sample points, lines, collars and traces.
    pub features: Vec<PlanFeature>,
}

/// Map-related inputs of the design.
#[derive(Debug, Clone, Copy, Default)]
pub struct DesignContext<'a> {
    /// Elevation model for collar elevations.
    pub dem: Option<&'a Grid>,
    /// Study area [xmin, ymin, xmax, ymax]; lines and samples are clipped to it.
    pub area: Option<[f64; 4]>,
}

const LADDER: [f64; 14] = [
    5.0, 10.0, 12.5, 20.0, 25.0, 40.0, 50.0, 100.0, 200.0, 250.0, 400.0, 500.0, 800.0, 1000.0,
];

/// The largest standard spacing ≤ x, within [lo, hi].
fn standard_spacing(x: f64, lo: f64, hi: f64) -> f64 {
    let x = x.clamp(lo, hi);
    let s = LADDER
        .iter()
        .copied()
        .filter(|&v| v <= x + 1e-9)
        .fold(f64::NAN, |_, v| v);
    if s.is_nan() || s < lo {
        x
    } else {
        s
    }
}

struct Builder<'a> {
    target_id: &'a str,
    phase: u8,
    costs: &'a UnitCosts,
    lines: Vec<CostLine>,
}

impl Builder<'_> {
    fn add(&mut self, item: &str, what: &str, quantity: f64, basis: String) -> Result<()> {
        if quantity <= 0.0 {
            return Ok(());
        }
        let uc = self.costs.get(item)?;
        self.lines.push(CostLine {
            target_id: self.target_id.to_string(),
            phase: self.phase,
            item: item.to_string(),
            description: what.to_string(),
            quantity,
            unit: uc.unit.clone(),
            unit_cost: uc.value,
            cost: quantity * uc.value,
            source: self.costs.provenance(item),
            basis,
        });
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn finish(
        mut self,
        name: &str,
        field_days: f64,
        resource: Resource,
        test: PhaseTest,
        gate: &str,
        design: Vec<String>,
    ) -> Result<Phase> {
        let direct: f64 = self.lines.iter().map(|l| l.cost).sum();
        let mut extra = 0.0;
        let mut pct_line = |key: &str, what: &str, b: &mut Self| -> Result<f64> {
            let uc = b.costs.get(key)?;
            let frac = uc.value / 100.0;
            let cost = direct * frac;
            b.lines.push(CostLine {
                target_id: b.target_id.to_string(),
                phase: b.phase,
                item: key.to_string(),
                description: what.to_string(),
                quantity: direct,
                unit: format!("{} of direct costs", b.costs.currency),
                unit_cost: frac,
                cost,
                source: b.costs.provenance(key),
                basis: format!("{}% of the phase's direct costs", uc.value),
            });
            extra += cost;
            Ok(cost)
        };
        let contingency = pct_line(keys::CONTINGENCY, "contingency", &mut self)?;
        let administration = pct_line(keys::ADMIN, "administration", &mut self)?;
        Ok(Phase {
            number: self.phase,
            name: name.to_string(),
            lines: self.lines,
            direct,
            contingency,
            administration,
            total: direct + contingency + administration,
            field_days,
            resource,
            test,
            gate: gate.to_string(),
            design,
        })
    }
}

fn in_area(area: Option<[f64; 4]>, x: f64, y: f64) -> bool {
    area.is_none_or(|a| x >= a[0] && x <= a[2] && y >= a[1] && y <= a[3])
}

fn props(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// Design the three-phase programme of a target (strike, depth and dip from the target, or the
/// parameters' defaults when absent).
pub fn design_programme(
    t: &Target,
    p: &ProgrammeParams,
    costs: &UnitCosts,
    ctx: &DesignContext,
) -> Result<Programme> {
    p.validate()?;
    let Some(m) = geom::area_moments(&t.polygon) else {
        return Err(Error::invalid(format!(
            "target {} has an empty outline",
            t.id
        )));
    };
    let (strike, strike_source) = match t.strike_deg {
        Some(s) => (s, t.strike_source.clone()),
        None => (
            m.long_axis_azimuth(),
            format!(
                "long axis of the target outline, elongation {:.2}",
                m.elongation()
            ),
        ),
    };
    let depth = t.depth_m.filter(|d| *d > 0.0).unwrap_or(p.default_depth_m);
    let alpha = t
        .dip_deg
        .unwrap_or(p.drill.default_source_dip_deg)
        .clamp(1.0, 90.0);
    let dip_dir = t.dip_direction_deg.unwrap_or(geom::wrap360(strike + 90.0));
    let origin = t.centroid;
    let e = geom::oriented_extent(&t.polygon, origin, strike);
    let (len, wid) = (e[1] - e[0], e[3] - e[2]);
    let mut features = Vec::new();

    // Phase 1: mapping and geochemistry.
    let margin = p.soil_margin_m;
    let mut ls = standard_spacing(
        len / p.soil_lines_per_target,
        p.soil_line_spacing_m.0,
        p.soil_line_spacing_m.1,
    );
    let mut ss = standard_spacing(
        ls / p.soil_line_to_sample_ratio,
        p.soil_sample_spacing_m.0,
        p.soil_sample_spacing_m.1,
    );
    let mut samples: Vec<(i64, (f64, f64))>;
    loop {
        samples = Vec::new();
        let (k0, k1) = (
            ((e[0] - margin) / ls).ceil() as i64,
            ((e[1] + margin) / ls).floor() as i64,
        );
        let (j0, j1) = (
            ((e[2] - margin) / ss).ceil() as i64,
            ((e[3] + margin) / ss).floor() as i64,
        );
        for k in k0..=k1 {
            for j in j0..=j1 {
                let (x, y) = geom::offset(origin, strike, k as f64 * ls, j as f64 * ss);
                if in_area(ctx.area, x, y) && geom::distance_to(&t.polygon, x, y) <= margin {
                    samples.push((k, (x, y)));
                }
            }
        }
        if samples.len() <= p.max_soil_samples {
            break;
        }
        ls *= 2.0;
        ss *= 2.0;
    }
    let block_km2 = (len + 2.0 * margin) * (wid + 2.0 * margin) / 1e6;
    let map_days = (block_km2 / p.rates.mapping_km2_per_day)
        .ceil()
        .max(p.min_mapping_days);
    let chips = ((p.rock_chips_per_km2 * block_km2).ceil() as usize).max(p.min_rock_chips);
    for (n, (k, (x, y))) in samples.iter().enumerate() {
        features.push(PlanFeature {
            kind: "geochem_sample".into(),
            target_id: t.id.clone(),
            phase: 1,
            geometry: Geometry::Point(Point::new(*x, *y)),
            properties: props(&[
                ("sample_id", json!(format!("{}-S{:04}", t.id, n + 1))),
                ("line", json!(k)),
                ("line_spacing_m", json!(ls)),
                ("sample_spacing_m", json!(ss)),
            ]),
        });
    }
    let mut b = Builder {
        target_id: &t.id,
        phase: 1,
        costs,
        lines: Vec::new(),
    };
    b.add(
        keys::GEOLOGIST_DAY,
        "geological mapping 1:5 000",
        map_days,
        format!(
            "{block_km2:.2} km² block (target {len:.0} × {wid:.0} m + {margin} m margin) at {} km²/day, at least {} days",
            p.rates.mapping_km2_per_day, p.min_mapping_days
        ),
    )?;
    b.add(
        keys::SOIL,
        "soil samples",
        samples.len() as f64,
        format!(
            "grid of lines {ls} m apart perpendicular to strike {strike:.0}°, samples every {ss} m, within {margin} m of the target"
        ),
    )?;
    b.add(
        keys::ROCK_CHIP,
        "rock-chip samples",
        chips as f64,
        format!(
            "{} per km² of the {block_km2:.2} km² block, at least {}",
            p.rock_chips_per_km2, p.min_rock_chips
        ),
    )?;
    b.add(
        keys::GEOLOGIST_DAY,
        "compilation and reporting",
        p.report_days_per_phase,
        "report days per phase (parameter)".into(),
    )?;
    let sampling_days = samples.len() as f64 / p.rates.soil_samples_per_day
        + chips as f64 / p.rates.rock_chips_per_day;
    let days1 = map_days.max(sampling_days.ceil());
    let phase1 = b.finish(
        "Mapping and geochemistry",
        days1,
        Resource::FieldCrew,
        p.tests[0],
        &p.gates[0],
        vec![
            format!(
                "soil lines every {ls} m perpendicular to strike {strike:.0}° ({})",
                strike_source
            ),
            format!(
                "samples every {ss} m along lines; {} samples",
                samples.len()
            ),
            format!("{chips} rock chips; {map_days} mapping days"),
        ],
    )?;

    // Phase 2: ground geophysics on lines across strike.
    let methods = p.methods_for(&t.commodity);
    let s2 = standard_spacing(
        (depth * p.geophys_spacing_depth_factor).min(len / 5.0),
        p.geophys_line_spacing_m.0,
        p.geophys_line_spacing_m.1,
    );
    let m2 = (p.geophys_margin_depth_factor * depth).max(p.geophys_min_margin_m);
    let mut clip = t.polygon.buffer(m2);
    if let Some(a) = ctx.area {
        let r = Rect::new(Coord { x: a[0], y: a[1] }, Coord { x: a[2], y: a[3] });
        clip = clip.intersection(&r.to_polygon());
    }
    let (k0, k1) = ((e[0] / s2).floor() as i64, (e[1] / s2).ceil() as i64);
    let (b_lo, b_hi) = (e[2] - m2 - s2, e[3] + m2 + s2);
    let gs = standard_spacing(
        depth / 2.0,
        p.gravity_station_spacing_m.0,
        p.gravity_station_spacing_m.1,
    );
    let mut ip_lines: Vec<i64> = (k0..=k1)
        .filter(|k| k.rem_euclid(p.ip_every_nth_line as i64) == 0)
        .collect();
    ip_lines.sort_by_key(|k| (k.abs(), *k));
    ip_lines.truncate(p.max_ip_lines);
    let (mut mag_km, mut ip_km, mut grav_st, mut n_lines) = (0.0, 0.0, 0usize, 0usize);
    for k in k0..=k1 {
        let a = geom::offset(origin, strike, k as f64 * s2, b_lo);
        let z = geom::offset(origin, strike, k as f64 * s2, b_hi);
        let full = MultiLineString(vec![LineString(vec![
            Coord { x: a.0, y: a.1 },
            Coord { x: z.0, y: z.1 },
        ])]);
        let clipped = clip.clip(&full, false);
        let length: f64 = clipped.0.iter().map(|l| Euclidean.length(l)).sum();
        if length <= 0.0 {
            continue;
        }
        let mut on: Vec<&str> = Vec::new();
        let mut stations = 0usize;
        for &mth in methods {
            let use_it = match mth {
                GeophysMethod::Magnetics => true,
                GeophysMethod::Ip => ip_lines.contains(&k),
                GeophysMethod::Gravity => k.rem_euclid(p.gravity_every_nth_line as i64) == 0,
            };
            if !use_it {
                continue;
            }
            on.push(mth.name());
            match mth {
                GeophysMethod::Magnetics => mag_km += length / 1e3,
                GeophysMethod::Ip => ip_km += length / 1e3,
                GeophysMethod::Gravity => {
                    stations = clipped
                        .0
                        .iter()
                        .map(|l| (Euclidean.length(l) / gs).floor() as usize + 1)
                        .sum();
                    grav_st += stations;
                }
            }
        }
        if on.is_empty() {
            continue;
        }
        n_lines += 1;
        features.push(PlanFeature {
            kind: "survey_line".into(),
            target_id: t.id.clone(),
            phase: 2,
            geometry: Geometry::MultiLineString(clipped),
            properties: props(&[
                ("line_id", json!(format!("{}-L{:+}", t.id, k))),
                ("methods", json!(on.join(", "))),
                ("length_m", json!(length)),
                ("line_spacing_m", json!(s2)),
                ("azimuth_deg", json!(geom::wrap360(strike + 90.0))),
                ("gravity_stations", json!(stations)),
            ]),
        });
    }
    let mut b = Builder {
        target_id: &t.id,
        phase: 2,
        costs,
        lines: Vec::new(),
    };
    let line_basis = format!(
        "lines {s2} m apart (min(depth {depth:.0} m × {}, length/5) within {}–{} m) perpendicular to strike, \
         extending {m2:.0} m beyond the target, clipped; length summed from the clipped geometry",
        p.geophys_spacing_depth_factor, p.geophys_line_spacing_m.0, p.geophys_line_spacing_m.1
    );
    b.add(
        keys::GROUND_MAG,
        "ground magnetics",
        mag_km,
        line_basis.clone(),
    )?;
    b.add(
        keys::GRAVITY,
        "ground gravity stations",
        grav_st as f64,
        format!(
            "{}, one station per {gs} m (depth/2 within {}–{} m); {line_basis}",
            every(p.gravity_every_nth_line),
            p.gravity_station_spacing_m.0,
            p.gravity_station_spacing_m.1
        ),
    )?;
    b.add(
        keys::IP,
        "induced polarisation",
        ip_km,
        format!(
            "{}, at most {} lines nearest the centre; {line_basis}",
            every(p.ip_every_nth_line),
            p.max_ip_lines
        ),
    )?;
    b.add(
        keys::TRENCHING,
        "trenching and channel sampling",
        p.trench_m_per_target,
        "metres per target (parameter)".into(),
    )?;
    b.add(
        keys::GEOLOGIST_DAY,
        "interpretation, modelling and reporting",
        p.report_days_per_phase,
        "report days per phase (parameter)".into(),
    )?;
    let days2 = (mag_km / p.rates.mag_line_km_per_day
        + grav_st as f64 / p.rates.gravity_stations_per_day
        + ip_km / p.rates.ip_line_km_per_day
        + p.trench_m_per_target / p.rates.trench_m_per_day)
        .ceil();
    let names: Vec<&str> = methods.iter().map(|m| m.name()).collect();
    let phase2 = b.finish(
        "Ground geophysics",
        days2,
        Resource::GeophysicsCrew,
        p.tests[1],
        &p.gates[1],
        vec![
            format!(
                "{} on {n_lines} lines every {s2} m across strike",
                names.join(", ")
            ),
            format!(
                "{mag_km:.2} line-km magnetics, {grav_st} gravity stations, {ip_km:.2} line-km IP"
            ),
            format!("depth {depth:.0} m ({})", t.depth_source),
        ],
    )?;

    // Phase 3: drill fences along strike.
    let dp = &p.drill;
    let n_f = ((len / dp.fence_spacing_m).ceil() as usize).clamp(1, dp.max_fences);
    let mut holes = Vec::new();
    for i in 0..n_f {
        let a = e[0] + (i as f64 + 0.5) * len / n_f as f64;
        let axis = geom::offset(origin, strike, a, 0.0);
        for j in 0..dp.holes_per_fence {
            let d = (depth * (1.0 + 0.5 * j as f64)).min(dp.max_intercept_depth_m);
            let id = format!("{}-DH{:02}", t.id, holes.len() + 1);
            holes.push(design_hole(id, &t.id, axis, d, alpha, dip_dir, ctx.dem, dp));
        }
    }
    let (mut rc_m, mut dd_m) = (0.0, 0.0);
    for h in &holes {
        match h.method {
            DrillMethod::Rc => rc_m += h.length_m,
            DrillMethod::Diamond => dd_m += h.length_m,
        }
        let mut pr = props(&[
            ("hole_id", json!(h.id)),
            ("method", json!(h.method.name())),
            ("azimuth_deg", json!(h.azimuth_deg)),
            ("dip_deg", json!(h.dip_deg)),
            ("length_m", json!(h.length_m)),
            ("intercept_depth_m", json!(h.intercept_depth_m)),
            ("true_width_factor", json!(h.true_width_factor)),
        ]);
        if let Some(z) = h.collar_z_m {
            pr.insert("collar_z_m".into(), json!(z));
        }
        features.push(PlanFeature {
            kind: "collar".into(),
            target_id: t.id.clone(),
            phase: 3,
            geometry: Geometry::Point(Point::new(h.collar.0, h.collar.1)),
            properties: pr.clone(),
        });
        features.push(PlanFeature {
            kind: "drill_trace".into(),
            target_id: t.id.clone(),
            phase: 3,
            geometry: Geometry::LineString(LineString(vec![
                Coord {
                    x: h.collar.0,
                    y: h.collar.1,
                },
                Coord {
                    x: h.end_xy.0,
                    y: h.end_xy.1,
                },
            ])),
            properties: pr,
        });
    }
    let mut b = Builder {
        target_id: &t.id,
        phase: 3,
        costs,
        lines: Vec::new(),
    };
    let hole_basis = format!(
        "{} holes on {n_f} fences ≈{} m apart along strike (at most {}), {} per fence; each D/sin δ + {} m overdrill",
        holes.len(),
        (len / n_f as f64).round(),
        dp.max_fences,
        dp.holes_per_fence,
        dp.overdrill_m
    );
    b.add(keys::RC, "RC drilling", rc_m, hole_basis.clone())?;
    b.add(keys::DIAMOND, "diamond drilling", dd_m, hole_basis)?;
    let rigs = (rc_m > 0.0) as usize + (dd_m > 0.0) as usize;
    b.add(
        keys::RIG_MOB,
        "rig mobilisation",
        rigs as f64,
        "one per drilling method used on the target".into(),
    )?;
    let assays = ((rc_m + dd_m) / p.assay_interval_m).ceil();
    b.add(
        keys::ASSAY,
        "drill sample assays",
        assays,
        format!("one sample per {} m drilled", p.assay_interval_m),
    )?;
    let rig_days = (rc_m / p.rates.rc_m_per_day + dd_m / p.rates.diamond_m_per_day).ceil();
    b.add(
        keys::GEOLOGIST_DAY,
        "drill supervision and logging",
        rig_days,
        format!(
            "one geologist per rig day ({} m/day RC, {} m/day diamond)",
            p.rates.rc_m_per_day, p.rates.diamond_m_per_day
        ),
    )?;
    b.add(
        keys::GEOLOGIST_DAY,
        "interpretation and reporting",
        p.report_days_per_phase,
        "report days per phase (parameter)".into(),
    )?;
    let phase3 = b.finish(
        "Drilling",
        rig_days,
        Resource::Rig,
        p.tests[2],
        &p.gates[2],
        vec![
            format!("{} holes, {rc_m:.0} m RC, {dd_m:.0} m diamond", holes.len()),
            if depth > dp.max_intercept_depth_m {
                format!(
                    "source at {depth:.0} m is deeper than the {} m drilling limit: holes test it at the limit",
                    dp.max_intercept_depth_m
                )
            } else {
                format!("intercepts at {depth:.0} m below surface")
            },
            format!(
                "source dip {alpha:.0}° towards {dip_dir:.0}° ({}); holes face the dip",
                if t.dip_deg.is_some() {
                    t.dip_source.clone()
                } else {
                    format!("default {}°", dp.default_source_dip_deg)
                }
            ),
        ],
    )?;
    Ok(Programme {
        target_id: t.id.clone(),
        commodity: t.commodity.clone(),
        strike_deg: strike,
        dip_deg: alpha,
        dip_direction_deg: dip_dir,
        depth_m: depth,
        strike_length_m: len,
        width_m: wid,
        phases: vec![phase1, phase2, phase3],
        holes,
        features,
    })
}

fn every(n: usize) -> String {
    match n {
        1 => "every line".into(),
        2 => "every 2nd line".into(),
        3 => "every 3rd line".into(),
        n => format!("every {n}th line"),
    }
}
