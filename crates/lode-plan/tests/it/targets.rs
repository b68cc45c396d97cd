//! Target delineation on small synthetic prospectivity grids with known answers.

use geo::Area;
use geo_types::{Coord, Geometry, LineString};
use lode_core::{AttrValue, FieldDef, FieldKind, Grid, GridGeometry, VectorLayer};
use lode_plan::targets::{
    attach_depth, attach_evidence, attach_strike, attach_uncertainty, delineate, rank,
    TargetParams, Threshold, ValueParams,
};

/// 20 × 16 grid of 100 m cells, origin (0, 1600); background 0.1.
fn grid(cells: &[((usize, usize), f64)]) -> Grid {
    let g = GridGeometry::new(20, 16, 0.0, 1600.0, 100.0, 100.0).unwrap();
    let mut v = vec![0.1; g.len()];
    for &((c, r), x) in cells {
        v[r * 20 + c] = x;
    }
    Grid::new_f64(g, v).unwrap()
}

fn block(c0: usize, c1: usize, r0: usize, r1: usize, x: f64) -> Vec<((usize, usize), f64)> {
    let mut out = Vec::new();
    for r in r0..r1 {
        for c in c0..c1 {
            out.push(((c, r), x));
        }
    }
    out
}

#[test]
fn components_outlines_holes_and_minimum_size() {
    // A: 6 × 3 block (peak 0.9); B: 5 × 5 ring with a one-cell hole (0.7);
    // C: a single cell (0.95) below the minimum size; D: two cells touching at a corner (0.6).
    let mut cells = block(1, 7, 1, 4, 0.8);
    cells.push(((3, 2), 0.9));
    for ((c, r), _) in block(10, 15, 8, 13, 0.0) {
        if (c, r) != (12, 10) {
            cells.push(((c, r), 0.7));
        }
    }
    cells.push(((18, 1), 0.95));
    cells.push(((2, 12), 0.6));
    cells.push(((3, 13), 0.6));
    let g = grid(&cells);
    let p = TargetParams {
        threshold: Threshold::Probability(0.5),
        min_cells: 2,
        ..Default::default()
    };
    let t = delineate(&g, "gold", &p).unwrap();
    assert_eq!(
        t.len(),
        3,
        "{:?}",
        t.iter().map(|t| &t.id).collect::<Vec<_>>()
    );
    // Numbered by peak: A (0.9), B (0.7), D (0.6).
    assert_eq!(t[0].id, "AU-01");
    assert_eq!((t[0].cells, t[0].peak), (18, 0.9));
    assert!((t[0].area_km2 - 0.18).abs() < 1e-12);
    assert!((t[0].centroid.0 - 400.0).abs() < 1e-9 && (t[0].centroid.1 - 1350.0).abs() < 1e-9);
    let mean = (17.0 * 0.8 + 0.9) / 18.0;
    assert!((t[0].mean - mean).abs() < 1e-12);
    // Polygon area equals cells × cell area; the ring keeps its hole.
    for x in &t {
        assert!(
            (x.polygon.unsigned_area() - x.cells as f64 * 1e4).abs() < 1e-6,
            "{}",
            x.id
        );
    }
    assert_eq!(t[1].cells, 24);
    assert_eq!(t[1].polygon.0.len(), 1);
    assert_eq!(t[1].polygon.0[0].interiors().len(), 1);
    // Rectangle A is a 4-vertex ring (closed: 5 coordinates).
    assert_eq!(t[0].polygon.0[0].exterior().0.len(), 5);
    // D: one 8-connected target, two polygons touching at a corner.
    assert_eq!((t[2].cells, t[2].polygon.0.len()), (2, 2));
    assert_eq!(t[2].commodity, "gold");
}

#[test]
fn merge_gap_joins_nearby_components_and_area_share_threshold() {
    // Two 3 × 3 blocks 200 m apart edge to edge.
    let mut cells = block(2, 5, 2, 5, 0.9);
    cells.extend(block(7, 10, 2, 5, 0.85));
    let g = grid(&cells);
    let base = TargetParams {
        threshold: Threshold::Probability(0.5),
        ..Default::default()
    };
    assert_eq!(delineate(&g, "iron", &base).unwrap().len(), 2);
    let merged = TargetParams {
        merge_gap_m: 200.0,
        ..base.clone()
    };
    let t = delineate(&g, "iron", &merged).unwrap();
    assert_eq!((t.len(), t[0].cells, t[0].id.as_str()), (1, 18, "FE-01"));
    assert_eq!(t[0].polygon.0.len(), 2);
    let short = TargetParams {
        merge_gap_m: 199.0,
        ..base
    };
    assert_eq!(delineate(&g, "iron", &short).unwrap().len(), 2);
    // Top 18 of 320 cells = 5.625 % of the area: exactly the two blocks.
    let share = TargetParams {
        threshold: Threshold::AreaShare(18.0 / 320.0),
        ..Default::default()
    };
    let t = delineate(&g, "iron", &share).unwrap();
    assert_eq!(t.iter().map(|t| t.cells).sum::<usize>(), 18);
}

