//! Spectral depth (Spector & Grant 1970) of a random field whose power spectrum is exactly
//! ∝ e^{−2kh}: the windowed estimates recover h within 15 % (h = 500 m = 5 cells, 64-cell
//! windows; with h = 10 cells the Hann leakage floor flattens the band and depths come out
//! ~25 % shallow: keep windows ≥ ~10 h and h ≲ 5 cells, or narrow the band).

use lode_core::Grid;
use lode_geophys::spectral_depth::{ensemble_field, fit_line, spectral_depth};

/// A 256 × 256 field (100 m cells) with amplitude spectrum e^{−|k|h} and pseudo-random phases.
fn field(h: f64) -> Grid {
    ensemble_field(256, 100.0, h, (0.0, 25_600.0), 0x2545_f491_4f6c_dd1d).unwrap()
}

#[test]
fn exponential_spectrum_depth_within_15_percent() {
    let h = 500.0;
    let (depth, unc) = spectral_depth(&field(h), 64, 32).unwrap();
    assert_eq!((depth.cols(), depth.rows()), (7, 7));
    let mut d: Vec<f64> = depth.values.as_f64().iter().copied().collect();
    assert!(d.iter().all(|x| x.is_finite()));
    d.sort_by(|a, b| a.total_cmp(b));
    let med = d[d.len() / 2];
    eprintln!(
        "spectral depth: median {med:.1} m, range {:.1}–{:.1} m",
        d[0],
        d[d.len() - 1]
    );
    assert!((med - h).abs() <= 0.15 * h, "median {med}");
    let good = d.iter().filter(|&&x| (x - h).abs() <= 0.15 * h).count();
    assert!(
        good * 10 >= d.len() * 8,
        "{good} of {} windows within 15 %",
        d.len()
    );
    assert!(unc
        .values
        .as_f64()
        .iter()
        .all(|u| u.is_finite() && *u > 0.0));
    // Window centres: the first output cell is centred on the first window's centre.
    let (x, y) = depth.geometry.cell_center(0, 0);
    assert!((x - 32.0 * 100.0).abs() < 1e-9 && (y - (256.0 - 32.0) * 100.0).abs() < 1e-9);
}

#[test]
fn fit_line_exact() {
    let p: Vec<(f64, f64)> = (0..10).map(|i| (i as f64, 3.0 - 2.0 * i as f64)).collect();
    let (s, se) = fit_line(&p).unwrap();
    assert!((s + 2.0).abs() < 1e-12 && se < 1e-9);
    assert!(fit_line(&p[..2]).is_none());
}

#[test]
fn bad_windows_are_errors() {
    let g = field(500.0);
    assert!(spectral_depth(&g, 300, 32).is_err());
    assert!(spectral_depth(&g, 4, 2).is_err());
    assert!(spectral_depth(&g, 64, 0).is_err());
}
