//! Axis ticks and round lengths ("nice numbers", Heckbert 1990, Graphics Gems I, pp. 61–63).

/// The 1–2–5 × 10^k step closest to `raw` from above.
pub fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let e = raw.log10().floor();
    let b = 10f64.powf(e);
    let f = raw / b;
    let m = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    m * b
}

/// The 1–2–5 × 10^k step nearest to `raw` (Heckbert's rounding variant).
pub fn round_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let e = raw.log10().floor();
    let b = 10f64.powf(e);
    let f = raw / b;
    let m = if f < 1.5 {
        1.0
    } else if f < 3.0 {
        2.0
    } else if f < 7.0 {
        5.0
    } else {
        10.0
    };
    m * b
}

/// The largest 1–2–5 × 10^k length not longer than `max` (scale bars), > 0.
pub fn nice_length(max: f64) -> f64 {
    if !(max.is_finite() && max > 0.0) {
        return 1.0;
    }
    let e = max.log10().floor();
    let b = 10f64.powf(e);
    let f = max / b;
    let m = if f >= 5.0 {
        5.0
    } else if f >= 2.0 {
        2.0
    } else {
        1.0
    };
    m * b
}

/// Ticks at multiples of a nice step inside [lo, hi], about `target` of them.
pub fn ticks(lo: f64, hi: f64, target: usize) -> (Vec<f64>, f64) {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return (vec![lo], 1.0);
    }
    let step = round_step((hi - lo) / target.max(1) as f64);
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    let t = (first..=last)
        .map(|i| {
            let v = i as f64 * step;
            if v.abs() < step * 1e-9 {
                0.0
            } else {
                v
            }
        })
        .collect();
    (t, step)
}

/// Decimals needed to print multiples of `step` exactly.
pub fn decimals(step: f64) -> usize {
    if !(step.is_finite() && step > 0.0) {
        return 0;
    }
    let d = -step.log10().floor();
    if d <= 0.0 {
        0
    } else {
        (d as usize).min(10)
    }
}

/// A tick value with the decimals of its step; large integers grouped by thin spaces.
pub fn label(v: f64, step: f64) -> String {
    let d = decimals(step);
    let s = format!("{:.*}", d, v);
    let s = if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        s[1..].to_string()
    } else {
        s
    };
    group(&s)
}

/// Group the integer digits of a formatted number in threes with thin spaces when ≥ 5 digits.
pub fn group(s: &str) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("\u{2212}", r),
        None => ("", s),
    };
    let (int, frac) = match rest.find('.') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if int.len() < 5 || !int.bytes().all(|b| b.is_ascii_digit()) {
        return format!("{sign}{int}{frac}");
    }
    let mut o = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            o.push('\u{2009}');
        }
        o.push(c);
    }
    format!("{sign}{o}{frac}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_numbers() {
        assert_eq!(nice_step(0.13), 0.2);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(700.0), 1000.0);
        assert_eq!(nice_length(4999.0), 2000.0);
        assert_eq!(nice_length(5000.0), 5000.0);
        assert_eq!(nice_length(0.9), 0.5);
        let (t, s) = ticks(352_130.0, 371_870.0, 5);
        assert_eq!(s, 5000.0);
        assert_eq!(t, vec![355_000.0, 360_000.0, 365_000.0, 370_000.0]);
        assert_eq!(label(355_000.0, 5000.0), "355\u{2009}000");
        assert_eq!(label(-0.25, 0.05), "\u{2212}0.25");
        assert_eq!(label(-0.0001, 0.1), "0.0");
        assert_eq!(label(0.5, 0.1), "0.5");
    }
}