#[test]
fn no_target_above_threshold_is_a_clear_error() {
    let g = grid(&[((1, 1), 0.3)]);
    let p = TargetParams {
        threshold: Threshold::Probability(0.5),
        ..Default::default()
    };
    let e = delineate(&g, "gold", &p).unwrap_err().to_string();
    assert!(e.contains("threshold"), "{e}");
    let small = TargetParams {
        threshold: Threshold::Probability(0.2),
        min_area_km2: 0.5,
        ..Default::default()
    };
    let e = delineate(&g, "gold", &small).unwrap_err().to_string();
    assert!(e.contains("minimum size"), "{e}");
}

#[test]
fn depth_strike_evidence_uncertainty_and_rank() {
    let mut cells = block(1, 7, 1, 4, 0.8);
    cells.extend(block(12, 14, 6, 14, 0.6));
    let g = grid(&cells);
    let p = TargetParams {
        threshold: Threshold::Probability(0.5),
        ..Default::default()
    };
    let mut t = delineate(&g, "gold", &p).unwrap();
    // Euler: three solutions in/near A (median 120 m), one far away.
    let euler = [
        (300.0, 1350.0, 100.0),
        (450.0, 1300.0, 120.0),
        (790.0, 1350.0, 400.0),
        (1900.0, 100.0, 5.0),
    ];
    attach_depth(&mut t, &euler, 100.0, 150.0);
    assert_eq!(t[0].depth_m, Some(120.0));
    assert!(t[0].depth_source.contains("median of 3"));
    assert_eq!(t[1].depth_m, Some(150.0));
    assert!(t[1].depth_source.contains("default"));

    // A fault striking 045° through A; none near B (long axis N–S).
    let mut faults = VectorLayer::new(
        "faults",
        vec![
            FieldDef {
                name: "dip".into(),
                kind: FieldKind::Float,
            },
            FieldDef {
                name: "dip_dir".into(),
                kind: FieldKind::Float,
            },
        ],
    );
    let ls = LineString(vec![
        Coord {
            x: 100.0,
            y: 1100.0,
        },
        Coord {
            x: 500.0,
            y: 1500.0,
        },
    ]);
    faults
        .push(
            Some(Geometry::LineString(ls)),
            vec![AttrValue::Float(70.0), AttrValue::Float(135.0)],
        )
        .unwrap();
    attach_strike(&mut t, &faults, 50.0);
    assert!((t[0].strike_deg.unwrap() - 45.0).abs() < 1e-9);
    assert_eq!(t[0].dip_deg, Some(70.0));
    assert!((t[0].dip_direction_deg.unwrap() - 135.0).abs() < 1e-9);
    let s1 = t[1].strike_deg.unwrap();
    assert!(s1.min(180.0 - s1) < 1e-6, "B strikes N–S: {s1}");
    assert!(t[1].strike_source.contains("long axis"));

    // Evidence: a layer equal to x / 1000 → mean of the cell centres' x / 1000.
    let ev = g
        .with_values_f64(
            (0..320)
                .map(|i| ((i % 20) as f64 * 100.0 + 50.0) / 1000.0)
                .collect(),
        )
        .unwrap();
    let std = g.with_values_f64(vec![0.05; 320]).unwrap();
    attach_evidence(&mut t, &[("x_km".to_string(), &ev)]);
    assert!((t[0].evidence[0].value - 0.4).abs() < 1e-12);
    attach_uncertainty(&mut t, &std);
    assert!((t[0].uncertainty.unwrap() - 0.05).abs() < 1e-12);

    // EV = P·V − C with P = peak × 0.01 and V(gold) = 50 M.
    let vp = ValueParams::default();
    rank(&mut t, &vp, |x| if x.id == "AU-01" { 1e6 } else { 0.0 });
    let ev_a = 0.8 * 0.01 * 50e6 - 1e6;
    assert!((t[0].expected_value - ev_a).abs() < 1e-6);
    assert!((t[1].expected_value - 0.6 * 0.01 * 50e6).abs() < 1e-6);
    // A's cost makes its EV negative: B ranks first.
    assert_eq!((t[0].rank, t[1].rank), (2, 1));
}
