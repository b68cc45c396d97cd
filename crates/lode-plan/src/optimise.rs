//! Choice of targets, and of how many phases each, under a budget.
//!
//! Each target offers options "fund phases 1..=n" (n = 0 … K). Funding n phases commits their
//! summed cost; phase k goes ahead only when phase k−1 is positive (go/no-go gate), so its value
//! is the gated expected value of [`crate::bayes::gated_value`]. Choosing at most one option per
//! target to maximise the summed expected value with committed costs within the budget is a
//! multiple-choice 0–1 knapsack (Kellerer, Pferschy & Pisinger 2004, *Knapsack Problems*, ch. 11),
//! solved exactly by dynamic programming over cost in whole budget units (costs rounded up, so
//! the selection never exceeds the budget). Ties go to the lower committed cost, then to fewer
//! phases, then to the earlier target in the given order.

use lode_core::{Error, Result};
use serde::{Deserialize, Serialize};

use crate::bayes::{self, GatedValue, PhaseOption, Voi};

/// Largest DP table (targets × budget units) accepted.
const MAX_TABLE: usize = 50_000_000;

/// Budget parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OptimiseParams {
    /// Budget, project currency.
    pub budget: f64,
    /// Resolution of the optimisation, project currency (costs are rounded up to it).
    pub budget_unit: f64,
    /// Most phases funded per target (NI 43-101 recommends at most two).
    pub max_phases: usize,
    /// Share of the Rose EV of unfunded later phases credited to a partly funded target
    /// (see [`crate::bayes::gated_value`]).
    pub deferred_value_factor: f64,
}

impl Default for OptimiseParams {
    fn default() -> Self {
        OptimiseParams {
            budget: 1_000_000.0,
            budget_unit: 1_000.0,
            max_phases: 3,
            deferred_value_factor: 0.5,
        }
    }
}

/// A target as the optimiser sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// Target identifier.
    pub target_id: String,
    /// Prior probability of a deposit.
    pub p0: f64,
    /// Value proxy of a discovery, project currency.
    pub value: f64,
    /// Phases in order.
    pub phases: Vec<PhaseOption>,
}

/// A funded phase with its decision numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FundedPhase {
    /// Phase number.
    pub number: u8,
    /// Cost, project currency.
    pub cost: f64,
    /// Probability that the phase goes ahead (all previous phases positive).
    pub p_reached: f64,
    /// "firm", or "contingent on a positive Phase k".
    pub status: String,
    /// Value of information of the phase at the probability it is reached with.
    pub voi: Voi,
}

/// The decision on one target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    /// Target identifier.
    pub target_id: String,
    /// Number of phases funded (0 = not funded).
    pub phases: usize,
    /// Gated value of the chosen option.
    pub value: GatedValue,
    /// The funded phases.
    pub funded: Vec<FundedPhase>,
}

/// The optimised selection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Selection {
    /// Budget, project currency.
    pub budget: f64,
    /// Optimisation resolution, project currency.
    pub budget_unit: f64,
    /// Sum of committed costs of the funded phases.
    pub committed: f64,
    /// Probability-weighted spend (later phases only after positive gates).
    pub expected_spend: f64,
    /// Summed expected value of the selection.
    pub expected_value: f64,
    /// Budget − committed.
    pub unallocated: f64,
    /// One choice per candidate, in the candidates' order.
    pub choices: Vec<Choice>,
}

fn units(cost: f64, unit: f64) -> usize {
    (cost / unit - 1e-9).ceil().max(0.0) as usize
}

/// Options of a candidate: (phases, weight in units, gated value); option 0 always first.
fn options(c: &Candidate, p: &OptimiseParams) -> Vec<(usize, usize, GatedValue)> {
    let k = c.phases.len().min(p.max_phases);
    (0..=k)
        .map(|n| {
            let g = bayes::gated_value(c.p0, c.value, &c.phases, n, p.deferred_value_factor);
            (n, units(g.committed, p.budget_unit), g)
        })
        .filter(|(n, _, g)| *n == 0 || g.ev > 0.0)
        .collect()
}

