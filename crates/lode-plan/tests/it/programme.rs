//! Programme design on a rectangular target whose quantities can be counted by hand.

use lode_core::{Grid, GridGeometry};
use lode_plan::costs::{keys, UnitCosts};
use lode_plan::programme::{design_programme, DesignContext, ProgrammeParams};
use lode_plan::targets::{delineate, Target, TargetParams, Threshold};

/// A 200 m (E–W) × 1000 m (N–S) target centred on (500, 1000), 50 m cells; strike 0°, depth 150 m.
fn target() -> Target {
    let g = GridGeometry::new(20, 40, 0.0, 2000.0, 50.0, 50.0).unwrap();
    let mut v = vec![0.1; g.len()];
    for r in 10..30 {
        for c in 8..12 {
            v[r * 20 + c] = 0.9;
        }
    }
    let grid = Grid::new_f64(g, v).unwrap();
    let p = TargetParams {
        threshold: Threshold::Probability(0.5),
        ..Default::default()
    };
    let mut t = delineate(&grid, "gold", &p).unwrap().remove(0);
    t.strike_deg = Some(0.0);
    t.depth_m = Some(150.0);
    t
}

fn dem() -> Grid {
    // z = 1000 + 0.1·x, exact under bilinear interpolation.
    let g = GridGeometry::new(40, 60, -500.0, 2500.0, 50.0, 50.0).unwrap();
    let mut v = Vec::new();
    for r in 0..60 {
        for c in 0..40 {
            let (x, _) = g.cell_center(c, r);
            v.push(1000.0 + 0.1 * x);
        }
    }
    Grid::new_f64(g, v).unwrap()
}

fn qty(ph: &lode_plan::programme::Phase, item: &str) -> f64 {
    ph.lines
        .iter()
        .filter(|l| l.item == item)
        .map(|l| l.quantity)
        .sum()
}

#[test]
fn quantities_follow_the_design_rules() {
    let t = target();
    assert_eq!(t.centroid, (500.0, 1000.0));
    let dem = dem();
    let ctx = DesignContext {
        dem: Some(&dem),
        area: None,
    };
    let costs = UnitCosts::defaults();
    let pp = ProgrammeParams::default();
    let pr = design_programme(&t, &pp, &costs, &ctx).unwrap();
    assert_eq!((pr.strike_length_m, pr.width_m), (1000.0, 200.0));

    // Phase 1: lines every 100 m (1000/8 → 100), samples every 25 m, within 100 m of the target:
    // 11 lines over the target × 17 samples + 2 end lines × 9 samples = 205.
    let p1 = &pr.phases[0];
    assert_eq!(qty(p1, keys::SOIL), 205.0);
    let n_pts = pr
        .features
        .iter()
        .filter(|f| f.kind == "geochem_sample")
        .count();
    assert_eq!(n_pts, 205);
    // Mapping block (1000 + 200) × (200 + 200) m = 0.48 km² at 0.5 km²/day → 1 day → minimum 2.
    // Rock chips: 20/km² × 0.48 = 9.6 → 10. Geologist days: 2 mapping + 5 reporting.
    assert_eq!(qty(p1, keys::ROCK_CHIP), 10.0);
    assert_eq!(qty(p1, keys::GEOLOGIST_DAY), 7.0);

    // Phase 2 (gold: magnetics + IP): spacing min(150/2, 1000/5) = 75 → standard 50 m;
    // 21 lines at −500…500 m along strike, each 200 + 2·300 m = 800 m after clipping.
    let p2 = &pr.phases[1];
    assert!(
        (qty(p2, keys::GROUND_MAG) - 21.0 * 0.8).abs() < 1e-6,
        "{}",
        qty(p2, keys::GROUND_MAG)
    );
    // IP on every 2nd line, the 5 nearest the centre (k = 0, ±2, ±4).
    assert!((qty(p2, keys::IP) - 5.0 * 0.8).abs() < 1e-6);
    assert_eq!(qty(p2, keys::GRAVITY), 0.0);
    let lines: Vec<_> = pr
        .features
        .iter()
        .filter(|f| f.kind == "survey_line")
        .collect();
    assert_eq!(lines.len(), 21);

    // Phase 3: 1000 m / 200 m = 5 fences → at most 4; dip 60° (default) → hole dip 45°,
    // azimuth 270°, collar 150 m east of the axis; length 150/sin 45° + 35 m.
    let p3 = &pr.phases[2];
    assert_eq!(pr.holes.len(), 4);
    let len = 150.0 / 45f64.to_radians().sin() + 35.0;
    let h = &pr.holes[0];
    assert_eq!((h.azimuth_deg, h.dip_deg), (270.0, 45.0));
    assert!((h.length_m - len).abs() < 1e-9);
    assert!((h.collar.0 - 650.0).abs() < 1e-9 && (h.collar.1 - (500.0 + 125.0)).abs() < 1e-9);
    assert!((h.collar_z_m.unwrap() - 1065.0).abs() < 1e-9);
    // End of hole at 175.7 m vertical depth: diamond.
    assert!((qty(p3, keys::DIAMOND) - 4.0 * len).abs() < 1e-9);
    assert_eq!(qty(p3, keys::RC), 0.0);
    assert_eq!(qty(p3, keys::RIG_MOB), 1.0);
    assert_eq!(qty(p3, keys::ASSAY), (4.0 * len).ceil());

    // Costs: each line is quantity × unit cost; contingency and administration on direct costs.
    for ph in &pr.phases {
        for l in &ph.lines {
            assert!((l.cost - l.quantity * l.unit_cost).abs() < 1e-9);
            assert!(!l.source.is_empty() && !l.basis.is_empty());
        }
        assert!((ph.contingency - 0.125 * ph.direct).abs() < 1e-6);
        assert!((ph.administration - 0.10 * ph.direct).abs() < 1e-6);
        assert!((ph.total - ph.lines.iter().map(|l| l.cost).sum::<f64>()).abs() < 1e-6);
    }
    let soil_cost = 205.0 * costs.value(keys::SOIL).unwrap();
    assert!(p1
        .lines
        .iter()
        .any(|l| l.item == keys::SOIL && (l.cost - soil_cost).abs() < 1e-9));
}

#[test]
fn study_area_clips_lines_and_samples() {
    let t = target();
    let costs = UnitCosts::defaults();
    let pp = ProgrammeParams::default();
    // Cut the area at x = 500: lines keep 400 m of their 800 m.
    let ctx = DesignContext {
        dem: None,
        area: Some([0.0, 0.0, 500.0, 2000.0]),
    };
    let pr = design_programme(&t, &pp, &costs, &ctx).unwrap();
    let mag: f64 = pr.phases[1]
        .lines
        .iter()
        .filter(|l| l.item == keys::GROUND_MAG)
        .map(|l| l.quantity)
        .sum();
    assert!((mag - 21.0 * 0.4).abs() < 1e-6, "{mag}");
    assert!(
        pr.features
            .iter()
            .filter(|f| f.kind == "geochem_sample")
            .count()
            < 205
    );
    assert!(pr.holes[0].collar_z_m.is_none());
}
