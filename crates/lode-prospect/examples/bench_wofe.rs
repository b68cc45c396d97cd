//! Weights-of-evidence benchmark (driven by tools/bench_wofe.sh; docs/BENCHMARKS.md).
//!
//! `bench_wofe gen DIR ROWS COLS NDEP` — writes four classified synthetic evidence layers
//! `DIR/ev1.tif … ev4.tif` (Float32 COG, 100 m cells, EPSG:3067; ev1–ev3: deciles (ten classes of
//! about equal area) of smooth separable fields, ev4: eight "lithology" bands) and `DIR/deposits.geojson` with NDEP deposit
//! points in distinct cells, drawn with a probability rising with low ev1, high ev2, low ev3 and ev4
//! classes 3 and 5 (seeded; same arguments → same files).
//! `bench_wofe lib DIR REPEAT` — reads the layers (timed), codes them, then times weights +
//! posterior + standard deviation (`fit_coded` + two `fill`s, ev1 ascending, ev2 descending,
//! ev3 ascending, ev4 categorical pooling |C/s(C)| < 5; max contrast if studentised contrast ≥ 1; weights rounded to
//! 4 decimals as eis-toolkit does; unit cell = one grid cell as eis-toolkit counts pixels), best
//! of REPEAT runs; prints the times and T, n/T, AUC.

use std::path::{Path, PathBuf};
use std::time::Instant;

use lode_core::{Crs, Grid, GridGeometry, Values};
use lode_prospect::wofe::{self, CodedLayer, Generalize, LayerType, Output};
use rayon::prelude::*;

const DX: f64 = 100.0;
const X0: f64 = 300_000.0;
const Y0: f64 = 7_300_000.0;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn uniform(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Separable smooth field Σ_j sin(a_j x + φ_j) cos(b_j y + ψ_j), in [−4, 4].
struct Field {
    xs: Vec<Vec<f64>>,
    ys: Vec<Vec<f64>>,
}

impl Field {
    fn new(seed: u64, rows: usize, cols: usize) -> Field {
        let mut r = Rng(seed);
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        for _ in 0..4 {
            let (a, p) = (0.5 + 6.0 * r.uniform(), 6.3 * r.uniform());
            let (b, q) = (0.5 + 6.0 * r.uniform(), 6.3 * r.uniform());
            xs.push(
                (0..cols)
                    .map(|c| (a * c as f64 / 1000.0 * std::f64::consts::TAU + p).sin())
                    .collect(),
            );
            ys.push(
                (0..rows)
                    .map(|w| (b * w as f64 / 1000.0 * std::f64::consts::TAU + q).cos())
                    .collect(),
            );
        }
        Field { xs, ys }
    }
    fn at(&self, r: usize, c: usize) -> f64 {
        self.xs.iter().zip(&self.ys).map(|(x, y)| x[c] * y[r]).sum()
    }
}

/// Decile class 1–10 of a field value (ev1–ev3) or lithology band 1–8 (ev4).
fn class(layer: usize, f: f64, deciles: &[f64]) -> f32 {
    if layer == 3 {
        ((f * 2.0 + 8.0).floor() as i64).rem_euclid(8) as f32 + 1.0
    } else {
        deciles.partition_point(|&d| d <= f) as f32 + 1.0
    }
}

/// Decile boundaries of a field from a regular 200 × 200 sample of cells.
fn deciles(f: &Field, rows: usize, cols: usize) -> Vec<f64> {
    let mut v: Vec<f64> = (0..200)
        .flat_map(|i| (0..200).map(move |j| (i * rows / 200, j * cols / 200)))
        .map(|(r, c)| f.at(r, c))
        .collect();
    v.sort_by(f64::total_cmp);
    (1..10).map(|k| v[k * v.len() / 10]).collect()
}

fn gen(dir: &Path, rows: usize, cols: usize, ndep: usize) -> lode_core::Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| lode_core::Error::write_io(dir, e))?;
    let geom = GridGeometry::new(cols, rows, X0, Y0, DX, DX)?;
    let crs = Crs::from_epsg(3067)?;
    let fields: Vec<Field> = (0..4)
        .map(|k| Field::new(1000 + k as u64, rows, cols))
        .collect();
    let dec: Vec<Vec<f64>> = fields.iter().map(|f| deciles(f, rows, cols)).collect();
    for (k, f) in fields.iter().enumerate() {
        let mut v = vec![0f32; rows * cols];
        v.par_chunks_mut(cols).enumerate().for_each(|(r, row)| {
            for (c, x) in row.iter_mut().enumerate() {
                *x = class(k, f.at(r, c), &dec[k]);
            }
        });
        let mut g = Grid::new_f32(geom, v)?;
        g.crs = Some(crs.clone());
        lode_io::write_grid(
            &dir.join(format!("ev{}.tif", k + 1)),
            &g,
            Some(lode_io::Format::GeoTiff),
        )?;
    }
    let score = |r: usize, c: usize| {
        let cl: Vec<f32> = (0..4)
            .map(|k| class(k, fields[k].at(r, c), &dec[k]))
            .collect();
        -1.2 * cl[0] as f64 / 10.0 + 1.2 * cl[1] as f64 / 10.0 - 0.8 * cl[2] as f64 / 10.0
            + if cl[3] == 3.0 || cl[3] == 5.0 {
                0.8
            } else {
                0.0
            }
    };
    let smax = -0.12 + 1.2 - 0.08 + 0.8;
    let mut rng = Rng(42);
    let mut cells = std::collections::BTreeSet::new();
    let mut pts = Vec::new();
    while pts.len() < ndep {
        let i = (rng.next() % (rows * cols) as u64) as usize;
        let (r, c) = (i / cols, i % cols);
        if (2.0 * (score(r, c) - smax)).exp() > rng.uniform() && cells.insert(i) {
            pts.push((
                X0 + (c as f64 + 0.25 + 0.5 * rng.uniform()) * DX,
                Y0 - (r as f64 + 0.25 + 0.5 * rng.uniform()) * DX,
            ));
        }
    }
    let mut s = String::from(
        "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::3067\"}},\"features\":[\n",
    );
    for (k, (x, y)) in pts.iter().enumerate() {
        s.push_str(&format!(
            "{{\"type\":\"Feature\",\"properties\":{{\"id\":{k}}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{x:.3},{y:.3}]}}}}{}\n",
            if k + 1 < pts.len() { "," } else { "" }
        ));
    }
    s.push_str("]}\n");
    lode_core::atomic::write_bytes(&dir.join("deposits.geojson"), s.as_bytes())
}

