#![no_main]
//! Fuzz the surfer byte parser: any input must give a grid or an error, never a panic.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = lode_io::surfer::parse(data, std::path::Path::new("fuzz"));
});
