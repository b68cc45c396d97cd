#![no_main]
//! Fuzz the shapefile reader: the input is the .shp bytes, then a 0xFF 0x00 separator, then the
//! .dbf bytes (no separator: no .dbf). Any input must give a layer or an error.

use libfuzzer_sys::fuzz_target;
use lode_io::shapefile_io::{dbf::Encoding, parse};

fuzz_target!(|data: &[u8]| {
    let (shp, dbf) = match data.windows(2).position(|w| w == [0xFF, 0x00]) {
        Some(i) => (&data[..i], Some(&data[i + 2..])),
        None => (data, None),
    };
    if let Ok(layer) = parse(shp, dbf, Encoding::Guess, std::path::Path::new("fuzz.shp")) {
        let _ = lode_io::shapefile_io::to_bytes(&layer);
    }
});
