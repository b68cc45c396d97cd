//! The whole run of a project, intake to report, written through a staging directory so that
//! nothing in OUT is replaced unless every stage succeeds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use lode_core::{Error, Result};
use lode_plan::plan::Plan;

use crate::pipeline::evidence::{self, Intake};
use crate::pipeline::prospect::{self, CommodityModel};
use crate::pipeline::runlog::{files_below, records, RunLog};
use crate::pipeline::{plan, report};
use crate::project::Project;

/// What a run produced.
pub struct Outcome {
    pub intake: Intake,
    pub models: Vec<CommodityModel>,
    pub plan: Option<Plan>,
    pub timings: BTreeMap<String, f64>,
    /// Files written, relative to OUT.
    pub files: Vec<PathBuf>,
}

/// How far to go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Evidence and prospectivity only (`lode prospect`).
    Prospect,
    /// Everything to the plan and the report (`lode plan`, `lode demo`).
    Plan,
}

/// Staging directory inside OUT.
fn staging(out: &Path) -> PathBuf {
    out.join(".lode-staging")
}

fn progress(n: u64) -> ProgressBar {
    let pb = ProgressBar::new(n);
    pb.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    pb
}

/// Run a project into `out`. `withheld` (commodity → points) gives validation deposits kept out
/// of training; `scores` adds a scores object to run.json from the finished outcome.
pub fn run(
    p: &Project,
    out: &Path,
    scope: Scope,
    command: &str,
    withheld: &BTreeMap<String, Vec<(f64, f64)>>,
    scores: &dyn Fn(&Outcome) -> Option<serde_json::Value>,
) -> Result<Outcome> {
    std::fs::create_dir_all(out).map_err(|e| Error::write_io(out, e))?;
    let stage = staging(out);
    if stage.exists() {
        std::fs::remove_dir_all(&stage).map_err(|e| Error::write_io(&stage, e))?;
    }
    std::fs::create_dir_all(&stage).map_err(|e| Error::write_io(&stage, e))?;
    let result = run_staged(p, &stage, scope, command, withheld, scores);
    match result {
        Ok(mut o) => {
            let files = files_below(&stage)?;
            let mut rel = Vec::new();
            for f in &files {
                let r = f.strip_prefix(&stage).unwrap_or(f).to_path_buf();
                let dest = out.join(&r);
                if let Some(d) = dest.parent() {
                    std::fs::create_dir_all(d).map_err(|e| Error::write_io(d, e))?;
                }
                std::fs::rename(f, &dest).map_err(|e| Error::write_io(&dest, e))?;
                rel.push(r);
            }
            let _ = std::fs::remove_dir_all(&stage);
            o.files = rel;
            Ok(o)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&stage);
            Err(e)
        }
    }
}

fn run_staged(
    p: &Project,
    stage: &Path,
    scope: Scope,
    command: &str,
    withheld: &BTreeMap<String, Vec<(f64, f64)>>,
    scores: &dyn Fn(&Outcome) -> Option<serde_json::Value>,
) -> Result<Outcome> {
    let pb = progress(if scope == Scope::Plan { 5 } else { 3 });
    let mut timings = BTreeMap::new();
    let mut t = Instant::now();
    let mut lap = |name: &str, timings: &mut BTreeMap<String, f64>| {
        timings.insert(
            name.to_string(),
            (t.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
        );
        t = Instant::now();
    };

    pb.set_message("intake QC");
    let paths: Vec<PathBuf> = p.inputs.iter().map(|i| p.resolve(&i.path)).collect();
    let mut qc = lode_io::qc::check_paths(&paths);
    qc.relative_to(&p.base);
    let qc_json = serde_json::to_string_pretty(&qc).map_err(|e| Error::internal(e.to_string()))?;
    lode_core::atomic::write_bytes(&stage.join("qc.json"), (qc_json + "\n").as_bytes())?;
    lode_core::atomic::write_bytes(
        &stage.join("qc.txt"),
        crate::cmd::qc::render(&qc, 100).as_bytes(),
    )?;
    pb.inc(1);
    pb.set_message("evidence layers");
    let intake = evidence::build(p)?;
    let edir = stage.join("evidence");
    std::fs::create_dir_all(&edir).map_err(|e| Error::write_io(&edir, e))?;
    for (name, l) in &intake.evidence.layers {
        let mut g = l.grid.clone();
        g.to_f32_storage();
        g.field = Some(name.clone());
        lode_io::write_grid(&edir.join(format!("{name}.tif")), &g, None)?;
    }
    if let Some(s) = &intake.structures {
        lode_io::write_vector(&edir.join("structures.geojson"), s, None)?;
    }
    lap("intake_and_evidence", &mut timings);
    pb.inc(1);
    pb.set_message("prospectivity");
    let models = prospect::run(p, &intake, withheld, stage)?;
    lap("prospectivity", &mut timings);
    pb.inc(1);
    let mut outcome = Outcome {
        intake,
        models,
        plan: None,
        timings: BTreeMap::new(),
        files: vec![],
    };
    if scope == Scope::Plan {
        pb.set_message("targets and plan");
        let targets = plan::targets(p, &outcome.intake, &outcome.models)?;
        let pl = plan::plan(p, &outcome.intake, targets)?;
        plan::write(&pl, outcome.intake.evidence.crs.clone(), stage)?;
        outcome.plan = Some(pl);
        lap("targets_and_plan", &mut timings);
        pb.inc(1);
        pb.set_message("report");
        report::write(p, &outcome, &qc, stage)?;
        lap("report", &mut timings);
        pb.inc(1);
    }
    pb.finish_and_clear();
    outcome.timings = timings.clone();
    let log = RunLog {
        lode_version: env!("CARGO_PKG_VERSION").to_string(),
        command: command.to_string(),
        parameters: serde_json::to_value(p).map_err(|e| Error::internal(e.to_string()))?,
        inputs: records(&outcome.intake.files, Some(&p.base))?,
        outputs: records(&files_below(stage)?, Some(stage))?,
        timings_s: timings,
        scores: scores(&outcome),
    };
    lode_core::atomic::write_bytes(&stage.join("run.json"), log.to_json()?.as_bytes())?;
    Ok(outcome)
}
