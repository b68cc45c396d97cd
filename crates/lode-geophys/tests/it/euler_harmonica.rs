//! Euler window solver against Harmonica's `EulerDeconvolution` (tools/make_euler_reference.py):
//! same coordinates, field and derivatives in, same (x0, y0, z0, base) and covariance out.

use lode_geophys::euler::solve_points;

fn csv(name: &str) -> Vec<Vec<f64>> {
    crate::common::csv("euler", name)
}

fn rel(got: f64, want: f64, scale: f64) -> f64 {
    (got - want).abs() / want.abs().max(scale)
}

#[test]
fn agrees_with_harmonica_to_1e6() {
    let field = csv("harmonica_field.csv");
    let windows = csv("harmonica_windows.csv");
    assert!(windows.len() >= 5);
    let n = 40usize;
    assert_eq!(field.len(), n * n);
    for w in &windows {
        let (r0, c0, size, si) = (w[0] as usize, w[1] as usize, w[2] as usize, w[3]);
        let mut cols: [Vec<f64>; 7] = Default::default();
        for r in r0..r0 + size {
            for c in c0..c0 + size {
                let row = &field[r * n + c];
                assert_eq!((row[0] as usize, row[1] as usize), (r, c));
                for k in 0..7 {
                    cols[k].push(row[2 + k]);
                }
            }
        }
        let s = solve_points(
            &cols[0],
            &cols[1],
            &cols[2],
            [&cols[3], &cols[4], &cols[5], &cols[6]],
            si,
        )
        .expect("solution");
        let got = [s.location[0], s.location[1], s.location[2], s.base];
        for k in 0..4 {
            // Positions are compared relative to the window size (coordinates are offsets of
            // order 1e3 m); base relative to itself.
            let scale = if k < 3 { 100.0 } else { 0.0 };
            let e = rel(got[k], w[4 + k], scale);
            assert!(
                e < 1e-6,
                "window {w:?} param {k}: {} vs {} ({e:e})",
                got[k],
                w[4 + k]
            );
            let ev = rel(s.covariance[k][k], w[8 + k], 0.0);
            assert!(
                ev < 1e-5,
                "window {w:?} var {k}: {} vs {}",
                s.covariance[k][k],
                w[8 + k]
            );
        }
    }
}
