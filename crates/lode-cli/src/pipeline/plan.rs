//! From prospectivity to the exploration plan: targets per commodity with their evidence, depth
//! and strike; the phased programme, funded selection, schedule and budget (lode_plan); and the
//! plan's files.

use std::path::{Path, PathBuf};

use geo_types::Geometry;
use lode_core::vector::{AttrValue, FieldDef, FieldKind};
use lode_core::{Error, Grid, Result, VectorLayer};
use lode_plan::costs::UnitCosts;
use lode_plan::plan::{build_plan, Plan, PlanParams};
use lode_plan::programme::DesignContext;
use lode_plan::targets::{
    attach_depth, attach_evidence_with, attach_strike, attach_uncertainty, calibrate_occurrence,
    delineate, EvidenceInput, Target, TargetParams, Threshold,
};
use lode_prospect::evidence::mask::mask_from_polygons;

use crate::pipeline::evidence::Intake;
use crate::pipeline::prospect::CommodityModel;
use crate::project::Project;

/// Depth assumed where no Euler solution lies near a target, m.
pub const FALLBACK_DEPTH_M: f64 = 150.0;
/// Euler solutions within this distance of a target count for its depth, m.
pub const DEPTH_RADIUS_M: f64 = 1000.0;
/// Structures within this distance of a target count for its strike, m.
pub const STRIKE_BUFFER_M: f64 = 500.0;

/// The plan parameters the project file implies.
pub fn plan_params(p: &Project) -> PlanParams {
    let mut params = PlanParams::default();
    params.optimise.budget = p.budget.total;
    if let Some(m) = p.constraints.max_phase {
        params.optimise.max_phases = m as usize;
    }
    if let Some(d) = p.constraints.duration_months {
        params.schedule.max_duration_months = Some(d);
    }
    if let Some(r) = p.constraints.rigs {
        params.schedule.rigs = r;
    }
    for c in &p.commodities {
        if let Some(v) = c.value {
            params.values.values.insert(c.name.clone(), v);
        }
    }
    params
}

/// Unit costs: the defaults with the project's overrides.
pub fn unit_costs(p: &Project) -> Result<UnitCosts> {
    let base = if p.budget.currency.eq_ignore_ascii_case("USD") {
        UnitCosts::defaults()
    } else {
        let rate = p.budget.usd_rate.ok_or_else(|| {
            Error::input(
                &p.file,
                format!(
                    "budget currency {} needs usd_rate (units of {} per US dollar) to convert the default unit costs",
                    p.budget.currency, p.budget.currency
                ),
            )
        })?;
        UnitCosts::defaults_in(&p.budget.currency, rate, "project file usd_rate")?
    };
    if p.costs.is_empty() {
        return Ok(base);
    }
    base.with_values(&p.costs, &format!("project file {}", p.file.display()))
        .map_err(|e| Error::input(&p.file, format!("[costs]: {e}")))
}

/// Delineate and describe the targets of every commodity.
pub fn targets(p: &Project, intake: &Intake, models: &[CommodityModel]) -> Result<Vec<Target>> {
    let tp = TargetParams {
        threshold: Threshold::AreaShare(p.targets.area_share),
        min_area_km2: p.targets.min_area_km2,
        merge_gap_m: p.targets.merge_distance_m,
        max_area_km2: Some(p.targets.max_area_km2),
        ..Default::default()
    };
    let mut excluded: Option<Grid> = None;
    for f in &p.constraints.excluded {
        let path = p.resolve(f);
        let mut v = lode_io::read_vector(&path)?;
        if v.crs.is_none() {
            v.crs = intake.evidence.crs.clone();
        }
        if let Some(c) = &intake.evidence.crs {
            lode_core::crs::reproject_layer(&mut v, c).map_err(|e| e.at(&path))?;
        }
        let m = mask_from_polygons(&v, &intake.evidence.geometry).map_err(|e| e.at(&path))?;
        excluded = Some(match excluded {
            None => m,
            Some(prev) => {
                let (a, b) = (prev.values_f64(), m.values_f64());
                let v: Vec<f64> = a
                    .iter()
                    .zip(b.iter())
                    .map(|(x, y)| if *x == 1.0 || *y == 1.0 { 1.0 } else { 0.0 })
                    .collect();
                prev.with_values_f64(v)?
            }
        });
    }
    let mut all = Vec::new();
    for m in models {
        let mut prob = m.prospectivity.clone();
        if let Some(x) = &excluded {
            let xv = x.values_f64();
            let v: Vec<f64> = prob
                .values_f64()
                .iter()
                .zip(xv.iter())
                .map(|(p, e)| if *e == 1.0 { f64::NAN } else { *p })
                .collect();
            prob = prob.with_values_f64(v)?;
        }
        let mut ts = delineate(&prob, &m.commodity, &tp)?;
        calibrate_occurrence(&mut ts, &m.training);
        if let Some(u) = &m.uncertainty {
            attach_uncertainty(&mut ts, u);
        }
        let inputs: Vec<EvidenceInput> = m
            .explain
            .iter()
            .map(|(name, g)| EvidenceInput {
                layer: name.clone(),
                values: g,
                contribution: None,
            })
            .collect();
        attach_evidence_with(&mut ts, &inputs);
        attach_depth(&mut ts, &intake.euler, DEPTH_RADIUS_M, FALLBACK_DEPTH_M);
        if let Some(s) = &intake.structures {
            attach_strike(&mut ts, s, STRIKE_BUFFER_M);
        }
        all.extend(ts);
    }
    if all.is_empty() {
        return Err(Error::input(
            &p.file,
            format!(
                "no target above the threshold (top {:.1} % of the area, at least {} km²): lower [targets] min_area_km2 or raise area_share",
                100.0 * p.targets.area_share,
                p.targets.min_area_km2
            ),
        ));
    }
    Ok(all)
}

