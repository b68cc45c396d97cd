//! `lode demo [--out DIR]`.

use std::path::PathBuf;

use lode_core::{Error, Result};

#[derive(clap::Args)]
pub struct Args {
    /// Output directory.
    #[arg(long, default_value = "lode-demo")]
    pub out: PathBuf,
}

pub fn run(_a: Args) -> Result<()> {
    Err(Error::internal("demo not implemented yet"))
}
