//! A sample report with every building block, checked statically and in headless Chromium.
use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use lode_report::chart::{self, BarChart, BarSeries, LineChart, Rose, Series};
use lode_report::colormap::Colormap;
use lode_report::gantt::{gantt_chart, GanttRow};
use lode_report::html::{FigureKind, Report, Table};
use lode_report::map::{self, Hillshade, MapSpec, Overlay, RasterLayer, Style};
use lode_report::Marker;

fn s(x: &str) -> String {
    x.to_string()
}

fn sample_report() -> Report {
    let (g, t, f, c) = (
        common::grid(),
        common::targets(),
        common::faults(),
        common::collars(),
    );
    let mut r = Report::new("Exploration plan — Synthetic district");
    r.subtitle("Targets, phased programme and budget")
        .meta("Project", "synthetic-demo <test & check>")
        .meta("CRS", "WGS 84 / UTM zone 35S (EPSG:32735)");
    r.section("Summary").key_values(vec![
        (s("Targets funded"), s("2 of 3")),
        (s("Budget"), s("USD 1 250 000")),
        (s("Duration"), s("18 months")),
    ]);
    r.paragraph(
        "Two gold targets are recommended for a phased programme. Values < 0 & > 1 are escaped.",
    );
    r.section("Data and QC");
    let map_png = map::render_map(
        &MapSpec::new("Total magnetic intensity")
            .raster(
                RasterLayer::new(&g)
                    .colormap(Colormap::RdBu)
                    .reversed()
                    .hillshade(Hillshade::default()),
            )
            .layer(Overlay::layer(
                "Targets",
                &t,
                Style::polygon([0, 0, 0], None, 1.0).labelled("name"),
            ))
            .layer(Overlay::geometries(
                "Faults",
                &f,
                &[],
                Style::line([30, 30, 30], 1.5).dashed(vec![6.0, 3.0]),
            ))
            .layer(Overlay::layer(
                "Drill collars",
                &c,
                Style::points(Marker::Circle, [255, 215, 0], 8.0).labelled("id"),
            ))
            .width(1000),
    )
    .unwrap();
    r.figure_png(
        &map_png,
        "Total magnetic intensity with targets, faults and planned collars.",
        FigureKind::Map,
    )
    .unwrap();
    r.subsection("Prospectivity");
    let prosp = map::drawing(
        &MapSpec::new("Gold prospectivity")
            .raster(RasterLayer::new(&g).colormap(Colormap::Magma))
            .width(800),
    )
    .unwrap();
    r.figure_svg(
        &prosp,
        "Gold prospectivity (inline SVG map).",
        FigureKind::Map,
    );
    r.section("Validation");
    let roc = chart::line_chart(
        &LineChart::new(
            "Success-rate curve",
            "Share of area (%)",
            "Share of deposits (%)",
        )
        .series(
            Series::new(
                "Gold (AUC 0.86)",
                vec![
                    (0.0, 0.0),
                    (5.0, 40.0),
                    (10.0, 62.0),
                    (25.0, 85.0),
                    (50.0, 95.0),
                    (100.0, 100.0),
                ],
            )
            .marker(Marker::Circle),
        )
        .series(
            Series::new(
                "Prediction rate",
                vec![(0.0, 0.0), (10.0, 50.0), (30.0, 80.0), (100.0, 100.0)],
            )
            .dashed(),
        )
        .diagonal()
        .ranges((0.0, 100.0), (0.0, 100.0)),
    )
    .unwrap();
    r.figure_png(
        &roc.png().unwrap(),
        "Success- and prediction-rate curves.",
        FigureKind::Chart,
    )
    .unwrap();
    let weights = chart::bar_chart(&BarChart::new(
        "Weights of evidence (contrast C)",
        "Contrast C",
        vec![
            s("Magnetic high"),
            s("Distance to fault < 500 m"),
            s("Granite contact"),
            s("K/Th anomaly"),
        ],
        vec![1.85, 1.2, -0.35, 0.62],
    ))
    .unwrap();
    r.figure_svg(&weights, "Evidence weights.", FigureKind::Chart);
    let budget = chart::bar_chart(&BarChart {
        title: s("Budget per phase"),
        categories: vec![s("T1"), s("T2")],
        series: vec![
            BarSeries {
                name: s("Phase 1"),
                values: vec![120_000.0, 90_000.0],
                color: None,
            },
            BarSeries {
                name: s("Phase 2"),
                values: vec![210_000.0, 180_000.0],
                color: None,
            },
            BarSeries {
                name: s("Phase 3"),
                values: vec![420_000.0, 0.0],
                color: None,
            },
        ],
        value_label: s("USD"),
        horizontal: false,
        show_values: true,
        width: 720,
        height: 400,
    })
    .unwrap();
    r.figure_png(
        &budget.png().unwrap(),
        "Budget per phase and target.",
        FigureKind::Chart,
    )
    .unwrap();
    let rose = chart::rose(&Rose::new(
        "Fault strikes",
        vec![2.0, 5.0, 9.0, 4.0, 1.0, 0.0, 1.0, 3.0, 6.0, 2.0, 1.0, 1.0],
        true,
    ))
    .unwrap();
    r.figure_png(
        &rose.png().unwrap(),
        "Strike rose of mapped faults (equal-area petals).",
        FigureKind::Chart,
    )
    .unwrap();
    r.section("Programme and budget");
    let gantt = gantt_chart(
        &[
            GanttRow {
                label: s("T1 mapping and soils"),
                phase: s("Phase 1"),
                start: 0.0,
                end: 3.0,
            },
            GanttRow {
                label: s("T1 ground magnetics"),
                phase: s("Phase 2"),
                start: 3.5,
                end: 6.0,
            },
            GanttRow {
                label: s("T1 drilling 6 holes"),
                phase: s("Phase 3"),
                start: 7.0,
                end: 12.0,
            },
            GanttRow {
                label: s("T2 mapping and soils"),
                phase: s("Phase 1"),
                start: 1.0,
                end: 4.0,
            },
            GanttRow {
                label: s("T2 IP survey"),
                phase: s("Phase 2"),
                start: 5.0,
                end: 8.0,
            },
        ],
        18,
    )
    .unwrap();
    r.figure_svg(&gantt, "Schedule.", FigureKind::Gantt);
    r.table(
        Table::new(
            "Targets",
            vec![
                s("Target"),
                s("Commodity"),
                s("Area (km²)"),
                s("P (mean)"),
                s("Cost (USD)"),
            ],
        )
        .row(vec![s("T1"), s("gold"), s("8.4"), s("0.62"), s("750 000")])
        .row(vec![s("T2"), s("gold"), s("14.0"), s("0.41"), s("500 000")]),
    )
    .unwrap();
    r.section("Assumptions and sources")
        .note("Unit costs are public 2024 figures; see the table below.");
    r.table(
        Table::new(
            "Unit costs",
            vec![s("Item"), s("Unit"), s("Cost (USD)"), s("Source")],
        )
        .row(vec![
            s("Soil sample"),
            s("sample"),
            s("45"),
            s("exploration-practice.md"),
        ]),
    )
    .unwrap();
    r
}

