//! netCDF (classic CDF-1/2/5 and netCDF-4/HDF5) grid parser: never panics; whatever parses
//! writes and parses again to the same geometry.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.nc");
    if let Ok(grid) = lode_io::netcdf::parse(data, path) {
        if let Ok(bytes) = lode_io::netcdf::to_bytes(&grid) {
            let back = lode_io::netcdf::parse(&bytes, path).expect("lode's own netCDF reads back");
            assert_eq!(back.geometry.cols, grid.geometry.cols);
            assert_eq!(back.geometry.rows, grid.geometry.rows);
        }
    }
});
