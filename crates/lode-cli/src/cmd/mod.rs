//! One module per command.

pub mod convert;
pub mod decorrugate;
pub mod demo;
pub mod euler;
pub mod evidence;
pub mod filter;
pub mod formats;
pub mod forward;
pub mod gravity;
pub mod grid;
pub mod igrf;
pub mod info;
pub mod level;
pub mod lineaments;
pub mod plan;
pub mod prospect;
pub mod qc;
pub mod radiometrics;
pub mod spectral_depth;
pub mod spectrum;
pub mod template;
pub mod wofe;
