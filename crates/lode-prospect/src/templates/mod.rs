//! Mineral-system templates: documented recipes of evidence layers, fuzzy memberships and fuzzy
//! operators that turn an [`EvidenceSet`] into a knowledge-driven prospectivity map (0–1).
//!
//! A template is a tree. Each leaf reads one evidence layer (named as in
//! [`crate::evidence`]) through a [`Membership`]; each inner node combines its children with an
//! [`Operator`] and carries a label, normally one of the mineral-system components of McCuaig,
//! Beresford & Hronsky (2010, Ore Geology Reviews 38, 128–138): *source*, *pathway*,
//! *trap/deposition* (and *preservation*). Styles of one commodity (e.g. BIF-hosted iron and
//! magnetite skarn) are alternative sub-trees joined by fuzzy OR.
//!
//! Missing evidence: a leaf whose layer is not in the set is skipped and listed in
//! [`FuzzyResult::missing`]. A component left without any evidence is refused with a clear error,
//! unless it is marked `required = false` (an alternative style), in which case it is skipped.
//!
//! Built-in templates ([`builtin`]): `gold` ([`gold`]), `iron` ([`iron`]) and `rare_metals`
//! ([`rare_metals`]). Every template (de)serialises with serde, so a project file can replace any
//! of them ([`from_toml`], [`Template::to_toml`]).

pub mod gold;
pub mod iron;
pub mod rare_metals;

use lode_core::{Error, Grid, Result};
use serde::{Deserialize, Serialize};

use crate::evidence::{EvidenceSet, LayerKind};
use crate::fuzzy::{CategoryScore, Membership, Operator, Threshold};

/// A mineral-system template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Short name, e.g. "orogenic gold".
    pub name: String,
    /// The commodity it targets (`gold`, `iron`, `rare_metals`, …).
    pub commodity: String,
    /// What the template models, in a sentence or two.
    #[serde(default)]
    pub description: String,
    /// The literature it follows.
    #[serde(default)]
    pub references: Vec<String>,
    /// The tree of steps; its result is the prospectivity.
    pub root: Step,
}

/// A step of a template: a leaf reading evidence or a node combining steps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    Evidence(Leaf),
    Combine(Node),
}

/// A leaf: one evidence layer through a membership function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Leaf {
    /// The evidence layer's name (see [`crate::evidence`]).
    pub layer: String,
    /// How its values become memberships.
    pub membership: Membership,
    /// Weight in a parent `index_overlay` (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// Why this evidence, in geological terms.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
}

/// An inner node: an operator over its children.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// The component it represents ("source", "pathway", "trap/deposition", a style, …).
    pub label: String,
    /// How the children are combined.
    pub operator: Operator,
    /// Weight in a parent `index_overlay` (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// When false, the node is skipped (and reported) if none of its evidence is available;
    /// when true (default), missing all of it is an error.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub required: bool,
    /// The combined steps.
    pub children: Vec<Step>,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// The result of evaluating a template.
#[derive(Debug, Clone)]
pub struct FuzzyResult {
    /// Prospectivity, 0–1 (NaN where evidence is missing).
    pub prospectivity: Grid,
    /// Every evaluated inner node below the root, by label (tree order).
    pub components: Vec<(String, Grid)>,
    /// Evidence layers used.
    pub used: Vec<String>,
    /// Evidence layers (and optional components) skipped because they were not in the set.
    pub missing: Vec<String>,
}

enum Eval {
    Value(Vec<f64>),
    Skipped,
    Incomplete(String),
}

struct Ctx<'a> {
    set: &'a EvidenceSet,
    used: Vec<String>,
    missing: Vec<String>,
    components: Vec<(String, Vec<f64>)>,
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

impl Step {
    fn weight(&self) -> Option<f64> {
        match self {
            Step::Evidence(l) => l.weight,
            Step::Combine(n) => n.weight,
        }
    }

    /// The evidence layers the step reads (with repetitions removed, in tree order).
    pub fn layers(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_layers(&mut out);
        out
    }

    fn collect_layers(&self, out: &mut Vec<String>) {
        match self {
            Step::Evidence(l) => push_unique(out, &l.layer),
            Step::Combine(n) => n.children.iter().for_each(|c| c.collect_layers(out)),
        }
    }

    fn validate(&self, parent: Option<&Node>) -> Result<()> {
        if let (Some(w), Some(p)) = (self.weight(), parent) {
            if !p.operator.is_weighted() {
                return Err(Error::invalid(format!(
                    "a weight ({w}) is given under '{}', whose operator '{}' does not use weights \
                     (only index_overlay does)",
                    p.label,
                    p.operator.name()
                )));
            }
            if !(w.is_finite() && w >= 0.0) {
                return Err(Error::invalid(format!(
                    "weight {w} under '{}' must be finite and non-negative",
                    p.label
                )));
            }
        }
        match self {
            Step::Evidence(l) => {
                if l.layer.trim().is_empty() {
                    return Err(Error::invalid("an evidence step has an empty layer name"));
                }
                l.membership
                    .validate()
                    .map_err(|e| Error::invalid(format!("layer '{}': {e}", l.layer)))
            }
            Step::Combine(n) => {
                if n.children.is_empty() {
                    return Err(Error::invalid(format!("'{}' has no steps", n.label)));
                }
                n.operator
                    .validate()
                    .map_err(|e| Error::invalid(format!("'{}': {e}", n.label)))?;
                n.children.iter().try_for_each(|c| c.validate(Some(n)))
            }
        }
    }

