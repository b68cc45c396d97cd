//! `lode demo [--out DIR]`: build the synthetic district, write the partner's delivery and the
//! truth, and run lode on the delivery.

use std::path::PathBuf;
use std::time::Instant;

use lode_core::{Error, Result};
use lode_synth::district::{District, InducingField};

#[derive(clap::Args)]
pub struct Args {
    /// Output directory.
    #[arg(long, default_value = "lode-demo")]
    pub out: PathBuf,
    /// Seed of the synthetic district (same seed → byte-identical delivery).
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
}

pub fn run(a: Args) -> Result<()> {
    let t0 = Instant::now();
    std::fs::create_dir_all(&a.out).map_err(|e| Error::write_io(&a.out, e))?;
    let field = InducingField::igrf_at_district()?;
    let district = District::build(a.seed, field)?;
    let t_build = t0.elapsed().as_secs_f64();
    let delivery = a.out.join("delivery");
    let files = district.write_delivery(&delivery)?;
    let manifest = lode_synth::manifest::write_manifest(&delivery, &files)?;
    let truth = district.write_truth(&a.out.join("truth"))?;
    let mut qc = lode_io::qc::check_paths(std::slice::from_ref(&delivery));
    qc.relative_to(&a.out);
    let qc_json = serde_json::to_string_pretty(&qc).map_err(|e| Error::internal(e.to_string()))?;
    lode_core::atomic::write_bytes(&a.out.join("qc.json"), qc_json.as_bytes())?;
    let qc_text = crate::cmd::qc::render(&qc, 100);
    lode_core::atomic::write_bytes(&a.out.join("qc.txt"), qc_text.as_bytes())?;
    let t_write = t0.elapsed().as_secs_f64() - t_build;
    let processed = a.out.join("processed");
    let mag = crate::pipeline::processing::magnetics(
        &delivery.join("mag_lines.csv"),
        "tmi_nt",
        &district.crs()?,
        100.0,
        (field.inclination_deg, field.declination_deg),
        &processed,
    )?;
    let interp = crate::pipeline::processing::interpretation(
        &processed,
        &delivery.join("gravity_bouguer.tif"),
        &["k", "th", "u"].map(|b| delivery.join(format!("radiometrics_{b}.tif"))),
    )?;
    let t_process = t0.elapsed().as_secs_f64() - t_build - t_write;
    println!(
        "district: seed {}, {} deposits ({} withheld), field {:.0} nT I {:.1}° D {:.1}°",
        a.seed,
        district.deposits.len(),
        district.deposits.iter().filter(|d| !d.known).count(),
        field.intensity_nt,
        field.inclination_deg,
        field.declination_deg
    );
    println!(
        "delivery: {} files in {} (manifest {})",
        files.len(),
        delivery.display(),
        manifest.display()
    );
    for f in &files {
        println!("  {}", f.display());
    }
    println!(
        "truth: {} files in {}",
        truth.len(),
        a.out.join("truth").display()
    );
    println!(
        "intake QC of the delivery: {} errors, {} warnings, {} notes (qc.txt, qc.json)",
        qc.summary.errors, qc.summary.warnings, qc.summary.infos
    );
    print!("{qc_text}");
    println!(
        "processed: levelled {} lines on {} crossovers (RMS mistie {:.2} → {:.2} nT), gridded and transformed: {}",
        mag.levelling.traverse_lines + mag.levelling.tie_lines,
        mag.levelling.crossovers,
        mag.levelling.rms_mistie_before,
        mag.levelling.rms_mistie_after,
        mag.files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ")
    );
    println!(
        "interpreted: {} Euler solutions (SI 1), spectral depth median {:.0} m, {} magnetic and {} gravity lineaments, radiometric ratios and ternary: {}",
        interp.euler_solutions,
        interp.spectral_depth_m,
        interp.lineaments_mag,
        interp.lineaments_grav,
        interp.files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ")
    );
    let t_plan0 = t0.elapsed().as_secs_f64();
    let project_file = a.out.join("project.toml");
    lode_core::atomic::write_bytes(
        &project_file,
        crate::pipeline::demo_project::project_toml(&district).as_bytes(),
    )?;
    let project = crate::project::Project::load(&project_file)?;
    let withheld = crate::pipeline::demo_project::withheld(&district);
    let outcome = crate::pipeline::run::run(
        &project,
        &a.out,
        crate::pipeline::run::Scope::Plan,
        &format!("lode demo --seed {}", a.seed),
        &withheld,
        &|o| crate::pipeline::demo_project::scores(&district, o),
    )?;
    crate::cmd::prospect::print_models(&outcome);
    if let Some(plan) = &outcome.plan {
        crate::pipeline::report::print_plan(plan);
        if let Some(s) = crate::pipeline::demo_project::scores(&district, &outcome) {
            println!(
                "scores against the truth: withheld_capture {:.2} ({} of {} withheld deposits inside funded targets), budget on targets holding a real deposit {:.0} %",
                s["withheld_capture"].as_f64().unwrap_or(0.0),
                s["withheld_captured"],
                s["withheld_deposits"],
                100.0 * s["budget_on_real_deposits"].as_f64().unwrap_or(0.0)
            );
        }
    }
    println!(
        "plan: {} (report.html, targets.geojson, plan.geojson, budget.csv, run.json)",
        a.out.display()
    );
    let t_plan = t0.elapsed().as_secs_f64() - t_plan0;
    println!(
        "timings: model {t_build:.1} s, delivery {t_write:.1} s, processing {t_process:.1} s, plan {t_plan:.1} s, total {:.1} s",
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}
