//! Weights of evidence on the eis-toolkit reference case (tests/data/wofe, EXPECTED.md there):
//! every tabulated value within 5e-5 (the table gives four decimals).
// Tabulated values such as s = 1.4142 are data, not approximations of √2.
#![allow(clippy::approx_constant)]

use lode_prospect::wofe::*;

const TOL: f64 = 5e-5;
const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/wofe");

struct Case {
    classes: Vec<f64>,
    study: Vec<bool>,
    deposits: Vec<usize>,
}

fn case() -> Case {
    let g = lode_io::read_grid(format!("{DIR}/wofe_evidence_raster.tif").as_ref()).unwrap();
    let geometry = g.geometry;
    let classes = g.values.into_f64();
    let study: Vec<bool> = classes.iter().map(|v| v.is_finite()).collect();
    let v = lode_io::read_vector(format!("{DIR}/wofe_deposits.shp").as_ref()).unwrap();
    let (deposits, outside) = deposit_cells(&geometry, &v, &study);
    assert_eq!(outside, 0);
    assert_eq!(deposits.len(), 16);
    Case {
        classes,
        study,
        deposits,
    }
}

fn hist(c: &Case) -> Histogram {
    histogram(&c.classes, &c.study, &c.deposits, 1.0)
}

fn close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() <= TOL, "{what}: got {a}, expected {b}");
}

/// Expected rows: class, cells, points, W+, sW+, W−, sW−, C, sC, studC.
fn check(rows: &[WeightRow], exp: &[[f64; 10]]) {
    for e in exp {
        let r = rows.iter().find(|r| r.class == e[0] as i64).expect("class");
        let k = e[0];
        close(r.cells, e[1], &format!("class {k} cells"));
        close(r.points, e[2], &format!("class {k} points"));
        let w = r.w;
        let got = [
            w.w_plus,
            w.s_w_plus,
            w.w_minus,
            w.s_w_minus,
            w.contrast,
            w.s_contrast,
            w.studentized,
        ];
        for (j, name) in ["W+", "sW+", "W-", "sW-", "C", "sC", "studC"]
            .iter()
            .enumerate()
        {
            close(got[j], e[3 + j], &format!("class {k} {name}"));
        }
    }
}

#[test]
fn histogram_matches_readme() {
    let h = hist(&case());
    let exp = [
        (1, 275.0, 9.0),
        (2, 11.0, 0.0),
        (3, 396.0, 5.0),
        (5, 43.0, 1.0),
        (6, 1.0, 0.0),
        (8, 43.0, 0.0),
        (10, 2.0, 1.0),
        (13, 10.0, 0.0),
    ];
    assert_eq!(h.classes, exp.to_vec());
}

#[test]
fn unique_table_matches_expected() {
    let rows = unique_table(&hist(&case()));
    check(
        &rows,
        &[
            [
                1., 275., 9., 0.4810, 0.3389, -0.3994, 0.3806, 0.8804, 0.5096, 1.7275,
            ],
            [2., 11., 0., 0., 0., 0., 0., 0., 0., 0.],
            [
                3., 396., 5., -0.4920, 0.4501, 0.3409, 0.3059, -0.8329, 0.5442, -1.5306,
            ],
            [
                5., 43., 1., 0.1296, 1.0118, -0.0081, 0.2609, 0.1377, 1.0449, 0.1318,
            ],
            [6., 1., 0., 0., 0., 0., 0., 0., 0., 0.],
            [8., 43., 0., 0., 0., 0., 0., 0., 0., 0.],
            [
                10., 2., 1., 3.8673, 1.4142, -0.0632, 0.2607, 3.9305, 1.4380, 2.7332,
            ],
            [13., 10., 0., 0., 0., 0., 0., 0., 0., 0.],
        ],
    );
}

