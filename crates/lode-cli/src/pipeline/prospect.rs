//! Prospectivity per commodity: the model the project asks for (mineral-system fuzzy template,
//! weights of evidence, or machine learning), its validation against the training deposits and,
//! when known, the withheld ones, and the files a geologist checks: the map, the weights or the
//! model card, the validation curves and capture table.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use lode_core::{Error, Grid, Result};
use lode_prospect::evidence::classify::{classify, Method};
use lode_prospect::evidence::{EvidenceSet, LayerKind};
use lode_prospect::ml::{self, DatasetOptions, ModelCard, ModelKind, ModelParams};
use lode_prospect::templates;
use lode_prospect::validation::{validate, ValidationReport, DEFAULT_TOPS};
use lode_prospect::wofe::{self, Generalize, Layer, LayerType, WeightRow};
use serde::Serialize;

use crate::pipeline::evidence::Intake;
use crate::project::{CommoditySpec, ModelChoice, Project};

/// One commodity's model and what it produced.
pub struct CommodityModel {
    pub commodity: String,
    /// What was run, e.g. "fuzzy template 'orogenic gold'" or "random forest".
    pub method: String,
    /// Prospectivity 0–1 (posterior probability for weights of evidence).
    pub prospectivity: Grid,
    /// Its uncertainty (posterior standard deviation), when the model gives one.
    pub uncertainty: Option<Grid>,
    /// Validation against the training and withheld deposits.
    pub validation: ValidationReport,
    /// Evidence that drives the model: (layer, weight/importance/membership share).
    pub drivers: Vec<(String, f64)>,
    /// Grids whose mean inside a target explains it (layer or fuzzy component, grid).
    pub explain: Vec<(String, Grid)>,
    /// Training deposits (x, y) of the commodity.
    pub training: Vec<(f64, f64)>,
    /// Tables for the report: (title, header, rows).
    pub tables: Vec<(String, Vec<String>, Vec<Vec<String>>)>,
}

fn deposits_of(spec: &CommoditySpec, intake: &Intake) -> Vec<(f64, f64)> {
    let names: Vec<String> = if spec.occurrence_values.is_empty() {
        vec![
            spec.name.to_lowercase(),
            spec.name.replace('_', " ").to_lowercase(),
        ]
    } else {
        spec.occurrence_values
            .iter()
            .map(|s| s.to_lowercase())
            .collect()
    };
    intake
        .occurrences
        .iter()
        .filter(|o| names.contains(&o.commodity))
        .map(|o| (o.x, o.y))
        .collect()
}

/// Evidence layers for a data-driven model: the project's list, else the template's layers that
/// exist plus every geochemical layer (`geochem_*`), else every layer.
fn data_layers(spec: &CommoditySpec, set: &EvidenceSet) -> Result<Vec<String>> {
    if !spec.evidence.is_empty() {
        for l in &spec.evidence {
            if set.get(l).is_none() {
                return Err(Error::invalid(format!(
                    "commodity '{}': evidence layer '{l}' is not available (available: {})",
                    spec.name,
                    set.names().join(", ")
                )));
            }
        }
        return Ok(spec.evidence.clone());
    }
    let mut layers: Vec<String> = templates::builtin(&spec.name)
        .map(|t| t.root.layers())
        .unwrap_or_default()
        .into_iter()
        .filter(|l| set.get(l).is_some())
        .collect();
    // geochemical element scores are direct evidence for every commodity; the data decide
    layers.extend(
        set.names()
            .into_iter()
            .filter(|l| l.starts_with("geochem_")),
    );
    layers.sort();
    layers.dedup();
    if layers.is_empty() {
        layers = set.names();
    }
    Ok(layers)
}

fn weights_rows(rows: &[WeightRow], cell_km2: f64) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            vec![
                r.class.to_string(),
                format!("{:.4}", r.cells * cell_km2),
                format!("{}", r.points),
                format!("{:.4}", r.w.w_plus),
                format!("{:.4}", r.w.s_w_plus),
                format!("{:.4}", r.w.w_minus),
                format!("{:.4}", r.w.s_w_minus),
                format!("{:.4}", r.w.contrast),
                format!("{:.4}", r.w.s_contrast),
                format!("{:.4}", r.w.studentized),
            ]
        })
        .collect()
}

const WEIGHT_HEADER: [&str; 10] = [
    "class",
    "area_km2",
    "points",
    "w_plus",
    "s_w_plus",
    "w_minus",
    "s_w_minus",
    "contrast",
    "s_contrast",
    "studentized_contrast",
];

