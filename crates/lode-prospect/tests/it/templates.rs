//! Mineral-system templates on the synthetic district: each commodity's built-in template must
//! rank that commodity's deposits (known and withheld) well — ROC AUC of the prospectivity at the
//! deposits against all cells above 0.75 — and the template machinery (TOML, missing evidence,
//! unknown commodities) must behave.
//!
//! The evidence set is built here directly from the district's truth and fields on a 200 m grid:
//! lithology from the geology, distances and densities from the shear zones and dolerite dykes
//! (the dykes stand for magnetic lineaments), RTP and analytic signal of the total-field anomaly
//! at the survey clearance, the Bouguer anomaly, and radiometric grids with counting noise.

use std::sync::OnceLock;

use geo::{Distance, Euclidean};
use geo_types::{Coord, LineString, Point};
use lode_core::{Grid, GridGeometry};
use lode_geophys::transforms::{apply, Direction, Op, TransformOptions};
use lode_prospect::evidence::{EvidenceLayer, EvidenceSet, LayerKind};
use lode_prospect::templates::{self, Template};
use lode_prospect::wofe::auc;
use lode_synth::district::deposits::Commodity;
use lode_synth::district::geology::Lithology;
use lode_synth::district::{survey, District, InducingField, SIZE};
use rayon::prelude::*;

const SEED: u64 = 2026;
const CELL: f64 = 200.0;
/// Radius of the density kernels (lineaments, intersections), m.
const RADIUS: f64 = 2_000.0;

struct Fixture {
    district: District,
    set: EvidenceSet,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(build)
}

fn continuous(set: &mut EvidenceSet, name: &str, grid: Grid, units: &str) {
    let layer = EvidenceLayer {
        grid,
        kind: LayerKind::Continuous,
        units: units.into(),
        source: "synthetic district (test)".into(),
    };
    set.insert(name, layer).unwrap();
}

/// Every line the densities count: the shear zones and the dykes (as long straight lines).
fn lineaments(d: &District) -> (Vec<LineString<f64>>, Vec<LineString<f64>>) {
    let faults: Vec<LineString<f64>> = d.layout.shears().into_iter().map(|(_, l)| l).collect();
    let dykes = d
        .layout
        .dykes
        .iter()
        .map(|k| {
            let (s, c) = k.strike_deg.to_radians().sin_cos();
            let l = 2.0 * SIZE;
            LineString::from(vec![
                Coord {
                    x: k.x - s * l,
                    y: k.y - c * l,
                },
                Coord {
                    x: k.x + s * l,
                    y: k.y + c * l,
                },
            ])
        })
        .collect();
    (faults, dykes)
}

fn segment_intersection(a: (Coord, Coord), b: (Coord, Coord)) -> Option<Coord> {
    let r = (a.1.x - a.0.x, a.1.y - a.0.y);
    let s = (b.1.x - b.0.x, b.1.y - b.0.y);
    let den = r.0 * s.1 - r.1 * s.0;
    if den.abs() < 1e-12 {
        return None;
    }
    let q = (b.0.x - a.0.x, b.0.y - a.0.y);
    let t = (q.0 * s.1 - q.1 * s.0) / den;
    let u = (q.0 * r.1 - q.1 * r.0) / den;
    ((0.0..=1.0).contains(&t) && (0.0..=1.0).contains(&u)).then_some(Coord {
        x: a.0.x + t * r.0,
        y: a.0.y + t * r.1,
    })
}

