//! `lode prospect` and `lode plan` from a project file (the synthetic district's, written by
//! `lode demo`): the same results as the demo, and every bad project gives one clear line, exit
//! code 2, and leaves OUT untouched.

use std::path::Path;
use std::process::Output;

use crate::common::{error_line, lode, ok, s};

/// Runs `lode COMMAND PROJECT --out OUT` (COMMAND is `plan` or `prospect`).
fn run_project(command: &str, project: &str, out: &Path) -> Output {
    lode(&[command, project, "--out", s(out)])
}

fn write_variant(demo: &Path, name: &str, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(demo.join("project.toml")).unwrap();
    assert!(text.contains(from), "{from}");
    let p = demo.join(name);
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn plan_and_prospect_from_a_project_file() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo");
    ok(&lode(&["demo", "--out", s(&demo)]));
    let project = demo.join("project.toml");

    // lode plan reproduces the demo's plan byte for byte (the report differs only by the demo's
    // withheld-deposit validation).
    let out = dir.path().join("plan");
    ok(&run_project("plan", s(&project), &out));
    for f in ["targets.geojson", "plan.geojson", "plan.csv", "budget.csv"] {
        assert!(
            std::fs::read(out.join(f)).unwrap() == std::fs::read(demo.join(f)).unwrap(),
            "{f} differs from the demo's"
        );
    }

    assert!(out.join("report.html").is_file() && out.join("run.json").is_file());

    // lode prospect: the prospectivity maps and model cards, no plan.
    let pout = dir.path().join("prospect");
    let stdout = ok(&run_project("prospect", s(&project), &pout));
    assert!(stdout.contains("ROC AUC"), "{stdout}");
    for c in ["gold", "iron", "rare_metals"] {
        let f = format!("prospectivity_{c}.tif");
        assert!(
            std::fs::read(pout.join(&f)).unwrap() == std::fs::read(demo.join(&f)).unwrap(),
            "{f} differs from the demo's"
        );
        assert!(pout.join(format!("models/{c}_model_card.json")).is_file());
        assert!(
            pout.join(format!("validation/{c}_curves.csv")).is_file()
                || pout.join("validation").is_dir()
        );
    }
    assert!(!pout.join("report.html").exists());

    // A project's own template: the built-in one written out and read back gives the same map;
    // a broken one is refused naming its file.
    ok(&lode(&[
        "template",
        "iron",
        "--out",
        s(&demo.join("iron.toml")),
    ]));
    let own = write_variant(
        &demo,
        "own_template.toml",
        "name = \"iron\"\nmodel = \"template\"",
        "name = \"iron\"\nmodel = \"template\"\ntemplate_file = \"iron.toml\"",
    );
    let tout = dir.path().join("own");
    ok(&run_project("prospect", &own, &tout));
    assert!(
        std::fs::read(tout.join("prospectivity_iron.tif")).unwrap()
            == std::fs::read(demo.join("prospectivity_iron.tif")).unwrap()
    );
    std::fs::write(demo.join("iron.toml"), "name = 3\n").unwrap();
    error_line(&run_project("prospect", &own, &tout), "iron.toml");

    // Bad projects: one line, exit 2, OUT untouched.
    let guarded = dir.path().join("guarded");
    std::fs::create_dir_all(&guarded).unwrap();
    std::fs::write(guarded.join("report.html"), "previous report").unwrap();
    let cases = [
        (
            "unknown_key.toml",
            "cell_size = 100",
            "cell_size = 100\ncolour = \"red\"",
            "colour",
        ),
        (
            "missing.toml",
            "delivery/dem.tif",
            "delivery/nosuch.tif",
            "does not exist",
        ),
        (
            "copper.toml",
            "name = \"iron\"",
            "name = \"copper\"",
            "no template",
        ),
        ("poor.toml", "total = 3000000", "total = 100", "budget"),
        (
            "tiny.toml",
            "min_area_km2 = 0.5",
            "min_area_km2 = 100000",
            "target",
        ),
    ];
    for (name, from, to, needle) in cases {
        let p = write_variant(&demo, name, from, to);
        error_line(&run_project("plan", &p, &guarded), needle);
        assert_eq!(
            std::fs::read_to_string(guarded.join("report.html")).unwrap(),
            "previous report"
        );
        assert!(!guarded.join("targets.geojson").exists(), "{name}");
        assert!(!guarded.join(".lode-staging").exists(), "{name}");
    }
    // The unknown key is located by line.
    let p = write_variant(
        &demo,
        "unknown_key.toml",
        "cell_size = 100",
        "cell_size = 100\ncolour = \"red\"",
    );
    let line = error_line(&run_project("plan", &p, &guarded), "colour");
    assert!(line.contains("line "), "{line}");

    geochemistry_input(&demo, dir.path());
}

