//! The exploration plan: targets, programmes, the funded selection, schedule and budget, with the
//! assumptions behind every number, and its CSV and GeoJSON views.

use std::fmt::Write as _;

use lode_core::{Error, Result};
use serde::{Deserialize, Serialize};

use crate::bayes::PhaseOption;
use crate::costs::UnitCosts;
use crate::features::PlanFeature;
use crate::optimise::{self, Candidate, OptimiseParams, Selection};
use crate::programme::{design_programme, DesignContext, Programme, ProgrammeParams};
use crate::schedule::{self, Schedule, ScheduleJob, ScheduleParams};
use crate::targets::{self, Target, ValueParams};

/// All planning parameters.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlanParams {
    /// Programme design.
    pub programme: ProgrammeParams,
    /// Expected-value ranking.
    pub values: ValueParams,
    /// Budget and optimisation.
    pub optimise: OptimiseParams,
    /// Schedule.
    pub schedule: ScheduleParams,
}

/// Committed and expected cost of one phase number over the funded targets (or of one target's phase).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetRow {
    /// "target", "phase" or "total".
    pub scope: String,
    /// Target identifier ("" for phase and total rows).
    pub target_id: String,
    /// Phase number (0 for totals).
    pub phase: u8,
    /// Phase name or "all phases".
    pub name: String,
    /// Direct costs.
    pub direct: f64,
    /// Contingency.
    pub contingency: f64,
    /// Administration.
    pub administration: f64,
    /// direct + contingency + administration: what the budget must hold.
    pub committed: f64,
    /// committed × probability that the phase goes ahead.
    pub expected: f64,
}

/// Budget summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetSummary {
    /// Currency.
    pub currency: String,
    /// Budget.
    pub budget: f64,
    /// Rows: per funded target and phase, per phase, and the total (last).
    pub rows: Vec<BudgetRow>,
    /// Total committed.
    pub committed: f64,
    /// Total expected spend.
    pub expected_spend: f64,
    /// Budget − committed.
    pub unallocated: f64,
    /// Share of the committed budget spent on drilling (Phase 3), 0–1.
    pub drilling_share: f64,
}

/// The exploration plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Currency of every amount.
    pub currency: String,
    /// Targets in rank order.
    pub targets: Vec<Target>,
    /// Programmes in rank order (designed for every target, funded or not).
    pub programmes: Vec<Programme>,
    /// The funded selection.
    pub selection: Selection,
    /// Schedule of the funded phases.
    pub schedule: Schedule,
    /// Budget summary.
    pub budget_summary: BudgetSummary,
    /// The unit-cost table used.
    pub unit_costs: UnitCosts,
    /// Assumptions and parameters behind the numbers.
    pub assumptions: Vec<String>,
}

