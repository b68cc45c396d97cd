//! ROC AUC as the Mann–Whitney U statistic with ties counted one half (Hanley & McNeil 1982,
//! *Radiology* 143: 29–36; Mann & Whitney 1947): AUC = P(score⁺ > score⁻) + ½ P(score⁺ = score⁻).
//! This equals the trapezoidal area under the ROC curve that scikit-learn's `roc_auc_score`
//! computes.

/// AUC from per-level counts of positives and negatives, levels in descending score order.
/// Counts are integers, so 2U is summed exactly in u128 and divided once. NaN when either class
/// is empty.
pub fn auc_levels(positives: &[u64], negatives: &[u64]) -> f64 {
    let np: u128 = positives.iter().map(|&p| p as u128).sum();
    let nn: u128 = negatives.iter().map(|&n| n as u128).sum();
    if np == 0 || nn == 0 {
        return f64::NAN;
    }
    let mut below = nn;
    let mut two_u: u128 = 0;
    for (&p, &n) in positives.iter().zip(negatives) {
        below -= n as u128;
        two_u += p as u128 * (2 * below + n as u128);
    }
    two_u as f64 / (2 * np * nn) as f64
}

/// AUC of positive against negative scores (finite values; ties counted one half).
pub fn auc(positives: &[f64], negatives: &[f64]) -> f64 {
    let mut all: Vec<(f64, bool)> = positives
        .iter()
        .map(|&s| (s + 0.0, true))
        .chain(negatives.iter().map(|&s| (s + 0.0, false)))
        .collect();
    all.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
    let (mut pos, mut neg) = (Vec::new(), Vec::new());
    let mut last: Option<u64> = None;
    for (s, is_pos) in all {
        if last != Some(s.to_bits()) {
            pos.push(0);
            neg.push(0);
            last = Some(s.to_bits());
        }
        *if is_pos {
            pos.last_mut()
        } else {
            neg.last_mut()
        }
        .unwrap() += 1;
    }
    auc_levels(&pos, &neg)
}
