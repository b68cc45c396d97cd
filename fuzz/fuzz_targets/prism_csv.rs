#![no_main]
//! Fuzz the prism-model CSV parser of `lode forward`: any input gives a table or an error, never a panic.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = lode_geophys::prism::parse_prisms(data, std::path::Path::new("fuzz"));
});
