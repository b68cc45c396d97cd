//! `lode prospect PROJECT.toml --out DIR`: evidence layers and a prospectivity model per commodity
//! with its validation (see `crate::pipeline::prospect`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use lode_core::Result;

use crate::pipeline::run::{run as run_project, Outcome, Scope};
use crate::project::Project;

#[derive(clap::Args)]
pub struct Args {
    /// Project file (TOML).
    pub project: PathBuf,
    /// Output directory.
    #[arg(long)]
    pub out: PathBuf,
}

/// One line per commodity: model, deposits, AUC and capture.
pub fn print_models(o: &Outcome) {
    for m in &o.models {
        let v = &m.validation;
        let cap = v
            .training
            .capture
            .iter()
            .map(|c| format!("{:.0}% of area → {:.0}%", c.top_percent, 100.0 * c.share))
            .collect::<Vec<_>>()
            .join(", ");
        print!(
            "{}: {} on {} training deposits, ROC AUC {:.3}; capture {}",
            m.commodity, m.method, v.training.used, v.training.roc_auc, cap
        );
        if let Some(w) = &v.withheld {
            print!("; withheld: {} deposits, AUC {:.3}", w.used, w.roc_auc);
        }
        println!();
    }
}

pub fn run(a: Args) -> Result<()> {
    let p = Project::load(&a.project)?;
    let o = run_project(
        &p,
        &a.out,
        Scope::Prospect,
        &format!("lode prospect {}", a.project.display()),
        &BTreeMap::new(),
        &|_| None,
    )?;
    print_models(&o);
    println!("{} files in {}", o.files.len(), a.out.display());
    Ok(())
}
