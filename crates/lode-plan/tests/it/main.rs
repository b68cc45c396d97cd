//! Integration tests of lode-plan, one binary (each former test file is a module).

mod knapsack;
mod outline_vs_gdal;
mod plan;
mod programme;
mod targets;
