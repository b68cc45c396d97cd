//! One module per command.

pub mod convert;
pub mod demo;
pub mod formats;
pub mod info;
pub mod qc;
