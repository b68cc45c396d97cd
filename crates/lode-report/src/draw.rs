//! SVG composition and deterministic PNG rendering (resvg with the embedded font only).

use std::fmt::Write as _;

use lode_core::{Error, Result};
use resvg::tiny_skia;
use resvg::usvg;

use crate::font;

/// An RGB colour, 8 bits per channel.
pub type Color = [u8; 3];

/// `#rrggbb` of a colour.
pub fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// A finished vector drawing (SVG text in px units) that renders to PNG.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    /// Self-contained SVG document.
    pub svg: String,
    /// Width, px.
    pub width: u32,
    /// Height, px.
    pub height: u32,
}

impl Drawing {
    /// Render to PNG bytes (RGB, 8 bit, white background); same drawing → same bytes.
    pub fn png(&self) -> Result<Vec<u8>> {
        let pixmap = rasterize(&self.svg, self.width, self.height, None)?;
        encode_png(&pixmap)
    }
}

/// Render an SVG document onto a white pixmap, optionally over an RGBA image placed at (x, y).
pub(crate) fn rasterize(
    svg: &str,
    width: u32,
    height: u32,
    under: Option<(&tiny_skia::Pixmap, i32, i32)>,
) -> Result<tiny_skia::Pixmap> {
    let opt = usvg::Options {
        fontdb: font::database(),
        font_family: font::FAMILY.to_string(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &opt)
        .map_err(|e| Error::internal(format!("cannot parse the generated SVG: {e}")))?;
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| Error::invalid(format!("drawing size {width} × {height} px is invalid")))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    if let Some((img, x, y)) = under {
        pixmap.draw_pixmap(
            x,
            y,
            img.as_ref(),
            &tiny_skia::PixmapPaint::default(),
            tiny_skia::Transform::identity(),
            None,
        );
    }
    let sx = width as f32 / tree.size().width();
    let sy = height as f32 / tree.size().height();
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(sx, sy),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// Encode an opaque pixmap as an 8-bit RGB PNG (no timestamps, fixed settings: deterministic).
pub(crate) fn encode_png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>> {
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    encode_rgb(&rgb, pixmap.width(), pixmap.height(), false)
}

/// Encode 8-bit RGB (or RGBA when `alpha`) pixels as PNG.
pub(crate) fn encode_rgb(data: &[u8], width: u32, height: u32, alpha: bool) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(if alpha {
            png::ColorType::Rgba
        } else {
            png::ColorType::Rgb
        });
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc
            .write_header()
            .map_err(|e| Error::internal(format!("PNG encoding failed: {e}")))?;
        w.write_image_data(data)
            .map_err(|e| Error::internal(format!("PNG encoding failed: {e}")))?;
        w.finish()
            .map_err(|e| Error::internal(format!("PNG encoding failed: {e}")))?;
    }
    Ok(out)
}

/// Escape text for XML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => o.push(c),
        }
    }
    o
}

/// A coordinate with at most two decimals, without trailing zeros (stable text for SVG).
pub(crate) fn n(x: f64) -> String {
    if !x.is_finite() {
        return "0".into();
    }
    let r = (x * 100.0).round() / 100.0;
    let mut s = format!("{r:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" {
        s = "0".into();
    }
    s
}

/// Horizontal text anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// Text settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Font {
    pub size: f64,
    pub bold: bool,
    pub anchor: Anchor,
    pub color: Color,
    /// Draw a white halo behind the glyphs (labels over a map).
    pub halo: bool,
    /// Rotation about the anchor point, degrees clockwise.
    pub rotate: f64,
}

impl Font {
    pub fn new(size: f64) -> Self {
        Font {
            size,
            bold: false,
            anchor: Anchor::Start,
            color: [0x22, 0x22, 0x22],
            halo: false,
            rotate: 0.0,
        }
    }
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    pub fn anchor(mut self, a: Anchor) -> Self {
        self.anchor = a;
        self
    }
    pub fn color(mut self, c: Color) -> Self {
        self.color = c;
        self
    }
    pub fn halo(mut self) -> Self {
        self.halo = true;
        self
    }
    pub fn rotate(mut self, deg: f64) -> Self {
        self.rotate = deg;
        self
    }
}

/// An SVG document under construction (px units, y down).
pub(crate) struct Svg {
    buf: String,
    width: u32,
    height: u32,
}

impl Svg {
    pub fn new(width: u32, height: u32) -> Self {
        let mut buf = String::new();
        let _ = write!(
            buf,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{}">"#,
            font::FAMILY
        );
        Svg { buf, width, height }
    }

    pub fn raw(&mut self, s: &str) {
        self.buf.push_str(s);
    }

