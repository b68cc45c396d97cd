//! The whole plan on a synthetic prospectivity grid: selection, budget, CSV, features, determinism.

use lode_core::{Grid, GridGeometry};
use lode_plan::optimise::OptimiseParams;
use lode_plan::schedule::{Overrun, ScheduleParams};
use lode_plan::targets::{attach_depth, delineate, TargetParams, Threshold};
use lode_plan::{build_plan, DesignContext, Plan, PlanParams, UnitCosts};

/// 60 × 60 grid of 50 m cells with three anomalies of decreasing peak.
fn targets() -> Vec<lode_plan::Target> {
    let g = GridGeometry::new(60, 60, 500_000.0, 7_003_000.0, 50.0, 50.0).unwrap();
    let mut v = vec![0.05; g.len()];
    let blobs = [
        (15.0, 15.0, 6.0, 0.95),
        (40.0, 20.0, 4.0, 0.8),
        (30.0, 45.0, 5.0, 0.65),
    ];
    for r in 0..60 {
        for c in 0..60 {
            for &(bc, br, rad, peak) in &blobs {
                let d = ((c as f64 - bc).powi(2) + ((r as f64 - br) * 0.5).powi(2)).sqrt();
                if d < rad {
                    v[r * 60 + c] = f64::max(v[r * 60 + c], peak * (1.0 - 0.3 * d / rad));
                }
            }
        }
    }
    let grid = Grid::new_f64(g, v).unwrap();
    let p = TargetParams {
        threshold: Threshold::Probability(0.4),
        min_cells: 10,
        ..Default::default()
    };
    let mut t = delineate(&grid, "gold", &p).unwrap();
    attach_depth(
        &mut t,
        &[(500_000.0 + 15.5 * 50.0, 7_003_000.0 - 15.5 * 50.0, 90.0)],
        200.0,
        150.0,
    );
    t
}

fn params(budget: f64) -> PlanParams {
    PlanParams {
        optimise: OptimiseParams {
            budget,
            ..Default::default()
        },
        ..Default::default()
    }
}

fn build(budget: f64) -> Plan {
    build_plan(
        targets(),
        &params(budget),
        &UnitCosts::defaults(),
        &DesignContext::default(),
    )
    .unwrap()
}

#[test]
fn plan_totals_trace_to_cost_lines() {
    let plan = build(1_500_000.0);
    assert_eq!(plan.targets.len(), 3);
    assert_eq!(plan.targets[0].depth_m, Some(90.0));
    // Ranks are 1..n in order, programmes follow the targets.
    for (i, (t, p)) in plan.targets.iter().zip(&plan.programmes).enumerate() {
        assert_eq!(t.rank, i + 1);
        assert_eq!(t.id, p.target_id);
    }
    let sel = &plan.selection;
    assert!(sel.committed <= 1_500_000.0 && sel.committed > 0.0);
    assert!(sel.expected_spend <= sel.committed);
    // plan.csv: the cost column sums to the committed budget.
    let csv = plan.plan_csv();
    let mut sum = 0.0;
    for line in csv.lines().skip(1) {
        let cols = split_csv(line);
        assert_eq!(cols.len(), 12, "{line}");
        let (q, uc, c): (f64, f64, f64) = (
            cols[4].parse().unwrap(),
            cols[6].parse().unwrap(),
            cols[8].parse().unwrap(),
        );
        // Quantities are written to 0.001 units.
        assert!((q * uc - c).abs() <= 0.0005 * uc + 0.01, "{line}");
        sum += c;
    }
    assert!(
        (sum - sel.committed).abs() < 1.0,
        "{sum} vs {}",
        sel.committed
    );
    // budget.csv total row equals the summary; phases sum to the total.
    let b = &plan.budget_summary;
    let total = b.rows.last().unwrap();
    assert_eq!(total.scope, "total");
    assert!((total.committed - sel.committed).abs() < 1e-6);
    let phases: f64 = b
        .rows
        .iter()
        .filter(|r| r.scope == "phase")
        .map(|r| r.committed)
        .sum();
    assert!((phases - total.committed).abs() < 1e-6);
    assert!((b.expected_spend - sel.expected_spend).abs() < 1e-6);
    assert!(plan.budget_csv().lines().any(|l| l.starts_with("total,")));
    // Features only for funded phases, and the schedule has one row per funded phase.
    let funded: usize = sel.choices.iter().map(|c| c.phases).sum();
    assert_eq!(plan.schedule.rows.len(), funded);
    for f in plan.features() {
        let ch = sel
            .choices
            .iter()
            .find(|c| c.target_id == f.target_id)
            .unwrap();
        assert!((f.phase as usize) <= ch.phases);
    }
    assert!(!plan.assumptions.is_empty());
}

#[test]
fn plan_is_deterministic_and_serialisable() {
    let a = serde_json::to_string(&build(800_000.0)).unwrap();
    let b = serde_json::to_string(&build(800_000.0)).unwrap();
    assert_eq!(a, b);
    let back: Plan = serde_json::from_str(&a).unwrap();
    assert_eq!(back.targets.len(), 3);
    assert_eq!(
        back.programmes[0].holes.len(),
        build(800_000.0).programmes[0].holes.len()
    );
    assert!((back.selection.committed - build(800_000.0).selection.committed).abs() < 1e-6);
    let fc = lode_plan::features::feature_collection(
        &back.features(),
        Some("urn:ogc:def:crs:EPSG::32735"),
    );
    assert_eq!(fc["type"], "FeatureCollection");
    let tf = lode_plan::features::targets_feature_collection(&back.targets, None);
    assert_eq!(tf["features"][0]["properties"]["commodity"], "gold");
    assert_eq!(tf["features"][0]["geometry"]["type"], "MultiPolygon");
}

#[test]
fn small_budget_funds_less_and_too_small_a_budget_is_an_error() {
    let big = build(5_000_000.0);
    let small = build(150_000.0);
    let n = |p: &Plan| p.selection.choices.iter().map(|c| c.phases).sum::<usize>();
    assert!(n(&small) < n(&big));
    assert!(small.selection.committed <= 150_000.0);
    let e = build_plan(
        targets(),
        &params(1_000.0),
        &UnitCosts::defaults(),
        &DesignContext::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("below the cheapest phase"), "{e}");
}

#[test]
fn truncated_schedule_reduces_the_selection() {
    let mut p = params(5_000_000.0);
    p.schedule = ScheduleParams {
        max_duration_months: Some(3.0),
        on_overrun: Overrun::Truncate,
        ..Default::default()
    };
    let plan = build_plan(
        targets(),
        &p,
        &UnitCosts::defaults(),
        &DesignContext::default(),
    )
    .unwrap();
    assert!(!plan.schedule.dropped.is_empty());
    assert!(plan.schedule.total_months <= 3.0);
    let funded: usize = plan.selection.choices.iter().map(|c| c.phases).sum();
    assert_eq!(plan.schedule.rows.len(), funded);
    p.schedule.on_overrun = Overrun::Error;
    let e = build_plan(
        targets(),
        &p,
        &UnitCosts::defaults(),
        &DesignContext::default(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("maximum of 3 months"), "{e}");
}

fn split_csv(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                out.last_mut().unwrap().push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            (c, _) => out.last_mut().unwrap().push(c),
        }
    }
    out
}
