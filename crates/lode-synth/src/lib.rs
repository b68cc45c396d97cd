//! lode-synth: synthetic deliveries with known truth that `lode demo` runs on.

pub mod delivery;
pub mod rng;
