//! `lode wofe --evidence A.tif[:TYPE][,B.tif[:TYPE]...] --deposits D --out DIR`: weights of
//! evidence (Bonham-Carter 1994, ch. 9; ArcSDM conventions; see `lode_prospect::wofe`).
//!
//! Writes `DIR/weights_<layer>.csv` (`<layer>` = the evidence file's stem; a repeated stem gets
//! `_<type>` appended), `DIR/posterior.tif`, `DIR/posterior_std.tif`, `DIR/confidence.tif`
//! (Float32 on the evidence grid) and `DIR/summary.json`. A layer's type is `:unique`,
//! `:ascending`, `:descending` or `:categorical` after its path, else `--type`; the same file may
//! be given twice with two types (e.g. `ev.tif:ascending,ev.tif:descending`).
//!
//! Validation of the posterior (`lode_prospect::validation`): `DIR/validation_curves.csv`
//! (success-rate and, with `--withheld`, prediction-rate curves), `DIR/validation_capture.csv`
//! (capture efficiency at `--tops`), `DIR/validation_summary.csv`, and a `validation` object in
//! `summary.json`.
//!
//! Memory: each layer is read once and kept as one class code per cell (1 or 2 bytes); the
//! three output rasters are computed and written one after the other.

use std::io::Write;
use std::path::{Path, PathBuf};

use lode_core::atomic::AtomicSet;
use lode_core::grid::{Grid, GridGeometry, Values};
use lode_core::{Error, Result};
use lode_io::Format;
use lode_prospect::validation::DEFAULT_TOPS;
use lode_prospect::wofe::{self, CodedLayer, Generalize, LayerType, Output, POOLED};

#[derive(clap::Args)]
pub struct Args {
    /// Evidence rasters of integer classes, comma separated, each optionally `:TYPE`.
    #[arg(long, required = true)]
    pub evidence: String,
    /// Deposit points (shp, gpkg, geojson, csv).
    #[arg(long)]
    pub deposits: PathBuf,
    /// Study-area mask on the evidence grid (cells with a non-zero value); default: cells valid
    /// in at least one evidence layer.
    #[arg(long)]
    pub mask: Option<PathBuf>,
    /// Unit-cell area, km².
    #[arg(long = "unit-cell-km2", default_value_t = 1.0)]
    pub unit_cell_km2: f64,
    /// Default layer type: unique, ascending, descending or categorical.
    #[arg(long = "type", default_value = "unique")]
    pub kind: String,
    /// Generalisation of cumulative layers: max-contrast, max-contrast-if:T (maximum contrast,
    /// only if its studentised contrast ≥ T), studentized:T (maximum contrast among rows with
    /// studentised contrast ≥ T), max-studentized, manual:K (pattern ends at class K).
    #[arg(long, default_value = "max-contrast")]
    pub generalize: String,
    /// Categorical layers: classes with |studentised contrast| below this are pooled.
    #[arg(long = "pool-threshold", default_value_t = 1.0)]
    pub pool_threshold: f64,
    /// Round the weights to this many decimals before the posterior (eis-toolkit uses 4).
    #[arg(long = "round-weights")]
    pub round_weights: Option<i32>,
    /// Withheld deposit points for the prediction-rate curve (shp, gpkg, geojson, csv).
    #[arg(long)]
    pub withheld: Option<PathBuf>,
    /// Capture-efficiency levels, percent of the study area, comma separated.
    #[arg(long, default_value = "1,5,10,20")]
    pub tops: String,
    /// Output directory.
    #[arg(long)]
    pub out: PathBuf,
}

fn parse_generalize(s: &str) -> Result<Generalize> {
    let bad = || {
        Error::invalid(format!(
            "--generalize {s}: use max-contrast, max-contrast-if:T, studentized:T, max-studentized or manual:K"
        ))
    };
    let num = |v: &str| {
        v.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(bad)
    };
    Ok(match s.split_once(':') {
        None if s == "max-contrast" => Generalize::MaxContrast,
        None if s == "max-studentized" => Generalize::MaxStudentized,
        Some(("max-contrast-if", v)) => Generalize::MaxContrastIfStudentized(num(v)?),
        Some(("studentized", v)) => Generalize::MaxContrastAmongStudentized(num(v)?),
        Some(("manual", v)) => Generalize::Manual(v.parse().map_err(|_| bad())?),
        _ => return Err(bad()),
    })
}

fn parse_type(s: &str, g: Generalize, pool: f64) -> Result<LayerType> {
    Ok(match s {
        "unique" => LayerType::Unique,
        "ascending" => LayerType::Ascending(g),
        "descending" => LayerType::Descending(g),
        "categorical" => LayerType::Categorical(pool),
        _ => {
            return Err(Error::invalid(format!(
                "layer type {s}: use unique, ascending, descending or categorical"
            )))
        }
    })
}

