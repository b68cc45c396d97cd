#![no_main]
//! Fuzz the FlatGeobuf reader: any input must give a layer or an error.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = lode_io::flatgeobuf_io::parse(data, std::path::Path::new("fuzz.fgb"));
});