/// Build the plan: design a programme for each target, rank the targets by EV = P·V − C (C = the
/// committed cost of the whole programme), choose the funded phases under the budget, schedule
/// them, and total the budget.
pub fn build_plan(
    mut targets: Vec<Target>,
    params: &PlanParams,
    costs: &UnitCosts,
    ctx: &DesignContext,
) -> Result<Plan> {
    if targets.is_empty() {
        return Err(Error::invalid("no target to plan"));
    }
    let mut ids: Vec<&str> = targets.iter().map(|t| t.id.as_str()).collect();
    ids.sort_unstable();
    if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::invalid(format!(
            "two targets share the identifier {}",
            w[0]
        )));
    }
    params.programme.validate()?;
    params.values.validate()?;
    params.schedule.validate()?;
    costs.validate()?;
    let mut programmes = Vec::with_capacity(targets.len());
    for t in &targets {
        programmes.push(design_programme(t, &params.programme, costs, ctx)?);
    }
    let totals: std::collections::HashMap<String, f64> = programmes
        .iter()
        .map(|p| {
            (
                p.target_id.clone(),
                p.phases.iter().map(|ph| ph.total).sum(),
            )
        })
        .collect();
    targets::rank(&mut targets, &params.values, |t| totals[&t.id]);
    targets.sort_by_key(|t| t.rank);
    let order: std::collections::HashMap<&str, usize> =
        targets.iter().map(|t| (t.id.as_str(), t.rank)).collect();
    programmes.sort_by_key(|p| order[p.target_id.as_str()]);

    let cands: Vec<Candidate> = targets
        .iter()
        .zip(&programmes)
        .map(|(t, pr)| Candidate {
            target_id: t.id.clone(),
            p0: t.probability,
            value: t.value_proxy,
            phases: pr
                .phases
                .iter()
                .map(|ph| PhaseOption {
                    cost: ph.total,
                    test: ph.test,
                })
                .collect(),
        })
        .collect();
    let mut selection = optimise::optimise(&cands, &params.optimise)?;

    let jobs = jobs_of(&selection, &programmes);
    let sched = schedule::schedule(&jobs, &params.schedule)?;
    if !sched.dropped.is_empty() {
        for (tid, phase) in &sched.dropped {
            let i = cands
                .iter()
                .position(|c| &c.target_id == tid)
                .ok_or_else(|| Error::internal("dropped phase of an unknown target"))?;
            let n = (*phase as usize).saturating_sub(1);
            if n < selection.choices[i].phases {
                selection.choices[i] = optimise::choice_for(&cands[i], n, &params.optimise);
            }
        }
        selection.retotal();
    }
    let budget_summary = budget(
        &selection,
        &programmes,
        &costs.currency,
        params.optimise.budget,
    );
    let assumptions = assumptions(params, costs, &targets);
    Ok(Plan {
        currency: costs.currency.clone(),
        targets,
        programmes,
        selection,
        schedule: sched,
        budget_summary,
        unit_costs: costs.clone(),
        assumptions,
    })
}

fn jobs_of(sel: &Selection, programmes: &[Programme]) -> Vec<ScheduleJob> {
    let mut jobs = Vec::new();
    for (ch, pr) in sel.choices.iter().zip(programmes) {
        for ph in pr.phases.iter().take(ch.phases) {
            jobs.push(ScheduleJob {
                target_id: pr.target_id.clone(),
                phase: ph.number,
                name: ph.name.clone(),
                resource: ph.resource,
                field_days: ph.field_days,
            });
        }
    }
    jobs
}

fn budget(sel: &Selection, programmes: &[Programme], currency: &str, budget: f64) -> BudgetSummary {
    let mut rows = Vec::new();
    let mut per_phase: Vec<BudgetRow> = Vec::new();
    let mut total = BudgetRow {
        scope: "total".into(),
        target_id: String::new(),
        phase: 0,
        name: "all phases".into(),
        direct: 0.0,
        contingency: 0.0,
        administration: 0.0,
        committed: 0.0,
        expected: 0.0,
    };
    for (ch, pr) in sel.choices.iter().zip(programmes) {
        for (ph, f) in pr.phases.iter().zip(&ch.funded) {
            let r = BudgetRow {
                scope: "target".into(),
                target_id: pr.target_id.clone(),
                phase: ph.number,
                name: ph.name.clone(),
                direct: ph.direct,
                contingency: ph.contingency,
                administration: ph.administration,
                committed: ph.total,
                expected: ph.total * f.p_reached,
            };
            let agg = match per_phase.iter_mut().find(|a| a.phase == ph.number) {
                Some(a) => a,
                None => {
                    per_phase.push(BudgetRow {
                        scope: "phase".into(),
                        target_id: String::new(),
                        phase: ph.number,
                        name: ph.name.clone(),
                        direct: 0.0,
                        contingency: 0.0,
                        administration: 0.0,
                        committed: 0.0,
                        expected: 0.0,
                    });
                    per_phase.last_mut().expect("just pushed")
                }
            };
            for a in [&mut *agg, &mut total] {
                a.direct += r.direct;
                a.contingency += r.contingency;
                a.administration += r.administration;
                a.committed += r.committed;
                a.expected += r.expected;
            }
            rows.push(r);
        }
    }
    per_phase.sort_by_key(|r| r.phase);
    let drilling: f64 = per_phase
        .iter()
        .filter(|r| r.phase == 3)
        .map(|r| r.committed)
        .sum();
    let drilling_share = if total.committed > 0.0 {
        drilling / total.committed
    } else {
        0.0
    };
    let (committed, expected) = (total.committed, total.expected);
    rows.extend(per_phase);
    rows.push(total);
    BudgetSummary {
        currency: currency.to_string(),
        budget,
        rows,
        committed,
        expected_spend: expected,
        unallocated: budget - committed,
        drilling_share,
    }
}

