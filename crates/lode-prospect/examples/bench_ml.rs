//! Random-forest benchmark (docs/BENCHMARKS.md; run through tools/bench_ml.sh): trains
//! `lode_prospect::ml` on a float32 feature file and scores a test file.
//!
//! Usage: bench_ml TRAIN_X.f32 TRAIN_Y.u8 TEST_X.f32 TEST_Y.u8 P [N_TREES] [MAX_DEPTH] [KIND]
//! (row-major little-endian float32 n × P, labels one byte each).

use std::time::Instant;

use lode_prospect::ml::{self, ClassWeight, Dataset, ModelKind, ModelParams};

fn read_f32(path: &str) -> Vec<f32> {
    let b = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    b.chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    if a.len() < 6 {
        eprintln!("usage: bench_ml TRAIN_X TRAIN_Y TEST_X TEST_Y P [N_TREES] [MAX_DEPTH] [KIND]");
        std::process::exit(2);
    }
    let p: usize = a[5].parse().expect("P");
    let n_trees: usize = a.get(6).map_or(100, |s| s.parse().expect("N_TREES"));
    let depth: usize = a.get(7).map_or(12, |s| s.parse().expect("MAX_DEPTH"));
    let kind = ModelKind::parse(a.get(8).map_or("random_forest", |s| s.as_str())).unwrap();
    let t0 = Instant::now();
    let (x, y) = (read_f32(&a[1]), std::fs::read(&a[2]).unwrap());
    let (xt, yt) = (read_f32(&a[3]), std::fs::read(&a[4]).unwrap());
    let n = y.len();
    let names = (0..p).map(|i| format!("f{i}")).collect();
    let ds = Dataset::from_rows(x, y, vec![(0.0, 0.0); n], names, ClassWeight::None).unwrap();
    let t_read = t0.elapsed().as_secs_f64();
    let mut params = ModelParams::default();
    params.random_forest.n_trees = n_trees;
    params.random_forest.max_depth = Some(depth);
    params.gradient_boosting.max_depth = Some(depth);
    let t1 = Instant::now();
    let m = ml::train(kind, &ds, &params, 0).unwrap();
    let t_fit = t1.elapsed().as_secs_f64();
    let t2 = Instant::now();
    let pred = m.predict(&xt);
    let t_pred = t2.elapsed().as_secs_f64();
    let auc = ml::cv::auc_of(&pred, &yt).unwrap();
    println!(
        "lode {}: n={n} p={p} trees={n_trees} max_depth={depth} threads={} read+impute {t_read:.2} s, fit {t_fit:.2} s, predict {} rows {t_pred:.2} s, test AUC {auc:.4}",
        kind.name(),
        rayon::current_num_threads(),
        yt.len()
    );
}