/// The whole plan.
pub fn plan(p: &Project, intake: &Intake, targets: Vec<Target>) -> Result<Plan> {
    let params = plan_params(p);
    let costs = unit_costs(p)?;
    let dem = intake.evidence.get("dem").map(|e| &e.grid);
    let ctx = DesignContext {
        dem,
        area: Some(intake.evidence.geometry.extent()),
    };
    build_plan(targets, &params, &costs, &ctx).map_err(|e| match e {
        Error::Invalid(m) => Error::input(&p.file, m),
        e => e,
    })
}

/// Targets as a vector layer (GeoJSON / GeoPackage).
pub fn targets_layer(plan: &Plan, crs: Option<lode_core::Crs>) -> Result<VectorLayer> {
    let f = |n: &str, k| FieldDef {
        name: n.into(),
        kind: k,
    };
    let fields = vec![
        f("id", FieldKind::Text),
        f("commodity", FieldKind::Text),
        f("rank", FieldKind::Int),
        f("funded_phases", FieldKind::Int),
        f("area_km2", FieldKind::Float),
        f("peak", FieldKind::Float),
        f("mean", FieldKind::Float),
        f("std", FieldKind::Float),
        f("probability", FieldKind::Float),
        f("value_proxy", FieldKind::Float),
        f("cost", FieldKind::Float),
        f("expected_value", FieldKind::Float),
        f("depth_m", FieldKind::Float),
        f("depth_source", FieldKind::Text),
        f("strike_deg", FieldKind::Float),
        f("evidence", FieldKind::Text),
    ];
    let mut layer = VectorLayer::new("targets", fields);
    layer.crs = crs;
    let opt = |v: Option<f64>| v.map(AttrValue::Float).unwrap_or(AttrValue::Null);
    for t in &plan.targets {
        let funded = plan.selection.funded_phases(&t.id);
        let evidence = t
            .evidence
            .iter()
            .map(|e| format!("{}={:.4}", e.layer, e.value))
            .collect::<Vec<_>>()
            .join("; ");
        layer.push(
            Some(Geometry::MultiPolygon(t.polygon.clone())),
            vec![
                AttrValue::Text(t.id.clone()),
                AttrValue::Text(t.commodity.clone()),
                AttrValue::Int(t.rank as i64),
                AttrValue::Int(funded as i64),
                AttrValue::Float(t.area_km2),
                AttrValue::Float(t.peak),
                AttrValue::Float(t.mean),
                AttrValue::Float(t.std),
                AttrValue::Float(t.probability),
                AttrValue::Float(t.value_proxy),
                AttrValue::Float(t.cost),
                AttrValue::Float(t.expected_value),
                opt(t.depth_m),
                AttrValue::Text(t.depth_source.clone()),
                opt(t.strike_deg),
                AttrValue::Text(evidence),
            ],
        )?;
    }
    Ok(layer)
}

/// Write targets.geojson, targets.gpkg, plan.geojson, plan.csv, budget.csv and plan.json.
pub fn write(plan: &Plan, crs: Option<lode_core::Crs>, out: &Path) -> Result<Vec<PathBuf>> {
    let layer = targets_layer(plan, crs.clone())?;
    let mut files = Vec::new();
    for name in ["targets.geojson", "targets.gpkg"] {
        let path = out.join(name);
        lode_io::write_vector(&path, &layer, None)?;
        files.push(path);
    }
    let crs_name = crs
        .as_ref()
        .and_then(|c| c.epsg())
        .map(|e| format!("urn:ogc:def:crs:EPSG::{e}"));
    let fc = lode_plan::features::feature_collection(&plan.features(), crs_name.as_deref());
    let text = serde_json::to_string(&fc).map_err(|e| Error::internal(e.to_string()))?;
    let path = out.join("plan.geojson");
    lode_core::atomic::write_bytes(&path, (text + "\n").as_bytes())?;
    files.push(path);
    for (name, text) in [
        ("plan.csv", plan.plan_csv()),
        ("budget.csv", plan.budget_csv()),
    ] {
        let path = out.join(name);
        lode_core::atomic::write_bytes(&path, text.as_bytes())?;
        files.push(path);
    }
    let json = serde_json::to_string_pretty(plan).map_err(|e| Error::internal(e.to_string()))?;
    let path = out.join("plan.json");
    lode_core::atomic::write_bytes(&path, (json + "\n").as_bytes())?;
    files.push(path);
    Ok(files)
}
