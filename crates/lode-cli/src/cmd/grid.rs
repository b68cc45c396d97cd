//! `lode grid`.

use lode_core::{Error, Result};

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_a: Args) -> Result<()> {
    Err(Error::internal("grid not implemented yet"))
}