/// Check the inputs; error when the budget cannot pay for any first phase.
fn validate(cands: &[Candidate], p: &OptimiseParams) -> Result<()> {
    if !(p.budget.is_finite() && p.budget > 0.0) {
        return Err(Error::invalid(format!("budget {} must be > 0", p.budget)));
    }
    if !(p.budget_unit.is_finite() && p.budget_unit > 0.0) {
        return Err(Error::invalid(format!(
            "budget unit {} must be > 0",
            p.budget_unit
        )));
    }
    if !(0.0..=1.0).contains(&p.deferred_value_factor) {
        return Err(Error::invalid(format!(
            "deferred_value_factor {} must be in [0, 1]",
            p.deferred_value_factor
        )));
    }
    if p.max_phases == 0 {
        return Err(Error::invalid("max_phases must be at least 1"));
    }
    let cheapest = cands
        .iter()
        .filter_map(|c| c.phases.first().map(|ph| (ph.cost, &c.target_id)))
        .min_by(|a, b| a.0.total_cmp(&b.0));
    let Some((cost, id)) = cheapest else {
        return Err(Error::invalid("no target with a programme to fund"));
    };
    if p.budget < cost {
        return Err(Error::invalid(format!(
            "budget {:.0} is below the cheapest phase (Phase 1 of {id}: {cost:.0})",
            p.budget
        )));
    }
    for c in cands {
        if !((0.0..=1.0).contains(&c.p0) && c.value.is_finite() && c.value >= 0.0) {
            return Err(Error::invalid(format!(
                "target {}: probability {} or value {} out of range",
                c.target_id, c.p0, c.value
            )));
        }
        for ph in &c.phases {
            if !(ph.cost.is_finite() && ph.cost >= 0.0) {
                return Err(Error::invalid(format!(
                    "target {}: phase cost {} is invalid",
                    c.target_id, ph.cost
                )));
            }
            ph.test.validate(&c.target_id)?;
        }
    }
    Ok(())
}

/// The decision "fund phases 1..=n" on a candidate, with the value of information of each phase.
pub fn choice_for(cand: &Candidate, n: usize, p: &OptimiseParams) -> Choice {
    let n = n.min(cand.phases.len());
    let g = bayes::gated_value(
        cand.p0,
        cand.value,
        &cand.phases,
        n,
        p.deferred_value_factor,
    );
    let mut funded = Vec::new();
    let (mut prob, mut reach) = (cand.p0, 1.0);
    for k in 0..n {
        let ph = cand.phases[k];
        let rest = &cand.phases[k + 1..];
        let c_rest: f64 = rest.iter().map(|q| q.cost).sum();
        let s_rest: f64 = rest.iter().map(|q| q.test.hit_rate).product();
        funded.push(FundedPhase {
            number: (k + 1) as u8,
            cost: ph.cost,
            p_reached: reach,
            status: if k == 0 {
                "firm".into()
            } else {
                format!("contingent on a positive Phase {k}")
            },
            voi: bayes::value_of_information(prob, ph.test, ph.cost, cand.value, s_rest, c_rest),
        });
        reach *= bayes::prob_positive(prob, ph.test);
        prob = bayes::posterior_positive(prob, ph.test);
    }
    Choice {
        target_id: cand.target_id.clone(),
        phases: n,
        value: g,
        funded,
    }
}

impl Selection {
    /// Recompute the totals from the choices.
    pub fn retotal(&mut self) {
        self.committed = self.choices.iter().map(|c| c.value.committed).sum();
        self.expected_spend = self.choices.iter().map(|c| c.value.expected_spend).sum();
        self.expected_value = self.choices.iter().map(|c| c.value.ev).sum();
        self.unallocated = self.budget - self.committed;
    }

    /// The decision on target `id`, if it was a candidate.
    pub fn choice(&self, id: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.target_id == id)
    }

    /// Number of phases funded for target `id` (0 when not funded or not a candidate).
    pub fn funded_phases(&self, id: &str) -> usize {
        self.choice(id).map_or(0, |c| c.phases)
    }
}

