//! Geochemical sample files: recognised by their element columns (`Au_ppb`, `As_ppm`, `Fe_pct`,
//! `Cu`, …), checked as samples rather than as flight lines (no line spacing, spikes or
//! corrugation), with the laboratory conventions of Reimann et al. (2008, *Statistical Data
//! Analysis Explained*, ch. 2): values at or below the detection limit written as 0 or as the
//! negative detection limit, units carried in the column name.

use lode_core::SurveyData;

use super::values::value_columns;
use super::{Finding, Severity};

/// Chemical element symbols, hydrogen to uranium.
const ELEMENTS: [&str; 92] = [
    "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl",
    "Ar", "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As",
    "Se", "Br", "Kr", "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In",
    "Sn", "Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb",
    "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl",
    "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U",
];

/// Concentration units recognised after the element symbol.
const UNITS: [&str; 7] = ["ppm", "ppb", "pct", "%", "wt%", "ppt", "gt"];

/// The element symbol and unit of a column name such as `Au_ppb`, `Fe %` or `cu_ppm`; a bare
/// symbol (`Cu`) gives no unit. Symbols are matched case-insensitively, longest first.
pub fn element_column(name: &str) -> Option<(&'static str, Option<&'static str>)> {
    let n = name.trim();
    let lower = n.to_ascii_lowercase();
    let mut best: Option<&'static str> = None;
    for e in ELEMENTS {
        if lower.starts_with(&e.to_ascii_lowercase()) && best.is_none_or(|b| e.len() > b.len()) {
            let rest = &lower[e.len()..];
            let rest = rest.trim_start_matches(['_', ' ', '-', '(', '[']);
            let rest = rest.trim_end_matches([')', ']']);
            if rest.is_empty() || UNITS.contains(&rest) {
                best = Some(e);
            }
        }
    }
    let e = best?;
    let rest = lower[e.len()..]
        .trim_start_matches(['_', ' ', '-', '(', '['])
        .trim_end_matches([')', ']'])
        .to_string();
    let unit = UNITS.iter().find(|u| **u == rest).copied();
    Some((e, unit))
}

/// True when the file looks like geochemical samples: no line column, and at least two value
/// columns named as elements with a concentration unit, or at least three named by bare element
/// symbols — not only K, Th and U (gamma-ray spectrometry).
pub fn is_geochemistry(s: &SurveyData) -> bool {
    if s.line.is_some() {
        return false;
    }
    let cols = value_columns(s);
    let parsed: Vec<_> = cols
        .iter()
        .filter_map(|&j| element_column(&s.names[j]))
        .collect();
    if parsed.iter().all(|(e, _)| matches!(*e, "K" | "Th" | "U")) {
        return false;
    }
    let with_unit = parsed.iter().filter(|(_, u)| u.is_some()).count();
    with_unit >= 2 || parsed.len() >= 3
}

/// Checks of a geochemical sample file: a summary (samples, elements and their units), and per
/// element the share of values at or below the detection limit (a warning above half: the
/// element cannot map anomalies) and values that are missing.
pub fn check_survey(file: &str, s: &SurveyData) -> Vec<Finding> {
    let mut out = Vec::new();
    let n = s.len();
    let cols = value_columns(s);
    let mut described = Vec::new();
    for &j in &cols {
        let Some((sym, unit)) = element_column(&s.names[j]) else {
            continue;
        };
        described.push(match unit {
            Some(u) => format!("{sym} ({u})"),
            None => format!("{sym} (unit not stated)"),
        });
        let v = &s.columns[j];
        let missing = v.iter().filter(|x| !x.is_finite()).count();
        let censored = v.iter().filter(|x| x.is_finite() && **x <= 0.0).count();
        let valid = n - missing;
        if valid > 0 && censored * 2 > valid {
            out.push(Finding::new(
                file,
                "geochem-censored",
                Severity::Warning,
                format!(
                    "column {}: {censored} of {valid} values ({:.0} %) are at or below the \
                     detection limit",
                    s.names[j],
                    100.0 * censored as f64 / valid as f64
                ),
                "Too few values above detection to map anomalies of this element; ask the \
                 laboratory whether a lower detection limit (another method) is available.",
            ));
        }
        if missing > 0 {
            out.push(Finding::new(
                file,
                "geochem-missing",
                Severity::Info,
                format!("column {}: {missing} sample(s) without a value", s.names[j]),
                "Check with the laboratory whether these samples were not analysed or lost.",
            ));
        }
    }
    out.insert(
        0,
        Finding::new(
            file,
            "geochem-samples",
            Severity::Info,
            format!(
                "geochemical samples: {n} points, {} element(s): {}; values ≤ 0 are read as \
                 below the detection limit",
                described.len(),
                described.join(", ")
            ),
            "lode grids each element as a robust log-score (`kind = \"geochemistry\"` in the \
             project file).",
        ),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_columns() {
        assert_eq!(element_column("Au_ppb"), Some(("Au", Some("ppb"))));
        assert_eq!(element_column("Fe %"), Some(("Fe", Some("%"))));
        assert_eq!(element_column("sn_ppm"), Some(("Sn", Some("ppm"))));
        assert_eq!(element_column("Cu"), Some(("Cu", None)));
        assert_eq!(element_column("tmi_nt"), None);
        assert_eq!(element_column("bouguer_mgal"), None);
        assert_eq!(element_column("elevation_m"), None);
        assert_eq!(element_column("Nb_ppm"), Some(("Nb", Some("ppm"))));
    }
}