/// Cells (row-major) of the deposit points inside the study area.
fn deposit_cells(set: &EvidenceSet, deps: &[(f64, f64)], study: &[bool]) -> Vec<usize> {
    deps.iter()
        .filter_map(|&(x, y)| set.geometry.cell_of(x, y))
        .map(|(c, r)| r * set.geometry.cols + c)
        .filter(|&i| study[i])
        .collect()
}

struct Fitted {
    method: String,
    prospectivity: Grid,
    uncertainty: Option<Grid>,
    drivers: Vec<(String, f64)>,
    explain: Vec<(String, Grid)>,
    tables: Vec<(String, Vec<String>, Vec<Vec<String>>)>,
    card: serde_json::Value,
}

fn fit_template(p: &Project, spec: &CommoditySpec, set: &EvidenceSet) -> Result<Fitted> {
    let t = match &spec.template_file {
        Some(f) => {
            let path = p.resolve(f);
            let text = std::fs::read_to_string(&path).map_err(|e| Error::read_io(&path, e))?;
            templates::from_toml(&text).map_err(|e| match e {
                Error::Invalid(m) => Error::input(&path, m),
                e => e,
            })?
        }
        None => templates::get(&spec.name)?,
    };
    let r = t.evaluate(set)?;
    let n = r.used.len().max(1) as f64;
    let drivers = r.used.iter().map(|l| (l.clone(), 1.0 / n)).collect();
    let mut explain: Vec<(String, Grid)> = r.components.clone();
    for l in &r.used {
        if let Some(e) = set.get(l) {
            if matches!(e.kind, LayerKind::Continuous) {
                explain.push((l.clone(), e.grid.clone()));
            }
        }
    }
    let card = serde_json::json!({
        "model": "fuzzy_template",
        "template": t.name,
        "description": t.description,
        "references": t.references,
        "evidence_used": r.used,
        "evidence_missing": r.missing,
        "template_toml": t.to_toml()?,
    });
    Ok(Fitted {
        method: format!("fuzzy mineral-system template '{}'", t.name),
        prospectivity: r.prospectivity,
        uncertainty: None,
        drivers,
        explain,
        tables: vec![],
        card,
    })
}

fn fit_wofe(spec: &CommoditySpec, set: &EvidenceSet, deps: &[(f64, f64)]) -> Result<Fitted> {
    let layers = data_layers(spec, set)?;
    let n = set.geometry.len();
    let study: Vec<bool> = (0..n)
        .map(|i| {
            layers
                .iter()
                .any(|l| set.get(l).is_some_and(|e| e.grid.values.get(i).is_finite()))
        })
        .collect();
    let cells = deposit_cells(set, deps, &study);
    if cells.len() < 2 {
        return Err(Error::invalid(format!(
            "commodity '{}': weights of evidence needs at least two deposits inside the study area, {} found",
            spec.name,
            cells.len()
        )));
    }
    let cell_km2 = set.geometry.dx * set.geometry.dy / 1e6;
    let mut classes: Vec<(String, Vec<f64>, LayerType)> = Vec::new();
    for l in &layers {
        let e = set.get(l).expect("checked");
        match &e.kind {
            LayerKind::Categorical { .. } => classes.push((
                l.clone(),
                e.grid.values_f64().into_owned(),
                LayerType::Categorical(1.0),
            )),
            LayerKind::Continuous => {
                let Ok((c, _)) = classify(&e.grid, &Method::Quantile, 10) else {
                    continue;
                };
                let c = c.values_f64().into_owned();
                // Direction: the one whose generalised pattern has the larger studentised contrast.
                let mut best: Option<(f64, LayerType)> = None;
                for t in [
                    LayerType::Ascending(Generalize::MaxStudentized),
                    LayerType::Descending(Generalize::MaxStudentized),
                ] {
                    if let Ok(m) = wofe::fit(
                        &[Layer {
                            classes: &c,
                            kind: t,
                        }],
                        &study,
                        &cells,
                        cell_km2,
                        None,
                    ) {
                        let s = m.layers[0]
                            .table
                            .iter()
                            .map(|r| r.w.studentized)
                            .filter(|s| s.is_finite())
                            .fold(f64::NEG_INFINITY, f64::max);
                        if best.as_ref().is_none_or(|b| s > b.0) {
                            best = Some((s, t));
                        }
                    }
                }
                if let Some((_, t)) = best {
                    classes.push((l.clone(), c, t));
                }
            }
        }
    }
    if classes.is_empty() {
        return Err(Error::invalid(format!(
            "commodity '{}': no evidence layer could be classified for weights of evidence",
            spec.name
        )));
    }
    let wl: Vec<Layer> = classes
        .iter()
        .map(|(_, c, t)| Layer {
            classes: c,
            kind: *t,
        })
        .collect();
    let m = wofe::fit(&wl, &study, &cells, cell_km2, None)?;
    let grid = |v: Vec<f64>| -> Result<Grid> {
        Ok(Grid::new_f64(set.geometry, v)?.with_crs(set.crs.clone()))
    };
    let mut tables = Vec::new();
    let mut drivers = Vec::new();
    let mut explain = Vec::new();
    for ((name, _, t), lr) in classes.iter().zip(&m.layers) {
        let c = lr
            .table
            .iter()
            .map(|r| r.w.contrast)
            .filter(|v| v.is_finite())
            .fold(0.0f64, |a, b| a.max(b.abs()));
        drivers.push((name.clone(), c));
        tables.push((
            format!("Weights of evidence: {name} ({})", type_label(t)),
            WEIGHT_HEADER.iter().map(|s| s.to_string()).collect(),
            weights_rows(&lr.table, cell_km2),
        ));
        if let Some(e) = set.get(name) {
            if matches!(e.kind, LayerKind::Continuous) {
                explain.push((name.clone(), e.grid.clone()));
            }
        }
    }
    drivers.sort_by(|a, b| b.1.total_cmp(&a.1));
    let card = serde_json::json!({
        "model": "weights_of_evidence",
        "reference": "Bonham-Carter (1994), ch. 9; ArcSDM conventions",
        "unit_cell_km2": cell_km2,
        "classification": "10 quantile classes per continuous layer; cumulative direction with the larger studentised contrast; generalised at the maximum studentised contrast",
        "layers": classes.iter().map(|(n, _, t)| serde_json::json!({"layer": n, "type": type_label(t)})).collect::<Vec<_>>(),
        "prior": m.prior,
        "n_deposits": m.n_deposits,
        "study_area_km2": m.study_cells * cell_km2,
        "conditional_independence": {"t": m.ci.t, "n_over_t": m.ci.n_over_t, "probability": m.ci.probability},
        "auc": m.auc,
    });
    Ok(Fitted {
        method: "weights of evidence".into(),
        prospectivity: grid(m.posterior)?,
        uncertainty: Some(grid(m.posterior_std)?),
        drivers,
        explain,
        tables,
        card,
    })
}

