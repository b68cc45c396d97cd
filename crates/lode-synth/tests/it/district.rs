//! The synthetic district: rules of the deposits, physics of the fields, determinism.

use lode_synth::district::deposits::Commodity;
use lode_synth::district::geology::Lithology;
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
