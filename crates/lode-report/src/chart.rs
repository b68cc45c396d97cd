//! Charts: line charts (success-rate, prediction-rate and ROC curves), bar charts (weights,
//! importance, budget) and orientation rose diagrams.

use lode_core::{Error, Result};

use crate::colormap::category;
use crate::draw::{self, marker_path, n, Anchor, Color, Drawing, Font, Marker, Svg};
use crate::font::text_width;
use crate::ticks;

pub(crate) const INK: Color = [0x22, 0x22, 0x22];
pub(crate) const GREY: Color = [0x66, 0x66, 0x66];
pub(crate) const RULE: Color = [0xdd, 0xdd, 0xdd];
const TICK: f64 = 11.0;

/// How a series is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesStyle {
    /// Colour; default the categorical palette in series order.
    pub color: Option<Color>,
    /// Line width, px.
    pub width: f64,
    /// Dash pattern, px (empty = solid).
    pub dash: Vec<f64>,
    /// Symbol at each point.
    pub marker: Marker,
}

impl Default for SeriesStyle {
    fn default() -> Self {
        SeriesStyle {
            color: None,
            width: 2.0,
            dash: Vec::new(),
            marker: Marker::None,
        }
    }
}

/// One curve.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend entry.
    pub name: String,
    /// (x, y) in data units, drawn in order.
    pub points: Vec<(f64, f64)>,
    pub style: SeriesStyle,
}

impl Series {
    pub fn new(name: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Series {
            name: name.into(),
            points,
            style: SeriesStyle::default(),
        }
    }
    pub fn color(mut self, c: Color) -> Self {
        self.style.color = Some(c);
        self
    }
    pub fn dashed(mut self) -> Self {
        self.style.dash = vec![6.0, 4.0];
        self
    }
    pub fn marker(mut self, m: Marker) -> Self {
        self.style.marker = m;
        self
    }
}

/// A line chart.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub series: Vec<Series>,
    /// Draw the y = x reference line (random classifier of ROC and success-rate curves).
    pub diagonal: bool,
    /// Axis limits; default the data's, widened to round ticks.
    pub x_range: Option<(f64, f64)>,
    pub y_range: Option<(f64, f64)>,
    /// Size, px.
    pub width: u32,
    pub height: u32,
}

impl LineChart {
    /// An empty 720 × 440 px chart.
    pub fn new(
        title: impl Into<String>,
        x_label: impl Into<String>,
        y_label: impl Into<String>,
    ) -> Self {
        LineChart {
            title: title.into(),
            x_label: x_label.into(),
            y_label: y_label.into(),
            series: Vec::new(),
            diagonal: false,
            x_range: None,
            y_range: None,
            width: 720,
            height: 440,
        }
    }
    pub fn series(mut self, s: Series) -> Self {
        self.series.push(s);
        self
    }
    pub fn diagonal(mut self) -> Self {
        self.diagonal = true;
        self
    }
    pub fn ranges(mut self, x: (f64, f64), y: (f64, f64)) -> Self {
        self.x_range = Some(x);
        self.y_range = Some(y);
        self
    }
}

fn check_size(w: u32, h: u32) -> Result<()> {
    if !(200..=8000).contains(&w) || !(150..=8000).contains(&h) {
        return Err(Error::invalid(format!(
            "chart size {w} × {h} px is outside 200–8000 × 150–8000"
        )));
    }
    Ok(())
}

/// Data limits widened to the nearest ticks.
fn axis(lo: f64, hi: f64, target: usize, fixed: bool) -> (f64, f64, Vec<f64>, f64) {
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        let d = lo.abs().max(1.0) * 0.5;
        (lo - d, hi + d)
    };
    let (t, step) = ticks::ticks(lo, hi, target);
    if fixed {
        return (lo, hi, t, step);
    }
    let lo2 = (lo / step + 1e-9).floor() * step;
    let hi2 = (hi / step - 1e-9).ceil() * step;
    let (t, _) = ticks::ticks(lo2, hi2, target);
    (lo2, hi2, t, step)
}

/// A plot area with data → px transforms.
pub(crate) struct Plot {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
}