fn kinds() -> [LayerType; 4] {
    let g = Generalize::MaxContrastIfStudentized(1.0);
    [
        LayerType::Ascending(g),
        LayerType::Descending(g),
        LayerType::Ascending(g),
        LayerType::Categorical(5.0),
    ]
}

fn lib(dir: &Path, repeat: usize) -> lode_core::Result<()> {
    let mut coded = Vec::new();
    let mut geom = None;
    let (mut read, mut code) = (0.0, 0.0);
    for (k, kind) in kinds().into_iter().enumerate() {
        let t0 = Instant::now();
        let g = lode_io::read_grid(&dir.join(format!("ev{}.tif", k + 1)))?;
        read += t0.elapsed().as_secs_f64();
        let t0 = Instant::now();
        geom = Some(g.geometry);
        coded.push(match &g.values {
            Values::F32(v) => CodedLayer::new(v, kind, true)?,
            Values::F64(v) => CodedLayer::new(v, kind, true)?,
        });
        code += t0.elapsed().as_secs_f64();
    }
    let geom = geom.unwrap();
    let n = geom.len();
    let study = wofe::study_from_layers(&coded, n);
    let dep = lode_io::read_vector(&dir.join("deposits.geojson"))?;
    let (cells, outside) = wofe::deposit_cells(&geom, &dep, &study);
    // Unit cell = one grid cell, as eis-toolkit counts pixels.
    let unit = 1.0;
    let (mut best, mut best_fit) = (f64::INFINITY, 0.0);
    let (mut p, mut s) = (vec![0f32; n], vec![0f32; n]);
    let mut last = None;
    for _ in 0..repeat.max(1) {
        let t = Instant::now();
        let f = wofe::fit_coded(&coded, &study, &cells, unit, Some(4))?;
        let tf = t.elapsed().as_secs_f64();
        f.fill(&coded, &study, Output::Posterior, &mut p)?;
        f.fill(&coded, &study, Output::Std, &mut s)?;
        let total = t.elapsed().as_secs_f64();
        if total < best {
            best = total;
            best_fit = tf;
        }
        last = Some(f);
    }
    let f = last.unwrap();
    println!(
        "cells {n} deposits {} (outside {outside}) conditions {}",
        cells.len(),
        f.conditions.len()
    );
    println!("read {read:.3} s, code {code:.3} s");
    println!("weights+posterior+std {best:.4} s (best of {repeat}; weights, CI test and AUC {best_fit:.4} s)");
    println!(
        "T {:.4} n/T {:.4} auc {:.6} prior {:.6e}",
        f.ci.t, f.ci.n_over_t, f.auc, f.prior
    );
    Ok(())
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let r = match a.get(1).map(String::as_str) {
        Some("gen") if a.len() == 6 => gen(
            &PathBuf::from(&a[2]),
            a[3].parse().expect("ROWS"),
            a[4].parse().expect("COLS"),
            a[5].parse().expect("NDEP"),
        ),
        Some("lib") if a.len() == 4 => lib(&PathBuf::from(&a[2]), a[3].parse().expect("REPEAT")),
        _ => {
            eprintln!("usage: bench_wofe gen DIR ROWS COLS NDEP | bench_wofe lib DIR REPEAT");
            std::process::exit(2);
        }
    };
    if let Err(e) = r {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}
