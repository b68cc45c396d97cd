//! Map furniture: title, frame with coordinate ticks, scale bar, north arrow, colour bar and legend.

use lode_core::Result;

use super::vector::{overlay_kind, Kind};
use super::{coord_label, raster, MapLayout, MapSpec, Style, PAD, TICK_FONT};
use crate::colormap::Colormap;
use crate::draw::{self, hex, marker_path, n, Anchor, Color, Font, Marker, Svg};
use crate::font::text_width;
use crate::ticks;

const INK: Color = [0x22, 0x22, 0x22];
const GREY: Color = [0x55, 0x55, 0x55];
const LEGEND_FONT: f64 = 11.0;
const HEAD_FONT: f64 = 12.0;
const BAR_W: f64 = 16.0;

/// Split text into lines no wider than `max` px.
pub(crate) fn wrap(text: &str, size: f64, bold: bool, max: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for w in text.split_whitespace() {
        let cand = if cur.is_empty() {
            w.to_string()
        } else {
            format!("{cur} {w}")
        };
        if !cur.is_empty() && text_width(&cand, size, bold) > max {
            lines.push(std::mem::take(&mut cur));
            cur = w.to_string();
        } else {
            cur = cand;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

fn raster_heading(spec: &MapSpec) -> Option<(Option<String>, Option<String>)> {
    let r = spec.raster.as_ref()?;
    let label = r.label.clone().or_else(|| r.grid.field.clone());
    let units = r.units.clone().or_else(|| r.grid.units.clone());
    Some((label, units))
}

fn legend_layers<'a>(
    spec: &'a MapSpec,
) -> impl Iterator<Item = (&'a str, &'a Style, Option<Kind>)> {
    spec.layers
        .iter()
        .filter(|o| o.style.legend)
        .map(|o| (o.name.as_str(), &o.style, overlay_kind(&o.shapes)))
}

pub(crate) fn panel_width(spec: &MapSpec, range: Option<(f64, f64)>, w: f64) -> Result<f64> {
    let max = (0.28 * w).floor();
    let mut need: f64 = 110.0;
    if let Some((label, units)) = raster_heading(spec) {
        for t in [label, units.map(|u| format!("({u})"))]
            .into_iter()
            .flatten()
        {
            need = need.max(text_width(&t, HEAD_FONT, true).min(max));
        }
    }
    if let Some((lo, hi)) = range {
        let (t, step) = ticks::ticks(lo, hi, 6);
        for v in t {
            need = need.max(BAR_W + 8.0 + text_width(&ticks::label(v, step), LEGEND_FONT, false));
        }
    }
    if let Some(r) = spec
        .raster
        .as_ref()
        .filter(|r| r.colormap == Colormap::Categorical)
    {
        for (_, l, _) in raster::classes(r)? {
            need = need.max(20.0 + text_width(&l, LEGEND_FONT, false));
        }
    }
    for (name, _, _) in legend_layers(spec) {
        need = need.max(30.0 + text_width(name, LEGEND_FONT, false));
    }
    Ok(need.min(max).ceil())
}

pub(crate) fn panel_height(spec: &MapSpec, lay: &MapLayout) -> f64 {
    let mut s = Svg::new(1, 1);
    panel(&mut s, spec, lay).unwrap_or(lay.frame[3] as f64) - lay.frame[1] as f64
}

pub(crate) fn title(s: &mut Svg, spec: &MapSpec) {
    s.text(
        PAD,
        30.0,
        &spec.title,
        Font::new(18.0).bold().color([0x11; 3]),
    );
    if let Some(t) = &spec.subtitle {
        s.text(PAD, 50.0, t, Font::new(12.0).color(GREY));
    }
}

pub(crate) fn graticule(s: &mut Svg, lay: &MapLayout, over_raster: bool) {
    let [fx, fy, fw, fh] = lay.frame.map(f64::from);
    let mut d = String::new();
    for x in &lay.x_ticks {
        let px = fx + (x - lay.extent[0]) / lay.units_per_px;
        d.push_str(&format!("M{} {}V{}", n(px), n(fy), n(fy + fh)));
    }
    for y in &lay.y_ticks {
        let py = fy + (lay.extent[3] - y) / lay.units_per_px;
        d.push_str(&format!("M{} {}H{}", n(fx), n(py), n(fx + fw)));
    }
    let colour = if over_raster { "#ffffff" } else { "#9aa4ad" };
    s.path(
        &d,
        &format!(
            r#" fill="none" stroke="{colour}" stroke-opacity="0.5" stroke-width="0.7" stroke-dasharray="3 3""#
        ),
    );
}

pub(crate) fn frame_and_ticks(s: &mut Svg, lay: &MapLayout) {
    let [fx, fy, fw, fh] = lay.frame.map(f64::from);
    s.rect(fx, fy, fw, fh, None, Some((INK, 1.0)));
    let f = Font::new(TICK_FONT).color(INK);
    let mut d = String::new();
    for x in &lay.x_ticks {
        let px = fx + (x - lay.extent[0]) / lay.units_per_px;
        d.push_str(&format!("M{} {}v5", n(px), n(fy + fh)));
        let t = coord_label(*x, lay.x_step, lay.geographic, true);
        s.text(px, fy + fh + 17.0, &t, f.anchor(Anchor::Middle));
    }
    for y in &lay.y_ticks {
        let py = fy + (lay.extent[3] - y) / lay.units_per_px;
        d.push_str(&format!("M{} {}h-5", n(fx), n(py)));
        let t = coord_label(*y, lay.y_step, lay.geographic, false);
        s.text(fx - 8.0, py + 4.0, &t, f.anchor(Anchor::End));
    }
    s.path(&d, &draw::paint(None, 1.0, Some((INK, 1.0)), None));
    let (xt, yt) = if lay.geographic {
        ("Longitude".to_string(), "Latitude".to_string())
    } else {
        (
            format!("Easting ({})", lay.unit_name),
            format!("Northing ({})", lay.unit_name),
        )
    };
    let g = Font::new(TICK_FONT).color(GREY);
    s.text(fx + fw / 2.0, fy + fh + 33.0, &xt, g.anchor(Anchor::Middle));
    s.text(
        PAD + 9.0,
        fy + fh / 2.0,
        &yt,
        g.anchor(Anchor::Middle).rotate(-90.0),
    );
}

/// Scale-bar label: metres below 1 km, else kilometres.
pub(crate) fn length_label(m: f64) -> String {
    if m >= 1000.0 {
        let km = m / 1000.0;
        format!(
            "{} km",
            ticks::label(km, if km.fract() == 0.0 { 1.0 } else { 0.1 })
        )
    } else {
        format!(
            "{} m",
            ticks::label(m, if m.fract() == 0.0 { 1.0 } else { 0.01 })
        )
    }
}

pub(crate) fn scale_bar(s: &mut Svg, lay: &MapLayout) {
    let [fx, fy, fw, fh] = lay.frame.map(f64::from);
    let y = fy + fh + 54.0;
    let len = lay.scale_bar_px;
    let seg = len / 4.0;
    for i in 0..4 {
        let fill = if i % 2 == 0 { INK } else { [255; 3] };
        s.rect(
            fx + i as f64 * seg,
            y,
            seg,
            6.0,
            Some(fill),
            Some((INK, 0.8)),
        );
    }
    let f = Font::new(10.5).color(INK).anchor(Anchor::Middle);
    s.text(fx, y - 4.0, "0", f);
    if len >= 150.0 {
        s.text(
            fx + len / 2.0,
            y - 4.0,
            &length_label(lay.scale_bar_m / 2.0),
            f,
        );
    }
    s.text(fx + len, y - 4.0, &length_label(lay.scale_bar_m), f);
    let (cx, cy, anchor) = if lay.crs_below {
        (fx, y + 26.0, Anchor::Start)
    } else {
        (fx + fw, y + 6.0, Anchor::End)
    };
    s.text(
        cx,
        cy,
        &lay.crs_label,
        Font::new(10.5).color(GREY).anchor(anchor),
    );
}

fn north_arrow(s: &mut Svg, x: f64, y: f64) -> f64 {
    s.text(
        x,
        y + 12.0,
        "N",
        Font::new(13.0).bold().anchor(Anchor::Middle),
    );
    let (t, b) = (y + 17.0, y + 47.0);
    s.path(
        &format!(
            "M{} {}L{} {}L{} {}Z",
            n(x),
            n(t),
            n(x - 8.0),
            n(b),
            n(x),
            n(b - 8.0)
        ),
        &draw::paint(Some([255; 3]), 1.0, Some((INK, 1.0)), None),
    );
    s.path(
        &format!(
            "M{} {}L{} {}L{} {}Z",
            n(x),
            n(t),
            n(x + 8.0),
            n(b),
            n(x),
            n(b - 8.0)
        ),
        &draw::paint(Some(INK), 1.0, Some((INK, 1.0)), None),
    );
    b + 18.0
}

fn legend_symbol(s: &mut Svg, st: &Style, kind: Option<Kind>, x: f64, y: f64) {
    let stroke = st.stroke.map(|c| (c, st.width.min(3.0)));
    let kind = kind.unwrap_or(if st.marker != Marker::None {
        Kind::Point
    } else if st.fill.is_some() {
        Kind::Area
    } else {
        Kind::Line
    });
    if kind == Kind::Point {
        let marker = if st.marker == Marker::None {
            Marker::Circle
        } else {
            st.marker
        };
        let (fill, stroke) = if marker == Marker::Cross {
            (
                None,
                Some((st.fill.or(st.stroke).unwrap_or([0; 3]), st.width.max(1.5))),
            )
        } else {
            (st.fill, stroke)
        };
        s.path(
            &marker_path(marker, x + 10.0, y, st.marker_size.min(12.0)),
            &draw::paint(fill, 1.0, stroke, None),
        );
    } else if kind == Kind::Area {
        s.path(
            &format!("M{} {}h18v12h-18Z", n(x + 1.0), n(y - 6.0)),
            &draw::paint(st.fill, st.fill_opacity, stroke, Some(&st.dash)),
        );
    } else {
        s.path(
            &format!("M{} {}h20", n(x), n(y)),
            &draw::paint(None, 1.0, stroke, Some(&st.dash)),
        );
    }
}

/// Draw the side panel; returns the lowest y used.
pub(crate) fn panel(s: &mut Svg, spec: &MapSpec, lay: &MapLayout) -> Result<f64> {
    let [_, fy, _, fh] = lay.frame.map(f64::from);
    let x = lay.panel_x;
    let pw = lay.panel_w;
    let mut y = north_arrow(s, x + 10.0, fy);
    if let (Some(r), Some((label, units))) = (&spec.raster, raster_heading(spec)) {
        for t in label.iter().flat_map(|l| wrap(l, HEAD_FONT, true, pw)) {
            y += 14.0;
            s.text(x, y, &t, Font::new(HEAD_FONT).bold().color(INK));
        }
        if let Some(u) = units {
            y += 14.0;
            s.text(x, y, &format!("({u})"), Font::new(LEGEND_FONT).color(GREY));
        }
        y += 10.0;
        if r.colormap == Colormap::Categorical {
            for (_, l, c) in raster::classes(r)? {
                s.rect(x, y, 14.0, 12.0, Some(c), Some((GREY, 0.6)));
                s.text(x + 20.0, y + 10.0, &l, Font::new(LEGEND_FONT).color(INK));
                y += 18.0;
            }
        } else if let Some((lo, hi)) = lay.value_range {
            y = colour_bar(s, r, lo, hi, x, y + 8.0, (0.42 * fh).clamp(90.0, 260.0));
        }
        y += 8.0;
    }
    let entries: Vec<_> = legend_layers(spec).collect();
    if !entries.is_empty() {
        y += 16.0;
        s.text(x, y, "Legend", Font::new(HEAD_FONT).bold().color(INK));
        y += 8.0;
        for (name, st, kind) in entries {
            let lines = wrap(name, LEGEND_FONT, false, pw - 28.0);
            legend_symbol(s, st, kind, x, y + 9.0);
            for (i, l) in lines.iter().enumerate() {
                s.text(
                    x + 28.0,
                    y + 13.0 + 13.0 * i as f64,
                    l,
                    Font::new(LEGEND_FONT).color(INK),
                );
            }
            y += 8.0 + 13.0 * lines.len().max(1) as f64;
        }
    }
    Ok(y)
}

fn colour_bar(
    s: &mut Svg,
    r: &super::RasterLayer,
    lo: f64,
    hi: f64,
    x: f64,
    y: f64,
    h: f64,
) -> f64 {
    let col = |t: f64| r.colormap.sample(if r.reverse { 1.0 - t } else { t });
    let mut stops = String::new();
    for i in 0..=32 {
        let t = i as f64 / 32.0;
        stops.push_str(&format!(
            r#"<stop offset="{}" stop-color="{}"/>"#,
            n(t),
            hex(col(t))
        ));
    }
    s.raw(&format!(
        r#"<defs><linearGradient id="bar-{{ID}}" x1="0" y1="1" x2="0" y2="0">{stops}</linearGradient></defs>"#
    ));
    // Triangles mark values beyond the stretch (clipped to the end colours).
    let stats = r.grid.stats();
    if stats.max > hi {
        s.path(
            &format!(
                "M{} {}L{} {}H{}Z",
                n(x),
                n(y),
                n(x + BAR_W / 2.0),
                n(y - 9.0),
                n(x + BAR_W)
            ),
            &draw::paint(Some(col(1.0)), 1.0, Some((GREY, 0.6)), None),
        );
    }
    if stats.min < lo {
        s.path(
            &format!(
                "M{} {}L{} {}H{}Z",
                n(x),
                n(y + h),
                n(x + BAR_W / 2.0),
                n(y + h + 9.0),
                n(x + BAR_W)
            ),
            &draw::paint(Some(col(0.0)), 1.0, Some((GREY, 0.6)), None),
        );
    }
    s.raw(&format!(
        r##"<rect x="{}" y="{}" width="{}" height="{}" fill="url(#bar-{{ID}})" stroke="#555555" stroke-width="0.6"/>"##,
        n(x),
        n(y),
        n(BAR_W),
        n(h)
    ));
    let (t, step) = ticks::ticks(lo, hi, (h / 40.0) as usize);
    let mut d = String::new();
    for v in t {
        let py = y + h - (v - lo) / (hi - lo) * h;
        d.push_str(&format!("M{} {}h4", n(x + BAR_W), n(py)));
        s.text(
            x + BAR_W + 7.0,
            py + 4.0,
            &ticks::label(v, step),
            Font::new(LEGEND_FONT).color(INK),
        );
    }
    s.path(&d, &draw::paint(None, 1.0, Some((GREY, 0.8)), None));
    y + h + 12.0
}
