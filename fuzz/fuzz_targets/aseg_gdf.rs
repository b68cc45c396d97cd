#![no_main]
//! Fuzz the ASEG-GDF2 reader: the input is the .dfn text, then a 0xFF 0x00 separator, then the
//! .dat text. Any input must give survey data or an error.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (dfn, dat) = match data.windows(2).position(|w| w == [0xFF, 0x00]) {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => (data, &[][..]),
    };
    let opts = lode_io::SurveyOptions::default();
    let _ = lode_io::aseg_gdf::parse(dfn, dat, std::path::Path::new("fuzz.dat"), &opts);
});
