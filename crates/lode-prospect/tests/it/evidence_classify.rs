//! Classification against jenkspy and mapclassify (tests/data/evidence/classify.json, made by
//! tools/make_evidence_reference.py) on a real aeromagnetic grid.

use crate::evidence_common;

mod evidence {
    use super::evidence_common::*;
    use lode_core::{Grid, GridGeometry};
    use lode_prospect::evidence::classify::{classify, jenks_breaks, Method};

    fn britain() -> Grid {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/transforms_britain/grid.f32"
        ))
        .unwrap();
        let v: Vec<f32> = bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let g = GridGeometry::new(61, 56, 529_500.0, 5_955_500.0, 1000.0, 1000.0).unwrap();
        Grid::new_f32(g, v).unwrap()
    }

    fn reference() -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(data("classify.json")).unwrap()).unwrap()
    }

    fn list(v: &serde_json::Value) -> Vec<f64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().parse().unwrap())
            .collect()
    }

    #[test]
    fn natural_breaks_identical_to_jenkspy() {
        let (grid, r) = (britain(), reference());
        assert_eq!(r["n"].as_u64().unwrap() as usize, grid.geometry.len());
        for k in [3usize, 5, 7] {
            let want = list(&r["jenks"][k.to_string()]);
            let (classes, edges) =
                classify(&grid, &Method::NaturalBreaks { max_sample: 4000 }, k).unwrap();
            assert_eq!(edges, want, "k = {k}");
            let c = classes.values_f64();
            for (i, &v) in grid.values_f64().iter().enumerate() {
                let want_class = want[1..k].iter().filter(|&&b| b < v).count() + 1;
                assert_eq!(c[i], want_class as f64);
            }
        }
    }

    #[test]
    fn fisher_jenks_identical_to_mapclassify_on_400_values() {
        let r = reference();
        let mut v: Vec<f64> = britain().values_f64()[..400].to_vec();
        v.sort_by(f64::total_cmp);
        for k in [3usize, 5, 7] {
            let edges = jenks_breaks(&v, k).unwrap();
            assert_eq!(
                edges[1..].to_vec(),
                list(&r["fisher_jenks_first400"][k.to_string()]),
                "k = {k}"
            );
        }
    }

    #[test]
    fn quantiles_and_equal_intervals_identical_to_mapclassify() {
        let (grid, r) = (britain(), reference());
        for k in [3usize, 5, 7] {
            let (_, q) = classify(&grid, &Method::Quantile, k).unwrap();
            assert_eq!(
                q[1..].to_vec(),
                list(&r["quantile"][k.to_string()]),
                "quantile k = {k}"
            );
            let (c, e) = classify(&grid, &Method::EqualInterval, k).unwrap();
            assert_eq!(
                e[1..].to_vec(),
                list(&r["equal_interval"][k.to_string()]),
                "equal k = {k}"
            );
            let counts: Vec<usize> = (1..=k)
                .map(|n| c.values_f64().iter().filter(|&&x| x == n as f64).count())
                .collect();
            assert_eq!(counts.iter().sum::<usize>(), grid.geometry.len());
        }
    }

    #[test]
    fn manual_breaks_nodata_and_bad_input() {
        let g = GridGeometry::new(5, 1, 0.0, 0.0, 1.0, 1.0).unwrap();
        let grid = Grid::new_f64(g, vec![1.0, 2.0, f64::NAN, 3.0, 10.0]).unwrap();
        let (c, e) = classify(&grid, &Method::Manual(vec![2.0, 5.0]), 0).unwrap();
        assert_eq!(e, vec![1.0, 2.0, 5.0, 10.0]);
        let v = c.values_f64();
        assert_eq!((v[0], v[1], v[3], v[4]), (1.0, 1.0, 2.0, 3.0));
        assert!(v[2].is_nan());
        assert!(classify(&grid, &Method::Manual(vec![5.0, 2.0]), 0).is_err());
        assert!(classify(&grid, &Method::EqualInterval, 1).is_err());
        assert!(classify(&grid, &Method::EqualInterval, 1 << 40).is_err());
        assert!(classify(
            &grid,
            &Method::NaturalBreaks {
                max_sample: 1 << 30
            },
            3
        )
        .is_err());
        assert!(classify(&grid, &Method::NaturalBreaks { max_sample: 100 }, 5).is_err());
        let empty = Grid::filled(g, f64::NAN).unwrap();
        assert!(classify(&empty, &Method::Quantile, 3).is_err());
    }

    #[test]
    fn large_grids_are_sampled_deterministically() {
        let g = GridGeometry::new(400, 250, 0.0, 0.0, 1.0, 1.0).unwrap();
        let v: Vec<f64> = (0..g.len())
            .map(|i| {
                let x = (i as f64 * 0.618_033_988_75).fract();
                if x < 0.3 {
                    x * 10.0
                } else if x < 0.7 {
                    50.0 + x
                } else {
                    100.0 + 30.0 * x
                }
            })
            .collect();
        let grid = Grid::new_f64(g, v).unwrap();
        let m = Method::NaturalBreaks { max_sample: 3000 };
        let t = std::time::Instant::now();
        let (a, ea) = classify(&grid, &m, 3).unwrap();
        eprintln!(
            "natural breaks of 100000 cells (3000 sampled): {:?}",
            t.elapsed()
        );
        let (b, eb) = classify(&grid, &m, 3).unwrap();
        assert_eq!(ea, eb);
        assert_eq!(a.values_f64(), b.values_f64());
        // The three clusters are found.
        assert!(ea[1] < 3.0 && ea[2] > 50.0 && ea[2] < 51.0, "{ea:?}");
    }
}