impl Plot {
    pub fn px(&self, v: f64) -> f64 {
        self.x + (v - self.x0) / (self.x1 - self.x0) * self.w
    }
    pub fn py(&self, v: f64) -> f64 {
        self.y + self.h - (v - self.y0) / (self.y1 - self.y0) * self.h
    }
}

pub(crate) fn title(s: &mut Svg, t: &str) {
    s.text(14.0, 26.0, t, Font::new(16.0).bold().color([0x11; 3]));
}

/// Legend box in the plot's lower-right (or upper-right) corner.
fn legend(s: &mut Svg, p: &Plot, items: &[(String, Color, Vec<f64>, Marker, bool)], top: bool) {
    if items.is_empty() {
        return;
    }
    let w = items
        .iter()
        .map(|(t, ..)| text_width(t, TICK, false))
        .fold(0.0, f64::max)
        + 44.0;
    let h = 8.0 + 17.0 * items.len() as f64;
    let x = p.x + p.w - w - 10.0;
    let y = if top {
        p.y + 10.0
    } else {
        p.y + p.h - h - 10.0
    };
    s.raw(&format!(
        r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#ffffff" fill-opacity="0.9" stroke="#cccccc" stroke-width="0.8" rx="3"/>"##,
        n(x),
        n(y),
        n(w),
        n(h)
    ));
    for (i, (t, c, dash, m, bar)) in items.iter().enumerate() {
        let cy = y + 12.5 + 17.0 * i as f64;
        if *bar {
            s.rect(x + 8.0, cy - 5.0, 22.0, 10.0, Some(*c), None);
        } else {
            s.path(
                &format!("M{} {}h22", n(x + 8.0), n(cy)),
                &draw::paint(None, 1.0, Some((*c, 2.0)), Some(dash)),
            );
            if *m != Marker::None {
                s.path(
                    &marker_path(*m, x + 19.0, cy, 7.0),
                    &draw::paint(Some(*c), 1.0, Some(([255; 3], 0.8)), None),
                );
            }
        }
        s.text(x + 36.0, cy + 4.0, t, Font::new(TICK).color(INK));
    }
}

/// Grid lines, frame, ticks and axis titles of a plot.
fn axes(s: &mut Svg, p: &Plot, xt: (&[f64], f64), yt: (&[f64], f64), xl: &str, yl: &str) {
    let mut d = String::new();
    for v in yt.0 {
        d.push_str(&format!("M{} {}H{}", n(p.x), n(p.py(*v)), n(p.x + p.w)));
    }
    for v in xt.0 {
        d.push_str(&format!("M{} {}V{}", n(p.px(*v)), n(p.y), n(p.y + p.h)));
    }
    s.path(&d, &draw::paint(None, 1.0, Some((RULE, 0.8)), None));
    s.rect(p.x, p.y, p.w, p.h, None, Some(([0x99; 3], 0.8)));
    let f = Font::new(TICK).color(INK);
    for v in xt.0 {
        s.text(
            p.px(*v),
            p.y + p.h + 16.0,
            &ticks::label(*v, xt.1),
            f.anchor(Anchor::Middle),
        );
    }
    for v in yt.0 {
        s.text(
            p.x - 6.0,
            p.py(*v) + 4.0,
            &ticks::label(*v, yt.1),
            f.anchor(Anchor::End),
        );
    }
    let g = Font::new(12.0).color(GREY).anchor(Anchor::Middle);
    s.text(p.x + p.w / 2.0, p.y + p.h + 36.0, xl, g);
    s.text(18.0, p.y + p.h / 2.0, yl, g.rotate(-90.0));
}

fn y_label_width(t: &[f64], step: f64) -> f64 {
    t.iter()
        .map(|v| text_width(&ticks::label(*v, step), TICK, false))
        .fold(0.0, f64::max)
}

