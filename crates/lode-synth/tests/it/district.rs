//! The synthetic district: rules of the deposits, physics of the fields, determinism.

use lode_synth::district::deposits::Commodity;
use lode_synth::district::geology::Lithology;
use lode_synth::district::soil;
use lode_synth::district::{District, InducingField, SIZE};

fn field() -> InducingField {
    InducingField {
        intensity_nt: 57_800.0,
        inclination_deg: -66.0,
        declination_deg: -1.0,
    }
}

#[test]
fn deposits_follow_mineral_system_rules() {
    let d = District::build(7, field()).unwrap();
    let count = |c| d.deposits.iter().filter(|x| x.commodity == c).count();
    assert!(
        count(Commodity::Gold) >= 15,
        "gold {}",
        count(Commodity::Gold)
    );
    assert!(count(Commodity::Iron) >= 5);
    assert!(count(Commodity::RareMetals) >= 5);
    let withheld = d.deposits.iter().filter(|x| !x.known).count();
    assert!(withheld > 0 && withheld < d.deposits.len());
    for dep in &d.deposits {
        assert!(dep.x > d.frame.x0 && dep.x < d.frame.x0 + SIZE);
        assert!(dep.y > d.frame.y0 && dep.y < d.frame.y0 + SIZE);
        match dep.style {
            "bif-hosted" => assert_eq!(d.layout.lithology(dep.x, dep.y), Lithology::Bif),
            "carbonatite" => assert!(d.layout.syenite.level(dep.x, dep.y) < 1.0),
            "orogenic" => {
                // Within 400 m of a shear zone.
                let near = d.layout.shears().iter().any(|(_, l)| {
                    use geo::{Distance, Euclidean};
                    Euclidean.distance(&geo::Point::new(dep.x, dep.y), l) < 400.0
                });
                assert!(near, "gold deposit {} is off the shears", dep.id);
            }
            _ => {}
        }
    }
}

#[test]
fn fields_show_the_geology() {
    let d = District::build(7, field()).unwrap();
    // BIF (susceptibility 0.45) stands out magnetically against felsic volcanics next to it.
    let y = d.frame.y0 + 20_000.0;
    let x_bif = d.layout.axis_x(y) - 850.0;
    let x_felsic = d.layout.axis_x(y) + 1_000.0;
    let t_bif = d.sample(&d.tmi, x_bif, y);
    let t_fel = d.sample(&d.tmi, x_felsic, y);
    assert!(
        t_bif.abs() > 200.0 + t_fel.abs(),
        "BIF {t_bif} nT vs felsic {t_fel} nT"
    );
    // The dense greenstone belt is a gravity high relative to the granite plutons.
    let g = &d.layout.granites[0];
    let g_granite = d.sample(&d.gravity, g.cx, g.cy);
    let g_belt = d.sample(&d.gravity, d.layout.axis_x(y) - 5_000.0, y);
    assert!(
        g_belt > g_granite + 5.0,
        "belt {g_belt} mGal vs granite {g_granite} mGal"
    );
    // Soil geochemistry: more than 6σ of the widest halo (As, σ = 2·(r + 250 m)) from every
    // deposit, the bedrock background mixed with the cover's by e^{−t/5 m} (halo terms
    // ≤ 15·e^{−18} ≈ 2e-7, tolerance 1e-6); at an outcropping gold deposit, Au at least 81 × its
    // background (its own halo).
    let (x, y) = (d.frame.x0 + 1_000.0, d.frame.y0 + 1_000.0);
    let far = d
        .deposits
        .iter()
        .all(|dep| (dep.x - x).hypot(dep.y - y) > 6.0 * 2.0 * (dep.radius + 300.0));
    assert!(far);
    let w = (-d.surface.cover(x, y) / soil::COVER_MASK_M).exp();
    let bg = soil::background(d.layout.lithology(x, y));
    let c = soil::concentrations(&d, x, y);
    for k in 0..5 {
        let want = w * bg[k] + (1.0 - w) * soil::COVER_BACKGROUND[k];
        assert!(
            (c[k] - want).abs() <= 1e-9 * want,
            "{k}: {} vs {want}",
            c[k]
        );
    }
    let outcropping = d
        .deposits
        .iter()
        .filter(|dep| dep.commodity == Commodity::Gold && d.surface.cover(dep.x, dep.y) == 0.0);
    let mut n = 0;
    for dep in outcropping {
        let au = soil::concentrations(&d, dep.x, dep.y)[0];
        let bg = soil::background(d.layout.lithology(dep.x, dep.y))[0];
        assert!(
            au >= 81.0 * bg * (1.0 - 1e-12),
            "deposit {}: {au} ppb",
            dep.id
        );
        n += 1;
    }
    assert!(n > 0, "no outcropping gold deposit");
    // The survey: 80 × 80 samples, below-detection values written as the negative limit.
    let csv = soil::survey_csv(&d, 500.0, &mut lode_synth::rng::Rng::new(3));
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 6400);
    for r in &rows {
        let v: Vec<f64> = r.split(',').skip(3).map(|t| t.parse().unwrap()).collect();
        for (k, x) in v.iter().enumerate() {
            assert!(*x >= soil::DETECTION[k] || *x == -soil::DETECTION[k], "{r}");
        }
    }
}

#[test]
fn same_seed_same_district_other_seed_other_district() {
    let a = District::build(11, field()).unwrap();
    let b = District::build(11, field()).unwrap();
    let c = District::build(12, field()).unwrap();
    assert_eq!(a.deposits, b.deposits);
    assert_eq!(a.tmi, b.tmi);
    assert_ne!(a.deposits, c.deposits);
}

#[test]
fn inducing_field_is_igrf_at_the_centre() {
    // WGS 84 / UTM 50S (420000, 6720000) is about 29.6°S, 116.2°E (Western Australia), where
    // the field in 2024 is ≈ 57,000–59,000 nT, inclination ≈ −66°, declination ≈ −1°.
    let f = InducingField::igrf_at_district().unwrap();
    assert!((55_000.0..60_000.0).contains(&f.intensity_nt), "{f:?}");
    assert!((-70.0..-62.0).contains(&f.inclination_deg), "{f:?}");
    assert!((-4.0..2.0).contains(&f.declination_deg), "{f:?}");
}
