//! Benchmark: g_z and total-field anomaly of a prism model (CSV, `lode forward` layout) on a
//! grid of NX × NY observation points. Used by tools/bench_prism.sh.
//!
//! Usage: cargo run --release -p lode-geophys --example bench_prism -- MODEL.csv NX NY HEIGHT
//! [auto|merged|prism]
//! The points are the nodes of the model's horizontal extent, NX × NY, at HEIGHT (m); the last
//! argument forces an evaluation strategy (default auto).

use std::path::Path;
use std::time::Instant;

use lode_geophys::prism::{
    induced_magnetisation, read_prisms, total_field_anomaly, GravityModel, MagneticModel, Strategy,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 && args.len() != 6 {
        return Err("usage: bench_prism MODEL.csv NX NY HEIGHT [auto|merged|prism]".into());
    }
    let strategy = match args.get(5).map(String::as_str) {
        None | Some("auto") => Strategy::Auto,
        Some("merged") => Strategy::MergedVertices,
        Some("prism") => Strategy::PerPrism,
        Some(s) => return Err(format!("unknown strategy {s}").into()),
    };
    let t = read_prisms(Path::new(&args[1]))?;
    let (nx, ny): (usize, usize) = (args[2].parse()?, args[3].parse()?);
    let h: f64 = args[4].parse()?;
    let w = t
        .prisms
        .iter()
        .map(|p| p.west)
        .fold(f64::INFINITY, f64::min);
    let e = t
        .prisms
        .iter()
        .map(|p| p.east)
        .fold(f64::NEG_INFINITY, f64::max);
    let s = t
        .prisms
        .iter()
        .map(|p| p.south)
        .fold(f64::INFINITY, f64::min);
    let n = t
        .prisms
        .iter()
        .map(|p| p.north)
        .fold(f64::NEG_INFINITY, f64::max);
    let mut pts = Vec::with_capacity(nx * ny);
    for j in 0..ny {
        for i in 0..nx {
            pts.push([
                w + (e - w) * i as f64 / (nx - 1) as f64,
                s + (n - s) * j as f64 / (ny - 1) as f64,
                h,
            ]);
        }
    }
    let t0 = Instant::now();
    let gm = GravityModel::with_strategy(&t.prisms, &t.density, strategy)?;
    let g = gm.eval_many(&pts);
    let tg = t0.elapsed().as_secs_f64();
    let (inc, dec, f) = (-60.0, 5.0, 55_000.0);
    let mags: Vec<[f64; 3]> = t
        .susceptibility
        .iter()
        .map(|&k| induced_magnetisation(k, inc, dec, f))
        .collect();
    let t1 = Instant::now();
    let mm = MagneticModel::with_strategy(&t.prisms, &mags, strategy)?;
    let dt: Vec<f64> = mm
        .eval_many(&pts)
        .into_iter()
        .map(|b| total_field_anomaly(b, inc, dec))
        .collect();
    let tm = t1.elapsed().as_secs_f64();
    println!(
        "lode: {} prisms ({} / {} merged vertices g/m) x {} points: g_z {:.3} s, dT {:.3} s; \
         g_z[0]={:.12e} g_z[mid]={:.12e} sum={:.12e}; dT[0]={:.12e} dT[mid]={:.12e} sum={:.12e}; threads={}",
        t.prisms.len(),
        gm.vertex_count(),
        mm.vertex_count(),
        pts.len(),
        tg,
        tm,
        g[0],
        g[pts.len() / 2],
        g.iter().sum::<f64>(),
        dt[0],
        dt[pts.len() / 2],
        dt.iter().sum::<f64>(),
        rayon::current_num_threads()
    );
    Ok(())
}