#[test]
fn ascending_table_matches_expected() {
    let rows = cumulative_table(&hist(&case()), true);
    check(
        &rows,
        &[
            [
                1., 275., 9., 0.4810, 0.3389, -0.3994, 0.3806, 0.8804, 0.5096, 1.7275,
            ],
            [
                2., 286., 9., 0.4405, 0.3387, -0.3771, 0.3807, 0.8176, 0.5095, 1.6046,
            ],
            [
                3., 682., 14., 0.0021, 0.2700, -0.0143, 0.7144, 0.0163, 0.7637, 0.0214,
            ],
            [
                5., 725., 15., 0.0101, 0.2609, -0.1400, 1.0090, 0.1501, 1.0422, 0.1440,
            ],
            [
                6., 726., 15., 0.0087, 0.2609, -0.1217, 1.0092, 0.1304, 1.0424, 0.1251,
            ],
            [
                8., 769., 15., -0.0501, 0.2608, 1.4694, 1.0445, -1.5194, 1.0765, -1.4114,
            ],
            [
                13., 781., 16., -0.0626, 0.2606, 3.8673, 1.4213, -3.9299, 1.4450, -2.7196,
            ],
        ],
    );
    // Class 10: every deposit in the pattern, ArcSDM's 0.99 guard.
    let r = rows.iter().find(|r| r.class == 10).unwrap();
    assert!(r.w.guarded);
    close(r.w.w_plus, -0.0520, "10 W+");
    close(r.w.w_minus, 1.6589, "10 W-");
    close(r.w.contrast, -1.7109, "10 C");
    close(r.w.studentized, -1.5690, "10 studC");
    let cut = generalize(&rows, Generalize::MaxContrastIfStudentized(1.0)).unwrap();
    assert_eq!(rows[cut].class, 1);
    for &(class, gen, w, s) in &generalized_weights(&rows, cut) {
        let (eg, ew, es) = if class == 1 {
            (2, 0.4810, 0.3389)
        } else {
            (1, -0.3994, 0.3806)
        };
        assert_eq!(gen, eg);
        close(w, ew, "gen W");
        close(s, es, "gen s");
    }
}

#[test]
fn descending_table_matches_expected() {
    let rows = cumulative_table(&hist(&case()), false);
    check(
        &rows,
        &[
            [13., 10., 0., 0., 0., 0., 0., 0., 0., 0.],
            [
                10., 12., 1., 1.4694, 1.0445, -0.0501, 0.2608, 1.5194, 1.0765, 1.4114,
            ],
            [
                8., 55., 1., -0.1217, 1.0092, 0.0087, 0.2609, -0.1304, 1.0424, -0.1251,
            ],
            [
                6., 56., 1., -0.1400, 1.0090, 0.0101, 0.2609, -0.1501, 1.0422, -0.1440,
            ],
            [
                5., 99., 2., -0.0143, 0.7144, 0.0021, 0.2700, -0.0163, 0.7637, -0.0214,
            ],
            [
                3., 495., 7., -0.3771, 0.3807, 0.4405, 0.3387, -0.8176, 0.5095, -1.6046,
            ],
            [
                2., 506., 7., -0.3994, 0.3806, 0.4810, 0.3389, -0.8804, 0.5096, -1.7275,
            ],
            [
                1., 781., 16., -0.0626, 0.2606, 3.8673, 1.4213, -3.9299, 1.4450, -2.7196,
            ],
        ],
    );
    let cut = generalize(&rows, Generalize::MaxContrastIfStudentized(1.0)).unwrap();
    for &(class, gen, w, s) in &generalized_weights(&rows, cut) {
        let (eg, ew, es) = if class >= 10 {
            (2, 1.4694, 1.0445)
        } else {
            (1, -0.0501, 0.2608)
        };
        assert_eq!(gen, eg, "class {class}");
        close(w, ew, "gen W");
        close(s, es, "gen s");
    }
}

#[test]
fn categorical_pooling_matches_expected() {
    let h = hist(&case());
    let u = unique_table(&h);
    for &(class, gen, w, s) in &categorical_weights(&h, 1.0) {
        if [1, 3, 10].contains(&class) {
            let r = u.iter().find(|r| r.class == class).unwrap();
            assert_eq!(gen, class);
            assert_eq!((w, s), (r.w.w_plus, r.w.s_w_plus));
        } else {
            assert_eq!(gen, POOLED);
            close(w, -0.8055, "pooled W");
            close(s, 1.0047, "pooled s");
        }
    }
}

