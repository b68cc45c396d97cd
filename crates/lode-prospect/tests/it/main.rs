//! Integration tests of lode-prospect, one binary (each former test file is a module).

mod evidence_classify;
mod evidence_common;
mod evidence_density;
mod evidence_distance;
mod evidence_rasterize;
mod evidence_timing;
mod fuzzy;
mod geochem;
mod ml_district;
mod ml_reference;
mod templates;
mod validation;
mod validation_wofe;
mod wofe_tables;
