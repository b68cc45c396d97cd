//! Integration tests of lode-cli, one binary (each former test file is a module).

mod common;

mod cli_basic;
mod cli_demo;
mod cli_euler;
mod cli_evidence;
mod cli_filter;
mod cli_forward;
mod cli_gravity;
mod cli_grid;
mod cli_igrf;
mod cli_level;
mod cli_lineaments;
mod cli_plan;
mod cli_qc;
mod cli_radiometrics;
mod cli_spectral_depth;
mod cli_spectrum;
mod cli_wofe;
mod cli_wofe_validation;
