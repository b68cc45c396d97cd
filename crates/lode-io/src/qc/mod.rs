//! Intake quality control of a delivery: unreadable files, CRS, units, nodata, spikes, line
//! spacing versus grid cell size, corrugation, duplicated points and extents.
//!
//! [`check_paths`] reads every file of a delivery, runs the per-dataset checks
//! ([`check_dataset`]) and the cross-dataset checks ([`check_delivery`]). Each check is a small
//! function in its own module; the methods, formulas and thresholds are documented there and in
//! `docs/QC.md`.

pub mod corrugation;
pub mod crs;
pub mod delivery;
pub mod duplicates;
pub mod files;
pub mod geochem;
pub mod lines;
pub mod robust;
pub mod spikes;
pub mod values;

use std::path::{Path, PathBuf};

use lode_core::{Crs, Dataset};
use rayon::prelude::*;
use serde::Serialize;

pub use delivery::{check_delivery, DatasetInfo};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// "info", "warning" or "error".
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One problem (or noteworthy fact) found in a delivery.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The file concerned (or a list of files for cross-dataset findings).
    pub file: String,
    /// Stable identifier of the check (`crs-missing`, `spikes`, …).
    pub check: &'static str,
    pub severity: Severity,
    /// What was found, with numbers.
    pub message: String,
    /// What to do about it, in plain language.
    pub fix: String,
}

impl Finding {
    pub fn new(
        file: &str,
        check: &'static str,
        severity: Severity,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Finding {
            file: file.to_string(),
            check,
            severity,
            message: message.into(),
            fix: fix.into(),
        }
    }
}

/// One file of the delivery.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileSummary {
    pub path: String,
    /// Detected format name (GDAL driver name), when detected.
    pub format: Option<String>,
    /// "grid", "points" or "vector", when read.
    pub kind: Option<String>,
    /// CRS identifier (`EPSG:N` or proj string), when known.
    pub crs: Option<String>,
    /// "ok", "unreadable" or "skipped".
    pub status: String,
    /// Companion files grouped with this file (.prj, .aux.xml, .gi, …).
    pub sidecars: Vec<String>,
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(findings: &[Finding]) -> Self {
        let mut s = Summary::default();
        for f in findings {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

/// The result of checking a delivery.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QcReport {
    pub files: Vec<FileSummary>,
    pub findings: Vec<Finding>,
    pub summary: Summary,
}

impl QcReport {
    /// Number of files that were read successfully.
    pub fn readable(&self) -> usize {
        self.files.iter().filter(|f| f.status == "ok").count()
    }

    /// Paths in the report (file names, sidecars, messages) shown relative to `base`, so that a
    /// report does not depend on where the delivery lies.
    pub fn relative_to(&mut self, base: &std::path::Path) {
        let prefix = format!("{}/", base.display());
        let strip = |s: &mut String| {
            if s.contains(&prefix) {
                *s = s.replace(&prefix, "");
            }
        };
        for f in &mut self.files {
            strip(&mut f.path);
            f.sidecars.iter_mut().for_each(strip);
        }
        for f in &mut self.findings {
            strip(&mut f.file);
            strip(&mut f.message);
        }
    }
}

/// Check every file under `paths` (directories are walked recursively; companion files are
/// grouped with their main file) and the delivery as a whole.
pub fn check_paths(paths: &[PathBuf]) -> QcReport {
    let plan = files::plan(paths);
    let results: Vec<(FileSummary, Vec<Finding>, Option<DatasetInfo>)> =
        plan.entries.par_iter().map(check_entry).collect();
    let mut summaries = Vec::with_capacity(results.len());
    let mut findings = plan.findings;
    let mut infos = Vec::new();
    for (s, f, i) in results {
        summaries.push(s);
        findings.extend(f);
        infos.extend(i);
    }
    findings.extend(check_delivery(&infos));
    let summary = Summary::of(&findings);
    QcReport {
        files: summaries,
        findings,
        summary,
    }
}

fn check_entry(e: &files::Entry) -> (FileSummary, Vec<Finding>, Option<DatasetInfo>) {
    let name = e.path.display().to_string();
    let mut summary = FileSummary {
        path: name.clone(),
        format: None,
        kind: None,
        crs: None,
        status: "ok".to_string(),
        sidecars: e.sidecars.iter().map(|s| s.display().to_string()).collect(),
    };
    if let Some(why) = &e.skip {
        summary.status = "skipped".to_string();
        let f = Finding::new(
            &name,
            "not-data",
            Severity::Info,
            format!("skipped: {why}"),
            "Nothing to do if this is documentation; if it holds data, convert it to a supported format (`lode formats`).",
        );
        return (summary, vec![f], None);
    }
    summary.format = crate::detect(&e.path).ok().map(|f| f.name().to_string());
    match crate::read(&e.path) {
        Ok(ds) => {
            summary.kind = Some(ds.kind().to_string());
            summary.crs = ds.crs().map(Crs::identifier);
            let (findings, info) = analyse(&e.path, &ds);
            (summary, findings, Some(info))
        }
        Err(err) => {
            summary.status = "unreadable".to_string();
            let f = Finding::new(
                &name,
                "unreadable",
                Severity::Error,
                match err {
                    lode_core::Error::Input { msg, .. } => msg,
                    other => other.to_string(),
                }
                .replace('\n', " "),
                "Ask the contractor to re-export the file (check that the transfer was complete and the format is one `lode formats` lists).",
            );
            (summary, vec![f], None)
        }
    }
}

/// All per-dataset checks of one dataset read from `path`.
pub fn check_dataset(path: &Path, ds: &Dataset) -> Vec<Finding> {
    analyse(path, ds).0
}

/// Per-dataset checks plus the facts the cross-dataset checks need.
pub fn analyse(path: &Path, ds: &Dataset) -> (Vec<Finding>, DatasetInfo) {
    let file = path.display().to_string();
    let mut out = Vec::new();
    let mut info = DatasetInfo::of(&file, ds);
    out.extend(crs::check_crs(&file, ds));
    match ds {
        Dataset::Grid(g) => {
            out.extend(values::check_grid_values(&file, g));
            out.extend(spikes::check_grid(&file, g));
            out.extend(corrugation::check_grid(&file, g));
            out.extend(lines::check_grid_cell(&file, g));
        }
        Dataset::Points(s) if geochem::is_geochemistry(s) => {
            // samples, not flight lines: no line spacing, spikes or corrugation; units are in
            // the column names and strong outliers are the anomalies sought
            out.extend(
                values::check_survey_values(&file, s)
                    .into_iter()
                    .filter(|f| f.check != "units-missing" && f.check != "outliers"),
            );
            out.extend(geochem::check_survey(&file, s));
            out.extend(duplicates::check_survey(&file, s));
        }
        Dataset::Points(s) => {
            out.extend(values::check_survey_values(&file, s));
            let geom = lines::LineGeometry::of(s);
            if let Some(g) = &geom {
                out.push(lines::line_geometry_finding(&file, g));
                info.line_spacing_m = Some(g.spacing_m);
            }
            out.extend(spikes::check_survey(&file, s));
            if let Some(g) = &geom {
                out.extend(corrugation::check_survey(&file, s, g));
            }
            out.extend(duplicates::check_survey(&file, s));
        }
        Dataset::Vector(v) => {
            out.extend(values::check_vector(&file, v));
            out.extend(duplicates::check_vector(&file, v));
        }
    }
    (out, info)
}
