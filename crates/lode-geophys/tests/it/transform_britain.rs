//! Transforms on real data: the BGS Britain aeromagnetic cut gridded by lode at 1 km, against
//! Harmonica 0.7 + xrft 1.0 with the same linear-ramp padding (tests/data/transforms_britain,
//! made by tools/make_britain_transform_reference.py). Tolerance: relative RMS difference
//! ≤ 1e-6 over the interior (2-cell margin).

use lode_core::{Grid, GridGeometry};
use lode_geophys::fft::{FftOptions, PadMode};
use lode_geophys::transforms::{apply, DerivMethod, Direction, Op, TransformOptions};

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/data/transforms_britain/"
);

fn meta() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(format!("{DIR}meta.json")).unwrap()).unwrap()
}

fn load(name: &str, n: usize) -> Vec<f64> {
    let b = std::fs::read(format!("{DIR}{name}.f32")).unwrap();
    assert_eq!(b.len(), n * 4, "{name}");
    b.chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]) as f64)
        .collect()
}

#[test]
fn rtp_dz_and_upcont_of_real_data_match_harmonica() {
    let m = meta();
    let (cols, rows) = (
        m["cols"].as_u64().unwrap() as usize,
        m["rows"].as_u64().unwrap() as usize,
    );
    let cell = m["cell"].as_f64().unwrap();
    let geom = GridGeometry::new(
        cols,
        rows,
        m["x0"].as_f64().unwrap(),
        m["y0_top"].as_f64().unwrap(),
        cell,
        cell,
    )
    .unwrap();
    let grid = Grid::new_f64(geom, load("grid", cols * rows)).unwrap();
    let opts = TransformOptions {
        fft: FftOptions::harmonica(
            PadMode::Ramp,
            m["pad_rows"].as_u64().unwrap() as usize,
            m["pad_cols"].as_u64().unwrap() as usize,
        ),
        direction: Some(Direction::induced(
            m["inc"].as_f64().unwrap(),
            m["dec"].as_f64().unwrap(),
        )),
        hderiv: DerivMethod::FiniteDiff,
    };
    // dz is positive down in lode, Harmonica's derivative_upward is positive up.
    for (op, file, sign) in [
        (Op::Rtp, "hm_rtp", 1.0),
        (Op::Dz { n: 1.0 }, "hm_dz", -1.0),
        (
            Op::Upcont {
                h: m["upcont_height"].as_f64().unwrap(),
            },
            "hm_upcont",
            1.0,
        ),
    ] {
        let (g, _) = apply(&grid, &op, &opts).unwrap();
        let got = g.values_f64();
        let want = load(file, cols * rows);
        let (mut num, mut den) = (0.0, 0.0);
        for r in 2..rows - 2 {
            for c in 2..cols - 2 {
                let i = r * cols + c;
                num += (sign * got[i] - want[i]).powi(2);
                den += want[i].powi(2);
            }
        }
        let e = (num / den).sqrt();
        eprintln!("{file}: relative RMS difference {e:.3e}");
        assert!(e <= 1e-6, "{file}: relative RMS difference {e:.3e}");
    }
}