fn type_label(t: &LayerType) -> &'static str {
    match t {
        LayerType::Unique => "unique",
        LayerType::Ascending(_) => "ascending",
        LayerType::Descending(_) => "descending",
        LayerType::Categorical(_) => "categorical",
    }
}

fn fit_ml(
    kind: ModelKind,
    spec: &CommoditySpec,
    set: &EvidenceSet,
    deps: &[(f64, f64)],
    seed: u64,
) -> Result<Fitted> {
    let layers = data_layers(spec, set)?;
    let opts = DatasetOptions {
        n_background: 5000.min(set.geometry.len() / 4).max(100),
        buffer_m: 2.0 * set.geometry.dx,
        seed,
        ..Default::default()
    };
    let (ds, report) = ml::Dataset::from_evidence(set, &layers, deps, &opts)?;
    let params = ModelParams::default();
    let model = ml::train(kind, &ds, &params, seed)?;
    let prob = ml::predict_grid(&model, set)?;
    let mut card = ModelCard::new(&model, &ds);
    card.deposits = Some(report);
    let block = (set.geometry.dx * set.geometry.cols as f64 / 8.0).max(2000.0);
    let k = ds.n_pos().clamp(2, 5);
    card.spatial_cv = ml::cv::spatial_block_cv(kind, &ds, &params, block, k, seed).ok();
    card.random_cv = ml::cv::random_kfold_cv(kind, &ds, &params, k, seed).ok();
    if let Ok(folds) = ml::cv::spatial_folds(&ds, block, k, seed) {
        card.permutation_importance =
            ml::importance::permutation(kind, &ds, &params, &folds, k, 3, seed).unwrap_or_default();
    }
    let mut drivers = if card.permutation_importance.is_empty() {
        card.impurity_importance.clone()
    } else {
        card.permutation_importance.clone()
    };
    drivers.sort_by(|a, b| b.1.total_cmp(&a.1));
    let explain = layers
        .iter()
        .filter_map(|l| {
            let e = set.get(l)?;
            matches!(e.kind, LayerKind::Continuous).then(|| (l.clone(), e.grid.clone()))
        })
        .collect();
    let tables = vec![(
        format!("Feature importance ({})", kind.name().replace('_', " ")),
        vec!["feature".into(), "importance".into()],
        drivers
            .iter()
            .map(|(f, v)| vec![f.clone(), format!("{v:.4}")])
            .collect(),
    )];
    let card = serde_json::to_value(&card).map_err(|e| Error::internal(e.to_string()))?;
    Ok(Fitted {
        method: kind.name().replace('_', " "),
        prospectivity: prob,
        uncertainty: None,
        drivers,
        explain,
        tables,
        card,
    })
}

