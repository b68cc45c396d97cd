//! Time lode's GeoTIFF reader and COG writer (used by tools/bench_geotiff.sh).
//!
//! `geotiff_bench read IN` — read band 1 only (for peak-RSS measurements);
//! `geotiff_bench copy IN OUT [LEVEL] [PREDICTOR 0|1] [OVERVIEWS 0|1]` — read, then write a COG.

use std::path::Path;
use std::time::Instant;

use lode_io::geotiff::{self, WriteOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().collect();
    if a.len() < 3 {
        return Err(
            "usage: geotiff_bench read IN | copy IN OUT [LEVEL] [PREDICTOR] [OVERVIEWS]".into(),
        );
    }
    let t = Instant::now();
    let g = geotiff::read(Path::new(&a[2]))?;
    let tr = t.elapsed().as_secs_f64();
    println!("read  {:>8.3} s  {} x {} cells", tr, g.cols(), g.rows());
    if a[1] == "copy" {
        let out = a.get(3).ok_or("copy needs OUT")?;
        let mut o = WriteOptions::default();
        if let Some(l) = a.get(4) {
            o.level = l.parse()?;
        }
        if let Some(p) = a.get(5) {
            o.predictor = p == "1";
        }
        if let Some(v) = a.get(6) {
            o.overviews = v == "1";
        }
        let t = Instant::now();
        geotiff::write_with(Path::new(out), &g, &o)?;
        let tw = t.elapsed().as_secs_f64();
        let size = std::fs::metadata(out)?.len();
        println!(
            "write {:>8.3} s  {} bytes (level {}, predictor {}, overviews {})",
            tw, size, o.level, o.predictor, o.overviews
        );
        println!("total {:>8.3} s", tr + tw);
    }
    Ok(())
}
