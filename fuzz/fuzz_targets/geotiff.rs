#![no_main]
//! Fuzz the GeoTIFF byte parser: any input must give a grid or an error, never a panic.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let p = std::path::Path::new("fuzz.tif");
    let _ = lode_io::geotiff::parse(data, p);
    let _ = lode_io::geotiff::parse_band(data, p, 2);
});
