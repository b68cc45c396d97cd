#![no_main]
//! Fuzz the ER Mapper header parser and data decoder: the input is the header text, then a
//! 0xFF 0x00 separator, then the data bytes. Any input must give a grid or an error.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (header, body) = match data.windows(2).position(|w| w == [0xFF, 0x00]) {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => (data, &[][..]),
    };
    let _ = lode_io::ermapper::parse(header, body, std::path::Path::new("fuzz"));
});
