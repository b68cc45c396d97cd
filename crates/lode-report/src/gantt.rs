//! Schedules as Gantt charts: one bar per activity on a month axis, coloured by phase.

use lode_core::{Error, Result};

use crate::chart::{GREY, INK, RULE};
use crate::colormap::category;
use crate::draw::{n, Anchor, Drawing, Font, Svg};
use crate::font::text_width;

/// One activity.
#[derive(Debug, Clone, PartialEq)]
pub struct GanttRow {
    /// Activity name (e.g. "T1 soil geochemistry").
    pub label: String,
    /// Phase it belongs to; bars of one phase share a colour.
    pub phase: String,
    /// Start and end, months from the programme start (0 ≤ start < end ≤ months).
    pub start: f64,
    pub end: f64,
}

const ROW: f64 = 24.0;
const FONT: f64 = 11.0;

/// Draw a Gantt chart of `rows` over a programme of `months` months (900 px wide).
pub fn gantt_chart(rows: &[GanttRow], months: u32) -> Result<Drawing> {
    if rows.is_empty() {
        return Err(Error::invalid("the schedule has no activity"));
    }
    if months == 0 || months > 600 {
        return Err(Error::invalid(format!(
            "programme length {months} months is outside 1–600"
        )));
    }
    let m = months as f64;
    for r in rows {
        if !(r.start.is_finite()
            && r.end.is_finite()
            && r.start >= 0.0
            && r.start < r.end
            && r.end <= m)
        {
            return Err(Error::invalid(format!(
                "activity {:?} runs from month {} to {}, outside 0–{months} or backwards",
                r.label, r.start, r.end
            )));
        }
    }
    let mut phases: Vec<&str> = Vec::new();
    for r in rows {
        if !phases.contains(&r.phase.as_str()) {
            phases.push(&r.phase);
        }
    }
    let width = 900.0;
    let lab_w = rows
        .iter()
        .map(|r| text_width(&r.label, FONT, false))
        .fold(0.0, f64::max)
        .min(0.4 * width);
    let left = (14.0 + lab_w + 12.0).ceil();
    let top = 34.0;
    let pw = width - left - 20.0;
    let ph = ROW * rows.len() as f64;
    let height = (top + ph + 40.0 + 22.0 * (legend_lines(&phases, width) - 1) as f64).ceil();
    let mut s = Svg::new(width as u32, height as u32);
    s.rect(0.0, 0.0, width, height, Some([255; 3]), None);
    let px = |t: f64| left + t / m * pw;
    let step = [1u32, 2, 3, 6, 12, 24, 60]
        .into_iter()
        .find(|k| pw / (m / *k as f64) >= 28.0)
        .unwrap_or(120);
    // Month grid, labels above.
    let mut d = String::new();
    for k in (0..=months).step_by(step as usize) {
        let x = px(k as f64);
        d.push_str(&format!("M{} {}V{}", n(x), n(top), n(top + ph)));
        s.text(
            x,
            top - 8.0,
            &k.to_string(),
            Font::new(10.0).color(GREY).anchor(Anchor::Middle),
        );
    }
    s.path(
        &d,
        &format!(
            r##" fill="none" stroke="#{:02x}{:02x}{:02x}" stroke-width="0.8""##,
            RULE[0], RULE[1], RULE[2]
        ),
    );
    s.text(left, 14.0, "Month", Font::new(10.0).color(GREY));
    for (i, r) in rows.iter().enumerate() {
        let y = top + ROW * i as f64;
        if i % 2 == 1 {
            s.raw(&format!(
                r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#000000" fill-opacity="0.03"/>"##,
                n(14.0),
                n(y),
                n(left - 14.0 + pw),
                n(ROW)
            ));
        }
        s.text(
            left - 8.0,
            y + ROW / 2.0 + 4.0,
            &r.label,
            Font::new(FONT).color(INK).anchor(Anchor::End),
        );
        let c = category(phases.iter().position(|p| *p == r.phase).unwrap_or(0));
        let (x0, x1) = (px(r.start), px(r.end));
        s.raw(&format!(
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}"/>"#,
            n(x0),
            n(y + 5.0),
            n((x1 - x0).max(2.0)),
            n(ROW - 10.0),
            crate::draw::hex(c)
        ));
    }
    s.rect(left, top, pw, ph, None, Some(([0x99; 3], 0.8)));
    // Phase legend, wrapped.
    let mut x = left;
    let mut y = top + ph + 26.0;
    for (i, p) in phases.iter().enumerate() {
        let w = 22.0 + text_width(p, FONT, false) + 18.0;
        if x + w > width - 14.0 && x > left {
            x = left;
            y += 22.0;
        }
        s.rect(x, y - 10.0, 14.0, 12.0, Some(category(i)), None);
        s.text(x + 20.0, y, p, Font::new(FONT).color(INK));
        x += w;
    }
    Ok(s.finish())
}

fn legend_lines(phases: &[&str], width: f64) -> usize {
    let total: f64 = phases
        .iter()
        .map(|p| 40.0 + text_width(p, FONT, false))
        .sum();
    (total / (0.7 * width)).ceil().max(1.0) as usize
}
