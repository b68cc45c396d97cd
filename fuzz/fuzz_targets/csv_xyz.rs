#![no_main]
//! Fuzz the CSV/XYZ survey reader: any input must give survey data or an error.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = lode_io::SurveyOptions::default();
    let _ = lode_io::csv_xyz::parse(data, std::path::Path::new("fuzz.csv"), &opts);
});