/// Draw a line chart.
pub fn line_chart(c: &LineChart) -> Result<Drawing> {
    check_size(c.width, c.height)?;
    let pts = || {
        c.series
            .iter()
            .flat_map(|s| s.points.iter())
            .filter(|(x, y)| x.is_finite() && y.is_finite())
    };
    if pts().next().is_none() {
        return Err(Error::invalid(format!(
            "line chart {:?} has no finite point",
            c.title
        )));
    }
    let (mut xmin, mut xmax, mut ymin, mut ymax) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for (x, y) in pts() {
        xmin = xmin.min(*x);
        xmax = xmax.max(*x);
        ymin = ymin.min(*y);
        ymax = ymax.max(*y);
    }
    let (w, h) = (c.width as f64, c.height as f64);
    let (x0, x1, xt, xs) = match c.x_range {
        Some((a, b)) => axis(a, b, (w / 110.0) as usize, true),
        None => axis(xmin, xmax, (w / 110.0) as usize, false),
    };
    let (y0, y1, yt, ys) = match c.y_range {
        Some((a, b)) => axis(a, b, (h / 70.0) as usize, true),
        None => axis(ymin, ymax, (h / 70.0) as usize, false),
    };
    let left = (30.0 + y_label_width(&yt, ys) + 10.0).ceil();
    let p = Plot {
        x: left,
        y: 44.0,
        w: w - left - 20.0,
        h: h - 44.0 - 50.0,
        x0,
        x1,
        y0,
        y1,
    };
    let mut s = Svg::new(c.width, c.height);
    s.rect(0.0, 0.0, w, h, Some([255; 3]), None);
    title(&mut s, &c.title);
    axes(&mut s, &p, (&xt, xs), (&yt, ys), &c.x_label, &c.y_label);
    s.raw(&format!(
        r#"<defs><clipPath id="plot-{{ID}}"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath></defs><g clip-path="url(#plot-{{ID}})">"#,
        n(p.x),
        n(p.y),
        n(p.w),
        n(p.h)
    ));
    if c.diagonal {
        let a = x0.max(y0);
        let b = x1.min(y1);
        s.path(
            &format!(
                "M{} {}L{} {}",
                n(p.px(a)),
                n(p.py(a)),
                n(p.px(b)),
                n(p.py(b))
            ),
            &draw::paint(None, 1.0, Some(([0x88; 3], 1.2)), Some(&[5.0, 4.0])),
        );
    }
    let mut items = Vec::new();
    for (i, se) in c.series.iter().enumerate() {
        let col = se.style.color.unwrap_or(category(i));
        let mut d = String::new();
        let mut pen = false;
        for (x, y) in &se.points {
            if !(x.is_finite() && y.is_finite()) {
                pen = false;
                continue;
            }
            d.push_str(&format!(
                "{}{} {}",
                if pen { "L" } else { "M" },
                n(p.px(*x)),
                n(p.py(*y))
            ));
            pen = true;
        }
        s.path(
            &d,
            &draw::paint(None, 1.0, Some((col, se.style.width)), Some(&se.style.dash)),
        );
        if se.style.marker != Marker::None {
            let mut m = String::new();
            for (x, y) in se
                .points
                .iter()
                .filter(|(x, y)| x.is_finite() && y.is_finite())
            {
                m.push_str(&marker_path(se.style.marker, p.px(*x), p.py(*y), 7.0));
            }
            s.path(
                &m,
                &draw::paint(Some(col), 1.0, Some(([255; 3], 0.8)), None),
            );
        }
        items.push((
            se.name.clone(),
            col,
            se.style.dash.clone(),
            se.style.marker,
            false,
        ));
    }
    s.raw("</g>");
    if c.diagonal {
        items.push((
            "Random (y = x)".into(),
            [0x88; 3],
            vec![5.0, 4.0],
            Marker::None,
            false,
        ));
    }
    legend(&mut s, &p, &items, false);
    Ok(s.finish())
}

/// One group of bars.
#[derive(Debug, Clone, PartialEq)]
pub struct BarSeries {
    pub name: String,
    /// One value per category.
    pub values: Vec<f64>,
    pub color: Option<Color>,
}

/// A bar chart (several series are grouped per category).
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub title: String,
    pub categories: Vec<String>,
    pub series: Vec<BarSeries>,
    /// Title of the value axis (with units).
    pub value_label: String,
    /// Bars run left → right with category labels on the left (long names).
    pub horizontal: bool,
    /// Print each value at the end of its bar.
    pub show_values: bool,
    /// Width, px; the height follows the number of bars when horizontal.
    pub width: u32,
    pub height: u32,
}

