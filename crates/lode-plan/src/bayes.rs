//! Bayesian update of a target's probability after a phase, the gated value of a phased
//! programme, and the value of information of one phase.
//!
//! A phase is a test with hit rate s = P(positive | deposit) and false-positive rate
//! f = P(positive | no deposit). By Bayes' theorem, with prior p:
//! P(deposit | positive) = s·p / (s·p + f·(1−p)),
//! P(deposit | negative) = (1−s)·p / ((1−s)·p + (1−f)·(1−p)).
//! Sequential exploration as a decision problem: Mern & Caers (2023), Geosci. Model Dev. 16, 289.

use lode_core::{Error, Result};
use serde::{Deserialize, Serialize};

/// Reliability of a phase as a test for a deposit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseTest {
    /// Hit rate s = P(positive | deposit).
    pub hit_rate: f64,
    /// False-positive rate f = P(positive | no deposit).
    pub false_positive_rate: f64,
}

impl PhaseTest {
    /// Check 0 ≤ f < s ≤ 1 (a positive result must be evidence for a deposit).
    pub fn validate(&self, what: &str) -> Result<()> {
        let (s, f) = (self.hit_rate, self.false_positive_rate);
        if !(0.0..=1.0).contains(&s) || !(0.0..=1.0).contains(&f) || f >= s {
            return Err(Error::invalid(format!(
                "{what}: hit rate {s} and false-positive rate {f} must satisfy 0 ≤ f < s ≤ 1"
            )));
        }
        Ok(())
    }
}

/// P(positive) = s·p + f·(1−p).
pub fn prob_positive(p: f64, t: PhaseTest) -> f64 {
    t.hit_rate * p + t.false_positive_rate * (1.0 - p)
}

/// P(deposit | positive) = s·p / (s·p + f·(1−p)).
pub fn posterior_positive(p: f64, t: PhaseTest) -> f64 {
    let d = prob_positive(p, t);
    if d <= 0.0 {
        0.0
    } else {
        t.hit_rate * p / d
    }
}

/// P(deposit | negative) = (1−s)·p / ((1−s)·p + (1−f)·(1−p)).
pub fn posterior_negative(p: f64, t: PhaseTest) -> f64 {
    let a = (1.0 - t.hit_rate) * p;
    let d = a + (1.0 - t.false_positive_rate) * (1.0 - p);
    if d <= 0.0 {
        0.0
    } else {
        a / d
    }
}

/// One phase of a target's programme as the decision model sees it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PhaseOption {
    /// Total cost of the phase (direct + contingency + administration), project currency.
    pub cost: f64,
    /// Reliability of its result.
    pub test: PhaseTest,
}

/// Value of a target after funding its first `n` phases with go/no-go gates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GatedValue {
    /// Number of phases funded.
    pub phases: usize,
    /// Sum of the funded phases' costs (what the budget must hold), project currency.
    pub committed: f64,
    /// Probability-weighted spend: phase k is spent only if phases 1..k−1 were positive.
    pub expected_spend: f64,
    /// Probability that every funded phase is positive.
    pub p_all_positive: f64,
    /// Probability of a deposit after all funded phases are positive.
    pub posterior: f64,
    /// Expected value of the decision after the last funded phase, project currency.
    pub terminal_value: f64,
    /// Expected value of funding the phases: terminal value − expected spend.
    pub ev: f64,
}

/// Value of deciding now on a target with probability `p`: commit the remaining phases (cost
/// `c_rest`, product of hit rates `s_rest`) if their expected value p·s_rest·V − c_rest is positive
/// (Rose 2001, EV = P·V − C, with P = p·s_rest the chance that the remaining phases confirm a
/// deposit), otherwise drop the target.
pub fn decide_now(p: f64, v: f64, s_rest: f64, c_rest: f64) -> f64 {
    (p * s_rest * v - c_rest).max(0.0)
}

/// The gated value of funding phases 1..=n of a programme on a target with prior `p0` and
/// discovery value `v`. Phase k goes ahead only when phases 1..k−1 were all positive. With every
/// phase funded, the terminal value is P(deposit ∧ all positive)·V. With phases left unfunded, the
/// target keeps `deferred_factor` × [`decide_now`] on the remaining phases: a later programme
/// can still carry it on, but the discovery is delayed, needs new money and re-mobilisation, and
/// the remaining phases are valued without their gates. `deferred_factor` = 0 credits only
/// complete programmes; 1 makes deferring free.
pub fn gated_value(
    p0: f64,
    v: f64,
    phases: &[PhaseOption],
    n: usize,
    deferred_factor: f64,
) -> GatedValue {
    let n = n.min(phases.len());
    let mut p = p0;
    let mut reach = 1.0;
    let mut expected_spend = 0.0;
    let mut committed = 0.0;
    for ph in &phases[..n] {
        expected_spend += reach * ph.cost;
        committed += ph.cost;
        reach *= prob_positive(p, ph.test);
        p = posterior_positive(p, ph.test);
    }
    let rest = &phases[n..];
    let c_rest: f64 = rest.iter().map(|ph| ph.cost).sum();
    let s_rest: f64 = rest.iter().map(|ph| ph.test.hit_rate).product();
    let terminal_value = if n == 0 {
        0.0
    } else if rest.is_empty() {
        reach * p * v
    } else {
        reach * deferred_factor * decide_now(p, v, s_rest, c_rest)
    };
    GatedValue {
        phases: n,
        committed,
        expected_spend,
        p_all_positive: reach,
        posterior: p,
        terminal_value,
        ev: if n == 0 {
            0.0
        } else {
            terminal_value - expected_spend
        },
    }
}

