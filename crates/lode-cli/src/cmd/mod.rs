//! One module per command.

pub mod convert;
pub mod decorrugate;
pub mod demo;
pub mod euler;
pub mod filter;
pub mod formats;
pub mod forward;
pub mod gravity;
pub mod grid;
pub mod igrf;
pub mod info;
pub mod level;
pub mod qc;
pub mod radiometrics;
pub mod spectrum;
pub mod wofe;
