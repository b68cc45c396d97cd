//! `lode qc PATH... [--json]`.

use std::path::PathBuf;

use lode_core::{Error, Result};

#[derive(clap::Args)]
pub struct Args {
    /// Files (or directories) of the delivery.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(_a: Args) -> Result<()> {
    Err(Error::internal("qc not implemented yet"))
}
