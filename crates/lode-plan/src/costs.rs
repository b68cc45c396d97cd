//! Unit costs of exploration work, each with its unit, currency, source and year.
//!
//! Defaults are the middle of the ranges gathered in the project's exploration-practice notes
//! (public figures where one was found; otherwise order-of-magnitude figures for the 2020s,
//! flagged `estimate = true`). Every item can be overridden from the project file.

use std::collections::BTreeMap;

use lode_core::{Error, Result};
use serde::{Deserialize, Serialize};

/// One unit cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitCost {
    /// Stable key (e.g. "diamond_m").
    pub key: String,
    /// What the item covers.
    pub description: String,
    /// Cost per unit (or percentage for `%` items).
    pub value: f64,
    /// Unit of the quantity ("line-km", "sample", "m", "%", …).
    pub unit: String,
    /// ISO currency code of `value` (empty for percentages).
    pub currency: String,
    /// Where the figure comes from.
    pub source: String,
    /// Year of the figure, when known.
    pub year: Option<u16>,
    /// True for order-of-magnitude defaults without a specific public source.
    pub estimate: bool,
}

/// A table of unit costs in one currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitCosts {
    /// Currency of every non-percentage item.
    pub currency: String,
    /// Items by key.
    pub items: BTreeMap<String, UnitCost>,
}

/// An override of one item from the project file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostOverride {
    /// New value in the table's currency (or percent).
    pub value: f64,
    /// Source of the new figure (default: "project file").
    #[serde(default)]
    pub source: Option<String>,
    /// Year of the new figure.
    #[serde(default)]
    pub year: Option<u16>,
}

/// Keys of the unit-cost items.
pub mod keys {
    pub const AIRBORNE_MAG: &str = "airborne_mag_line_km";
    pub const GROUND_MAG: &str = "ground_mag_line_km";
    pub const GRAVITY: &str = "gravity_station";
    pub const IP: &str = "ip_line_km";
    pub const SOIL: &str = "soil_sample";
    pub const ROCK_CHIP: &str = "rock_chip_sample";
    pub const GEOLOGIST_DAY: &str = "geologist_day";
    pub const TRENCHING: &str = "trenching_m";
    pub const RC: &str = "rc_m";
    pub const DIAMOND: &str = "diamond_m";
    pub const RIG_MOB: &str = "rig_mobilisation";
    pub const ASSAY: &str = "assay_sample";
    pub const CONTINGENCY: &str = "contingency_pct";
    pub const ADMIN: &str = "administration_pct";
}

const NOTES: &str = "exploration-practice notes";

#[allow(clippy::too_many_arguments)]
fn item(
    key: &str,
    description: &str,
    value: f64,
    unit: &str,
    currency: &str,
    source: &str,
    year: Option<u16>,
    estimate: bool,
) -> UnitCost {
    UnitCost {
        key: key.into(),
        description: description.into(),
        value,
        unit: unit.into(),
        currency: currency.into(),
        source: source.into(),
        year,
        estimate,
    }
}

impl Default for UnitCosts {
    fn default() -> Self {
        Self::defaults()
    }
}

