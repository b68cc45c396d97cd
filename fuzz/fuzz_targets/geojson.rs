#![no_main]
//! Fuzz the GeoJSON reader: any input must give a layer or an error, and a layer must write.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(layer) = lode_io::geojson_io::parse(data, std::path::Path::new("fuzz.geojson")) {
        let _ = lode_io::geojson_io::to_bytes(&layer);
    }
});
