//! The project file (TOML): one per exploration project. It names the analysis grid, the partner's
//! input layers, the commodities and their models, the budget, unit-cost overrides and the
//! constraints. Unknown keys are refused; every error names the file and the line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lode_core::{Crs, Error, Result};
use serde::{Deserialize, Serialize};

/// A whole project file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub project: ProjectInfo,
    #[serde(default, rename = "input")]
    pub inputs: Vec<Input>,
    #[serde(default, rename = "commodity")]
    pub commodities: Vec<CommoditySpec>,
    #[serde(default)]
    pub targets: TargetSpec,
    pub budget: Budget,
    /// Unit-cost overrides by item name (see `lode_plan` cost items), in the budget currency.
    #[serde(default)]
    pub costs: BTreeMap<String, f64>,
    #[serde(default)]
    pub constraints: Constraints,
    /// Directory of the project file; input paths are relative to it.
    #[serde(skip)]
    pub base: PathBuf,
    /// Path of the project file itself.
    #[serde(skip)]
    pub file: PathBuf,
}

/// `[project]`: name and analysis grid.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectInfo {
    pub name: String,
    /// Analysis CRS, e.g. "EPSG:32750"; must be projected (metres).
    pub crs: String,
    /// Analysis cell size, metres.
    pub cell_size: f64,
    /// Analysis extent [xmin, ymin, xmax, ymax] in the analysis CRS; default: the union of the
    /// gridded inputs.
    #[serde(default)]
    pub extent: Option<[f64; 4]>,
    /// Seed of every random choice (background sampling, cross-validation folds).
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Survey date for the geomagnetic field (YYYY-MM-DD) when no magnetic input gives one.
    #[serde(default)]
    pub date: Option<String>,
}

fn default_seed() -> u64 {
    2026
}

/// What an input layer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// Gridded total-field magnetic intensity or anomaly, nT.
    MagneticTmi,
    /// Magnetic line data (CSV/XYZ/GDF) to be levelled and gridded.
    MagneticLines,
    /// Gridded Bouguer anomaly, mGal.
    Gravity,
    /// Potassium, %.
    K,
    /// Equivalent thorium, ppm.
    Th,
    /// Equivalent uranium, ppm.
    U,
    /// Elevation, m.
    Dem,
    /// Geological map: polygons with a lithology attribute.
    Geology,
    /// Faults and shear zones: lines.
    Faults,
    /// Known mineral occurrences: points with a commodity attribute.
    Occurrences,
    /// Geochemical samples: points with element columns.
    Geochemistry,
}

/// `[[input]]`: one delivered file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    pub path: PathBuf,
    pub kind: InputKind,
    /// CRS when the file carries none (e.g. "EPSG:28350").
    #[serde(default)]
    pub crs: Option<String>,
    /// Survey date YYYY-MM-DD (magnetics: selects the IGRF field).
    #[serde(default)]
    pub survey_date: Option<String>,
    /// Sensor height above ground, m.
    #[serde(default)]
    pub height_m: Option<f64>,
    /// Attribute holding the lithology (geology) or the commodity (occurrences).
    #[serde(default)]
    pub attribute: Option<String>,
    /// Value column of line data.
    #[serde(default)]
    pub column: Option<String>,
    /// Geochemistry: the element columns to use (default: every numeric column but coordinates
    /// and identifiers).
    #[serde(default)]
    pub elements: Option<Vec<String>>,
    /// Geochemistry: inverse-distance search radius, m (default 3 × the median sample spacing).
    #[serde(default)]
    pub search_radius_m: Option<f64>,
}

/// How a commodity's prospectivity is modelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelChoice {
    /// The commodity's mineral-system fuzzy template.
    Template,
    /// Weights of evidence.
    Wofe,
    /// Logistic regression.
    Logistic,
    /// Random forest.
    RandomForest,
    /// Gradient boosting.
    GradientBoosting,
    /// Data-driven (random forest) when enough training deposits exist, else the template.
    Auto,
}

