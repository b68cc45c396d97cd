//! `lode plan PROJECT.toml --out OUT`: intake, evidence, prospectivity, targets, programme,
//! budget, schedule and the report, from a project file.

use std::collections::BTreeMap;
use std::path::PathBuf;

use lode_core::Result;

use crate::pipeline::run::{run as run_project, Scope};
use crate::project::Project;

#[derive(clap::Args)]
pub struct Args {
    /// Project file (TOML).
    pub project: PathBuf,
    /// Output directory.
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(a: Args) -> Result<()> {
    let p = Project::load(&a.project)?;
    let o = run_project(
        &p,
        &a.out,
        Scope::Plan,
        &format!("lode plan {}", a.project.display()),
        &BTreeMap::new(),
        &|_| None,
    )?;
    crate::cmd::prospect::print_models(&o);
    if let Some(plan) = &o.plan {
        crate::pipeline::report::print_plan(plan);
    }
    println!("{} files in {}", o.files.len(), a.out.display());
    Ok(())
}