/// Kernel density: each (x, y, amount) adds amount / (π R²) (per km²) to the cells within R.
fn density(geom: &GridGeometry, pts: &[(f64, f64, f64)]) -> Vec<f64> {
    let mut v = vec![0.0; geom.len()];
    let area_km2 = std::f64::consts::PI * (RADIUS / 1000.0).powi(2);
    let n = (RADIUS / CELL).ceil() as isize;
    for &(x, y, a) in pts {
        let (c, r) = geom.xy_to_pixel(x, y);
        let (c, r) = (c.floor() as isize, r.floor() as isize);
        for rr in (r - n)..=(r + n) {
            for cc in (c - n)..=(c + n) {
                if rr < 0 || cc < 0 || rr >= geom.rows as isize || cc >= geom.cols as isize {
                    continue;
                }
                let (cx, cy) = geom.cell_center(cc as usize, rr as usize);
                if (cx - x).hypot(cy - y) <= RADIUS {
                    v[rr as usize * geom.cols + cc as usize] += a / area_km2;
                }
            }
        }
    }
    v
}

fn build() -> Fixture {
    let field = InducingField::igrf_at_district().unwrap();
    let d = District::build(SEED, field).unwrap();
    let (x0, y0) = (d.frame.x0, d.frame.y0);
    let geom = GridGeometry::from_bounds(x0, y0, x0 + SIZE, y0 + SIZE, CELL, CELL).unwrap();
    let crs = Some(d.crs().unwrap());
    let cells = |f: &(dyn Fn(f64, f64) -> f64 + Sync)| -> Grid {
        let v: Vec<f64> = (0..geom.len())
            .into_par_iter()
            .map(|i| {
                let (x, y) = geom.cell_center(i % geom.cols, i / geom.cols);
                f(x, y)
            })
            .collect();
        Grid::new_f64(geom, v).unwrap().with_crs(crs.clone())
    };
    let mut set = EvidenceSet::new(geom, crs.clone());

    let lith = cells(&|x, y| d.layout.lithology(x, y) as u8 as f64);
    let legend = Lithology::ALL
        .iter()
        .map(|l| (*l as i64, l.name().to_string()))
        .collect();
    set.insert(
        "lithology",
        EvidenceLayer {
            grid: lith,
            kind: LayerKind::Categorical { legend },
            units: String::new(),
            source: "geology (test)".into(),
        },
    )
    .unwrap();

    let (faults, dykes) = lineaments(&d);
    let dist = cells(&|x, y| {
        faults
            .iter()
            .map(|l| Euclidean.distance(&Point::new(x, y), l))
            .fold(f64::INFINITY, f64::min)
    });
    continuous(&mut set, "dist_faults", dist, "m");
    let intrusions: Vec<_> = d
        .layout
        .granites
        .iter()
        .copied()
        .chain([d.layout.syenite])
        .collect();
    let signed = cells(&|x, y| {
        intrusions
            .iter()
            .map(|e| e.signed_distance(x, y))
            .fold(f64::INFINITY, f64::min)
    });
    continuous(&mut set, "dist_intrusions", signed, "m");

    let all: Vec<&LineString<f64>> = faults.iter().chain(&dykes).collect();
    let mut samples = Vec::new();
    for l in &all {
        for seg in l.lines() {
            let len = (seg.end.x - seg.start.x).hypot(seg.end.y - seg.start.y);
            let k = (len / 50.0).ceil().max(1.0) as usize;
            for i in 0..k {
                let t = (i as f64 + 0.5) / k as f64;
                let (x, y) = (
                    seg.start.x + t * (seg.end.x - seg.start.x),
                    seg.start.y + t * (seg.end.y - seg.start.y),
                );
                if x > x0 - RADIUS
                    && x < x0 + SIZE + RADIUS
                    && y > y0 - RADIUS
                    && y < y0 + SIZE + RADIUS
                {
                    samples.push((x, y, len / k as f64 / 1000.0));
                }
            }
        }
    }
    let lin = Grid::new_f64(geom, density(&geom, &samples)).unwrap();
    continuous(&mut set, "lineament_density", lin, "km/km²");
    let mut crossings = Vec::new();
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            for sa in a.lines() {
                for sb in b.lines() {
                    if let Some(p) = segment_intersection((sa.start, sa.end), (sb.start, sb.end)) {
                        crossings.push((p.x, p.y, 1.0));
                    }
                }
            }
        }
    }
    let inter = Grid::new_f64(geom, density(&geom, &crossings)).unwrap();
    continuous(&mut set, "fault_intersections", inter, "1/km²");

    let tmi = cells(&|x, y| d.sample(&d.tmi, x, y));
    let opts = TransformOptions {
        direction: Some(Direction::induced(
            field.inclination_deg,
            field.declination_deg,
        )),
        ..Default::default()
    };
    let (rtp, _) = apply(&tmi, &Op::Rtp, &opts).unwrap();
    let (asig, _) = apply(&rtp, &Op::As, &TransformOptions::default()).unwrap();
    continuous(&mut set, "mag_rtp", rtp, "nT");
    continuous(&mut set, "mag_as", asig, "nT/m");
    let grav = cells(&|x, y| d.sample(&d.gravity, x, y));
    continuous(&mut set, "grav_bouguer", grav, "mGal");

    let mut rng = lode_synth::rng::Rng::new(SEED);
    let [k, th, u] = survey::radiometrics(&d, CELL, &mut rng).unwrap();
    let thk = lode_geophys::radiometrics::ratio(&th.values_f64(), &k.values_f64());
    let thk = Grid::new_f64(geom, thk).unwrap();
    for (name, g, unit) in [
        ("k_pct", k, "%"),
        ("th_ppm", th, "ppm"),
        ("u_ppm", u, "ppm"),
        ("th_k", thk, "ppm/%"),
    ] {
        let g = Grid::new_f64(geom, g.values_f64().into_owned()).unwrap();
        continuous(&mut set, name, g, unit);
    }
    Fixture { district: d, set }
}