impl UnitCosts {
    /// The default table in USD (middle values of the published or estimated ranges).
    pub fn defaults() -> Self {
        use keys::*;
        let u = "USD";
        let est = format!("order-of-magnitude estimate, 2020s USD ({NOTES})");
        let v = vec![
            item(AIRBORNE_MAG, "fixed-wing magnetics and radiometrics", 10.0, "line-km", u,
                &format!("mid of US$5–15/line-km; {est}"), None, true),
            item(GROUND_MAG, "ground magnetic survey, crew and processing", 45.0, "line-km", u,
                "mid of US$30–60/line-km derived from ≥16 line-km/day at US$500–1 000/day crew (Modern Magnetics, 2013)",
                Some(2013), false),
            item(GRAVITY, "ground gravity station, vehicle-supported", 25.0, "station", u,
                "US$750/day at ~30 stations/day (BCcampus open geophysics textbook)", None, false),
            item(IP, "induced polarisation / resistivity survey, all-in", 3500.0, "line-km", u,
                &format!("mid of US$2 000–5 000/line-km; {est}; crew alone ~US$1 100/field day at ~1 line/day (BCcampus)"),
                None, true),
            item(SOIL, "soil sample, collection, preparation and assay", 65.0, "sample", u,
                &format!("mid of US$40–90/sample all-in; {est}"), None, true),
            item(ROCK_CHIP, "rock-chip sample, collection and assay", 65.0, "sample", u,
                &format!("taken equal to the soil sample all-in cost (mid of US$40–90); {est}"), None, true),
            item(GEOLOGIST_DAY, "geologist day (mapping, supervision, logging, interpretation)", 950.0, "day", u,
                &format!("mid of US$400–1 500/day; {est}"), None, true),
            item(TRENCHING, "trenching, excavation and channel sampling", 60.0, "m", u,
                &format!("mid of US$20–100/m; {est}"), None, true),
            item(RC, "reverse-circulation drilling", 140.0, "m", u,
                &format!("mid of US$80–200/m; {est}; cf. ≈US$90/m all-in for shallow RC (Exeter Resource Corp., La Cabeza, 2005)"),
                None, true),
            item(DIAMOND, "diamond core drilling", 250.0, "m", u,
                "mid of ~US$200–300/m (practitioner blog, 2016)", Some(2016), false),
            item(RIG_MOB, "drill rig mobilisation and demobilisation", 35_000.0, "rig", u,
                &format!("mid of US$10–60 k; {est}"), None, true),
            item(ASSAY, "drill sample preparation and assay (multi-element + Au)", 35.0, "sample", u,
                &format!("{est}; cf. 4-acid digest AUD 7.50/sample + AUD 1.50–6 per element (Genalysis price list)"),
                None, true),
            item(CONTINGENCY, "contingency on direct costs", 12.5, "%", "",
                &format!("mid of 10–15 %; {est}"), None, true),
            item(ADMIN, "administration and overheads on direct costs", 10.0, "%", "",
                &format!("~10 %; {est}"), None, true),
        ];
        UnitCosts {
            currency: u.into(),
            items: v.into_iter().map(|i| (i.key.clone(), i)).collect(),
        }
    }

    /// The default table converted to another currency at `rate` (units of `currency` per USD);
    /// the rate and its source are recorded in every item's source.
    pub fn defaults_in(currency: &str, rate: f64, rate_source: &str) -> Result<Self> {
        if !(rate.is_finite() && rate > 0.0) {
            return Err(Error::invalid(format!("exchange rate {rate} must be > 0")));
        }
        let mut t = Self::defaults();
        if currency == "USD" {
            return Ok(t);
        }
        t.currency = currency.to_string();
        for it in t.items.values_mut() {
            if it.unit != "%" {
                it.value *= rate;
                it.currency = currency.to_string();
                it.source = format!(
                    "{}; converted at {rate} {currency}/USD ({rate_source})",
                    it.source
                );
            }
        }
        Ok(t)
    }

    /// Value of an item (error naming the known items when absent).
    pub fn get(&self, key: &str) -> Result<&UnitCost> {
        self.items.get(key).ok_or_else(|| self.unknown(key))
    }

    /// Value of an item, project currency per unit (or percent).
    pub fn value(&self, key: &str) -> Result<f64> {
        Ok(self.get(key)?.value)
    }

    fn unknown(&self, key: &str) -> Error {
        let known: Vec<&str> = self.items.keys().map(String::as_str).collect();
        Error::invalid(format!(
            "unknown unit-cost item '{key}'; known items: {}",
            known.join(", ")
        ))
    }

