//! The self-contained HTML report: sections, paragraphs, tables, figures (PNG as data URIs or
//! inline SVG) and key–value summaries, with a table of contents and print-friendly CSS.
//! No external URL and no script: the file reads offline and prints as is.

use lode_core::{Error, Result};
use serde::Serialize;

use crate::draw::Drawing;

const TEMPLATE: &str = include_str!("templates/report.html");
const STYLE: &str = include_str!("templates/report.css");

/// What a figure shows; the browser check counts figures by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    Map,
    Chart,
    Gantt,
    Figure,
}

/// A table: caption, header row and body rows of text cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(caption: impl Into<String>, headers: Vec<String>) -> Self {
        Table {
            caption: caption.into(),
            headers,
            rows: Vec::new(),
        }
    }
    /// Append a row (must have one cell per header).
    pub fn row(mut self, cells: Vec<String>) -> Self {
        self.rows.push(cells);
        self
    }
    /// Append a row in place.
    pub fn push(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
}

/// True when a cell reads as a number (digits with separators, sign, %, currency, units like "km").
pub fn is_numeric(cell: &str) -> bool {
    let t: String = cell
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{2009}' | '\u{202f}' | '\u{a0}' | ','))
        .collect();
    let t = t.replace('\u{2212}', "-");
    let t = t.trim_start_matches(['$', '€', '£', '±', '+', '~']);
    let t = t.trim_end_matches(|c: char| c == '%' || c.is_alphabetic() || c == '/');
    !t.is_empty() && t.parse::<f64>().is_ok()
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Block {
    Heading {
        level: u8,
        text: String,
        id: String,
    },
    Paragraph {
        text: String,
    },
    Note {
        text: String,
    },
    Table {
        number: usize,
        id: String,
        caption: String,
        headers: Vec<String>,
        numeric: Vec<bool>,
        rows: Vec<Vec<String>>,
    },
    Figure {
        number: usize,
        id: String,
        caption: String,
        kind: FigureKind,
        src: Option<String>,
        svg: Option<String>,
        width: u32,
        height: u32,
    },
    KeyValues {
        items: Vec<(String, String)>,
    },
}

#[derive(Debug, Clone, Serialize)]
struct TocEntry {
    text: String,
    id: String,
    children: Vec<TocEntry>,
}

/// A report under construction.
#[derive(Debug, Clone, Default)]
pub struct Report {
    title: String,
    subtitle: Option<String>,
    meta: Vec<(String, String)>,
    blocks: Vec<Block>,
    ids: Vec<String>,
    figures: usize,
    tables: usize,
}

impl Report {
    pub fn new(title: impl Into<String>) -> Self {
        Report {
            title: title.into(),
            ..Report::default()
        }
    }

    pub fn subtitle(&mut self, s: impl Into<String>) -> &mut Self {
        self.subtitle = Some(s.into());
        self
    }

    /// A line of the header block (project, date, lode version, …).
    pub fn meta(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.meta.push((key.into(), value.into()));
        self
    }

    fn unique_id(&mut self, text: &str) -> String {
        let mut base: String = text
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        while base.contains("--") {
            base = base.replace("--", "-");
        }
        let base = base.trim_matches('-').to_string();
        let base = if base.is_empty() {
            "s".to_string()
        } else {
            base
        };
        let mut id = base.clone();
        let mut k = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{k}");
            k += 1;
        }
        self.ids.push(id.clone());
        id
    }

    /// A top-level section (h2, listed in the contents).
    pub fn section(&mut self, title: impl Into<String>) -> &mut Self {
        self.heading(2, title.into())
    }

    /// A subsection (h3, listed under its section).
    pub fn subsection(&mut self, title: impl Into<String>) -> &mut Self {
        self.heading(3, title.into())
    }

    fn heading(&mut self, level: u8, text: String) -> &mut Self {
        let id = self.unique_id(&text);
        self.blocks.push(Block::Heading { level, text, id });
        self
    }

    /// A paragraph of plain text (escaped).
    pub fn paragraph(&mut self, text: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Paragraph { text: text.into() });
        self
    }

    /// A highlighted remark (assumptions, caveats).
    pub fn note(&mut self, text: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Note { text: text.into() });
        self
    }

    /// Key–value pairs shown as a definition list.
    pub fn key_values(&mut self, items: Vec<(String, String)>) -> &mut Self {
        self.blocks.push(Block::KeyValues { items });
        self
    }

    /// A numbered table; numeric columns are right-aligned. Errors on ragged rows.
    pub fn table(&mut self, t: Table) -> Result<&mut Self> {
        let nh = t.headers.len();
        if nh == 0 {
            return Err(Error::invalid(format!(
                "table {:?} has no column",
                t.caption
            )));
        }
        if let Some((i, r)) = t.rows.iter().enumerate().find(|(_, r)| r.len() != nh) {
            return Err(Error::invalid(format!(
                "table {:?}: row {} has {} cells for {nh} columns",
                t.caption,
                i + 1,
                r.len()
            )));
        }
        let numeric = (0..nh)
            .map(|c| {
                let mut cells = t
                    .rows
                    .iter()
                    .map(|r| r[c].trim())
                    .filter(|s| !s.is_empty() && *s != "–" && *s != "-");
                let first = cells.next();
                first.is_some_and(is_numeric) && cells.all(is_numeric)
            })
            .collect();
        self.tables += 1;
        let id = format!("table-{}", self.tables);
        self.ids.push(id.clone());
        self.blocks.push(Block::Table {
            number: self.tables,
            id,
            caption: t.caption,
            headers: t.headers,
            numeric,
            rows: t.rows,
        });
        Ok(self)
    }

    /// A numbered figure from PNG bytes (embedded as a data URI). Errors unless it is a PNG.
    pub fn figure_png(
        &mut self,
        png: &[u8],
        caption: impl Into<String>,
        kind: FigureKind,
    ) -> Result<&mut Self> {
        let (w, h) =
            png_size(png).ok_or_else(|| Error::invalid("figure bytes are not a PNG image"))?;
        let src = format!("data:image/png;base64,{}", crate::map::base64_encode(png));
        self.push_figure(caption.into(), kind, Some(src), None, w, h);
        Ok(self)
    }

    /// A numbered figure drawn inline as SVG (text stays selectable and sharp in print).
    pub fn figure_svg(
        &mut self,
        d: &Drawing,
        caption: impl Into<String>,
        kind: FigureKind,
    ) -> &mut Self {
        let svg = d
            .svg
            .replacen(r#" xmlns="http://www.w3.org/2000/svg""#, "", 1)
            .replacen("<svg ", r#"<svg role="img" "#, 1);
        self.push_figure(caption.into(), kind, None, Some(svg), d.width, d.height);
        self
    }

    fn push_figure(
        &mut self,
        caption: String,
        kind: FigureKind,
        src: Option<String>,
        svg: Option<String>,
        width: u32,
        height: u32,
    ) {
        self.figures += 1;
        let id = format!("figure-{}", self.figures);
        self.ids.push(id.clone());
        self.blocks.push(Block::Figure {
            number: self.figures,
            id,
            caption,
            kind,
            src,
            svg,
            width,
            height,
        });
    }

    fn toc(&self) -> Vec<TocEntry> {
        let mut toc: Vec<TocEntry> = Vec::new();
        for b in &self.blocks {
            if let Block::Heading { level, text, id } = b {
                let e = TocEntry {
                    text: text.clone(),
                    id: id.clone(),
                    children: Vec::new(),
                };
                match (level, toc.last_mut()) {
                    (3, Some(parent)) => parent.children.push(e),
                    _ => toc.push(e),
                }
            }
        }
        toc
    }

    /// The counts the browser check verifies: `maps=… charts=… gantt=… figures=… tables=…`.
    pub fn manifest(&self) -> String {
        let count = |k: FigureKind| {
            self.blocks
                .iter()
                .filter(|b| matches!(b, Block::Figure { kind, .. } if *kind == k))
                .count()
        };
        format!(
            "maps={} charts={} gantt={} figures={} tables={}",
            count(FigureKind::Map),
            count(FigureKind::Chart),
            count(FigureKind::Gantt),
            count(FigureKind::Figure),
            self.tables
        )
    }

    /// The HTML document (same report → same text).
    pub fn render(&self) -> Result<String> {
        let mut env = minijinja::Environment::new();
        env.add_template("report.html", TEMPLATE)
            .map_err(|e| Error::internal(format!("report template: {e}")))?;
        let tmpl = env
            .get_template("report.html")
            .map_err(|e| Error::internal(format!("report template: {e}")))?;
        let blocks: Vec<minijinja::Value> = self
            .blocks
            .iter()
            .map(|b| {
                let mut v = minijinja::Value::from(minijinja::value::Serde(b));
                if let Block::Figure { svg: Some(s), .. } = b {
                    // Our own SVG markup (text already escaped), inserted verbatim.
                    v = minijinja::context! { svg_markup => minijinja::Value::from_safe_string(s.clone()), ..v };
                }
                if let Block::Figure { src: Some(s), .. } = b {
                    // A base64 data URI: nothing to escape.
                    v = minijinja::context! { src_markup => minijinja::Value::from_safe_string(s.clone()), ..v };
                }
                v
            })
            .collect();
        let ctx = minijinja::context! {
            title => self.title.clone(),
            subtitle => self.subtitle.clone(),
            meta => minijinja::Value::from(minijinja::value::Serde(&self.meta)),
            toc => minijinja::Value::from(minijinja::value::Serde(self.toc())),
            blocks => blocks,
            style => minijinja::Value::from_safe_string(STYLE.to_string()),
            manifest => self.manifest(),
            generator => format!("lode {}", env!("CARGO_PKG_VERSION")),
        };
        tmpl.render(ctx)
            .map_err(|e| Error::internal(format!("report rendering: {e}")))
    }
}

/// Width and height from a PNG's IHDR chunk.
pub fn png_size(b: &[u8]) -> Option<(u32, u32)> {
    const SIG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if b.len() < 24 || &b[..8] != SIG || &b[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(b[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(b[20..24].try_into().ok()?);
    (w > 0 && h > 0).then_some((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_cells() {
        for s in [
            "12",
            "−3.5",
            "1 250 000",
            "45 %",
            "$ 1,200",
            "12.5 km",
            "0.93",
        ] {
            assert!(is_numeric(s), "{s}");
        }
        for s in ["T1", "gold", "", "n/a", "2024-05-01"] {
            assert!(!is_numeric(s), "{s}");
        }
    }

    #[test]
    fn ragged_tables_and_non_png_figures_are_errors() {
        let mut r = Report::new("x");
        let t = Table::new("t", vec!["a".into(), "b".into()]).row(vec!["1".into()]);
        assert!(r.table(t).is_err());
        assert!(r.figure_png(b"GIF89a", "c", FigureKind::Chart).is_err());
    }

    #[test]
    fn ids_are_unique_slugs() {
        let mut r = Report::new("x");
        r.section("Data & QC")
            .section("Data & QC")
            .subsection("Été");
        let ids: Vec<_> = r.toc().iter().map(|e| e.id.clone()).collect();
        assert_eq!(ids, vec!["data-qc", "data-qc-2"]);
        assert_eq!(r.toc()[1].children[0].id, "été");
    }
}