/// Choose the options maximising the summed gated expected value within the budget.
pub fn optimise(cands: &[Candidate], p: &OptimiseParams) -> Result<Selection> {
    validate(cands, p)?;
    let cap = (p.budget / p.budget_unit + 1e-9).floor() as usize;
    if cap.saturating_mul(cands.len().max(1)) > MAX_TABLE {
        return Err(Error::invalid(format!(
            "budget {} in units of {} gives a table too large for {} targets; use a larger budget unit",
            p.budget,
            p.budget_unit,
            cands.len()
        )));
    }
    let opts: Vec<_> = cands.iter().map(|c| options(c, p)).collect();
    // dp[c] = best (value, cost units) with capacity c over the items so far.
    let mut dp: Vec<(f64, usize)> = vec![(0.0, 0); cap + 1];
    let mut pick: Vec<Vec<u8>> = Vec::with_capacity(cands.len());
    for o in &opts {
        let mut next = dp.clone();
        let mut choice = vec![0u8; cap + 1];
        for c in 0..=cap {
            for (idx, (_, w, g)) in o.iter().enumerate().skip(1) {
                if *w > c {
                    continue;
                }
                let (bv, bw) = dp[c - w];
                let cand = (bv + g.ev, bw + w);
                let cur = next[c];
                if cand.0 > cur.0 || (cand.0 == cur.0 && cand.1 < cur.1) {
                    next[c] = cand;
                    choice[c] = idx as u8;
                }
            }
        }
        dp = next;
        pick.push(choice);
    }
    let mut chosen = vec![0usize; cands.len()];
    let mut c = cap;
    for i in (0..cands.len()).rev() {
        let idx = pick[i][c] as usize;
        chosen[i] = idx;
        c -= opts[i][idx].1;
    }
    let mut sel = Selection {
        budget: p.budget,
        budget_unit: p.budget_unit,
        committed: 0.0,
        expected_spend: 0.0,
        expected_value: 0.0,
        unallocated: 0.0,
        choices: Vec::with_capacity(cands.len()),
    };
    for (i, cand) in cands.iter().enumerate() {
        let ch = choice_for(cand, opts[i][chosen[i]].0, p);
        sel.committed += ch.value.committed;
        sel.expected_spend += ch.value.expected_spend;
        sel.expected_value += ch.value.ev;
        sel.choices.push(ch);
    }
    sel.unallocated = p.budget - sel.committed;
    Ok(sel)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bayes::PhaseTest;

    fn cand(id: &str, p0: f64, costs: [f64; 3]) -> Candidate {
        let t = PhaseTest {
            hit_rate: 0.8,
            false_positive_rate: 0.3,
        };
        Candidate {
            target_id: id.into(),
            p0,
            value: 50e6,
            phases: costs
                .iter()
                .map(|&cost| PhaseOption { cost, test: t })
                .collect(),
        }
    }

    #[test]
    fn budget_below_cheapest_phase_is_an_error() {
        let c = [cand("A", 0.02, [60e3, 150e3, 400e3])];
        let p = OptimiseParams {
            budget: 50e3,
            ..Default::default()
        };
        let e = optimise(&c, &p).unwrap_err().to_string();
        assert!(
            e.contains("below the cheapest phase") && e.contains("A"),
            "{e}"
        );
    }

    #[test]
    fn gates_and_committed_versus_expected_spend() {
        let c = [cand("A", 0.02, [60e3, 150e3, 400e3])];
        let p = OptimiseParams {
            budget: 1e6,
            ..Default::default()
        };
        let s = optimise(&c, &p).unwrap();
        let ch = &s.choices[0];
        assert_eq!(ch.phases, 3);
        assert_eq!(s.committed, 610e3);
        assert!(s.expected_spend < s.committed);
        assert_eq!(ch.funded[0].status, "firm");
        assert_eq!(ch.funded[2].status, "contingent on a positive Phase 2");
        // A budget for phases 1–2 only funds those.
        let p2 = OptimiseParams {
            budget: 300e3,
            ..Default::default()
        };
        let s2 = optimise(&c, &p2).unwrap();
        assert!(s2.choices[0].phases <= 2 && s2.committed <= 300e3);
    }
}
