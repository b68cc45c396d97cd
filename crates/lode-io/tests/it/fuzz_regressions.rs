//! Inputs the cargo-fuzz targets (fuzz/fuzz_targets) found crashing, replayed as the targets
//! replay them: each must give an error or a result, never a panic or a huge allocation, and
//! what lode writes it must read back.

use std::path::{Path, PathBuf};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/");

fn inputs(dir: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(DATA).join(dir);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no inputs in {}", dir.display());
    out
}

/// The `netcdf` target: whatever parses and writes must read back with the same shape.
#[test]
fn netcdf_round_trips_what_it_reads() {
    let p = Path::new("fuzz.nc");
    for (name, b) in inputs("netcdf/fuzz") {
        let Ok(grid) = lode_io::netcdf::parse(&b, p) else {
            continue;
        };
        if let Ok(bytes) = lode_io::netcdf::to_bytes(&grid) {
            let back = lode_io::netcdf::parse(&bytes, p)
                .unwrap_or_else(|e| panic!("{name}: lode's own netCDF does not read back: {e}"));
            assert_eq!(back.geometry.cols, grid.geometry.cols, "{name}");
            assert_eq!(back.geometry.rows, grid.geometry.rows, "{name}");
        }
    }
}

/// Cell centres 1 apart near 7.9e102 are one f64 value: the writer refuses them instead of
/// writing a y axis no reader accepts.
#[test]
fn netcdf_refuses_unrepresentable_cell_centres() {
    let b = std::fs::read(PathBuf::from(DATA).join("netcdf/fuzz/netcdf-roundtrip-nonmonotonic-y"))
        .unwrap();
    let grid = lode_io::netcdf::parse(&b, Path::new("fuzz.nc")).unwrap();
    assert_eq!((grid.geometry.cols, grid.geometry.rows), (6, 5));
    let e = lode_io::netcdf::to_bytes(&grid).unwrap_err().to_string();
    assert!(e.contains("too small") && e.contains("along y"), "{e}");
}

/// A null-shape record padded to 20 bytes used to desynchronise the `shapefile` crate, which then
/// read a forged polyline header 8 bytes later and reserved 2.2 GB for its parts.
#[test]
fn shapefile_forged_record_is_refused_before_allocating() {
    let b = std::fs::read(PathBuf::from(DATA).join("vector/fuzz/shapefile-oom-4")).unwrap();
    let e = lode_io::shapefile_io::parse(
        &b,
        None,
        lode_io::shapefile_io::dbf::Encoding::Guess,
        Path::new("fuzz.shp"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("fuzz.shp") && e.contains("record 2") && e.contains("exceed"),
        "{e}"
    );
}
