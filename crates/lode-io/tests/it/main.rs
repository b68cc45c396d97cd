//! Integration tests of lode-io, one binary (each former test file is a module).

mod common;
mod ermapper;
mod esri_ascii;
mod fuzz_regressions;
mod geosoft;
mod geosoft_variants;
mod geotiff_read;
mod geotiff_write;
mod netcdf;
mod netcdf_oracles;
mod qc_checks;
mod surfer;
mod survey_aseg_gdf;
mod survey_csv;
mod vector_bad_input;
mod vector_common;
mod vector_fixtures;
mod vector_oracle;
mod vector_roundtrip;
