#![no_main]
//! Fuzz the geosoft byte parser: any input must give a grid or an error, never a panic; a grid
//! lode reads it writes (uncompressed and LZRW1) and reads back with the same shape.

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use lode_io::geosoft::{self, Compression, WriteOptions};

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.grd");
    let Ok(grid) = geosoft::parse(data, path) else {
        return;
    };
    for compression in [Compression::None, Compression::Lzrw1] {
        let opts = WriteOptions {
            compression,
            ..WriteOptions::default()
        };
        if let Ok(bytes) = geosoft::encode(&grid, &opts) {
            let back = geosoft::parse(&bytes, path).expect("lode's own Geosoft grid reads back");
            assert_eq!(back.geometry.cols, grid.geometry.cols);
            assert_eq!(back.geometry.rows, grid.geometry.rows);
        }
    }
});