impl BarChart {
    /// One series of values over categories, horizontal, 720 px wide.
    pub fn new(
        title: impl Into<String>,
        value_label: impl Into<String>,
        categories: Vec<String>,
        values: Vec<f64>,
    ) -> Self {
        BarChart {
            title: title.into(),
            categories,
            series: vec![BarSeries {
                name: String::new(),
                values,
                color: None,
            }],
            value_label: value_label.into(),
            horizontal: true,
            show_values: true,
            width: 720,
            height: 400,
        }
    }
}

/// A value printed with 3 significant digits (integers ≥ 1000 grouped).
pub fn fmt_value(v: f64) -> String {
    let a = v.abs();
    let d = if a >= 100.0 || a == 0.0 {
        0
    } else if a >= 10.0 {
        1
    } else if a >= 1.0 {
        2
    } else {
        (2.0 - a.log10().floor()).min(8.0) as usize
    };
    let mut t = format!("{v:.d$}");
    if t.contains('.') {
        while t.ends_with('0') {
            t.pop();
        }
        if t.ends_with('.') {
            t.pop();
        }
    }
    ticks::group(&t)
}

/// Draw a bar chart.
pub fn bar_chart(c: &BarChart) -> Result<Drawing> {
    let nc = c.categories.len();
    if nc == 0 || c.series.is_empty() {
        return Err(Error::invalid(format!(
            "bar chart {:?} has no data",
            c.title
        )));
    }
    for se in &c.series {
        if se.values.len() != nc {
            return Err(Error::invalid(format!(
                "bar chart {:?}: series {:?} has {} values for {nc} categories",
                c.title,
                se.name,
                se.values.len()
            )));
        }
        if se.values.iter().any(|v| !v.is_finite()) {
            return Err(Error::invalid(format!(
                "bar chart {:?}: series {:?} has a non-finite value",
                c.title, se.name
            )));
        }
    }
    let ns = c.series.len();
    let vmin = c
        .series
        .iter()
        .flat_map(|s| &s.values)
        .fold(0.0f64, |a, b| a.min(*b));
    let vmax = c
        .series
        .iter()
        .flat_map(|s| &s.values)
        .fold(0.0f64, |a, b| a.max(*b));
    let w = c.width as f64;
    let band = (10.0 + 16.0 * ns as f64).max(22.0);
    let h = if c.horizontal {
        (44.0 + band * nc as f64 + 56.0 + if ns > 1 { 20.0 } else { 0.0 }).ceil()
    } else {
        c.height as f64
    };
    check_size(c.width, h as u32)?;
    let mut s = Svg::new(c.width, h as u32);
    s.rect(0.0, 0.0, w, h, Some([255; 3]), None);
    title(&mut s, &c.title);
    let colour = |i: usize| c.series[i].color.unwrap_or(category(i));
    let val_w = if c.show_values {
        c.series
            .iter()
            .flat_map(|s| &s.values)
            .map(|v| text_width(&fmt_value(*v), 10.0, false))
            .fold(0.0, f64::max)
            + 8.0
    } else {
        0.0
    };
    let f = Font::new(TICK).color(INK);
    if c.horizontal {
        let lab_w = c
            .categories
            .iter()
            .map(|t| text_width(t, TICK, false))
            .fold(0.0, f64::max)
            .min(0.4 * w);
        let neg_w = if vmin < 0.0 { val_w } else { 0.0 };
        let left = (14.0 + lab_w + 10.0).ceil();
        let pw = w - left - 20.0 - val_w - neg_w;
        let (v0, v1, vt, vs) = axis(vmin, vmax, (pw / 90.0).max(2.0) as usize, false);
        let p = Plot {
            x: left + neg_w,
            y: 44.0,
            w: pw,
            h: band * nc as f64,
            x0: v0,
            x1: v1,
            y0: 0.0,
            y1: 1.0,
        };
        let mut d = String::new();
        for v in &vt {
            d.push_str(&format!("M{} {}V{}", n(p.px(*v)), n(p.y), n(p.y + p.h)));
            s.text(
                p.px(*v),
                p.y + p.h + 16.0,
                &ticks::label(*v, vs),
                f.anchor(Anchor::Middle),
            );
        }
        s.path(&d, &draw::paint(None, 1.0, Some((RULE, 0.8)), None));
        let bh = (band - 10.0) / ns as f64;
        for (k, cat) in c.categories.iter().enumerate() {
            let y = p.y + band * k as f64 + 5.0;
            s.text(
                left - 8.0,
                y + (band - 10.0) / 2.0 + 4.0,
                cat,
                f.anchor(Anchor::End),
            );
            for (i, se) in c.series.iter().enumerate() {
                let v = se.values[k];
                let (a, b) = (p.px(0.0), p.px(v));
                let by = y + bh * i as f64;
                s.rect(a.min(b), by, (b - a).abs(), bh - 1.0, Some(colour(i)), None);
                if c.show_values {
                    let (tx, an) = if v >= 0.0 {
                        (b + 4.0, Anchor::Start)
                    } else {
                        (b - 4.0, Anchor::End)
                    };
                    s.text(
                        tx,
                        by + bh / 2.0 + 3.5,
                        &fmt_value(v),
                        Font::new(10.0).color(GREY).anchor(an),
                    );
                }
            }
        }
        s.line(p.px(0.0), p.y, p.px(0.0), p.y + p.h, [0x55; 3], 1.0);
        s.text(
            p.x + p.w / 2.0,
            p.y + p.h + 36.0,
            &c.value_label,
            Font::new(12.0).color(GREY).anchor(Anchor::Middle),
        );
        if ns > 1 {
            series_key(&mut s, c, 14.0, h - 10.0);
        }
    } else {
        let (v0, v1, vt, vs) = axis(vmin, vmax, (h / 70.0) as usize, false);
        let left = (30.0 + y_label_width(&vt, vs) + 10.0).ceil();
        let slot_w = (w - left - 20.0) / nc as f64;
        let rot = c
            .categories
            .iter()
            .any(|t| text_width(t, TICK, false) > slot_w - 6.0);
        let lab_h = if rot {
            c.categories
                .iter()
                .map(|t| text_width(t, TICK, false))
                .fold(0.0, f64::max)
                .min(0.35 * h)
                * 0.6
                + 10.0
        } else {
            18.0
        };
        let key_h = if ns > 1 { 20.0 } else { 0.0 };
        let p = Plot {
            x: left,
            y: 44.0 + if c.show_values { 10.0 } else { 0.0 },
            w: w - left - 20.0,
            h: h - 54.0 - 40.0 - lab_h - key_h,
            x0: 0.0,
            x1: 1.0,
            y0: v0,
            y1: v1,
        };
        axes(&mut s, &p, (&[], 1.0), (&vt, vs), "", &c.value_label);
        let bw = (slot_w * 0.8) / ns as f64;
        for (k, cat) in c.categories.iter().enumerate() {
            let x = p.x + slot_w * k as f64 + slot_w * 0.1;
            let cx = p.x + slot_w * (k as f64 + 0.5);
            if rot {
                s.text(
                    cx + 4.0,
                    p.y + p.h + 12.0,
                    cat,
                    f.anchor(Anchor::End).rotate(-35.0),
                );
            } else {
                s.text(cx, p.y + p.h + 16.0, cat, f.anchor(Anchor::Middle));
            }
            for (i, se) in c.series.iter().enumerate() {
                let v = se.values[k];
                let (a, b) = (p.py(0.0), p.py(v));
                let bx = x + bw * i as f64;
                s.rect(bx, a.min(b), bw - 1.0, (b - a).abs(), Some(colour(i)), None);
                if c.show_values {
                    let ty = if v >= 0.0 { b - 4.0 } else { b + 12.0 };
                    s.text(
                        bx + bw / 2.0,
                        ty,
                        &fmt_value(v),
                        Font::new(10.0).color(GREY).anchor(Anchor::Middle),
                    );
                }
            }
        }
        s.line(p.x, p.py(0.0), p.x + p.w, p.py(0.0), [0x55; 3], 1.0);
        if ns > 1 {
            series_key(&mut s, c, left, h - 10.0);
        }
    }
    Ok(s.finish())
}