/// AUC of a grid at the commodity's deposits (all, or those with `known == known`) vs all cells.
fn grid_auc(g: &Grid, commodity: Commodity, known: Option<bool>) -> (f64, usize) {
    let f = fixture();
    let p = g.values_f64();
    let geom = g.geometry;
    let pos: Vec<f64> = f
        .district
        .deposits
        .iter()
        .filter(|d| d.commodity == commodity && known.is_none_or(|k| d.known == k))
        .filter_map(|d| geom.cell_of(d.x, d.y))
        .map(|(c, r)| p[r * geom.cols + c])
        .collect();
    let neg: Vec<f64> = p.iter().copied().filter(|v| v.is_finite()).collect();
    (auc(&pos, &neg), pos.len())
}

/// AUC of the template's prospectivity at the commodity's deposits (known and withheld) vs all
/// cells; prints the AUC of the known and withheld deposits and of every component.
fn deposit_auc(t: &Template, commodity: Commodity) -> (f64, usize) {
    let f = fixture();
    let r = t.evaluate(&f.set).unwrap();
    let p = r.prospectivity.values_f64();
    // NaN only where evidence is NaN (one cell of Th/K has K = 0 after counting noise).
    let nan = p.iter().filter(|v| v.is_nan()).count();
    assert!(nan <= 1, "{nan} NaN cells");
    assert!(p.iter().all(|v| v.is_nan() || (0.0..=1.0).contains(v)));
    assert!(r.missing.is_empty(), "missing {:?}", r.missing);
    assert_eq!(r.used, t.root.layers());
    let (all, n) = grid_auc(&r.prospectivity, commodity, None);
    let (known, nk) = grid_auc(&r.prospectivity, commodity, Some(true));
    let (withheld, nw) = grid_auc(&r.prospectivity, commodity, Some(false));
    println!(
        "{}: AUC {all:.3} at {n} deposits (known {known:.3} at {nk}, withheld {withheld:.3} at {nw})",
        t.name
    );
    for (label, g) in &r.components {
        println!(
            "  component {label}: AUC {:.3}",
            grid_auc(g, commodity, None).0
        );
    }
    (all, n)
}

#[test]
fn templates_gold_ranks_gold_deposits() {
    let (a, n) = deposit_auc(&templates::get("gold").unwrap(), Commodity::Gold);
    println!("gold template: AUC {a:.3} at {n} deposits");
    assert!(n >= 15 && a > 0.75, "gold AUC {a}");
}

