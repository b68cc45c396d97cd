//! lode-report: maps, charts and the HTML report.
//!
//! Generic building blocks; the CLI pipeline assembles the report content:
//! - [`map`] — grids and vector layers as framed maps (PNG or SVG);
//! - [`chart`] — line charts (success-rate, ROC), bar charts, rose diagrams;
//! - [`gantt`] — schedules;
//! - [`html`] — a self-contained HTML report.
//!
//! All drawings use the embedded DejaVu Sans font only, so the same input gives the same bytes.

pub mod chart;
pub mod colormap;
mod colormap_data;
pub mod draw;
pub mod font;
pub mod gantt;
pub mod html;
pub mod map;
pub mod ticks;

pub use colormap::{Colormap, ValueRange};
pub use draw::{Color, Drawing, Marker};
