//! The `lode` command-line tool: a thin layer over the lode libraries.

mod cmd;
mod pipeline;
mod project;

use clap::{Parser, Subcommand};

/// lode — from the geophysical maps a partner delivers to a budgeted exploration plan.
#[derive(Parser)]
#[command(name = "lode", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Describe a grid, survey or vector file.
    Info(cmd::info::Args),
    /// Convert a grid or vector file to another format, optionally reprojecting.
    Convert(cmd::convert::Args),
    /// Check a delivery: CRS, units, nodata, spikes, line spacing, corrugation, overlaps.
    Qc(cmd::qc::Args),
    /// List the supported formats.
    Formats,
    /// Build the embedded demonstration delivery and run the pipeline on it.
    Demo(cmd::demo::Args),
    /// Geomagnetic reference field (IGRF-14) at a place and date.
    Igrf(cmd::igrf::Args),
    /// Forward-model gravity or magnetic fields of right rectangular prisms onto a grid.
    Forward(cmd::forward::Args),
    /// Grid line or scattered point data (minimum curvature with tension).
    Grid(cmd::grid::Args),
    /// Tie-line levelling of flight-line data.
    Level(cmd::level::Args),
    /// Remove flight-line corrugation from a grid (microlevelling).
    Decorrugate(cmd::decorrugate::Args),
    /// Apply FFT and spatial filters to a grid (rtp, dz, tilt, upcont, …).
    Filter(cmd::filter::Args),
    /// Radially averaged power spectrum of a grid.
    Spectrum(cmd::spectrum::Args),
    /// Euler deconvolution of a grid: source positions and depths.
    Euler(cmd::euler::Args),
    /// Lineaments: gradient maxima or tilt zero contours as polylines, density and rose.
    Lineaments(cmd::lineaments::Args),
    /// Depth to source from windowed power spectra (Spector & Grant 1970).
    SpectralDepth(cmd::spectral_depth::Args),
    /// One evidence layer on a grid: distances, rasterised attributes, densities, classes, masks.
    Evidence(cmd::evidence::Args),
    /// Weights of evidence: weights, posterior probability, conditional independence.
    Wofe(cmd::wofe::Args),
    /// Gravity reductions: normal gravity, free-air and Bouguer anomalies of station data.
    Gravity(cmd::gravity::Args),
    /// Radiometric ratios, F-parameter, potassium anomaly and the K–eTh–eU ternary image.
    Radiometrics(cmd::radiometrics::Args),
    /// Evidence layers and a prospectivity model per commodity from a project file.
    Prospect(cmd::prospect::Args),
    /// The exploration plan from a project file: targets, programme, budget, schedule, report.
    Plan(cmd::plan::Args),
    /// Print a built-in mineral-system template as TOML (to adapt and use as template_file).
    Template(cmd::template::Args),
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Info(a) => cmd::info::run(a),
        Command::Convert(a) => cmd::convert::run(a),
        Command::Qc(a) => cmd::qc::run(a),
        Command::Formats => cmd::formats::run(),
        Command::Demo(a) => cmd::demo::run(a),
        Command::Igrf(a) => cmd::igrf::run(a),
        Command::Forward(a) => cmd::forward::run(a),
        Command::Grid(a) => cmd::grid::run(a),
        Command::Level(a) => cmd::level::run(a),
        Command::Decorrugate(a) => cmd::decorrugate::run(a),
        Command::Filter(a) => cmd::filter::run(a),
        Command::Spectrum(a) => cmd::spectrum::run(a),
        Command::Euler(a) => cmd::euler::run(a),
        Command::Lineaments(a) => cmd::lineaments::run(a),
        Command::SpectralDepth(a) => cmd::spectral_depth::run(a),
        Command::Evidence(a) => cmd::evidence::run(a),
        Command::Wofe(a) => cmd::wofe::run(a),
        Command::Gravity(a) => cmd::gravity::run(a),
        Command::Radiometrics(a) => cmd::radiometrics::run(a),
        Command::Prospect(a) => cmd::prospect::run(a),
        Command::Plan(a) => cmd::plan::run(a),
        Command::Template(a) => cmd::template::run(a),
    };
    if let Err(e) = result {
        let msg = e.to_string().replace('\n', " ");
        eprintln!("error: {msg}");
        std::process::exit(e.exit_code());
    }
}