/// `[[commodity]]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommoditySpec {
    /// `gold`, `iron` or `rare_metals`.
    pub name: String,
    #[serde(default = "default_model")]
    pub model: ModelChoice,
    /// Fewest training deposits for a data-driven model under `auto`.
    #[serde(default = "default_min_training")]
    pub min_training: usize,
    /// Values of the occurrences' commodity attribute that count as this commodity (default: the
    /// name).
    #[serde(default)]
    pub occurrence_values: Vec<String>,
    /// Value of a discovery, in the budget currency (expected-value proxy).
    #[serde(default)]
    pub value: Option<f64>,
    /// Evidence layers for data-driven models (default: all available).
    #[serde(default)]
    pub evidence: Vec<String>,
    /// A mineral-system template (TOML, as `lode template NAME` prints) replacing the built-in
    /// one, path relative to the project file.
    #[serde(default)]
    pub template_file: Option<PathBuf>,
}

fn default_model() -> ModelChoice {
    ModelChoice::Auto
}

fn default_min_training() -> usize {
    20
}

/// `[targets]`: how targets are delineated.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSpec {
    /// Share of the study area taken as target ground per commodity (0–1).
    #[serde(default = "default_area_share")]
    pub area_share: f64,
    /// Smallest target, km².
    #[serde(default = "default_min_area")]
    pub min_area_km2: f64,
    /// Components closer than this are merged, m.
    #[serde(default = "default_merge")]
    pub merge_distance_m: f64,
    /// Larger components are split at higher prospectivity until each fits, km².
    #[serde(default = "default_max_area")]
    pub max_area_km2: f64,
}

fn default_area_share() -> f64 {
    0.05
}
fn default_min_area() -> f64 {
    0.25
}
fn default_merge() -> f64 {
    300.0
}
fn default_max_area() -> f64 {
    5.0
}

impl Default for TargetSpec {
    fn default() -> Self {
        TargetSpec {
            area_share: default_area_share(),
            min_area_km2: default_min_area(),
            merge_distance_m: default_merge(),
            max_area_km2: default_max_area(),
        }
    }
}

/// `[budget]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    pub total: f64,
    #[serde(default = "default_currency")]
    pub currency: String,
    /// Units of `currency` per US dollar, to convert the default unit costs (USD).
    #[serde(default)]
    pub usd_rate: Option<f64>,
}

fn default_currency() -> String {
    "USD".into()
}

/// `[constraints]`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constraints {
    /// Polygon files of ground that must not be worked (parks, tenure of others).
    #[serde(default)]
    pub excluded: Vec<PathBuf>,
    /// Highest phase planned (1–3).
    #[serde(default)]
    pub max_phase: Option<u8>,
    /// Longest programme, months.
    #[serde(default)]
    pub duration_months: Option<f64>,
    /// Drill rigs working at once.
    #[serde(default)]
    pub rigs: Option<usize>,
}

/// The commodities lode has templates for.
pub const COMMODITIES: [&str; 3] = ["gold", "iron", "rare_metals"];