#[test]
fn posterior_and_ci_match_expected() {
    let c = case();
    let g = Generalize::MaxContrastIfStudentized(1.0);
    let layers = [
        Layer {
            classes: &c.classes,
            kind: LayerType::Ascending(g),
        },
        Layer {
            classes: &c.classes,
            kind: LayerType::Descending(g),
        },
    ];
    // eis-toolkit rounds the weights to four decimals before the posterior.
    let m = fit(&layers, &c.study, &c.deposits, 1.0, Some(4)).unwrap();
    close(m.prior, 16.0 / 781.0, "prior");
    let exp = [
        (0.013167, 0.00690951, 494),
        (0.03117743, 0.01544368, 275),
        (0.05747095, 0.06548503, 12),
    ];
    for (p, s, n) in exp {
        let idx: Vec<usize> = (0..m.posterior.len())
            .filter(|&i| c.study[i] && (m.posterior[i] - p).abs() < 1e-5)
            .collect();
        assert_eq!(idx.len(), n, "cells with posterior {p}");
        for i in idx {
            close(m.posterior_std[i], s, "posterior std");
        }
    }
    assert!((m.ci.t - 15.76794227613399).abs() < TOL, "T = {}", m.ci.t);
    close(m.ci.n_over_t, 1.0147, "n/T");
    assert!(m
        .posterior
        .iter()
        .zip(&c.study)
        .all(|(p, &s)| s == p.is_finite()));
    assert!(m.auc > 0.5 && m.auc < 1.0, "auc {}", m.auc);
    // Full-precision weights: T moves by 7e-4 only.
    let full = fit(&layers, &c.study, &c.deposits, 1.0, None).unwrap();
    assert!(
        (full.ci.t - 15.76794227613399).abs() < 1e-3,
        "T = {}",
        full.ci.t
    );
}

#[test]
fn generalisation_rules_on_tabulated_example() {
    let t = [
        [0.5059, 0.4083, -0.0877, 0.1961, 0.5936, 0.4529, 1.3106],
        [0.4387, 0.3015, -0.1706, 0.2182, 0.6093, 0.3722, 1.6371],
        [0.3942, 0.2426, -0.3142, 0.2582, 0.7084, 0.3543, 1.9997],
        [0.2571, 0.2236, -0.3205, 0.2887, 0.5777, 0.3652, 1.5819],
        [0.2877, 0.1961, -0.7339, 0.4083, 1.0216, 0.4529, 2.2555],
        [0.2683, 0.1826, -1.5107, 0.7071, 1.7790, 0.7303, 2.4360],
        [0.1722, 0.1796, -1.7844, 1.0050, 1.9566, 1.0210, 1.9164],
        [0.0608, 0.1796, -1.0464, 1.0051, 1.1072, 1.0210, 1.0844],
        [-0.0314, 0.1796, 9.4195, 1.4213, -9.4509, 1.4326, -6.5968],
    ];
    let rows: Vec<WeightRow> = t
        .iter()
        .enumerate()
        .map(|(i, r)| WeightRow {
            class: i as i64 + 1,
            cells: 100.0 * (i + 1) as f64,
            points: 10.0,
            w: Weights {
                w_plus: r[0],
                s_w_plus: r[1],
                w_minus: r[2],
                s_w_minus: r[3],
                contrast: r[4],
                s_contrast: r[5],
                studentized: r[6],
                guarded: false,
            },
        })
        .collect();
    let gens = |rule| -> Vec<i64> {
        let cut = generalize(&rows, rule).unwrap();
        generalized_weights(&rows, cut)
            .iter()
            .map(|c| c.1)
            .collect()
    };
    assert_eq!(gens(Generalize::Manual(5)), [2, 2, 2, 2, 2, 1, 1, 1, 1]);
    assert_eq!(gens(Generalize::MaxContrast), [2, 2, 2, 2, 2, 2, 2, 1, 1]);
    assert_eq!(
        gens(Generalize::MaxContrastIfStudentized(1.0)),
        [2, 2, 2, 2, 2, 2, 2, 1, 1]
    );
    assert!(generalize(&rows, Generalize::MaxContrastIfStudentized(2.0)).is_err());
    assert_eq!(
        gens(Generalize::MaxContrastAmongStudentized(2.0)),
        [2, 2, 2, 2, 2, 2, 1, 1, 1]
    );
    assert!(generalize(&rows, Generalize::MaxContrastAmongStudentized(2.5)).is_err());
    assert_eq!(
        gens(Generalize::MaxStudentized),
        [2, 2, 2, 2, 2, 2, 1, 1, 1]
    );
}

#[test]
fn guards_never_give_nan() {
    for (b, bd, t, d) in [
        (781., 16., 781., 16.),
        (16., 16., 781., 16.),
        (0., 0., 781., 16.),
        (5., 8., 781., 16.),
    ] {
        let w = binary_weights(b, bd, t, d);
        for v in [
            w.w_plus,
            w.s_w_plus,
            w.w_minus,
            w.s_w_minus,
            w.contrast,
            w.s_contrast,
            w.studentized,
        ] {
            assert!(v.is_finite(), "{b} {bd}: {w:?}");
        }
    }
}