fn chromium() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| [d.join("chromium"), d.join("chromium-browser")])
        .find(|p| p.is_file())
}

#[test]
fn report_is_self_contained_complete_and_deterministic() {
    let a = sample_report().render().unwrap();
    let b = sample_report().render().unwrap();
    assert_eq!(a, b, "same report, different HTML");
    for needle in [
        "<h2 id=\"summary\">Summary</h2>",
        "<h2 id=\"data-and-qc\">",
        "<h3 id=\"prospectivity\">",
        "<h2 id=\"validation\">",
        "<h2 id=\"programme-and-budget\">",
        "<h2 id=\"assumptions-and-sources\">",
        "href=\"#validation\"",
        "Figure 7.",
        "Table 2.",
        "maps=2 charts=4 gantt=1 figures=0 tables=2",
        "synthetic-demo &lt;test &amp; check&gt;",
        "Values &lt; 0 &amp; &gt; 1",
        "<td class=\"num\">750 000</td>",
        "<td>gold</td>",
    ] {
        assert!(a.contains(needle), "report lacks {needle:?}");
    }
    assert_eq!(a.matches("<figure ").count(), 7);
    assert_eq!(a.matches("data:image/png;base64,").count(), 5);
    assert!(
        !a.contains("http://") && !a.contains("https://") && !a.contains("<script"),
        "external reference or script"
    );
    std::fs::write(common::out_dir().join("report.html"), &a).unwrap();
}

#[test]
fn report_renders_in_headless_chromium() {
    if chromium().is_none() {
        if std::env::var("LODE_REQUIRE_ORACLES").as_deref() == Ok("1") {
            panic!("chromium is required (LODE_REQUIRE_ORACLES=1): apt-get install chromium");
        }
        eprintln!("skip: chromium not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    std::fs::write(&html, sample_report().render().unwrap()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/check_report.sh");
    let shot = common::out_dir().join("report_screenshot.png");
    let out = Command::new("bash")
        .arg(&script)
        .arg(&html)
        .arg("--screenshot")
        .arg(&shot)
        .args([
            "--expect", "maps=2", "--expect", "charts=4", "--expect", "tables=2",
        ])
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "browser check failed:\n{text}");
    assert!(
        text.contains("maps=2 charts=4 gantt=1 figures=0 tables=2"),
        "{text}"
    );

    // A broken report must fail: a truncated image and an empty table.
    let broken = sample_report().render().unwrap();
    let i = broken.find("data:image/png;base64,").unwrap() + 40;
    let broken = format!(
        "{}{}",
        &broken[..i + 200],
        &broken[broken[i..].find('"').unwrap() + i..]
    );
    let broken = broken
        .replacen("<tr>\n<td>Soil sample", "<!--<tr>\n<td>Soil sample", 1)
        .replacen(
            "exploration-practice.md</td>\n</tr>",
            "exploration-practice.md</td>\n</tr>-->",
            1,
        );
    std::fs::write(&html, broken).unwrap();
    let out = Command::new("bash")
        .arg(&script)
        .arg(&html)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("figure-1") && text.contains("table-2: table has no rows"),
        "{text}"
    );
}