#[test]
fn templates_iron_ranks_iron_deposits() {
    let (a, n) = deposit_auc(&templates::get("iron").unwrap(), Commodity::Iron);
    println!("iron template: AUC {a:.3} at {n} deposits");
    assert!(n >= 5 && a > 0.75, "iron AUC {a}");
}

#[test]
fn templates_rare_metals_ranks_rare_metal_deposits() {
    let (a, n) = deposit_auc(
        &templates::get("rare_metals").unwrap(),
        Commodity::RareMetals,
    );
    println!("rare-metals template: AUC {a:.3} at {n} deposits");
    assert!(n >= 5 && a > 0.75, "rare metals AUC {a}");
}

#[test]
fn templates_round_trip_through_toml() {
    for name in templates::BUILTIN {
        let t = templates::get(name).unwrap();
        assert!(!t.references.is_empty() && !t.description.is_empty());
        let text = t.to_toml().unwrap();
        let back = templates::from_toml(&text).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
        assert_eq!(back, t, "{name}");
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<Template>(&json).unwrap(), t);
    }
}

#[test]
fn templates_user_override_from_toml() {
    let t = templates::from_toml(
        r#"
        name = "my gold"
        commodity = "gold"
        references = ["Bonham-Carter 1994"]

        [root]
        step = "combine"
        label = "gold"
        operator = { op = "index_overlay" }

        [[root.children]]
        step = "evidence"
        layer = "dist_faults"
        weight = 3
        membership = { type = "linear", min = 3000, max = 0 }

        [[root.children]]
        step = "evidence"
        layer = "lithology"
        weight = 1
        membership = { type = "categorical", default = 0.1, classes = [
            { names = ["Banded Iron Formation", "basalt"], score = 1.0 } ] }

        [[root.children]]
        step = "evidence"
        layer = "k_pct"
        membership = { type = "large", midpoint = { percentile = 80 }, spread = 4 }
        "#,
    )
    .unwrap();
    let f = fixture();
    let r = t.evaluate(&f.set).unwrap();
    assert_eq!(r.used, ["dist_faults", "lithology", "k_pct"]);
    assert!(r.components.is_empty());
    // Index overlay by hand at one cell.
    let i = 12_345;
    let v = |n: &str| f.set.get(n).unwrap().grid.values_f64()[i];
    let faults = ((3000.0 - v("dist_faults")) / 3000.0).clamp(0.0, 1.0);
    let lith = match v("lithology") as u8 {
        2 | 4 => 1.0,
        _ => 0.1,
    };
    let mut k: Vec<f64> = f.set.get("k_pct").unwrap().grid.values_f64().into_owned();
    k.sort_by(f64::total_cmp);
    let h = (k.len() - 1) as f64 * 0.8;
    let p80 = k[h as usize] + (k[h as usize + 1] - k[h as usize]) * h.fract();
    let kk = 1.0 / (1.0 + (v("k_pct") / p80).powf(-4.0));
    let want = (3.0 * faults + lith + kk) / 5.0;
    let got = r.prospectivity.values_f64()[i];
    assert!((got - want).abs() < 1e-12, "{got} vs {want}");

    // Typos and misplaced weights are refused clearly.
    let e = templates::from_toml(
        "name = \"x\"\ncommodity = \"gold\"\n[root]\nstep = \"evidence\"\nlayer = \"mag_rtp\"\n\
         membership = { type = \"linear\", min = 0, max = 1 }\nwieght = 2\n",
    )
    .unwrap_err();
    assert!(e.to_string().contains("wieght"), "{e}");
    let e = templates::from_toml(
        "name = \"x\"\ncommodity = \"gold\"\n[root]\nstep = \"combine\"\nlabel = \"c\"\n\
         operator = { op = \"and\" }\n[[root.children]]\nstep = \"evidence\"\nlayer = \"mag_rtp\"\n\
         weight = 2\nmembership = { type = \"linear\", min = 0, max = 1 }\n",
    )
    .unwrap_err();
    assert!(e.to_string().contains("only index_overlay"), "{e}");
}

