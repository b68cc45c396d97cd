//! The synthetic district as a project: the project file `lode demo` writes next to the
//! delivery, the withheld deposits used for validation, and the demo's scores against the truth.

use std::collections::BTreeMap;

use geo::Contains;
use lode_synth::district::{District, EPSG, SURVEY_DATE};

use crate::pipeline::run::Outcome;

/// Budget of the demo programme, USD.
pub const DEMO_BUDGET_USD: f64 = 3_000_000.0;

/// The demo's project file (paths relative to the demo directory).
pub fn project_toml(d: &District) -> String {
    format!(
        r#"# lode project file for the synthetic district (written by `lode demo`).
[project]
name = "Synthetic greenstone district, seed {seed}"
crs = "EPSG:{EPSG}"
cell_size = 100
seed = {seed}

[[input]]
path = "delivery/mag_tmi.tif"
kind = "magnetic_tmi"
survey_date = "{SURVEY_DATE}"

[[input]]
path = "delivery/gravity_bouguer.tif"
kind = "gravity"

[[input]]
path = "delivery/radiometrics_k.tif"
kind = "k"

[[input]]
path = "delivery/radiometrics_th.tif"
kind = "th"

[[input]]
path = "delivery/radiometrics_u.tif"
kind = "u"

[[input]]
path = "delivery/dem.tif"
kind = "dem"

[[input]]
path = "delivery/geology.gpkg"
kind = "geology"
attribute = "lithology"

[[input]]
path = "delivery/faults.geojson"
kind = "faults"

[[input]]
path = "delivery/occurrences.geojson"
kind = "occurrences"
attribute = "commodity"

[[input]]
path = "delivery/soil_geochemistry.csv"
kind = "geochemistry"

# Gold has enough known occurrences for a data-driven model; iron and rare metals use their
# mineral-system templates.
[[commodity]]
name = "gold"
model = "auto"
min_training = 10

[[commodity]]
name = "iron"
model = "template"

[[commodity]]
name = "rare_metals"
model = "template"

[targets]
area_share = 0.04
min_area_km2 = 0.5
merge_distance_m = 300

[budget]
total = {budget}
currency = "USD"

[constraints]
max_phase = 3
duration_months = 24
rigs = 2
"#,
        seed = d.seed,
        budget = DEMO_BUDGET_USD as u64,
    )
}

/// The deposits withheld from the partner's occurrence map, by commodity.
pub fn withheld(d: &District) -> BTreeMap<String, Vec<(f64, f64)>> {
    let mut m: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
    for dep in d.deposits.iter().filter(|x| !x.known) {
        m.entry(dep.commodity.name().to_string())
            .or_default()
            .push((dep.x, dep.y));
    }
    m
}

/// The demo's scores: `withheld_capture` = share of the withheld deposits inside funded targets
/// of their commodity; `budget_on_real_deposits` = share of the committed budget spent on targets
/// holding at least one real deposit (known or withheld) of their commodity.
pub fn scores(d: &District, o: &Outcome) -> Option<serde_json::Value> {
    let plan = o.plan.as_ref()?;
    let funded: BTreeMap<&str, usize> = plan
        .selection
        .choices
        .iter()
        .filter(|c| c.phases > 0)
        .map(|c| (c.target_id.as_str(), c.phases))
        .collect();
    let inside = |t: &lode_plan::targets::Target, x: f64, y: f64| {
        t.polygon.contains(&geo_types::Point::new(x, y))
    };
    let withheld: Vec<_> = d.deposits.iter().filter(|x| !x.known).collect();
    let captured = withheld
        .iter()
        .filter(|dep| {
            plan.targets.iter().any(|t| {
                funded.contains_key(t.id.as_str())
                    && t.commodity == dep.commodity.name()
                    && inside(t, dep.x, dep.y)
            })
        })
        .count();
    let cost_of = |id: &str| -> f64 {
        plan.selection
            .choice(id)
            .map_or(0.0, |c| c.funded.iter().map(|f| f.cost).sum())
    };
    let (mut spent, mut on_real) = (0.0, 0.0);
    let mut real_targets = Vec::new();
    for t in &plan.targets {
        if !funded.contains_key(t.id.as_str()) {
            continue;
        }
        let c = cost_of(&t.id);
        spent += c;
        let real = d
            .deposits
            .iter()
            .any(|dep| dep.commodity.name() == t.commodity && inside(t, dep.x, dep.y));
        if real {
            on_real += c;
            real_targets.push(t.id.clone());
        }
    }
    let share = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    Some(serde_json::json!({
        "withheld_deposits": withheld.len(),
        "withheld_captured": captured,
        "withheld_capture": share(captured as f64, withheld.len() as f64),
        "funded_targets": funded.len(),
        "funded_targets_with_real_deposit": real_targets,
        "budget_committed": spent,
        "budget_on_real_deposits": share(on_real, spent),
    }))
}
