//! `lode template NAME [--out FILE]`: print (or write) a built-in mineral-system template as
//! TOML, the starting point of a project's own (`template_file` in the project file).

use std::path::PathBuf;

use lode_core::Result;

#[derive(clap::Args)]
pub struct Args {
    /// Commodity: gold, iron or rare_metals.
    pub name: String,
    /// Write the template here instead of printing it.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(a: Args) -> Result<()> {
    let t = lode_prospect::templates::get(&a.name)?;
    let text = t.to_toml()?;
    match a.out {
        Some(p) => lode_core::atomic::write_bytes(&p, text.as_bytes()),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}
