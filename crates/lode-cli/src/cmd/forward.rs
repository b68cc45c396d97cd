//! `lode forward`.

use lode_core::{Error, Result};

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_a: Args) -> Result<()> {
    Err(Error::internal("forward not implemented yet"))
}
