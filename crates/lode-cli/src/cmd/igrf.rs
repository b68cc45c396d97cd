//! `lode igrf`.

use lode_core::{Error, Result};

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_a: Args) -> Result<()> {
    Err(Error::internal("igrf not implemented yet"))
}
