//! The embedded typeface: DejaVu Sans 2.37 (Bitstream Vera licence, see `LICENSE` beside this file).
//!
//! Maps and charts are rendered with these bytes only, never with system fonts, so the same
//! drawing gives the same pixels on every machine.

use std::sync::{Arc, OnceLock};

use resvg::usvg::fontdb;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// DejaVu Sans Book.
pub const SANS: &[u8] = include_bytes!("DejaVuSans.ttf");
/// DejaVu Sans Bold.
pub const SANS_BOLD: &[u8] = include_bytes!("DejaVuSans-Bold.ttf");
/// The family name drawings ask for.
pub const FAMILY: &str = "DejaVu Sans";

/// A font database holding only the embedded faces.
pub(crate) fn database() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_font_source(fontdb::Source::Binary(Arc::new(SANS)));
        db.load_font_source(fontdb::Source::Binary(Arc::new(SANS_BOLD)));
        db.set_sans_serif_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Advance width of `text` set in the embedded face at `size` px (no kerning), px.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let data = if bold { SANS_BOLD } else { SANS };
    let Ok(font) = FontRef::new(data) else {
        return 0.6 * size * text.chars().count() as f64;
    };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size as f32), LocationRef::default());
    text.chars()
        .map(|c| {
            charmap
                .map(c)
                .and_then(|g| metrics.advance_width(g))
                .map(f64::from)
                .unwrap_or(0.6 * size)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_scale_with_size_and_weight() {
        let a = text_width("Easting 352000", 10.0, false);
        let b = text_width("Easting 352000", 20.0, false);
        assert!((b - 2.0 * a).abs() < 1e-3, "{a} {b}");
        assert!(text_width("M", 10.0, true) > text_width("M", 10.0, false));
        // DejaVu Sans digits advance 1303/2048 em.
        assert!((text_width("0", 2048.0, false) - 1303.0).abs() < 0.5);
    }

    #[test]
    fn database_holds_only_the_embedded_faces() {
        let db = database();
        assert_eq!(db.len(), 2);
        assert!(db
            .faces()
            .all(|f| f.families.iter().any(|(n, _)| n == FAMILY)));
    }
}