impl Project {
    /// Reads and checks a project file.
    pub fn load(path: &Path) -> Result<Project> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::read_io(path, e))?;
        let mut p = Project::parse(&text, path)?;
        p.base = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        p.file = path.to_path_buf();
        p.check()?;
        Ok(p)
    }

    /// Parses project-file text; errors carry the file and line.
    pub fn parse(text: &str, path: &Path) -> Result<Project> {
        toml::from_str::<Project>(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            let msg = e.message().replace('\n', " ");
            match line {
                Some(l) => Error::input(path, format!("line {l}: {msg}")),
                None => Error::input(path, msg),
            }
        })
    }

    /// The line of the first occurrence of `needle` in the file, for messages about values.
    fn line_of(&self, needle: &str) -> String {
        std::fs::read_to_string(&self.file)
            .ok()
            .and_then(|t| {
                t.lines()
                    .position(|l| l.contains(needle))
                    .map(|i| format!("line {}: ", i + 1))
            })
            .unwrap_or_default()
    }

    fn bad(&self, needle: &str, msg: impl std::fmt::Display) -> Error {
        Error::input(&self.file, format!("{}{msg}", self.line_of(needle)))
    }

    /// Semantic checks after parsing: CRS, sizes, files, commodities, budget.
    pub fn check(&self) -> Result<()> {
        let crs = self.crs()?;
        if crs.is_geographic() {
            return Err(self.bad(
                "crs",
                format!(
                    "analysis CRS {} is geographic; lode needs a projected CRS in metres",
                    self.project.crs
                ),
            ));
        }
        if !(self.project.cell_size.is_finite() && self.project.cell_size > 0.0) {
            return Err(self.bad("cell_size", "cell_size must be a positive number of metres"));
        }
        if let Some(e) = self.project.extent {
            if !(e[2] > e[0] && e[3] > e[1]) {
                return Err(self.bad("extent", "extent must be [xmin, ymin, xmax, ymax]"));
            }
        }
        if self.inputs.is_empty() {
            return Err(Error::input(&self.file, "no [[input]] layers"));
        }
        for i in &self.inputs {
            let p = self.resolve(&i.path);
            if !p.is_file() {
                return Err(self.bad(
                    &i.path.display().to_string(),
                    format!("input file {} does not exist", p.display()),
                ));
            }
            if let Some(c) = &i.crs {
                Crs::parse(c).map_err(|e| self.bad(c, e))?;
            }
            if let Some(r) = i.search_radius_m {
                if !(r.is_finite() && r > 0.0) {
                    return Err(self.bad(
                        "search_radius_m",
                        "search_radius_m must be a positive number of metres",
                    ));
                }
            }
            if (i.elements.is_some() || i.search_radius_m.is_some())
                && i.kind != InputKind::Geochemistry
            {
                return Err(self.bad(
                    &i.path.display().to_string(),
                    "elements and search_radius_m apply to kind = \"geochemistry\" only",
                ));
            }
        }
        for f in &self.constraints.excluded {
            let p = self.resolve(f);
            if !p.is_file() {
                return Err(self.bad(
                    &f.display().to_string(),
                    format!("excluded-area file {} does not exist", p.display()),
                ));
            }
        }
        if self.commodities.is_empty() {
            return Err(Error::input(&self.file, "no [[commodity]] sections"));
        }
        for c in &self.commodities {
            if let Some(t) = &c.template_file {
                let path = self.resolve(t);
                if !path.is_file() {
                    return Err(self.bad(
                        &t.display().to_string(),
                        format!("template file {} does not exist", path.display()),
                    ));
                }
            }
            if !COMMODITIES.contains(&c.name.as_str()) {
                return Err(self.bad(
                    &c.name,
                    format!(
                        "commodity '{}' has no template (available: {})",
                        c.name,
                        COMMODITIES.join(", ")
                    ),
                ));
            }
        }
        if !(self.budget.total.is_finite() && self.budget.total > 0.0) {
            return Err(self.bad("total", "budget total must be a positive amount"));
        }
        if !(self.targets.area_share > 0.0 && self.targets.area_share < 1.0) {
            return Err(self.bad("area_share", "area_share must lie between 0 and 1"));
        }
        Ok(())
    }

    /// The analysis CRS.
    pub fn crs(&self) -> Result<Crs> {
        Crs::parse(&self.project.crs).map_err(|e| self.bad("crs", e))
    }

    /// How a resolved input path is shown in outputs: relative to the project directory, so
    /// outputs do not depend on where the project lives.
    pub fn shown(&self, p: &Path) -> String {
        p.strip_prefix(&self.base)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// A path relative to the project file's directory.
    pub fn resolve(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.base.join(p)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
[project]
name = "t"
crs = "EPSG:32750"
cell_size = 100

[[input]]
path = "a.tif"
kind = "magnetic_tmi"

[[commodity]]
name = "gold"

[budget]
total = 1000000
"#;

    #[test]
    fn parses_minimal_project() {
        let p = Project::parse(MINIMAL, Path::new("p.toml")).unwrap();
        assert_eq!(p.project.seed, 2026);
        assert_eq!(p.commodities[0].model, ModelChoice::Auto);
        assert_eq!(p.inputs[0].kind, InputKind::MagneticTmi);
        assert_eq!(p.budget.currency, "USD");
    }

    #[test]
    fn unknown_key_names_the_line() {
        let text = MINIMAL.replace("cell_size = 100", "cell_size = 100\ncolour = 3");
        let e = Project::parse(&text, Path::new("p.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("p.toml"), "{e}");
        assert!(e.contains("line 6"), "{e}");
        assert!(e.contains("colour"), "{e}");
    }

    #[test]
    fn unknown_kind_is_refused() {
        let text = MINIMAL.replace("magnetic_tmi", "seismic_cube");
        let e = Project::parse(&text, Path::new("p.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 9"), "{e}");
    }
}
