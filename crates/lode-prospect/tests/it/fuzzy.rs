//! Fuzzy memberships and operators against the independent numpy reference
//! (tools/make_fuzzy_reference.py → tests/data/fuzzy/), to 1e-12.

use lode_prospect::fuzzy::{index_overlay, Membership, Operator, Threshold};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/fuzzy");
const TOL: f64 = 1e-12;

fn num(s: &str) -> f64 {
    if s == "nan" {
        f64::NAN
    } else {
        s.parse().unwrap_or_else(|e| panic!("bad number {s}: {e}"))
    }
}

fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || (a - b).abs() <= TOL
}

#[derive(serde::Deserialize)]
struct Case {
    name: String,
    membership: Membership,
    legend: Option<Vec<(i64, String)>>,
}

#[test]
fn fuzzy_memberships_match_numpy_reference() {
    let cases: Vec<Case> = serde_json::from_str(
        &std::fs::read_to_string(format!("{DIR}/membership_cases.json")).unwrap(),
    )
    .unwrap();
    let csv = std::fs::read_to_string(format!("{DIR}/membership.csv")).unwrap();
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(cases.len(), 15);
    let mut checked = 0;
    for case in &cases {
        let (x, want): (Vec<f64>, Vec<f64>) = rows
            .iter()
            .filter(|r| r[0] == case.name)
            .map(|r| (num(r[2]), num(r[3])))
            .unzip();
        assert!(x.len() > 10, "{}", case.name);
        let got = case
            .membership
            .apply(&x, case.legend.as_deref())
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            assert!(
                same(*g, *w),
                "{} [{i}] x={}: lode {g} numpy {w}",
                case.name,
                x[i]
            );
            checked += 1;
        }
        // NaN in → NaN out; everything else within 0–1.
        for (xi, g) in x.iter().zip(&got) {
            assert_eq!(xi.is_nan(), g.is_nan(), "{}", case.name);
            assert!(g.is_nan() || (0.0..=1.0).contains(g), "{}: {g}", case.name);
        }
    }
    assert_eq!(checked, 661);
}

#[test]
fn fuzzy_operators_match_numpy_reference() {
    let csv = std::fs::read_to_string(format!("{DIR}/operators.csv")).unwrap();
    let mut lines = csv.lines();
    let weights: Vec<f64> = lines
        .next()
        .unwrap()
        .trim_start_matches("# weights for index_overlay: ")
        .split(',')
        .map(num)
        .collect();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let rows: Vec<Vec<f64>> = lines.map(|l| l.split(',').map(num).collect()).collect();
    let col = |name: &str| -> Vec<f64> {
        let k = head.iter().position(|h| *h == name).unwrap();
        rows.iter().map(|r| r[k]).collect()
    };
    let (m1, m2, m3) = (col("m1"), col("m2"), col("m3"));
    let inputs: [&[f64]; 3] = [&m1, &m2, &m3];
    let ops = [
        ("and", Operator::And),
        ("or", Operator::Or),
        ("product", Operator::Product),
        ("sum", Operator::Sum),
        ("gamma_0.0", Operator::Gamma { gamma: 0.0 }),
        ("gamma_0.5", Operator::Gamma { gamma: 0.5 }),
        ("gamma_0.9", Operator::Gamma { gamma: 0.9 }),
        ("gamma_1.0", Operator::Gamma { gamma: 1.0 }),
        ("index_overlay", Operator::IndexOverlay),
    ];
    for (name, op) in ops {
        let got = op.combine(&inputs, &weights).unwrap();
        let want = col(name);
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            assert!(same(*g, *w), "{name} [{i}]: lode {g} numpy {w}");
        }
        assert!(got[5].is_nan(), "{name}: NaN input must give NaN");
    }
    let io = index_overlay(&inputs, &weights).unwrap();
    let want = col("index_overlay");
    assert!(io.iter().zip(&want).all(|(a, b)| same(*a, *b)));
    // γ = 1 is the algebraic sum and γ = 0 the product.
    let (g1, sum) = (col("gamma_1.0"), col("sum"));
    assert!(g1.iter().zip(&sum).all(|(a, b)| same(*a, *b)));
}

#[test]
fn fuzzy_bad_parameters_are_refused_clearly() {
    let x = [1.0, 2.0, 3.0];
    let e = Operator::Gamma { gamma: 1.5 }
        .combine(&[&x], &[1.0])
        .unwrap_err();
    assert!(e.to_string().contains("gamma 1.5"), "{e}");
    let e = Operator::IndexOverlay
        .combine(&[&x, &x], &[1.0])
        .unwrap_err();
    assert!(e.to_string().contains("1 weights for 2 maps"), "{e}");
    let e = Operator::And.combine(&[&x, &x[..2]], &[]).unwrap_err();
    assert!(e.to_string().contains("different numbers of cells"), "{e}");
    let m = Membership::Large {
        midpoint: Threshold::Value(10.0),
        spread: -1.0,
    };
    assert!(m
        .apply(&x, None)
        .unwrap_err()
        .to_string()
        .contains("spread"));
    let m = Membership::Small {
        midpoint: Threshold::Value(0.0),
        spread: 2.0,
    };
    assert!(m
        .apply(&x, None)
        .unwrap_err()
        .to_string()
        .contains("midpoint"));
    let m = Membership::Linear {
        min: Threshold::pct(120.0),
        max: Threshold::Value(1.0),
    };
    assert!(m.apply(&x, None).unwrap_err().to_string().contains("0–100"));
    let m = Membership::Large {
        midpoint: Threshold::pct(50.0),
        spread: 2.0,
    };
    let e = m.apply(&[f64::NAN, f64::NAN], None).unwrap_err();
    assert!(e.to_string().contains("no finite values"), "{e}");
}

#[test]
fn fuzzy_memberships_read_from_toml() {
    #[derive(serde::Deserialize)]
    struct Doc {
        m: Vec<Membership>,
    }
    let doc: Doc = toml::from_str(
        r#"
        [[m]]
        type = "linear"
        min = 0
        max = { percentile = 90 }
        [[m]]
        type = "large"
        midpoint = { percentile = 50, of_positive = true }
        spread = 2
        [[m]]
        type = "categorical"
        default = 0.1
        classes = [ { names = ["bif", "iron formation"], score = 1.0 }, { codes = [7], score = 0.5 } ]
        "#,
    )
    .unwrap();
    assert_eq!(
        doc.m[0],
        Membership::Linear {
            min: Threshold::Value(0.0),
            max: Threshold::pct(90.0)
        }
    );
    assert_eq!(
        doc.m[1],
        Membership::Large {
            midpoint: Threshold::pct_positive(50.0),
            spread: 2.0
        }
    );
    let legend = vec![(4, "Banded-Iron-Formation".to_string())];
    let mu = doc.m[2]
        .apply(&[4.0, 7.0, 3.0, f64::NAN], Some(&legend))
        .unwrap();
    assert_eq!(&mu[..3], &[1.0, 0.5, 0.1]);
    assert!(mu[3].is_nan());
}
