//! lode-synth: the synthetic district with known deposits that `lode demo` runs on.

pub mod district;
pub mod manifest;
pub mod rng;
