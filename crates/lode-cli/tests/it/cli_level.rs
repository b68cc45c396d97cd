//! `lode level` and `lode decorrugate` end to end.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Output;

use crate::common::{lode, ok, one_line_error, s, write_file};

/// Runs `lode level INPUT OUT --z mag OPTIONS…`.
fn level(input: &Path, out: &Path, options: &[&str]) -> Output {
    lode(&[&["level", s(input), s(out), "--z", "mag"][..], options].concat())
}

fn field(x: f64, y: f64) -> f64 {
    30.0 * (x / 700.0).sin() + 20.0 * (y / 1100.0).cos()
}

#[test]
fn levels_lines_with_offsets_to_the_ties() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("line,x,y,mag\n");
    for i in 0..12 {
        let y = 100.0 + i as f64 * 200.0;
        let shift = [5.0, -4.0, 2.0, -6.0][i % 4];
        for k in 0..150 {
            let x = k as f64 * 20.0;
            writeln!(csv, "L{},{x},{y},{}", 1000 + 10 * i, field(x, y) + shift).unwrap();
        }
    }
    for j in 0..4 {
        let x = 15.0 + j as f64 * 900.0;
        for k in 0..130 {
            let y = k as f64 * 20.0;
            writeln!(csv, "T{},{x},{y},{}", 100 + 10 * j, field(x, y)).unwrap();
        }
    }
    let input = write_file(dir.path(), "lines.csv", csv);
    let out = dir.path().join("levelled.csv");
    ok(&level(&input, &out, &["--line", "line", "--order", "0"]));
    let text = std::fs::read_to_string(&out).unwrap();
    let mut worst = 0.0f64;
    for l in text.lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        let (x, y, v): (f64, f64, f64) = (
            f[1].parse().unwrap(),
            f[2].parse().unwrap(),
            f[4].parse().unwrap(),
        );
        worst = worst.max((v - field(x, y)).abs());
    }
    // Linear interpolation at the crossovers (20 m samples, 700 m wavelength) errs ≲ 0.1.
    assert!(worst < 0.2, "worst residual {worst}");
}

#[test]
fn line_data_without_lines_or_ties_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_file(dir.path(), "p.csv", "x,y,mag\n0,0,1\n1,0,2\n2,0,3\n");
    let out = dir.path().join("o.csv");
    one_line_error(&level(&input, &out, &[]), "line");
    assert!(!out.exists());
}
