//! `lode formats`.

use lode_core::Result;
use lode_io::Format;

pub fn run() -> Result<()> {
    println!("{:<16} {:<8}", "format", "kind");
    for f in Format::ALL {
        println!("{:<16} {:<8}", f.name(), f.kind());
    }
    Ok(())
}
