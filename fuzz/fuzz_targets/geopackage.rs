#![no_main]
//! Fuzz the GeoPackage reader (SQLite database + GP/WKB geometry blobs) and, directly, the
//! geometry blob decoder. Any input must give a layer/geometry or an error.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = lode_io::geopackage::wkb::decode_gpkg(data);
    let _ = lode_io::geopackage::wkb::decode(data);
    let _ = lode_io::geopackage::parse(data, std::path::Path::new("fuzz.gpkg"));
});