    fn eval(&self, ctx: &mut Ctx<'_>, is_root: bool) -> Result<Eval> {
        match self {
            Step::Evidence(l) => {
                let Some(layer) = ctx.set.get(&l.layer) else {
                    push_unique(&mut ctx.missing, &l.layer);
                    return Ok(Eval::Skipped);
                };
                let values = layer.grid.values_f64();
                let mu = match (&layer.kind, l.membership.is_categorical()) {
                    (LayerKind::Categorical { legend }, true) => {
                        l.membership.apply(&values, Some(legend))
                    }
                    (LayerKind::Continuous, true) => l.membership.apply(&values, None),
                    (LayerKind::Categorical { .. }, false) => Err(Error::invalid(
                        "the layer is categorical; give it a categorical membership",
                    )),
                    (LayerKind::Continuous, false) => l.membership.apply(&values, None),
                }
                .map_err(|e| Error::invalid(format!("evidence layer '{}': {e}", l.layer)))?;
                push_unique(&mut ctx.used, &l.layer);
                Ok(Eval::Value(mu))
            }
            Step::Combine(n) => {
                let mut grids = Vec::new();
                let mut weights = Vec::new();
                for c in &n.children {
                    match c.eval(ctx, false)? {
                        Eval::Value(v) => {
                            grids.push(v);
                            weights.push(c.weight().unwrap_or(1.0));
                        }
                        Eval::Skipped => {}
                        Eval::Incomplete(msg) => {
                            if n.required {
                                return Ok(Eval::Incomplete(msg));
                            }
                            push_unique(&mut ctx.missing, &format!("component '{}'", n.label));
                            return Ok(Eval::Skipped);
                        }
                    }
                }
                if grids.is_empty() {
                    if n.required {
                        return Ok(Eval::Incomplete(format!(
                            "component '{}' has no evidence: none of the layers {} is in the \
                             evidence set",
                            n.label,
                            self.layers().join(", ")
                        )));
                    }
                    push_unique(&mut ctx.missing, &format!("component '{}'", n.label));
                    return Ok(Eval::Skipped);
                }
                let refs: Vec<&[f64]> = grids.iter().map(|g| g.as_slice()).collect();
                let out = n
                    .operator
                    .combine(&refs, &weights)
                    .map_err(|e| Error::invalid(format!("'{}': {e}", n.label)))?;
                if !is_root {
                    ctx.components.push((n.label.clone(), out.clone()));
                }
                Ok(Eval::Value(out))
            }
        }
    }
}

impl Template {
    /// Check the template's structure and parameters (not the data).
    pub fn validate(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(Error::invalid("a template needs a name"));
        }
        self.root
            .validate(None)
            .map_err(|e| Error::invalid(format!("template '{}': {e}", self.name)))
    }

    /// Evaluate the template on an evidence set.
    pub fn evaluate(&self, set: &EvidenceSet) -> Result<FuzzyResult> {
        self.validate()?;
        let mut ctx = Ctx {
            set,
            used: Vec::new(),
            missing: Vec::new(),
            components: Vec::new(),
        };
        let values = match self.root.eval(&mut ctx, true)? {
            Eval::Value(v) => v,
            Eval::Incomplete(msg) => {
                return Err(Error::invalid(format!("template '{}': {msg}", self.name)))
            }
            Eval::Skipped => {
                return Err(Error::invalid(format!(
                    "template '{}': none of its evidence layers ({}) is in the evidence set \
                     (available: {})",
                    self.name,
                    self.root.layers().join(", "),
                    set.names().join(", ")
                )))
            }
        };
        let grid = |v: Vec<f64>| -> Result<Grid> {
            Ok(Grid::new_f64(set.geometry, v)?.with_crs(set.crs.clone()))
        };
        let components = std::mem::take(&mut ctx.components)
            .into_iter()
            .map(|(label, v)| Ok((label, grid(v)?)))
            .collect::<Result<Vec<_>>>()?;
        Ok(FuzzyResult {
            prospectivity: grid(values)?,
            components,
            used: ctx.used,
            missing: ctx.missing,
        })
    }

    /// The template as TOML (the format [`from_toml`] reads).
    pub fn to_toml(&self) -> Result<String> {
        toml::to_string(self).map_err(|e| Error::internal(format!("template to TOML: {e}")))
    }
}

