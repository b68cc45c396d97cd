//! The pipeline stages `lode demo` (and later `lode plan`) chain together.

pub mod processing;
