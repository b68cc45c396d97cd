//! `lode prospect` and `lode plan` from a project file (the synthetic district's, written by
//! `lode demo`): the same results as the demo, and every bad project gives one clear line, exit
//! code 2, and leaves OUT untouched.

use std::path::Path;
use std::process::{Command, Output};

fn lode(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lode"))
        .args(args)
        .output()
        .unwrap()
}

fn one_line_error(o: &Output, needle: &str) {
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].contains(needle), "{err}");
    assert!(!err.contains("panicked"), "{err}");
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
    let o = lode(&["demo", "--out", demo.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let project = demo.join("project.toml");

    // lode plan reproduces the demo's plan byte for byte (the report differs only by the demo's
    // withheld-deposit validation).
    let out = dir.path().join("plan");
    let o = lode(&[
        "plan",
        project.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["targets.geojson", "plan.geojson", "plan.csv", "budget.csv"] {
        assert!(
            std::fs::read(out.join(f)).unwrap() == std::fs::read(demo.join(f)).unwrap(),
            "{f} differs from the demo's"
        );
    }

    assert!(out.join("report.html").is_file() && out.join("run.json").is_file());

    // lode prospect: the prospectivity maps and model cards, no plan.
    let pout = dir.path().join("prospect");
    let o = lode(&[
        "prospect",
        project.to_str().unwrap(),
        "--out",
        pout.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
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
    let o = lode(&[
        "template",
        "iron",
        "--out",
        demo.join("iron.toml").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let own = write_variant(
        &demo,
        "own_template.toml",
        "name = \"iron\"\nmodel = \"template\"",
        "name = \"iron\"\nmodel = \"template\"\ntemplate_file = \"iron.toml\"",
    );
    let tout = dir.path().join("own");
    let o = lode(&["prospect", &own, "--out", tout.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        std::fs::read(tout.join("prospectivity_iron.tif")).unwrap()
            == std::fs::read(demo.join("prospectivity_iron.tif")).unwrap()
    );
    std::fs::write(demo.join("iron.toml"), "name = 3\n").unwrap();
    let o = lode(&["prospect", &own, "--out", tout.to_str().unwrap()]);
    one_line_error(&o, "iron.toml");

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
        let o = lode(&["plan", &p, "--out", guarded.to_str().unwrap()]);
        one_line_error(&o, needle);
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
    let o = lode(&["plan", &p, "--out", guarded.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("line "),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