    /// A rectangle; `fill` None = no fill, `stroke` (colour, width).
    pub fn rect(
        &mut self,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: Option<Color>,
        stroke: Option<(Color, f64)>,
    ) {
        let _ = write!(
            self.buf,
            r#"<rect x="{}" y="{}" width="{}" height="{}"{}/>"#,
            n(x),
            n(y),
            n(w),
            n(h),
            paint(fill, 1.0, stroke, None)
        );
    }

    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, color: Color, width: f64) {
        let _ = write!(
            self.buf,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"/>"#,
            n(x1),
            n(y1),
            n(x2),
            n(y2),
            hex(color),
            n(width)
        );
    }

    /// A path from its `d` attribute and paint attributes (see [`paint`]).
    pub fn path(&mut self, d: &str, attrs: &str) {
        let _ = write!(self.buf, r#"<path d="{d}"{attrs}/>"#);
    }

    pub fn text(&mut self, x: f64, y: f64, s: &str, f: Font) {
        let mut a = format!(
            r#" x="{}" y="{}" font-size="{}" text-anchor="{}""#,
            n(x),
            n(y),
            n(f.size),
            f.anchor.as_str()
        );
        if f.bold {
            a.push_str(r#" font-weight="bold""#);
        }
        if f.rotate != 0.0 {
            let _ = write!(
                a,
                r#" transform="rotate({} {} {})""#,
                n(f.rotate),
                n(x),
                n(y)
            );
        }
        let t = esc(s);
        if f.halo {
            let _ = write!(
                self.buf,
                r#"<text{a} fill="white" stroke="white" stroke-width="{}" stroke-linejoin="round">{t}</text>"#,
                n((f.size * 0.3).max(2.0))
            );
        }
        let _ = write!(self.buf, r#"<text{a} fill="{}">{t}</text>"#, hex(f.color));
    }

    /// Finish; `{ID}` placeholders become an id derived from the content (unique per drawing,
    /// stable across runs) so that several drawings can share one HTML page.
    pub fn finish(mut self) -> Drawing {
        self.buf.push_str("</svg>");
        let id = format!("d{:016x}", fnv1a(self.buf.as_bytes()));
        Drawing {
            svg: self.buf.replace("{ID}", &id),
            width: self.width,
            height: self.height,
        }
    }
}

/// Paint attributes: fill (with opacity), stroke (colour, width) and dash pattern.
pub(crate) fn paint(
    fill: Option<Color>,
    fill_opacity: f64,
    stroke: Option<(Color, f64)>,
    dash: Option<&[f64]>,
) -> String {
    let mut a = String::new();
    match fill {
        Some(c) => {
            let _ = write!(a, r#" fill="{}""#, hex(c));
            if fill_opacity < 1.0 {
                let _ = write!(a, r#" fill-opacity="{}""#, n(fill_opacity));
            }
        }
        None => a.push_str(r#" fill="none""#),
    }
    if let Some((c, w)) = stroke {
        let _ = write!(
            a,
            r#" stroke="{}" stroke-width="{}" stroke-linejoin="round" stroke-linecap="round""#,
            hex(c),
            n(w)
        );
        if let Some(d) = dash.filter(|d| !d.is_empty()) {
            let v: Vec<String> = d.iter().map(|x| n(*x)).collect();
            let _ = write!(a, r#" stroke-dasharray="{}""#, v.join(" "));
        }
    }
    a
}

/// FNV-1a 64-bit hash.
pub(crate) fn fnv1a(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for x in b {
        h ^= *x as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_stable_text() {
        assert_eq!(n(1.0), "1");
        assert_eq!(n(1.006), "1.01");
        assert_eq!(n(-0.001), "0");
        assert_eq!(n(12.5), "12.5");
        assert_eq!(n(f64::NAN), "0");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn renders_text_deterministically() {
        let mut s = Svg::new(120, 40);
        s.text(10.0, 25.0, "Au 1.5 g/t", Font::new(14.0));
        let d = s.finish();
        let a = d.png().unwrap();
        let b = d.png().unwrap();
        assert_eq!(a, b);
        let dec = png::Decoder::new(std::io::Cursor::new(&a));
        let mut r = dec.read_info().unwrap();
        let mut buf = vec![0; r.output_buffer_size().unwrap()];
        let info = r.next_frame(&mut buf).unwrap();
        assert_eq!((info.width, info.height), (120, 40));
        // Text was drawn: some pixels are dark.
        assert!(buf.chunks(3).any(|p| p[0] < 100));
    }
}

/// Point symbols for maps, legends and charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Marker {
    /// No symbol.
    #[default]
    None,
    Circle,
    Square,
    Triangle,
    Diamond,
    Cross,
}

/// SVG path data of a marker of overall size `s` px centred on (x, y).
pub(crate) fn marker_path(m: Marker, x: f64, y: f64, s: f64) -> String {
    let r = s / 2.0;
    match m {
        Marker::None => String::new(),
        Marker::Circle => format!(
            "M{} {}a{r} {r} 0 1 0 {d} 0a{r} {r} 0 1 0 -{d} 0Z",
            n(x - r),
            n(y),
            r = n(r),
            d = n(2.0 * r)
        ),
        Marker::Square => format!("M{} {}h{d}v{d}h-{d}Z", n(x - r), n(y - r), d = n(2.0 * r)),
        Marker::Triangle => format!(
            "M{} {}L{} {}L{} {}Z",
            n(x),
            n(y - r * 1.15),
            n(x + r),
            n(y + r * 0.75),
            n(x - r),
            n(y + r * 0.75)
        ),
        Marker::Diamond => format!(
            "M{} {}L{} {}L{} {}L{} {}Z",
            n(x),
            n(y - r * 1.2),
            n(x + r),
            n(y),
            n(x),
            n(y + r * 1.2),
            n(x - r),
            n(y)
        ),
        Marker::Cross => format!(
            "M{} {}L{} {}M{} {}L{} {}",
            n(x - r),
            n(y - r),
            n(x + r),
            n(y + r),
            n(x - r),
            n(y + r),
            n(x + r),
            n(y - r)
        ),
    }
}