fn without(names: &[&str]) -> EvidenceSet {
    let mut s = fixture().set.clone();
    for n in names {
        s.layers.remove(*n);
    }
    s
}

#[test]
fn templates_missing_evidence_is_skipped_and_reported() {
    // Without radiometrics the rare-metals template still runs on geology and magnetics.
    let set = without(&["th_ppm", "u_ppm", "th_k"]);
    let r = templates::get("rare_metals")
        .unwrap()
        .evaluate(&set)
        .unwrap();
    assert_eq!(r.missing, ["th_ppm", "u_ppm", "th_k"]);
    assert!(!r.used.contains(&"th_ppm".to_string()));
    // Without intrusion distances the skarn style is skipped, BIF and IOCG remain.
    let set = without(&["dist_intrusions"]);
    let r = templates::get("iron").unwrap().evaluate(&set).unwrap();
    assert_eq!(
        r.missing,
        ["dist_intrusions", "component 'magnetite skarn'"]
    );
    assert!(r.components.iter().any(|(l, _)| l == "BIF-hosted iron"));
    // A whole required component without evidence is refused, naming it.
    let set = without(&["lithology"]);
    let e = templates::get("gold").unwrap().evaluate(&set).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("'source'") && msg.contains("lithology"),
        "{msg}"
    );
    // No usable evidence at all.
    let set = without(&["mag_rtp", "grav_bouguer", "lithology", "dist_intrusions"]);
    let e = templates::get("iron").unwrap().evaluate(&set).unwrap_err();
    assert!(e.to_string().contains("template 'iron'"), "{e}");
}

#[test]
fn templates_unknown_commodity_lists_the_available_ones() {
    let e = templates::get("uranium").unwrap_err();
    assert_eq!(
        e.to_string(),
        "no template for commodity 'uranium'; available templates: gold, iron, rare_metals"
    );
    assert!(templates::builtin("Rare-Metals").is_some());
    assert!(templates::builtin("GOLD").is_some());
}

#[test]
fn templates_read_a_partner_geology_legend() {
    // The same geology coded and named as a partner's map might be: other codes, other names.
    let partner = |l: Lithology| match l {
        Lithology::GraniteGneiss => "Granitic gneiss (basement)",
        Lithology::Basalt => "Tholeiitic metabasalt",
        Lithology::Ultramafic => "Komatiite",
        Lithology::Bif => "BIF (Marra Mamba)",
        Lithology::FelsicVolcanics => "Rhyolite-dacite volcanics",
        Lithology::Granite => "Monzogranite",
        Lithology::Syenite => "Nepheline syenite",
        Lithology::Carbonatite => "Sovite (carbonatite)",
        Lithology::Dolerite => "Dolerite dyke",
    };
    let f = fixture();
    let mut set = f.set.clone();
    let mut lith = set.layers.remove("lithology").unwrap();
    let codes: Vec<f64> = lith.grid.values_f64().iter().map(|c| c + 100.0).collect();
    lith.grid = lith.grid.with_values_f64(codes).unwrap();
    lith.kind = LayerKind::Categorical {
        legend: Lithology::ALL
            .iter()
            .map(|l| (*l as i64 + 100, partner(*l).to_string()))
            .collect(),
    };
    set.insert("lithology", lith).unwrap();
    for name in templates::BUILTIN {
        let t = templates::get(name).unwrap();
        let a = t.evaluate(&f.set).unwrap().prospectivity;
        let b = t.evaluate(&set).unwrap().prospectivity;
        let same = a
            .values_f64()
            .iter()
            .zip(b.values_f64().iter())
            .all(|(x, y)| x == y || (x.is_nan() && y.is_nan()));
        assert!(same, "{name}: the partner legend changes the result");
    }
}
