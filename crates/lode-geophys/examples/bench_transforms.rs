//! Timing and memory benchmark of the FFT transforms (driven by tools/bench_transforms.sh).
//!
//! `bench_transforms time N PAD` — an N × N synthetic grid (sum of Gaussians, 50 m cells,
//! f64), PAD cells of linear-ramp padding per side (Harmonica-equivalent, no detrend); prints
//! one line per op: op, seconds, and the seconds of the bare forward + inverse real FFTs of the
//! same padded size measured just before it (realfft rows + rustfft columns, no padding logic,
//! no filter), so that both see the same machine load.
//! `bench_transforms mem N OP` — one op on an N × N f32 grid with the default options (for
//! /usr/bin/time -v); prints the grid's size in bytes.

use std::time::Instant;

use lode_core::{Grid, GridGeometry};
use lode_geophys::fft::{FftOptions, PadMode};
use lode_geophys::transforms::{apply, Direction, Op, TransformOptions};
use rayon::prelude::*;
use realfft::RealFftPlanner;
use rustfft::num_complex::Complex64;
use rustfft::FftPlanner;

fn synthetic(n: usize) -> Vec<f64> {
    let mut v = vec![0.0; n * n];
    let s = n as f64;
    let blobs = [
        (0.3, 0.4, 0.05, 300.0),
        (0.6, 0.7, 0.08, -150.0),
        (0.75, 0.25, 0.03, 500.0),
    ];
    v.par_chunks_mut(n).enumerate().for_each(|(r, row)| {
        for (c, x) in row.iter_mut().enumerate() {
            let (u, w) = (c as f64 / s, r as f64 / s);
            *x = blobs
                .iter()
                .map(|&(cx, cy, sg, a)| {
                    a * (-((u - cx).powi(2) + (w - cy).powi(2)) / (2.0 * sg * sg)).exp()
                })
                .sum::<f64>()
                + 20.0 * u;
        }
    });
    v
}

fn transpose(src: &[Complex64], rows: usize, cols: usize, dst: &mut [Complex64]) {
    dst.par_chunks_mut(rows).enumerate().for_each(|(c, out)| {
        for (r, o) in out.iter_mut().enumerate() {
            *o = src[r * cols + c];
        }
    });
}

/// Bare forward + inverse 2-D real FFT of a p × p array: seconds.
fn bare_fft(p: usize) -> f64 {
    let mut rp = RealFftPlanner::<f64>::new();
    let (r2c, c2r) = (rp.plan_fft_forward(p), rp.plan_fft_inverse(p));
    let mut cp = FftPlanner::<f64>::new();
    let (fwd, inv) = (cp.plan_fft_forward(p), cp.plan_fft_inverse(p));
    let nh = p / 2 + 1;
    let mut real = vec![1.0f64; p * p];
    real.iter_mut()
        .enumerate()
        .for_each(|(i, x)| *x = (i % 97) as f64);
    let t = Instant::now();
    let mut spec = vec![Complex64::new(0.0, 0.0); p * nh];
    real.par_chunks_mut(p)
        .zip(spec.par_chunks_mut(nh))
        .for_each(|(r, s)| {
            r2c.process(r, s).ok();
        });
    let mut tr = vec![Complex64::new(0.0, 0.0); p * nh];
    transpose(&spec, p, nh, &mut tr);
    tr.par_chunks_mut(p).for_each(|c| fwd.process(c));
    tr.par_chunks_mut(p).for_each(|c| inv.process(c));
    transpose(&tr, nh, p, &mut spec);
    real.par_chunks_mut(p)
        .zip(spec.par_chunks_mut(nh))
        .for_each(|(r, s)| {
            s[0].im = 0.0;
            s[nh - 1].im = 0.0;
            c2r.process(s, r).ok();
        });
    t.elapsed().as_secs_f64()
}

fn ops() -> Vec<(&'static str, Op)> {
    vec![
        ("rtp", Op::Rtp),
        ("dz", Op::Dz { n: 1.0 }),
        ("tilt", Op::Tilt),
        ("as", Op::As),
        ("upcont", Op::Upcont { h: 500.0 }),
    ]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map(String::as_str).unwrap_or("time");
    let n: usize = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(4096);
    let geom = GridGeometry::new(n, n, 0.0, n as f64 * 50.0, 50.0, 50.0)?;
    let dir = Some(Direction::induced(-60.0, 10.0));
    if mode == "mem" {
        let name = args.get(3).map(String::as_str).unwrap_or("rtp");
        let op = Op::parse(name)?;
        let v: Vec<f32> = synthetic(n).into_iter().map(|x| x as f32).collect();
        let grid = Grid::new_f32(geom, v)?;
        println!("grid bytes {}", n * n * 4);
        let o = TransformOptions {
            direction: dir,
            ..Default::default()
        };
        let t = Instant::now();
        let (out, _) = apply(&grid, &op, &o)?;
        println!(
            "{name} {:.2} s, output mean {:.4}",
            t.elapsed().as_secs_f64(),
            out.stats().mean
        );
        return Ok(());
    }
    let pad: usize = args.get(3).map(|s| s.parse()).transpose()?.unwrap_or(n / 4);
    let grid = Grid::new_f64(geom, synthetic(n))?;
    let o = TransformOptions {
        fft: FftOptions::harmonica(PadMode::Ramp, pad, pad),
        direction: dir,
        ..Default::default()
    };
    let p = n + 2 * pad;
    bare_fft(p.min(256));
    for (name, op) in ops() {
        let bare = bare_fft(p);
        let t = Instant::now();
        let (g, _) = apply(&grid, &op, &o)?;
        let s = t.elapsed().as_secs_f64();
        println!(
            "lode {name}: {s:.3} s; bare forward+inverse FFT {p}x{p} just before: {bare:.3} s ({:.2}x); checksum {:.6e}",
            s / bare,
            g.stats().mean
        );
    }
    Ok(())
}