fn assumptions(p: &PlanParams, costs: &UnitCosts, targets: &[Target]) -> Vec<String> {
    let pp = &p.programme;
    let v = &p.values;
    let mut a = vec![
        format!(
            "Probability of an economic deposit P = {} prospectivity × base-rate factor {} (about one prospect in a thousand becomes a mine; targets above the threshold of a validated map rank well above that)",
            if v.use_peak { "peak" } else { "mean" },
            v.base_rate_factor
        ),
        format!(
            "Value of a discovery V (order-of-magnitude proxies, {}): {}; other commodities {:.0}",
            costs.currency,
            v.values
                .iter()
                .map(|(k, x)| format!("{k} {x:.0}"))
                .collect::<Vec<_>>()
                .join(", "),
            v.default_value
        ),
        "Ranking: EV = P·V − C with C the committed cost of the target's three phases (Rose 2001)".into(),
        format!(
            "Phase results as tests (hit rate s, false-positive rate f): Phase 1 s={} f={}, Phase 2 s={} f={}, Phase 3 s={} f={}; P(deposit|positive) = s·p/(s·p + f·(1−p))",
            pp.tests[0].hit_rate, pp.tests[0].false_positive_rate,
            pp.tests[1].hit_rate, pp.tests[1].false_positive_rate,
            pp.tests[2].hit_rate, pp.tests[2].false_positive_rate
        ),
        format!(
            "Selection: multiple-choice knapsack on gated expected value within a budget of {:.0} {} (resolution {:.0}); at most {} phases per target; a partly funded target keeps {} of the EV of its remaining phases",
            p.optimise.budget, costs.currency, p.optimise.budget_unit, p.optimise.max_phases, p.optimise.deferred_value_factor
        ),
        format!(
            "Depth where no Euler solution is near: {} m; source dip where unknown: {}°, dip direction = strike + 90°",
            pp.default_depth_m, pp.drill.default_source_dip_deg
        ),
        format!(
            "Soil grid: line spacing = strike length / {} within {}–{} m, sample spacing = line spacing / {} within {}–{} m, {} m beyond the target, at most {} samples",
            pp.soil_lines_per_target, pp.soil_line_spacing_m.0, pp.soil_line_spacing_m.1,
            pp.soil_line_to_sample_ratio, pp.soil_sample_spacing_m.0, pp.soil_sample_spacing_m.1,
            pp.soil_margin_m, pp.max_soil_samples
        ),
        format!(
            "Geophysical lines: spacing min(depth × {}, length/5) within {}–{} m, extending max({} × depth, {} m) beyond the target; IP on every {} line, at most {} lines; gravity on every {} line",
            pp.geophys_spacing_depth_factor, pp.geophys_line_spacing_m.0, pp.geophys_line_spacing_m.1,
            pp.geophys_margin_depth_factor, pp.geophys_min_margin_m, pp.ip_every_nth_line,
            pp.max_ip_lines, pp.gravity_every_nth_line
        ),
        format!(
            "Drilling: hole dip 90° − source dip within {}–{}°, {} m overdrill, RC to {} m vertical depth then diamond, fences every {} m (at most {}), {} hole(s) per fence, assays every {} m",
            pp.drill.min_hole_dip_deg, pp.drill.max_hole_dip_deg, pp.drill.overdrill_m,
            pp.drill.rc_max_depth_m, pp.drill.fence_spacing_m, pp.drill.max_fences,
            pp.drill.holes_per_fence, pp.assay_interval_m
        ),
        format!(
            "Rates per day: {} soil samples, {} rock chips, {} km² mapped, {} line-km magnetics, {} gravity stations, {} line-km IP, {} m RC, {} m diamond; {} working days per month, {} month(s) review between phases, {} field crew(s), {} geophysics crew(s), {} rig(s)",
            pp.rates.soil_samples_per_day, pp.rates.rock_chips_per_day, pp.rates.mapping_km2_per_day,
            pp.rates.mag_line_km_per_day, pp.rates.gravity_stations_per_day, pp.rates.ip_line_km_per_day,
            pp.rates.rc_m_per_day, pp.rates.diamond_m_per_day, p.schedule.working_days_per_month,
            p.schedule.review_gap_months, p.schedule.field_crews, p.schedule.geophysics_crews, p.schedule.rigs
        ),
    ];
    let est: Vec<&str> = costs
        .items
        .values()
        .filter(|i| i.estimate)
        .map(|i| i.key.as_str())
        .collect();
    if !est.is_empty() {
        a.push(format!(
            "Unit costs that are order-of-magnitude estimates (override them with quotes): {}",
            est.join(", ")
        ));
    }
    for t in targets {
        a.push(format!(
            "{}: depth {} ({}); strike {} ({})",
            t.id,
            t.depth_m.map_or("default".into(), |d| format!("{d:.0} m")),
            t.depth_source,
            t.strike_deg
                .map_or("from outline".into(), |s| format!("{s:.0}°")),
            t.strike_source
        ));
    }
    a
}