/// A one-line key of the series names.
fn series_key(s: &mut Svg, c: &BarChart, x: f64, y: f64) {
    let mut x = x;
    for (i, se) in c.series.iter().enumerate() {
        s.rect(
            x,
            y - 9.0,
            12.0,
            10.0,
            Some(se.color.unwrap_or(category(i))),
            None,
        );
        s.text(x + 16.0, y, &se.name, Font::new(TICK).color(INK));
        x += 30.0 + text_width(&se.name, TICK, false);
    }
}

/// An orientation rose diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Rose {
    pub title: String,
    /// Counts (or lengths) in equal sectors clockwise from north: over 360°, or over 180° when
    /// `axial` (strikes; each sector is drawn on both sides).
    pub bins: Vec<f64>,
    pub axial: bool,
    pub color: Option<Color>,
    /// Width and height, px.
    pub size: u32,
}

impl Rose {
    pub fn new(title: impl Into<String>, bins: Vec<f64>, axial: bool) -> Self {
        Rose {
            title: title.into(),
            bins,
            axial,
            color: None,
            size: 420,
        }
    }
}

/// Draw a rose diagram; petal radius ∝ √value, so petal area ∝ value (equal-area rose,
/// Nemec 1988, "The shape of the rose", Sedimentary Geology 59, 149–152).
pub fn rose(r: &Rose) -> Result<Drawing> {
    check_size(r.size, r.size)?;
    if r.bins.is_empty() || r.bins.iter().any(|v| !v.is_finite() || *v < 0.0) {
        return Err(Error::invalid(format!(
            "rose {:?} needs at least one bin and finite, non-negative values",
            r.title
        )));
    }
    let max = r.bins.iter().copied().fold(0.0, f64::max);
    let size = r.size as f64;
    let mut s = Svg::new(r.size, r.size);
    s.rect(0.0, 0.0, size, size, Some([255; 3]), None);
    title(&mut s, &r.title);
    let (cx, cy) = (size / 2.0, 40.0 + (size - 40.0) / 2.0);
    let rad = (size - 40.0) / 2.0 - 28.0;
    let span = if r.axial { 180.0 } else { 360.0 } / r.bins.len() as f64;
    let pt = |az: f64, rr: f64| {
        let a = az.to_radians();
        (cx + rr * a.sin(), cy - rr * a.cos())
    };
    // Rings at quarter steps of the largest value (√-scaled radii).
    let mut d = String::new();
    for q in [0.25f64, 0.5, 0.75, 1.0] {
        let rr = rad * q.sqrt();
        d.push_str(&format!(
            "M{} {}a{r} {r} 0 1 0 {dd} 0a{r} {r} 0 1 0 -{dd} 0",
            n(cx - rr),
            n(cy),
            r = n(rr),
            dd = n(2.0 * rr)
        ));
    }
    for k in 0..12 {
        let (x, y) = pt(k as f64 * 30.0, rad);
        d.push_str(&format!("M{} {}L{} {}", n(cx), n(cy), n(x), n(y)));
    }
    s.path(&d, &draw::paint(None, 1.0, Some((RULE, 0.8)), None));
    let col = r.color.unwrap_or(category(0));
    let mut petals = String::new();
    let copies: &[f64] = if r.axial { &[0.0, 180.0] } else { &[0.0] };
    for (i, v) in r.bins.iter().enumerate() {
        if *v <= 0.0 || max <= 0.0 {
            continue;
        }
        let rr = rad * (v / max).sqrt();
        for off in copies {
            let a0 = off + i as f64 * span;
            let (x0, y0) = pt(a0, rr);
            let (x1, y1) = pt(a0 + span, rr);
            petals.push_str(&format!(
                "M{} {}L{} {}A{r} {r} 0 0 1 {} {}Z",
                n(cx),
                n(cy),
                n(x0),
                n(y0),
                n(x1),
                n(y1),
                r = n(rr)
            ));
        }
    }
    s.path(
        &petals,
        &draw::paint(Some(col), 0.85, Some(([0x33; 3], 0.8)), None),
    );
    let f = Font::new(12.0).bold().color(INK).anchor(Anchor::Middle);
    for (t, az) in [("N", 0.0), ("E", 90.0), ("S", 180.0), ("W", 270.0)] {
        let (x, y) = pt(az, rad + 14.0);
        s.text(x, y + 4.0, t, f);
    }
    let g = Font::new(9.5).color(GREY);
    for q in [0.5, 1.0] {
        let (x, y) = pt(45.0, rad * f64::sqrt(q));
        s.text(x + 3.0, y - 2.0, &fmt_value(max * q), g);
    }
    Ok(s.finish())
}