/// Read a template from TOML text (e.g. the `[template]` table of a project file).
pub fn from_toml(text: &str) -> Result<Template> {
    let t: Template =
        toml::from_str(text).map_err(|e| Error::invalid(format!("template TOML: {e}")))?;
    t.validate()?;
    Ok(t)
}

/// Names of the built-in templates.
pub const BUILTIN: [&str; 3] = ["gold", "iron", "rare_metals"];

/// The built-in template of a commodity (`gold`, `iron`, `rare_metals`; case-insensitive, `-` or
/// space for `_`).
pub fn builtin(commodity: &str) -> Option<Template> {
    let key = commodity.trim().to_lowercase().replace(['-', ' '], "_");
    match key.as_str() {
        "gold" | "au" | "orogenic_gold" => Some(gold::template()),
        "iron" | "fe" | "iron_ore" => Some(iron::template()),
        "rare_metals" | "rare_metal" | "ree" => Some(rare_metals::template()),
        _ => None,
    }
}

/// The built-in template of a commodity, or an error listing the available ones.
pub fn get(commodity: &str) -> Result<Template> {
    builtin(commodity).ok_or_else(|| {
        Error::invalid(format!(
            "no template for commodity '{commodity}'; available templates: {}",
            BUILTIN.join(", ")
        ))
    })
}

// ----- building blocks shared by the built-in templates -----

pub(crate) fn leaf(layer: &str, membership: Membership, rationale: &str) -> Step {
    Step::Evidence(Leaf {
        layer: layer.into(),
        membership,
        weight: None,
        rationale: rationale.into(),
    })
}

pub(crate) fn node(label: &str, operator: Operator, children: Vec<Step>) -> Step {
    Step::Combine(Node {
        label: label.into(),
        operator,
        weight: None,
        required: true,
        children,
    })
}

/// A node skipped (not an error) when none of its evidence is available.
pub(crate) fn optional(label: &str, operator: Operator, children: Vec<Step>) -> Step {
    Step::Combine(Node {
        label: label.into(),
        operator,
        weight: None,
        required: false,
        children,
    })
}

/// The step with a weight for a parent index overlay.
pub(crate) fn with_weight(mut s: Step, w: f64) -> Step {
    match &mut s {
        Step::Evidence(l) => l.weight = Some(w),
        Step::Combine(n) => n.weight = Some(w),
    }
    s
}

/// Linear membership between two percentiles of the layer (increasing when `lo < hi`).
pub(crate) fn linear_pct(lo: f64, hi: f64) -> Membership {
    Membership::Linear {
        min: Threshold::pct(lo),
        max: Threshold::pct(hi),
    }
}

pub(crate) fn table(rows: &[(&[&str], f64)], default: f64) -> Membership {
    Membership::Categorical {
        classes: rows
            .iter()
            .map(|(names, score)| CategoryScore::names(names, *score))
            .collect(),
        default,
    }
}

/// Keyword lists for lithology legends (matched as whole words, case-insensitive).
pub mod keywords {
    pub const BIF: &[&str] = &[
        "banded iron formation",
        "bif",
        "iron formation",
        "ironstone",
        "jaspilite",
        "itabirite",
        "taconite",
    ];
    pub const ULTRAMAFIC: &[&str] = &[
        "ultramafic",
        "komatiite",
        "peridotite",
        "serpentinite",
        "dunite",
        "pyroxenite",
    ];
    pub const MAFIC: &[&str] = &[
        "mafic",
        "basalt",
        "metabasalt",
        "dolerite",
        "diabase",
        "gabbro",
        "amphibolite",
        "greenstone",
        "tholeiite",
    ];
    pub const FELSIC_VOLCANIC: &[&str] = &[
        "felsic volcanics",
        "felsic volcanic",
        "rhyolite",
        "dacite",
        "andesite",
        "volcaniclastic",
        "intermediate volcanics",
    ];
    pub const SEDIMENT: &[&str] = &[
        "metasediment",
        "metasedimentary",
        "sediment",
        "sedimentary",
        "shale",
        "schist",
        "greywacke",
        "sandstone",
        "siltstone",
        "slate",
        "phyllite",
        "chert",
    ];
    pub const CARBONATE: &[&str] = &[
        "limestone",
        "marble",
        "dolomite",
        "dolostone",
        "carbonate",
        "calc silicate",
        "skarn",
    ];
    pub const GNEISS: &[&str] = &["gneiss", "migmatite", "orthogneiss", "basement"];
    pub const GRANITE: &[&str] = &[
        "granite",
        "granitoid",
        "granodiorite",
        "tonalite",
        "monzogranite",
        "adamellite",
        "leucogranite",
        "pegmatite",
    ];
    pub const ALKALINE: &[&str] = &[
        "syenite",
        "alkaline",
        "nepheline",
        "ijolite",
        "foidolite",
        "phonolite",
        "trachyte",
        "fenite",
        "lamprophyre",
    ];
    pub const CARBONATITE: &[&str] = &[
        "carbonatite",
        "sovite",
        "beforsite",
        "rauhaugite",
        "alvikite",
    ];
}
