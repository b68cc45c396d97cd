//! `lode level` and `lode decorrugate` end to end.

use std::fmt::Write as _;
use std::process::Command;

fn field(x: f64, y: f64) -> f64 {
    30.0 * (x / 700.0).sin() + 20.0 * (y / 1100.0).cos()
}

#[test]
fn levels_lines_with_offsets_to_the_ties() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("lines.csv");
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
    std::fs::write(&input, csv).unwrap();
    let out = dir.path().join("levelled.csv");
    let o = Command::new(env!("CARGO_BIN_EXE_lode"))
        .args([
            "level",
            input.to_str().unwrap(),
            out.to_str().unwrap(),
            "--z",
            "mag",
            "--line",
            "line",
            "--order",
            "0",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
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
    let input = dir.path().join("p.csv");
    std::fs::write(&input, "x,y,mag\n0,0,1\n1,0,2\n2,0,3\n").unwrap();
    let out = dir.path().join("o.csv");
    let o = Command::new(env!("CARGO_BIN_EXE_lode"))
        .args([
            "level",
            input.to_str().unwrap(),
            out.to_str().unwrap(),
            "--z",
            "mag",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("error: ") && err.contains("line"), "{err}");
    assert!(!out.exists());
}
