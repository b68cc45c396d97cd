//! Colour maps and value stretches.
//!
//! viridis and magma are the perceptually uniform maps of Smith & van der Walt (2015, matplotlib);
//! RdBu (diverging) and Greys are ColorBrewer schemes (Brewer, 2002), interpolated linearly between
//! their anchors as matplotlib does; the categorical palette is Tableau 10. Tables are generated
//! from matplotlib by tools/make_colormap_reference.py and tested against its 256-level output.

use lode_core::{Error, Result};

use crate::colormap_data::{GREYS, MAGMA, RDBU, TAB10, VIRIDIS};
use crate::draw::Color;

/// A continuous colour map, or the categorical palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Colormap {
    /// Perceptually uniform, dark blue → yellow.
    #[default]
    Viridis,
    /// Perceptually uniform, black → pale yellow.
    Magma,
    /// Diverging red → white → blue (use `reverse` for blue = low, red = high).
    RdBu,
    /// White → black.
    Greys,
    /// Distinct colours for classes (Tableau 10, cycled).
    Categorical,
}

impl Colormap {
    /// The map with this name: viridis, magma, rdbu, greys, categorical (case-insensitive).
    pub fn parse(name: &str) -> Result<Self> {
        Ok(match name.to_ascii_lowercase().as_str() {
            "viridis" => Colormap::Viridis,
            "magma" => Colormap::Magma,
            "rdbu" => Colormap::RdBu,
            "greys" | "grays" => Colormap::Greys,
            "categorical" | "tab10" => Colormap::Categorical,
            _ => {
                return Err(Error::invalid(format!(
                    "unknown colour map {name:?} (viridis, magma, rdbu, greys, categorical)"
                )))
            }
        })
    }

    /// The colour at position `t` ∈ [0, 1] (clamped; NaN → 0).
    pub fn sample(&self, t: f64) -> Color {
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        match self {
            Colormap::Viridis => interp(&VIRIDIS, t),
            Colormap::Magma => interp(&MAGMA, t),
            Colormap::RdBu => interp(&RDBU, t),
            Colormap::Greys => interp(&GREYS, t),
            Colormap::Categorical => category((t * 9.0).round() as usize),
        }
    }
}

/// The `i`-th colour of the categorical palette (cycled).
pub fn category(i: usize) -> Color {
    TAB10[i % TAB10.len()]
}

fn interp(table: &[[u8; 3]], t: f64) -> Color {
    let x = t * (table.len() - 1) as f64;
    let i = (x.floor() as usize).min(table.len() - 2);
    let f = x - i as f64;
    let (a, b) = (table[i], table[i + 1]);
    let mut c = [0u8; 3];
    for k in 0..3 {
        c[k] = (a[k] as f64 + f * (b[k] as f64 - a[k] as f64)).round() as u8;
    }
    c
}

/// How grid values map onto the colour map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueRange {
    /// Between two percentiles of the valid values (default 2–98 %).
    Percentiles(f64, f64),
    /// Symmetric about zero: ± the given percentile of |value| (diverging maps).
    Symmetric(f64),
    /// Fixed limits.
    Fixed(f64, f64),
}

impl Default for ValueRange {
    fn default() -> Self {
        ValueRange::Percentiles(2.0, 98.0)
    }
}

impl ValueRange {
    /// Resolve to (low, high) for these values (NaN ignored). Errors when no value is valid or
    /// the limits are not finite; a constant field gets a unit-wide range around its value.
    pub fn resolve(&self, values: &[f64]) -> Result<(f64, f64)> {
        let (lo, hi) = match *self {
            ValueRange::Fixed(a, b) => (a, b),
            ValueRange::Percentiles(p, q) => {
                let mut v = valid(values)?;
                (percentile(&mut v, p), percentile(&mut v, q))
            }
            ValueRange::Symmetric(p) => {
                let mut v: Vec<f64> = valid(values)?.into_iter().map(f64::abs).collect();
                let m = percentile(&mut v, p);
                (-m, m)
            }
        };
        if !(lo.is_finite() && hi.is_finite()) || lo > hi {
            return Err(Error::invalid(format!(
                "colour range [{lo}, {hi}] is not usable"
            )));
        }
        if hi - lo <= f64::EPSILON * lo.abs().max(1.0) {
            return Ok((lo - 0.5, hi + 0.5));
        }
        Ok((lo, hi))
    }
}

fn valid(values: &[f64]) -> Result<Vec<f64>> {
    let v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return Err(Error::invalid("the grid has no valid value to colour"));
    }
    Ok(v)
}

/// Percentile `p` (0–100) with linear interpolation between order statistics (numpy's default,
/// Hyndman & Fan 1996 definition 7). Reorders `v`.
pub fn percentile(v: &mut [f64], p: f64) -> f64 {
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * (p / 100.0).clamp(0.0, 1.0);
    let k = h.floor() as usize;
    let (_, a, rest) = v.select_nth_unstable_by(k, f64::total_cmp);
    let a = *a;
    if k + 1 >= n {
        return a;
    }
    let b = rest.iter().copied().fold(f64::INFINITY, f64::min);
    a + (h - k as f64) * (b - a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_matplotlib_256_levels() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/report/colormaps.csv"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let mut checked = 0;
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            let cm = Colormap::parse(f[0]).unwrap();
            let i: f64 = f[1].parse().unwrap();
            let want: Vec<i32> = f[2..5].iter().map(|x| x.parse().unwrap()).collect();
            let got = cm.sample(i / 255.0);
            for k in 0..3 {
                assert!(
                    (got[k] as i32 - want[k]).abs() <= 1,
                    "{} at {i}: {got:?} vs matplotlib {want:?}",
                    f[0]
                );
            }
            checked += 1;
        }
        assert_eq!(checked, 4 * 256);
    }

    #[test]
    fn percentiles_follow_numpy_linear() {
        let mut v: Vec<f64> = (0..=100).map(f64::from).rev().collect();
        assert_eq!(percentile(&mut v, 2.0), 2.0);
        assert_eq!(percentile(&mut v, 98.0), 98.0);
        // numpy.percentile([1, 2, 3, 4], 25) = 1.75
        let mut w = vec![4.0, 1.0, 3.0, 2.0];
        assert!((percentile(&mut w, 25.0) - 1.75).abs() < 1e-12);
        let r = ValueRange::default()
            .resolve(&[f64::NAN, 1.0, 2.0, 3.0, 4.0, 5.0])
            .unwrap();
        assert!(
            (r.0 - 1.08).abs() < 1e-12 && (r.1 - 4.92).abs() < 1e-12,
            "{r:?}"
        );
        assert_eq!(
            ValueRange::Symmetric(100.0).resolve(&[-3.0, 1.0]).unwrap(),
            (-3.0, 3.0)
        );
        assert!(ValueRange::default().resolve(&[f64::NAN]).is_err());
        assert_eq!(
            ValueRange::default().resolve(&[2.0, 2.0]).unwrap(),
            (1.5, 2.5)
        );
    }
}
