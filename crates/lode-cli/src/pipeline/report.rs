//! The report an exploration manager hands to a partner (`report.html`, self-contained): summary;
//! data and QC; maps of the inputs, processed layers, prospectivity, targets and the plan; model
//! tables and validation curves; a sheet per target; programme, budget and schedule; assumptions
//! and the sources of the unit costs. Built from lode_report's maps, charts and HTML blocks.

use std::path::Path;

use geo_types::Geometry;
use lode_core::{Error, Grid, Result};
use lode_io::qc::QcReport;
use lode_plan::plan::Plan;
use lode_prospect::evidence::LayerKind;
use lode_report::chart::{bar_chart, line_chart, BarChart, LineChart, Series};
use lode_report::gantt::{gantt_chart, GanttRow};
use lode_report::html::{FigureKind, Report, Table};
use lode_report::map::{render_map, Class, Hillshade, MapSpec, Overlay, RasterLayer, Style};
use lode_report::{Colormap, Marker};

use crate::pipeline::run::Outcome;
use crate::project::Project;

const MAP_WIDTH: u32 = 900;

fn money(v: f64, cur: &str) -> String {
    let s = format!("{:.0}", v.round());
    let (sign, digits) = s.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", &s));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out} {cur}")
}

/// Unit costs: two decimals below 100.
fn unit_money(v: f64, cur: &str) -> String {
    if v.abs() < 100.0 {
        format!("{v:.2} {cur}")
    } else {
        money(v, cur)
    }
}

fn f(v: f64, d: usize) -> String {
    if v.is_finite() {
        format!("{v:.d$}")
    } else {
        "–".into()
    }
}

fn occurrences_layer(o: &Outcome, commodity: Option<&str>) -> (Vec<Geometry<f64>>, Vec<String>) {
    o.intake
        .occurrences
        .iter()
        .filter(|x| {
            commodity.is_none_or(|c| x.commodity == c || x.commodity == c.replace('_', " "))
        })
        .map(|x| {
            (
                Geometry::Point(geo_types::Point::new(x.x, x.y)),
                String::new(),
            )
        })
        .unzip()
}

struct Maps<'a> {
    o: &'a Outcome,
    crs: Option<lode_core::Crs>,
    extent: [f64; 4],
}

impl Maps<'_> {
    fn spec<'b>(&self, title: &str) -> MapSpec<'b> {
        let mut s = MapSpec::new(title).width(MAP_WIDTH).extent(self.extent);
        if let Some(c) = &self.crs {
            s = s.crs(c.clone());
        }
        s
    }

    fn grid_map(
        &self,
        title: &str,
        g: &Grid,
        units: &str,
        cmap: Colormap,
        shade: bool,
    ) -> Result<Vec<u8>> {
        let mut r = RasterLayer::new(g).colormap(cmap).units(units);
        if shade {
            r = r.hillshade(Hillshade::default());
        }
        let mut s = self.spec(title).raster(r);
        if let Some(st) = &self.o.intake.structures {
            s = s.layer(Overlay::layer(
                "structures",
                st,
                Style::line([40, 40, 40], 0.6),
            ));
        }
        render_map(&s)
    }
}

