//! `lode demo [--out DIR]`: build the embedded delivery and run lode on it.

use std::path::PathBuf;

use lode_core::{Error, Result};

#[derive(clap::Args)]
pub struct Args {
    /// Output directory.
    #[arg(long, default_value = "lode-demo")]
    pub out: PathBuf,
    /// Seed of the synthetic delivery (same seed → byte-identical files).
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
}

pub fn run(a: Args) -> Result<()> {
    let t0 = std::time::Instant::now();
    let delivery = a.out.join("delivery");
    std::fs::create_dir_all(&delivery).map_err(|e| Error::write_io(&delivery, e))?;
    let files = lode_synth::delivery::write_delivery(&delivery, a.seed)?;
    let manifest = lode_synth::delivery::write_manifest(&delivery, &files)?;
    println!(
        "delivery: {} files in {} (manifest {})",
        files.len(),
        delivery.display(),
        manifest.display()
    );
    for f in &files {
        println!("  {}", f.display());
    }
    println!("demo finished in {:.1} s", t0.elapsed().as_secs_f64());
    Ok(())
}