/// Quote a CSV field when needed (RFC 4180).
fn q(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl Plan {
    /// One row per costed activity of the funded phases: target, phase, item, description,
    /// quantity, unit, unit_cost, currency, cost, status, source, basis.
    pub fn plan_csv(&self) -> String {
        let mut s = String::from(
            "target,phase,item,description,quantity,unit,unit_cost,currency,cost,status,source,basis\n",
        );
        for (ch, pr) in self.selection.choices.iter().zip(&self.programmes) {
            for (ph, f) in pr.phases.iter().zip(&ch.funded) {
                for l in &ph.lines {
                    let _ = writeln!(
                        s,
                        "{},{},{},{},{:.3},{},{:.4},{},{:.2},{},{},{}",
                        q(&l.target_id),
                        l.phase,
                        q(&l.item),
                        q(&l.description),
                        l.quantity,
                        q(&l.unit),
                        l.unit_cost,
                        q(&self.currency),
                        l.cost,
                        q(&f.status),
                        q(&l.source),
                        q(&l.basis)
                    );
                }
            }
        }
        s
    }

    /// Budget per funded target and phase, per phase, and in total: committed and expected.
    pub fn budget_csv(&self) -> String {
        let mut s = String::from(
            "scope,target,phase,name,direct,contingency,administration,committed,expected,currency\n",
        );
        for r in &self.budget_summary.rows {
            let _ = writeln!(
                s,
                "{},{},{},{},{:.2},{:.2},{:.2},{:.2},{:.2},{}",
                r.scope,
                q(&r.target_id),
                r.phase,
                q(&r.name),
                r.direct,
                r.contingency,
                r.administration,
                r.committed,
                r.expected,
                q(&self.currency)
            );
        }
        let _ = writeln!(
            s,
            "budget,,0,budget,,,,{:.2},,{}",
            self.budget_summary.budget,
            q(&self.currency)
        );
        let _ = writeln!(
            s,
            "unallocated,,0,budget − committed,,,,{:.2},,{}",
            self.budget_summary.unallocated,
            q(&self.currency)
        );
        s
    }

    /// Features of the funded phases (sample points, survey lines, collars, drill traces).
    pub fn features(&self) -> Vec<PlanFeature> {
        let mut out = Vec::new();
        for (ch, pr) in self.selection.choices.iter().zip(&self.programmes) {
            out.extend(
                pr.features
                    .iter()
                    .filter(|f| (f.phase as usize) <= ch.phases)
                    .cloned(),
            );
        }
        out
    }

    /// The programme of a target.
    pub fn programme(&self, target_id: &str) -> Option<&Programme> {
        self.programmes.iter().find(|p| p.target_id == target_id)
    }
}
