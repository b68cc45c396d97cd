//! Integration tests of lode-core, one binary (each former test file is a module).

mod crs_reproject;
mod crs_transform;
mod crs_wkt;
