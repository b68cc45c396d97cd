//! Minimum curvature against GMT `surface` on real data: a cut of the Britain aeromagnetic
//! survey (tests/data/gridding, made by tools/make_gridding_reference.sh).

use lode_geophys::gridding::{grid_points, SurfaceParams};

fn read_csv(name: &str) -> Vec<Vec<f64>> {
    let p = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/gridding/");
    let text = std::fs::read_to_string(format!("{p}{name}")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| l.split(',').take(3).map(|v| v.parse().unwrap()).collect())
        .collect()
}

#[test]
fn agrees_with_gmt_surface_on_britain_cut() {
    let data = read_csv("britain_cut_utm30n.csv");
    let xs: Vec<f64> = data.iter().map(|r| r[0]).collect();
    let ys: Vec<f64> = data.iter().map(|r| r[1]).collect();
    let zs: Vec<f64> = data.iter().map(|r| r[2]).collect();
    let mut p = SurfaceParams::new(1000.0);
    p.tension = 0.25;
    p.region = Some([530_000.0, 5_900_000.0, 590_000.0, 5_955_000.0]);
    let g = grid_points(&xs, &ys, &zs, &p).unwrap();
    let reference = read_csv("gmt_surface_t025_1km.csv");
    assert_eq!(reference.len(), g.cols() * g.rows());
    // Interior: nodes at least 5 km inside the region and within the data's hull region.
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for r in &reference {
        let (x, y) = (r[0], r[1]);
        if !(535_000.0..=585_000.0).contains(&x) || !(5_905_000.0..=5_950_000.0).contains(&y) {
            continue;
        }
        let (c, row) = g.geometry.cell_of(x, y).unwrap();
        a.push(g.get(c, row));
        b.push(r[2]);
    }
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(&b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    let corr = cov / (va * vb).sqrt();
    let rms_diff = (a.iter().zip(&b).map(|(x, y)| (x - y).powi(2)).sum::<f64>() / n).sqrt();
    let rms_ref = (vb / n).sqrt();
    let rel = rms_diff / rms_ref;
    eprintln!("lode vs gmt surface: {} interior nodes, correlation {corr:.5}, relative RMS difference {rel:.4}", a.len());
    // Measured: correlation 0.99984, relative RMS difference 0.018 (GMT uses its own stride
    // sequence and data-constraint weights, so the two surfaces differ in detail between lines).
    assert!(corr > 0.9995, "correlation {corr}");
    assert!(rel < 0.03, "relative RMS difference {rel}");
}