#[derive(Serialize)]
struct Card<'a> {
    commodity: &'a str,
    method: &'a str,
    inputs: Vec<String>,
    training_deposits: usize,
    withheld_deposits: usize,
    validation: &'a ValidationReport,
    model: &'a serde_json::Value,
}

/// Model every commodity of the project; writes into `out` (prospectivity_<c>.tif, model card,
/// weights and validation tables). `withheld` maps a commodity to deposits kept out of training
/// (the demo's truth), for the prediction-rate curve.
pub fn run(
    p: &Project,
    intake: &Intake,
    withheld: &BTreeMap<String, Vec<(f64, f64)>>,
    out: &Path,
) -> Result<Vec<CommodityModel>> {
    let set = &intake.evidence;
    let mut results = Vec::new();
    for spec in &p.commodities {
        let deps = deposits_of(spec, intake);
        let choice = match spec.model {
            ModelChoice::Auto if deps.len() >= spec.min_training => ModelChoice::RandomForest,
            ModelChoice::Auto => ModelChoice::Template,
            m => m,
        };
        let f = match choice {
            ModelChoice::Template | ModelChoice::Auto => fit_template(p, spec, set),
            ModelChoice::Wofe => fit_wofe(spec, set, &deps),
            ModelChoice::Logistic => fit_ml(ModelKind::Logistic, spec, set, &deps, p.project.seed),
            ModelChoice::RandomForest => {
                fit_ml(ModelKind::RandomForest, spec, set, &deps, p.project.seed)
            }
            ModelChoice::GradientBoosting => fit_ml(
                ModelKind::GradientBoosting,
                spec,
                set,
                &deps,
                p.project.seed,
            ),
        }
        .map_err(|e| match e {
            Error::Invalid(m) => Error::input(&p.file, format!("commodity '{}': {m}", spec.name)),
            e => e,
        })?;
        let held = withheld.get(&spec.name).cloned().unwrap_or_default();
        let validation = validate(&f.prospectivity, None, &deps, &held, &DEFAULT_TOPS)?;
        let tif = out.join(format!("prospectivity_{}.tif", spec.name));
        let mut pg = f.prospectivity.clone();
        pg.to_f32_storage();
        pg.field = Some(format!("prospectivity_{}", spec.name));
        lode_io::write_grid(&tif, &pg, None)?;
        if let Some(u) = &f.uncertainty {
            let path = out.join(format!("prospectivity_{}_std.tif", spec.name));
            let mut ug = u.clone();
            ug.to_f32_storage();
            lode_io::write_grid(&path, &ug, None)?;
        }
        let vdir = out.join("validation");
        std::fs::create_dir_all(&vdir).map_err(|e| Error::write_io(&vdir, e))?;
        validation.write(&vdir, &spec.name)?;
        lode_core::atomic::write_bytes(
            &vdir.join(format!("{}_curves.png", spec.name)),
            &crate::pipeline::report::curves_png(&spec.name, &validation)?,
        )?;
        for (i, (_, header, rows)) in f.tables.iter().enumerate() {
            let mut csv = header.join(",");
            csv.push('\n');
            for r in rows {
                let _ = writeln!(csv, "{}", r.join(","));
            }
            let path = out
                .join("models")
                .join(format!("{}_table{}.csv", spec.name, i + 1));
            std::fs::create_dir_all(out.join("models"))
                .map_err(|e| Error::write_io(out.join("models"), e))?;
            lode_core::atomic::write_bytes(&path, csv.as_bytes())?;
        }
        let card = Card {
            commodity: &spec.name,
            method: &f.method,
            inputs: set
                .layers
                .iter()
                .map(|(k, v)| format!("{k}: {}", v.source))
                .collect(),
            training_deposits: deps.len(),
            withheld_deposits: held.len(),
            validation: &validation,
            model: &f.card,
        };
        let json =
            serde_json::to_string_pretty(&card).map_err(|e| Error::internal(e.to_string()))?;
        let path = out
            .join("models")
            .join(format!("{}_model_card.json", spec.name));
        std::fs::create_dir_all(out.join("models"))
            .map_err(|e| Error::write_io(out.join("models"), e))?;
        lode_core::atomic::write_bytes(&path, (json + "\n").as_bytes())?;
        results.push(CommodityModel {
            commodity: spec.name.clone(),
            method: f.method,
            prospectivity: f.prospectivity,
            uncertainty: f.uncertainty,
            validation,
            drivers: f.drivers,
            explain: f.explain,
            training: deps,
            tables: f.tables,
        });
    }
    Ok(results)
}
