//! Integration tests of lode-geophys, one binary (each former test file is a module).

mod bigrid;
mod common;
mod euler_harmonica;
mod euler_spectral_depth;
mod euler_synthetic;
mod fft_engine;
mod gravity;
mod gravity_terrain;
mod gridding_gmt;
mod idw;
mod igrf;
mod lineaments;
mod lineaments_gdal;
mod prism;
mod radiometrics;
mod transform_analytic;
mod transform_britain;
mod transform_harmonica;