    /// Apply overrides of values only, all with the same source.
    pub fn with_values(mut self, values: &BTreeMap<String, f64>, source: &str) -> Result<Self> {
        let o: BTreeMap<String, CostOverride> = values
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    CostOverride {
                        value: *v,
                        source: Some(source.to_string()),
                        year: None,
                    },
                )
            })
            .collect();
        self.apply(&o)?;
        Ok(self)
    }

    /// Apply overrides; an unknown key or an invalid value is an error naming the item.
    pub fn apply(&mut self, overrides: &BTreeMap<String, CostOverride>) -> Result<()> {
        for (k, o) in overrides {
            if !self.items.contains_key(k) {
                return Err(self.unknown(k));
            }
            let it = self.items.get_mut(k).expect("checked above");
            let pct = it.unit == "%";
            if !(o.value.is_finite() && o.value >= 0.0) || (pct && o.value > 100.0) {
                return Err(Error::invalid(format!(
                    "unit cost '{k}' = {} is invalid (must be ≥ 0{})",
                    o.value,
                    if pct { " and ≤ 100 %" } else { "" }
                )));
            }
            it.value = o.value;
            it.source = o.source.clone().unwrap_or_else(|| "project file".into());
            it.year = o.year;
            it.estimate = false;
        }
        Ok(())
    }

    /// Check every value (finite, ≥ 0; percentages ≤ 100).
    pub fn validate(&self) -> Result<()> {
        for (k, it) in &self.items {
            let pct = it.unit == "%";
            if !(it.value.is_finite() && it.value >= 0.0) || (pct && it.value > 100.0) {
                return Err(Error::invalid(format!(
                    "unit cost '{k}' = {} is invalid",
                    it.value
                )));
            }
        }
        Ok(())
    }

    /// A human-readable provenance string of an item: "US$45/line-km (source, year)".
    pub fn provenance(&self, key: &str) -> String {
        match self.items.get(key) {
            Some(it) => {
                let year = it.year.map(|y| format!(", {y}")).unwrap_or_default();
                let est = if it.estimate { " [estimate]" } else { "" };
                format!("{}{year}{est}", it.source)
            }
            None => format!("unknown item {key}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_mid_values_with_sources() {
        let c = UnitCosts::defaults();
        assert_eq!(c.items.len(), 14);
        assert_eq!(c.value(keys::DIAMOND).unwrap(), 250.0);
        assert_eq!(c.value(keys::GRAVITY).unwrap(), 25.0);
        assert!(!c.get(keys::DIAMOND).unwrap().estimate);
        assert!(c.get(keys::SOIL).unwrap().estimate);
        for it in c.items.values() {
            assert!(!it.source.is_empty(), "{} has no source", it.key);
        }
        c.validate().unwrap();
    }

    #[test]
    fn overrides_replace_value_and_source_and_unknown_items_are_named() {
        let mut m = BTreeMap::new();
        m.insert("rc_m".to_string(), 95.0);
        let c = UnitCosts::defaults()
            .with_values(&m, "contractor quote 2025")
            .unwrap();
        let it = c.get("rc_m").unwrap();
        assert_eq!((it.value, it.estimate), (95.0, false));
        assert_eq!(it.source, "contractor quote 2025");
        m.insert("helicopter_hour".to_string(), 1.0);
        let e = UnitCosts::defaults()
            .with_values(&m, "x")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("helicopter_hour") && e.contains("diamond_m"),
            "{e}"
        );
        let mut bad = BTreeMap::new();
        bad.insert("contingency_pct".to_string(), 150.0);
        assert!(UnitCosts::defaults().with_values(&bad, "x").is_err());
    }

    #[test]
    fn conversion_scales_money_not_percentages() {
        let c = UnitCosts::defaults_in("AUD", 1.5, "test rate").unwrap();
        assert_eq!(c.value(keys::DIAMOND).unwrap(), 375.0);
        assert_eq!(c.value(keys::CONTINGENCY).unwrap(), 12.5);
        assert!(c.get(keys::DIAMOND).unwrap().source.contains("1.5 AUD/USD"));
    }
}
