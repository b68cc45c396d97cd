//! The dynamic-programming selection against brute-force enumeration on random small instances.

use lode_plan::bayes::{gated_value, PhaseOption, PhaseTest};
use lode_plan::optimise::{optimise, Candidate, OptimiseParams};

/// Deterministic 64-bit LCG (Knuth MMIX constants), uniform in [0, 1).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn units(c: f64, u: f64) -> usize {
    (c / u - 1e-9).ceil() as usize
}

#[test]
fn dp_matches_brute_force() {
    let mut rng = Lcg(42);
    for case in 0..300 {
        let n = 1 + (rng.next() * 5.0) as usize;
        let cands: Vec<Candidate> = (0..n)
            .map(|i| {
                let phases = (0..3)
                    .map(|k| {
                        let s = 0.6 + 0.35 * rng.next();
                        PhaseOption {
                            cost: (20e3 + 200e3 * rng.next()) * (1.0 + k as f64 * 2.0),
                            test: PhaseTest {
                                hit_rate: s,
                                false_positive_rate: s * (0.2 + 0.6 * rng.next()),
                            },
                        }
                    })
                    .collect();
                Candidate {
                    target_id: format!("T{i}"),
                    p0: 0.002 + 0.05 * rng.next(),
                    value: 20e6 + 100e6 * rng.next(),
                    phases,
                }
            })
            .collect();
        let p = OptimiseParams {
            budget: 250e3 + 2.5e6 * rng.next(),
            budget_unit: 1_000.0,
            max_phases: 1 + case % 3,
            deferred_value_factor: 0.5 * rng.next() + 0.25,
        };
        let cheapest = cands
            .iter()
            .map(|c| c.phases[0].cost)
            .fold(f64::INFINITY, f64::min);
        let sel = match optimise(&cands, &p) {
            Ok(s) => s,
            Err(e) => {
                assert!(p.budget < cheapest, "unexpected error {e}");
                continue;
            }
        };
        // Brute force over every combination of options (0..=max_phases per target).
        let k = p.max_phases + 1;
        let cap = (p.budget / p.budget_unit + 1e-9).floor() as usize;
        let mut best = 0.0f64;
        for code in 0..k.pow(n as u32) {
            let (mut c, mut v, mut w) = (code, 0.0, 0usize);
            for cand in &cands {
                let m = c % k;
                c /= k;
                if m > 0 {
                    let g = gated_value(
                        cand.p0,
                        cand.value,
                        &cand.phases,
                        m,
                        p.deferred_value_factor,
                    );
                    v += g.ev;
                    w += units(g.committed, p.budget_unit);
                }
            }
            if w <= cap {
                best = best.max(v);
            }
        }
        assert!(
            (sel.expected_value - best).abs() <= 1e-6 * best.abs().max(1.0),
            "case {case}: dp {} vs brute force {best}",
            sel.expected_value
        );
        assert!(sel.committed <= p.budget + 1e-6, "case {case}: over budget");
        assert!(sel.expected_spend <= sel.committed + 1e-6);
        let sum: f64 = sel.choices.iter().map(|c| c.value.ev).sum();
        assert!((sum - sel.expected_value).abs() < 1e-6);
    }
}

#[test]
fn selection_is_deterministic_and_prefers_lower_cost_on_ties() {
    let t = PhaseTest {
        hit_rate: 0.8,
        false_positive_rate: 0.3,
    };
    let c = |id: &str| Candidate {
        target_id: id.into(),
        p0: 0.02,
        value: 50e6,
        phases: vec![PhaseOption {
            cost: 100e3,
            test: t,
        }],
    };
    // Two identical targets, budget for one: the first in order is chosen, every time.
    let cands = vec![c("A"), c("B")];
    let p = OptimiseParams {
        budget: 150e3,
        ..Default::default()
    };
    let s1 = optimise(&cands, &p).unwrap();
    let s2 = optimise(&cands, &p).unwrap();
    assert_eq!(s1, s2);
    assert_eq!((s1.choices[0].phases, s1.choices[1].phases), (1, 0));
}
