//! The pipeline stages `lode demo`, `lode prospect` and `lode plan` chain together.

pub mod demo_project;
pub mod evidence;
pub mod geochem;
pub mod lines;
pub mod plan;
pub mod processing;
pub mod prospect;
pub mod report;
pub mod run;
pub mod runlog;
pub mod vectors;
