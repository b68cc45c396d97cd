#![no_main]
//! WKT / CRS string parsing: Crs::parse (WKT1, ESRI, WKT2, proj strings, EPSG forms) must
//! return Ok or Err, never panic.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = lode_core::crs::wkt::parse(s);
        if let Ok(crs) = lode_core::Crs::parse(s) {
            let _ = crs.prj_wkt();
            let _ = crs.units_are_metres();
        }
    }
});