/// A soil survey over the gold occurrences (Au and As halos around them, below-detection values
/// written as the negative detection limit) as a `geochemistry` input: gridded element scores
/// become evidence of the data-driven gold model; a missing element column is refused.
fn geochemistry_input(demo: &Path, dir: &Path) {
    let occ: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(demo.join("delivery/occurrences.geojson")).unwrap(),
    )
    .unwrap();
    let gold: Vec<(f64, f64)> = occ["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["commodity"] == "gold")
        .map(|f| {
            let c = &f["geometry"]["coordinates"];
            (c[0].as_f64().unwrap(), c[1].as_f64().unwrap())
        })
        .collect();
    let (mut w, mut e, mut s, mut n) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in &gold {
        (w, e, s, n) = (w.min(x), e.max(x), s.min(y), n.max(y));
    }
    let mut csv = String::from("sample_id,easting,northing,Au_ppb,As_ppm\n");
    let mut state = 12345u64;
    let mut noise = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 2.0
    };
    let (mut id, mut y) = (0, s - 2000.0);
    while y <= n + 2000.0 {
        let mut x = w - 2000.0;
        while x <= e + 2000.0 {
            let d2 = gold
                .iter()
                .map(|(gx, gy)| (gx - x).powi(2) + (gy - y).powi(2))
                .fold(f64::MAX, f64::min);
            let au = (2.0 + 150.0 * (-d2 / (2.0 * 400.0f64.powi(2))).exp()) * (1.2 * noise()).exp();
            let as_ = (5.0 + 80.0 * (-d2 / (2.0 * 900.0f64.powi(2))).exp()) * (0.8 * noise()).exp();
            let au = if au < 1.0 { -1.0 } else { au };
            csv.push_str(&format!("S{id},{x:.1},{y:.1},{au:.2},{as_:.2}\n"));
            id += 1;
            x += 400.0;
        }
        y += 400.0;
    }
    std::fs::write(demo.join("soil.csv"), csv).unwrap();
    // the demo's own soil survey replaced by this one
    let demo_soil = "path = \"delivery/soil_geochemistry.csv\"";
    let p = write_variant(demo, "geochem.toml", demo_soil, "path = \"soil.csv\"");
    let out = dir.join("geochem");
    ok(&run_project("prospect", &p, &out));
    for layer in ["geochem_au", "geochem_as"] {
        let g = lode_io::read_grid(&out.join(format!("evidence/{layer}.tif"))).unwrap();
        let v = g.values_f64();
        let covered = v.iter().filter(|z| z.is_finite()).count();
        assert!(
            covered > 100 && covered < v.len(),
            "{layer}: {covered} cells"
        );
    }
    let card = std::fs::read_to_string(out.join("models/gold_model_card.json")).unwrap();
    assert!(card.contains("geochem_au"), "{card}");
    // the Au score is high at the gold occurrences
    let au = lode_io::read_grid(&out.join("evidence/geochem_au.tif")).unwrap();
    let v = au.values_f64();
    let at: Vec<f64> = gold
        .iter()
        .filter_map(|&(x, y)| au.geometry.cell_of(x, y))
        .map(|(c, r)| v[r * au.geometry.cols + c])
        .collect();
    let mean = at.iter().sum::<f64>() / at.len() as f64;
    assert!(mean > 1.5, "mean Au score at gold occurrences {mean}");

    let bad = format!("{demo_soil}\nelements = [\"Cu_ppm\"]");
    let p = write_variant(demo, "geochem_bad.toml", demo_soil, &bad);
    error_line(
        &run_project("prospect", &p, &dir.join("geochem_bad")),
        "Cu_ppm",
    );
    // a second survey giving the same element layer is refused
    let twice = "[[input]]\npath = \"soil.csv\"\nkind = \"geochemistry\"\n\n[[commodity]]";
    let p = write_variant(demo, "geochem_twice.toml", "[[commodity]]", twice);
    error_line(
        &run_project("prospect", &p, &dir.join("geochem_twice")),
        "already exists",
    );
}