/// Value of information of one phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Voi {
    /// Probability before the phase.
    pub prior: f64,
    /// P(positive result).
    pub p_positive: f64,
    /// Probability after a positive result.
    pub posterior_positive: f64,
    /// Probability after a negative result.
    pub posterior_negative: f64,
    /// Value of deciding now, without the phase, project currency.
    pub value_now: f64,
    /// Expected value of the decision after the phase, before its cost.
    pub value_after: f64,
    /// value_after − value_now: the most the information is worth.
    pub voi: f64,
    /// voi − cost: positive when the phase is worth its cost.
    pub net: f64,
}

/// Value of information of a phase costing `cost` with reliability `t`, on a target with
/// probability `p`, discovery value `v`, and later phases with hit-rate product `s_rest` and cost
/// `c_rest`: compares deciding on the later phases now, [`decide_now`], with the expected
/// decision after the phase's result (the phase is worth doing when `net` > 0).
pub fn value_of_information(
    p: f64,
    t: PhaseTest,
    cost: f64,
    v: f64,
    s_rest: f64,
    c_rest: f64,
) -> Voi {
    let pp = prob_positive(p, t);
    let (qp, qn) = (posterior_positive(p, t), posterior_negative(p, t));
    let d = |q: f64| decide_now(q, v, s_rest, c_rest);
    let value_now = d(p);
    let value_after = pp * d(qp) + (1.0 - pp) * d(qn);
    // Non-negative by Jensen's inequality (the decision value is convex in p); clamp rounding noise.
    let voi = (value_after - value_now).max(0.0);
    Voi {
        prior: p,
        p_positive: pp,
        posterior_positive: qp,
        posterior_negative: qn,
        value_now,
        value_after,
        voi,
        net: voi - cost,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: PhaseTest = PhaseTest {
        hit_rate: 0.8,
        false_positive_rate: 0.2,
    };

    #[test]
    fn bayes_formulas() {
        // p = 0.1: P(+|D)P(D) = 0.08, P(+|¬D)P(¬D) = 0.18 → 0.08/0.26.
        assert!((posterior_positive(0.1, T) - 0.08 / 0.26).abs() < 1e-15);
        // (1−s)p = 0.02, (1−f)(1−p) = 0.72 → 0.02/0.74.
        assert!((posterior_negative(0.1, T) - 0.02 / 0.74).abs() < 1e-15);
        // Total probability: P(+)·q+ + P(−)·q− = p.
        let pp = prob_positive(0.1, T);
        let back = pp * posterior_positive(0.1, T) + (1.0 - pp) * posterior_negative(0.1, T);
        assert!((back - 0.1).abs() < 1e-15);
        assert!(T.validate("t").is_ok());
        let bad = PhaseTest {
            hit_rate: 0.3,
            false_positive_rate: 0.4,
        };
        assert!(bad.validate("t").is_err());
    }

    #[test]
    fn gated_value_of_the_full_programme_is_p_times_product_of_hit_rates() {
        let ph = [
            PhaseOption {
                cost: 100.0,
                test: T,
            },
            PhaseOption {
                cost: 1000.0,
                test: T,
            },
        ];
        let g = gated_value(0.1, 1e5, &ph, 2, 0.5);
        // P(D ∧ +,+) = p·s² ; spend = 100 + P(+)·1000.
        let spend = 100.0 + prob_positive(0.1, T) * 1000.0;
        assert!((g.terminal_value - 0.1 * 0.64 * 1e5).abs() < 1e-9);
        assert!((g.expected_spend - spend).abs() < 1e-9);
        assert!((g.ev - (6400.0 - spend)).abs() < 1e-9);
        assert_eq!(g.committed, 1100.0);
        // One phase: half the positive branch's Rose EV of the second phase, q·s·V − C.
        let g1 = gated_value(0.1, 1e5, &ph, 1, 0.5);
        let q = posterior_positive(0.1, T);
        let tv = prob_positive(0.1, T) * 0.5 * (q * 0.8 * 1e5 - 1000.0);
        assert!((g1.terminal_value - tv).abs() < 1e-9);
        assert_eq!(gated_value(0.1, 1e5, &ph, 1, 0.0).terminal_value, 0.0);
        assert_eq!(gated_value(0.1, 1e5, &ph, 0, 0.5).ev, 0.0);
    }

    #[test]
    fn value_of_information_is_non_negative_and_zero_when_the_decision_cannot_change() {
        // Decision changes with the result: worth something.
        let v = value_of_information(0.05, T, 0.0, 1e5, 1.0, 6000.0);
        assert!(v.voi > 0.0);
        assert!((v.value_now - 0.0).abs() < 1e-12);
        // p·V far above C whatever the result: information cannot change the decision.
        let w = value_of_information(0.5, T, 10.0, 1e5, 1.0, 10.0);
        assert!(w.voi.abs() < 1e-9 && w.net < 0.0);
    }
}