/// Write report.html into `out`.
pub fn write(p: &Project, o: &Outcome, qc: &QcReport, out: &Path) -> Result<()> {
    let plan = o
        .plan
        .as_ref()
        .ok_or_else(|| Error::internal("report without a plan"))?;
    let cur = plan.currency.clone();
    let set = &o.intake.evidence;
    let maps = Maps {
        o,
        crs: set.crs.clone(),
        extent: set.geometry.extent(),
    };
    let mut r = Report::new(format!("Exploration plan — {}", p.project.name));
    r.subtitle("Drafted by lode from the partner's delivery: data, prospectivity, targets, programme and budget");
    r.meta("lode version", env!("CARGO_PKG_VERSION"));
    r.meta(
        "Project file",
        p.file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default(),
    );
    r.meta("Analysis CRS", p.project.crs.clone());
    r.meta(
        "Analysis grid",
        format!(
            "{} × {} cells of {} m",
            set.geometry.cols, set.geometry.rows, p.project.cell_size
        ),
    );
    r.meta("Seed", p.project.seed.to_string());
    r.meta("Budget", money(p.budget.total, &cur));

    // Summary
    let funded: Vec<_> = plan
        .selection
        .choices
        .iter()
        .filter(|c| c.phases > 0)
        .collect();
    r.section("Summary");
    r.paragraph(format!(
        "{} targets were delineated for {} from the prospectivity models below; {} of them are funded under the budget of {}. \
         The programme commits {} ({} expected after the go/no-go gates) over {:.1} months; drilling takes {:.0} % of the committed budget.",
        plan.targets.len(),
        p.commodities.iter().map(|c| c.name.replace('_', " ")).collect::<Vec<_>>().join(", "),
        funded.len(),
        money(p.budget.total, &cur),
        money(plan.budget_summary.committed, &cur),
        money(plan.budget_summary.expected_spend, &cur),
        plan.schedule.total_months,
        100.0 * plan.budget_summary.drilling_share,
    ));
    let mut kv = vec![];
    for m in &o.models {
        kv.push((
            format!("{} model", m.commodity.replace('_', " ")),
            format!(
                "{}; ROC AUC {:.3} on {} training deposits{}",
                m.method,
                m.validation.training.roc_auc,
                m.validation.training.used,
                m.validation
                    .withheld
                    .as_ref()
                    .map(|w| format!(", {:.3} on {} withheld", w.roc_auc, w.used))
                    .unwrap_or_default()
            ),
        ));
    }
    kv.push((
        "Targets funded".into(),
        funded
            .iter()
            .map(|c| {
                format!(
                    "{} ({} phase{})",
                    c.target_id,
                    c.phases,
                    if c.phases > 1 { "s" } else { "" }
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
    ));
    kv.push((
        "Committed budget".into(),
        money(plan.budget_summary.committed, &cur),
    ));
    kv.push((
        "Unallocated".into(),
        money(plan.budget_summary.unallocated, &cur),
    ));
    r.key_values(kv);

    // Data and QC
    r.section("Data and quality control");
    let mut t = Table::new(
        "Input layers",
        vec!["file".into(), "kind".into(), "notes".into()],
    );
    for i in &p.inputs {
        t.push(vec![
            i.path.display().to_string(),
            format!("{:?}", i.kind),
            [
                i.survey_date.clone().map(|d| format!("survey {d}")),
                i.attribute.clone().map(|a| format!("attribute {a}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", "),
        ]);
    }
    r.table(t)?;
    r.paragraph(format!(
        "Intake QC of the delivery: {} errors, {} warnings, {} notes (qc.txt, qc.json).",
        qc.summary.errors, qc.summary.warnings, qc.summary.infos
    ));
    if !qc.findings.is_empty() {
        let mut t = Table::new(
            "QC findings",
            vec![
                "file".into(),
                "check".into(),
                "severity".into(),
                "finding".into(),
            ],
        );
        for fnd in qc.findings.iter().take(40) {
            t.push(vec![
                fnd.file.clone(),
                fnd.check.to_string(),
                format!("{:?}", fnd.severity),
                fnd.message.clone(),
            ]);
        }
        r.table(t)?;
    }
    for n in &o.intake.notes {
        r.note(n.clone());
    }

    // Input and processed maps
    r.section("Maps of the inputs and processed layers");
    let grid_maps: [(&str, &str, Colormap, bool); 10] = [
        (
            "mag_tmi",
            "Total magnetic intensity anomaly",
            Colormap::Viridis,
            true,
        ),
        (
            "mag_rtp",
            "Magnetic anomaly reduced to the pole",
            Colormap::Viridis,
            true,
        ),
        ("mag_tilt", "Tilt angle of the RTP", Colormap::RdBu, false),
        (
            "grav_bouguer",
            "Bouguer gravity anomaly",
            Colormap::Viridis,
            true,
        ),
        ("k_pct", "Potassium", Colormap::Magma, false),
        ("th_ppm", "Equivalent thorium", Colormap::Magma, false),
        ("dem", "Elevation", Colormap::Greys, true),
        (
            "dist_faults",
            "Distance to faults",
            Colormap::Viridis,
            false,
        ),
        (
            "lineament_density",
            "Magnetic lineament density",
            Colormap::Magma,
            false,
        ),
        (
            "euler_depth",
            "Depth to magnetic sources (Euler, SI 1)",
            Colormap::Viridis,
            false,
        ),
    ];
    for (name, title, cm, shade) in grid_maps {
        if let Some(e) = set.get(name) {
            let png = maps.grid_map(title, &e.grid, &e.units, cm, shade)?;
            r.figure_png(
                &png,
                format!("{title} ({name}, {}); source: {}", e.units, e.source),
                FigureKind::Map,
            )?;
        }
    }
    if let Some(e) = set.get("lithology") {
        if let LayerKind::Categorical { legend } = &e.kind {
            let classes = legend
                .iter()
                .map(|(c, n)| Class {
                    value: *c as f64,
                    label: n.clone(),
                    color: None,
                })
                .collect();
            let mut s = maps
                .spec("Geology")
                .raster(RasterLayer::new(&e.grid).classes(classes));
            if let Some(st) = &o.intake.structures {
                s = s.layer(Overlay::layer(
                    "faults and lineaments",
                    st,
                    Style::line([20, 20, 20], 0.7),
                ));
            }
            let (g, l) = occurrences_layer(o, None);
            let s = s.layer(Overlay::geometries(
                "known occurrences",
                &g,
                &l,
                Style::points(Marker::Circle, [255, 215, 0], 6.0),
            ));
            let png = render_map(&s)?;
            r.figure_png(
                &png,
                format!(
                    "Geology with structures and known occurrences; source: {}",
                    e.source
                ),
                FigureKind::Map,
            )?;
        }
    }

    // Prospectivity
    r.section("Prospectivity");
    let target_geoms: Vec<(String, Geometry<f64>, String)> = plan
        .targets
        .iter()
        .map(|t| {
            (
                t.commodity.clone(),
                Geometry::MultiPolygon(t.polygon.clone()),
                t.id.clone(),
            )
        })
        .collect();
    for m in &o.models {
        r.subsection(format!("{} — {}", m.commodity.replace('_', " "), m.method));
        let (tg, tl): (Vec<_>, Vec<_>) = target_geoms
            .iter()
            .filter(|x| x.0 == m.commodity)
            .map(|x| (x.1.clone(), x.2.clone()))
            .unzip();
        let (og, ol) = occurrences_layer(o, Some(&m.commodity));
        let s = maps
            .spec(&format!("Prospectivity: {}", m.commodity.replace('_', " ")))
            .raster(
                RasterLayer::new(&m.prospectivity)
                    .colormap(Colormap::Magma)
                    .units("0–1")
                    .label("prospectivity"),
            )
            .layer(Overlay::geometries(
                "targets",
                &tg,
                &tl,
                Style::polygon([0, 200, 255], None, 0.0),
            ))
            .layer(Overlay::geometries(
                "training deposits",
                &og,
                &ol,
                Style::points(Marker::Triangle, [255, 255, 255], 7.0),
            ));
        r.figure_png(
            &render_map(&s)?,
            format!(
                "Prospectivity for {} ({}), targets outlined, training deposits as triangles",
                m.commodity, m.method
            ),
            FigureKind::Map,
        )?;
        let v = &m.validation;
        let png = curves_png(&m.commodity, v)?;
        r.figure_png(
            &png,
            "Success-rate (training deposits) and prediction-rate (withheld deposits) curves",
            FigureKind::Chart,
        )?;
        let mut t = Table::new(
            "Capture efficiency: share of deposits in the top of the area",
            vec![
                "top % of area".into(),
                "score threshold".into(),
                "training".into(),
                "withheld".into(),
            ],
        );
        for (k, c) in v.training.capture.iter().enumerate() {
            let w = v
                .withheld
                .as_ref()
                .and_then(|w| w.capture.get(k))
                .map(|c| format!("{:.0} %", 100.0 * c.share))
                .unwrap_or("–".into());
            t.push(vec![
                f(c.top_percent, 0),
                f(c.score_threshold, 4),
                format!("{:.0} %", 100.0 * c.share),
                w,
            ]);
        }
        r.table(t)?;
        if !m.drivers.is_empty() {
            let (cats, vals): (Vec<String>, Vec<f64>) = m.drivers.iter().take(12).cloned().unzip();
            let d = bar_chart(&BarChart::new(
                format!(
                    "Evidence driving the {} model",
                    m.commodity.replace('_', " ")
                ),
                "weight / importance",
                cats,
                vals,
            ))?;
            r.figure_png(&d.png()?, "Evidence layers by contrast (weights of evidence), importance (machine learning) or equal share (fuzzy template)", FigureKind::Chart)?;
        }
        for (title, header, rows) in &m.tables {
            let mut t = Table::new(title.clone(), header.clone());
            for row in rows {
                t.push(row.clone());
            }
            r.table(t)?;
        }
    }

    // Targets and plan overview
    r.section("Targets and the plan");
    let features = plan.features();
    let pf_geoms: Vec<Geometry<f64>> = features
        .iter()
        .filter(|x| x.kind != "geochem_sample")
        .map(|x| x.geometry.clone())
        .collect();
    let pf_labels = vec![String::new(); pf_geoms.len()];
    let (ag, al): (Vec<_>, Vec<_>) = target_geoms
        .iter()
        .map(|x| (x.1.clone(), x.2.clone()))
        .unzip();
    let base = set
        .get("mag_rtp")
        .or_else(|| set.get("grav_bouguer"))
        .or_else(|| set.get("dem"));
    let mut s = maps.spec("Targets and planned work");
    if let Some(b) = base {
        s = s.raster(
            RasterLayer::new(&b.grid)
                .colormap(Colormap::Greys)
                .units(b.units.clone())
                .hillshade(Hillshade::default()),
        );
    }
    let s = s
        .layer(Overlay::geometries(
            "targets",
            &ag,
            &al,
            Style::polygon([220, 30, 30], Some([220, 30, 30]), 0.25).labelled("label"),
        ))
        .layer(Overlay::geometries(
            "survey lines and drill traces",
            &pf_geoms,
            &pf_labels,
            Style::line([0, 90, 200], 0.8),
        ));
    r.figure_png(
        &render_map(&s)?,
        "All targets (red) with the planned survey lines, collars and drill traces (blue)",
        FigureKind::Map,
    )?;
    let mut t = Table::new(
        "Targets ranked by expected value EV = P·V − C (Rose 2001)",
        [
            "rank",
            "target",
            "commodity",
            "area km²",
            "peak",
            "mean",
            "P",
            "V",
            "C",
            "EV",
            "depth m",
            "strike °",
            "funded phases",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    );
    for tg in &plan.targets {
        let ph = plan.selection.funded_phases(&tg.id);
        t.push(vec![
            tg.rank.to_string(),
            tg.id.clone(),
            tg.commodity.clone(),
            f(tg.area_km2, 2),
            f(tg.peak, 3),
            f(tg.mean, 3),
            f(tg.probability, 4),
            money(tg.value_proxy, &cur),
            money(tg.cost, &cur),
            money(tg.expected_value, &cur),
            tg.depth_m.map(|d| f(d, 0)).unwrap_or("–".into()),
            tg.strike_deg.map(|d| f(d, 0)).unwrap_or("–".into()),
            ph.to_string(),
        ]);
    }
    r.table(t)?;

    // Target sheets: every target in rank order; funded ones with a map of the planned work.
    r.section("Target sheets");
    for tg in &plan.targets {
        let phases = plan.selection.funded_phases(&tg.id);
        r.subsection(format!(
            "{} — {} ({})",
            tg.id,
            tg.commodity.replace('_', " "),
            if phases > 0 {
                format!(
                    "funded: {phases} phase{}",
                    if phases > 1 { "s" } else { "" }
                )
            } else {
                "not funded under this budget".to_string()
            }
        ));
        r.key_values(vec![
            ("Area".into(), format!("{:.2} km²", tg.area_km2)),
            (
                "Centroid".into(),
                format!("{:.0} E, {:.0} N", tg.centroid.0, tg.centroid.1),
            ),
            (
                "Prospectivity".into(),
                format!("peak {:.3}, mean {:.3} ± {:.3}", tg.peak, tg.mean, tg.std),
            ),
            (
                "Depth estimate".into(),
                format!(
                    "{} m ({})",
                    tg.depth_m.map(|d| f(d, 0)).unwrap_or("–".into()),
                    tg.depth_source
                ),
            ),
            (
                "Structural strike".into(),
                format!(
                    "{}° ({})",
                    tg.strike_deg.map(|d| f(d, 0)).unwrap_or("–".into()),
                    tg.strike_source
                ),
            ),
            (
                "Probability / value / EV".into(),
                format!(
                    "{:.4} / {} / {}",
                    tg.probability,
                    money(tg.value_proxy, &cur),
                    money(tg.expected_value, &cur)
                ),
            ),
            (
                "Evidence".into(),
                tg.evidence
                    .iter()
                    .map(|e| format!("{} {:.3}", e.layer, e.value))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        ]);
        if let Some(pr) = plan.programme(&tg.id) {
            let b = tg
                .polygon
                .iter()
                .flat_map(|pl| pl.exterior().0.iter())
                .fold(
                    [
                        f64::INFINITY,
                        f64::INFINITY,
                        f64::NEG_INFINITY,
                        f64::NEG_INFINITY,
                    ],
                    |e, c| [e[0].min(c.x), e[1].min(c.y), e[2].max(c.x), e[3].max(c.y)],
                );
            let pad = 0.6 * (b[2] - b[0]).max(b[3] - b[1]).max(1000.0);
            let ext = [b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad];
            let mine: Vec<Geometry<f64>> = features
                .iter()
                .filter(|x| x.target_id == tg.id)
                .map(|x| x.geometry.clone())
                .collect();
            let ml = vec![String::new(); mine.len()];
            let tgeo = vec![Geometry::MultiPolygon(tg.polygon.clone())];
            let tl = vec![tg.id.clone()];
            if let Some(m) = o
                .models
                .iter()
                .find(|m| phases > 0 && m.commodity == tg.commodity)
            {
                let mut s = MapSpec::new(format!("{}: planned work", tg.id))
                    .width(700)
                    .extent(ext);
                if let Some(c) = &set.crs {
                    s = s.crs(c.clone());
                }
                let s = s
                    .raster(
                        RasterLayer::new(&m.prospectivity)
                            .colormap(Colormap::Magma)
                            .units("0–1"),
                    )
                    .layer(Overlay::geometries(
                        "target",
                        &tgeo,
                        &tl,
                        Style::polygon([0, 200, 255], None, 0.0),
                    ))
                    .layer(Overlay::geometries(
                        "planned work",
                        &mine,
                        &ml,
                        Style::points(Marker::Circle, [255, 255, 255], 3.0),
                    ));
                r.figure_png(&render_map(&s)?, format!("{}: sample grid, survey lines, collars and drill traces on the prospectivity", tg.id), FigureKind::Map)?;
            }
            let mut t = Table::new(
                format!(
                    "{}: programme (strike {:.0}°, dip {:.0}° toward {:.0}°, source depth {:.0} m)",
                    tg.id, pr.strike_deg, pr.dip_deg, pr.dip_direction_deg, pr.depth_m
                ),
                [
                    "phase",
                    "item",
                    "quantity",
                    "unit",
                    "unit cost",
                    "cost",
                    "source",
                ]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            );
            for ph in &pr.phases {
                for l in &ph.lines {
                    t.push(vec![
                        format!("{} {}", ph.number, ph.name),
                        l.description.clone(),
                        f(l.quantity, 1),
                        l.unit.clone(),
                        unit_money(l.unit_cost, &cur),
                        money(l.cost, &cur),
                        l.source.clone(),
                    ]);
                }
                t.push(vec![
                    format!("{} total", ph.number),
                    format!("gate: {}", ph.gate),
                    String::new(),
                    String::new(),
                    String::new(),
                    money(ph.total, &cur),
                    "incl. contingency and administration".into(),
                ]);
            }
            r.table(t)?;
            if !pr.holes.is_empty() {
                let mut t = Table::new(
                    format!("{}: drill holes (JORC Table 1 collar information)", tg.id),
                    [
                        "hole",
                        "collar E",
                        "collar N",
                        "elevation m",
                        "azimuth °",
                        "dip °",
                        "length m",
                        "intercept depth m",
                        "true width / intercept",
                    ]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                );
                for h in &pr.holes {
                    t.push(vec![
                        h.id.clone(),
                        f(h.collar.0, 0),
                        f(h.collar.1, 0),
                        h.collar_z_m.map(|z| f(z, 0)).unwrap_or("–".into()),
                        f(h.azimuth_deg, 0),
                        f(h.dip_deg, 0),
                        f(h.length_m, 0),
                        f(h.intercept_depth_m, 0),
                        f(h.true_width_factor, 2),
                    ]);
                }
                r.table(t)?;
            }
        }
    }

    // Budget and schedule
    r.section("Programme, budget and schedule");
    let mut t = Table::new(
        "Budget (committed = what the budget must hold; expected = committed × probability that the phase goes ahead)",
        ["scope", "target", "phase", "direct", "contingency", "administration", "committed", "expected"].iter().map(|s| s.to_string()).collect(),
    );
    for b in &plan.budget_summary.rows {
        t.push(vec![
            b.scope.clone(),
            b.target_id.clone(),
            if b.phase > 0 {
                format!("{} {}", b.phase, b.name)
            } else {
                b.name.clone()
            },
            money(b.direct, &cur),
            money(b.contingency, &cur),
            money(b.administration, &cur),
            money(b.committed, &cur),
            money(b.expected, &cur),
        ]);
    }
    r.table(t)?;
    let phase_rows: Vec<_> = plan
        .budget_summary
        .rows
        .iter()
        .filter(|b| b.scope == "phase")
        .collect();
    if !phase_rows.is_empty() {
        let d = bar_chart(&BarChart::new(
            "Committed budget per phase",
            cur.clone(),
            phase_rows
                .iter()
                .map(|b| format!("{} {}", b.phase, b.name))
                .collect(),
            phase_rows.iter().map(|b| b.committed).collect(),
        ))?;
        r.figure_png(
            &d.png()?,
            "Committed budget per phase over the funded targets",
            FigureKind::Chart,
        )?;
    }
    if !plan.schedule.rows.is_empty() {
        let rows: Vec<GanttRow> = plan
            .schedule
            .rows
            .iter()
            .map(|g| GanttRow {
                label: format!("{} {}", g.target_id, g.name),
                phase: format!("Phase {}", g.phase),
                start: g.start_month,
                end: g.end_month,
            })
            .collect();
        let months = plan.schedule.total_months.ceil().max(1.0) as u32;
        let d = gantt_chart(&rows, months)?;
        r.figure_png(
            &d.png()?,
            format!(
                "Schedule of the funded phases: {:.1} months",
                plan.schedule.total_months
            ),
            FigureKind::Gantt,
        )?;
    }

    // Assumptions and unit costs
    r.section("Assumptions and sources");
    for a in &plan.assumptions {
        r.paragraph(a.clone());
    }
    let mut t = Table::new(
        format!("Unit costs ({})", plan.unit_costs.currency),
        [
            "item",
            "description",
            "value",
            "unit",
            "source",
            "year",
            "estimate",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    );
    for (k, u) in &plan.unit_costs.items {
        t.push(vec![
            k.clone(),
            u.description.clone(),
            f(u.value, 2),
            u.unit.clone(),
            u.source.clone(),
            u.year.map(|y| y.to_string()).unwrap_or_default(),
            if u.estimate {
                "order of magnitude".into()
            } else {
                "public figure".into()
            },
        ]);
    }
    r.table(t)?;
    r.paragraph("Methods: reduction to the pole and derivatives by FFT (Blakely 1995); lineaments as maxima of the total horizontal gradient (Blakely & Simpson 1986); Euler deconvolution (Reid et al. 1990); weights of evidence (Bonham-Carter 1994); fuzzy mineral-system templates (McCuaig et al. 2010); random forest (Breiman 2001) with spatial block cross-validation (Roberts et al. 2017); success-rate and prediction-rate curves (Chung & Fabbri 2003); expected value EV = P·V − C and the Bayesian update of a target's probability after each phase (Rose 2001).");

    let html = r.render()?;
    lode_core::atomic::write_bytes(&out.join("report.html"), html.as_bytes())
}

/// Success-rate (training) and prediction-rate (withheld) curves of one model as a PNG chart.
pub fn curves_png(
    commodity: &str,
    v: &lode_prospect::validation::ValidationReport,
) -> Result<Vec<u8>> {
    let mut chart = LineChart::new(
        format!(
            "Success and prediction rate: {}",
            commodity.replace('_', " ")
        ),
        "share of study area (highest prospectivity first)",
        "share of deposits",
    )
    .diagonal()
    .ranges((0.0, 1.0), (0.0, 1.0))
    .series(Series::new(
        format!("training (AUC {:.3})", v.training.curve_auc),
        v.curve
            .iter()
            .map(|c| (c.area_fraction, c.success))
            .collect(),
    ));
    if let Some(w) = &v.withheld {
        chart = chart.series(
            Series::new(
                format!("withheld (AUC {:.3})", w.curve_auc),
                v.curve
                    .iter()
                    .filter(|c| c.prediction.is_finite())
                    .map(|c| (c.area_fraction, c.prediction))
                    .collect(),
            )
            .dashed(),
        );
    }
    line_chart(&chart)?.png()
}

/// Print the plan's headline to stdout.
pub fn print_plan(plan: &Plan) {
    let cur = &plan.currency;
    println!(
        "plan: {} targets, {} funded; committed {} of {} (expected {}), {:.1} months",
        plan.targets.len(),
        plan.selection
            .choices
            .iter()
            .filter(|c| c.phases > 0)
            .count(),
        money(plan.budget_summary.committed, cur),
        money(plan.budget_summary.budget, cur),
        money(plan.budget_summary.expected_spend, cur),
        plan.schedule.total_months
    );
    for c in plan.selection.choices.iter().filter(|c| c.phases > 0) {
        if let Some(t) = plan.targets.iter().find(|t| t.id == c.target_id) {
            println!(
                "  {} {}: {:.2} km², peak {:.3}, {} phase(s), gated EV {} (EV = P·V − C of the whole programme {})",
                t.id,
                t.commodity,
                t.area_km2,
                t.peak,
                c.phases,
                money(c.value.ev, cur),
                money(t.expected_value, cur)
            );
        }
    }
}