fn type_name(t: &LayerType) -> &'static str {
    match t {
        LayerType::Unique => "unique",
        LayerType::Ascending(_) => "ascending",
        LayerType::Descending(_) => "descending",
        LayerType::Categorical(_) => "categorical",
    }
}

struct Evidence {
    path: PathBuf,
    name: String,
}

fn parse_tops(s: &str) -> Result<Vec<f64>> {
    let tops = s
        .split(',')
        .map(|t| t.trim().parse::<f64>())
        .collect::<std::result::Result<Vec<f64>, _>>()
        .ok()
        .filter(|v| !v.is_empty() && v.iter().all(|p| p.is_finite() && *p > 0.0 && *p <= 100.0));
    match tops {
        Some(t) => Ok(t),
        None if s.is_empty() => Ok(DEFAULT_TOPS.to_vec()),
        None => Err(Error::invalid(format!(
            "--tops {s}: give percentages in (0, 100], comma separated"
        ))),
    }
}

pub fn run(a: Args) -> Result<()> {
    if !(a.unit_cell_km2.is_finite() && a.unit_cell_km2 > 0.0) {
        return Err(Error::invalid("--unit-cell-km2 must be a positive number"));
    }
    let g = parse_generalize(&a.generalize)?;
    let default_kind = parse_type(&a.kind, g, a.pool_threshold)?;
    let tops = parse_tops(&a.tops)?;
    let mut layers: Vec<Evidence> = Vec::new();
    let mut coded: Vec<CodedLayer> = Vec::new();
    let mut geometry: Option<(GridGeometry, Option<lode_core::Crs>)> = None;
    for spec in a.evidence.split(',').filter(|s| !s.is_empty()) {
        let (path, kind) = match spec.rsplit_once(':') {
            Some((p, t)) if ["unique", "ascending", "descending", "categorical"].contains(&t) => {
                (PathBuf::from(p), parse_type(t, g, a.pool_threshold)?)
            }
            _ => (PathBuf::from(spec), default_kind),
        };
        let grid = lode_io::read_grid(&path)?;
        if let Some(c) = &grid.crs {
            if c.is_geographic() {
                return Err(Error::input(
                    &path,
                    "weights of evidence needs a projected grid in metres (cell areas in km²)",
                ));
            }
        }
        match &geometry {
            Some((g0, _)) if !g0.same_as(&grid.geometry) => {
                return Err(Error::input(
                    &path,
                    "the evidence layer's grid differs from the first layer's (size, origin or cell size)",
                ))
            }
            Some(_) => {}
            None => geometry = Some((grid.geometry, grid.crs.clone())),
        }
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "layer".into());
        let mut name = stem.clone();
        if layers.iter().any(|l| l.name == name) {
            name = format!("{stem}_{}", type_name(&kind));
        }
        let mut k = 2;
        while layers.iter().any(|l| l.name == name) {
            name = format!("{stem}_{k}");
            k += 1;
        }
        let c = match &grid.values {
            Values::F32(v) => CodedLayer::new(v, kind, true),
            Values::F64(v) => CodedLayer::new(v, kind, true),
        }
        .map_err(|e| Error::input(&path, e.to_string()))?;
        drop(grid);
        coded.push(c);
        layers.push(Evidence { path, name });
    }
    let Some((geom, crs)) = geometry else {
        return Err(Error::invalid("--evidence: no evidence layer given"));
    };
    let n = geom.len();
    let study: Vec<bool> = match &a.mask {
        Some(m) => {
            let mg = lode_io::read_grid(m)?;
            if !mg.geometry.same_as(&geom) {
                return Err(Error::input(
                    m,
                    "the mask's grid differs from the evidence grid",
                ));
            }
            let v = mg.values.as_f64();
            v.iter().map(|x| x.is_finite() && *x != 0.0).collect()
        }
        None => wofe::study_from_layers(&coded, n),
    };
    let deposits = lode_io::read_vector(&a.deposits)?;
    let (cells, off_grid, off_study) = wofe::locate_points(&geom, &deposits, &study);
    let outside = off_grid + off_study;
    if outside > 0 {
        eprintln!(
            "warning: {outside} deposit(s) of {} lie outside the grid, outside the study area or on no data; excluded from the counts",
            a.deposits.display()
        );
    }
    if cells.len() < 2 {
        return Err(Error::input(
            &a.deposits,
            format!(
                "weights of evidence needs at least two deposits in the study area, found {}",
                cells.len()
            ),
        ));
    }
    let unit = geom.dx * geom.dy / 1e6 / a.unit_cell_km2;
    let withheld = match &a.withheld {
        Some(p) => {
            let v = lode_io::read_vector(p)?;
            let w = wofe::locate_points(&geom, &v, &study);
            if w.1 + w.2 > 0 {
                eprintln!(
                    "warning: {} withheld deposit(s) of {} lie outside the grid or the study area; excluded from the prediction rate",
                    w.1 + w.2,
                    p.display()
                );
            }
            w
        }
        None => (Vec::new(), 0, 0),
    };
    let model = wofe::fit_coded(&coded, &study, &cells, unit, a.round_weights)?;
    let report = model.validate(
        &coded,
        &study,
        &withheld.0,
        (off_grid, off_study),
        (withheld.1, withheld.2),
        &tops,
    )?;
    for (l, r) in layers.iter().zip(&model.layers) {
        let total = r.table.iter().map(|row| row.cells).fold(0.0, f64::max);
        for row in &r.table {
            if row.w.guarded && row.cells < total {
                eprintln!(
                    "warning: {}: class {}: the pattern holds every deposit; ArcSDM 0.99 guard applied",
                    l.name, row.class
                );
            }
        }
    }

    std::fs::create_dir_all(&a.out).map_err(|e| Error::write_io(&a.out, e))?;
    let mut set = AtomicSet::new();
    for (l, r) in layers.iter().zip(&model.layers) {
        let dest = a.out.join(format!("weights_{}.csv", l.name));
        set.write(&dest, |w| {
            let io = |e| Error::write_io(&dest, e);
            writeln!(w, "class,area_km2,points,w_plus,s_w_plus,w_minus,s_w_minus,contrast,s_contrast,studentized_contrast,gen_class,weight,s_weight").map_err(io)?;
            for row in &r.table {
                let (gen, wt, sw) = r
                    .class_weights
                    .iter()
                    .find(|c| c.0 == row.class)
                    .map(|c| (c.1, c.2, c.3))
                    .unwrap_or((POOLED, 0.0, 0.0));
                let x = row.w;
                writeln!(
                    w,
                    "{},{},{},{},{},{},{},{},{},{},{},{},{}",
                    row.class,
                    row.cells * a.unit_cell_km2,
                    row.points,
                    x.w_plus,
                    x.s_w_plus,
                    x.w_minus,
                    x.s_w_minus,
                    x.contrast,
                    x.s_contrast,
                    x.studentized,
                    gen,
                    wt,
                    sw
                )
                .map_err(io)?;
            }
            Ok(())
        })?;
    }
    for (name, what) in [
        ("posterior.tif", Output::Posterior),
        ("posterior_std.tif", Output::Std),
        ("confidence.tif", Output::Confidence),
    ] {
        let mut values = vec![0f32; n];
        model.fill(&coded, &study, what, &mut values)?;
        let mut grid = Grid::new_f32(geom, values)?;
        grid.crs = crs.clone();
        grid.field = Some(name.trim_end_matches(".tif").to_string());
        let tmp = set.temp_path(&a.out.join(name))?;
        lode_io::write_grid(&tmp, &grid, Some(Format::GeoTiff))?;
    }
    let summary = serde_json::json!({
        "prior": model.prior,
        "n_deposits": model.n_deposits,
        "study_area_km2": model.study_cells * a.unit_cell_km2,
        "t": model.ci.t,
        "s_t": model.ci.s_t,
        "n_over_t": model.ci.n_over_t,
        "ci_probability": model.ci.probability,
        "auc": model.auc,
        "layers": layers.iter().zip(&coded).map(|(l, c)| serde_json::json!({
            "name": l.name, "path": l.path.display().to_string(), "type": type_name(&c.kind)
        })).collect::<Vec<_>>(),
        "validation": {
            "study_cells": report.study_cells,
            "levels": report.levels,
            "training": &report.training,
            "withheld": &report.withheld,
        },
    });
    let text =
        serde_json::to_string_pretty(&summary).map_err(|e| Error::internal(e.to_string()))?;
    set.write_bytes(&a.out.join("summary.json"), format!("{text}\n").as_bytes())?;
    set.write_bytes(
        &a.out.join("validation_curves.csv"),
        report.curves_csv().as_bytes(),
    )?;
    set.write_bytes(
        &a.out.join("validation_capture.csv"),
        report.capture_csv().as_bytes(),
    )?;
    set.write_bytes(
        &a.out.join("validation_summary.csv"),
        report.summary_csv().as_bytes(),
    )?;
    set.commit()?;
    eprintln!(
        "wofe: {} deposits, prior {:.6}, T = {:.4}, n/T = {:.4}, AUC = {:.4} → {}",
        model.n_deposits,
        model.prior,
        model.ci.t,
        model.ci.n_over_t,
        model.auc,
        Path::new(&a.out).display()
    );
    Ok(())
}
