//! Maps: a grid (colour map, optional hillshade) under vector overlays, framed with a title,
//! colour bar or class legend with units, scale bar, easting/northing ticks, north arrow and the
//! CRS name.
//!
//! The map is composed as SVG (the grid as an embedded PNG image at the frame's pixel size,
//! vectors and text as SVG) and rendered with resvg and the embedded font.

mod furniture;
mod raster;
mod vector;

use geo_types::Geometry;
use lode_core::{Crs, Error, Grid, Result, VectorLayer};

use crate::colormap::{Colormap, ValueRange};
use crate::draw::{self, Color, Marker, Svg};
use crate::font;
use crate::ticks;

pub use raster::hillshade;

/// Everything one map shows.
#[derive(Debug, Clone)]
pub struct MapSpec<'a> {
    /// Title drawn above the map.
    pub title: String,
    /// Second line under the title (source, date, parameters).
    pub subtitle: Option<String>,
    /// The coloured grid, if any.
    pub raster: Option<RasterLayer<'a>>,
    /// Vector overlays, drawn in order above the grid.
    pub layers: Vec<Overlay<'a>>,
    /// Map extent [xmin, ymin, xmax, ymax] in CRS units; default: the grid's, else the layers'.
    pub extent: Option<[f64; 4]>,
    /// CRS of the map; default: the grid's, else the first layer's.
    pub crs: Option<Crs>,
    /// Image width, px (400–8000).
    pub width: u32,
}

impl<'a> MapSpec<'a> {
    /// A map with a title, 1000 px wide.
    pub fn new(title: impl Into<String>) -> Self {
        MapSpec {
            title: title.into(),
            subtitle: None,
            raster: None,
            layers: Vec::new(),
            extent: None,
            crs: None,
            width: 1000,
        }
    }
    pub fn subtitle(mut self, s: impl Into<String>) -> Self {
        self.subtitle = Some(s.into());
        self
    }
    pub fn raster(mut self, r: RasterLayer<'a>) -> Self {
        self.raster = Some(r);
        self
    }
    pub fn layer(mut self, o: Overlay<'a>) -> Self {
        self.layers.push(o);
        self
    }
    pub fn extent(mut self, e: [f64; 4]) -> Self {
        self.extent = Some(e);
        self
    }
    pub fn crs(mut self, c: Crs) -> Self {
        self.crs = Some(c);
        self
    }
    pub fn width(mut self, w: u32) -> Self {
        self.width = w;
        self
    }
}

/// A grid shown in colour.
#[derive(Debug, Clone)]
pub struct RasterLayer<'a> {
    pub grid: &'a Grid,
    pub colormap: Colormap,
    /// Run the colour map backwards (e.g. RdBu with blue = low, red = high).
    pub reverse: bool,
    /// Value stretch (default 2–98 % percentiles); ignored for classes.
    pub range: ValueRange,
    /// Shade the colours by the relief of the grid values.
    pub hillshade: Option<Hillshade>,
    /// Units shown with the colour bar; default the grid's units.
    pub units: Option<String>,
    /// Colour-bar title; default the grid's field name.
    pub label: Option<String>,
    /// Classes of a categorical grid (colour map `Categorical`); empty = one per distinct value.
    pub classes: Vec<Class>,
}

impl<'a> RasterLayer<'a> {
    /// The grid with viridis, a 2–98 % stretch, no hillshade.
    pub fn new(grid: &'a Grid) -> Self {
        RasterLayer {
            grid,
            colormap: Colormap::Viridis,
            reverse: false,
            range: ValueRange::default(),
            hillshade: None,
            units: None,
            label: None,
            classes: Vec::new(),
        }
    }
    pub fn colormap(mut self, c: Colormap) -> Self {
        self.colormap = c;
        self
    }
    pub fn reversed(mut self) -> Self {
        self.reverse = true;
        self
    }
    pub fn range(mut self, r: ValueRange) -> Self {
        self.range = r;
        self
    }
    pub fn hillshade(mut self, h: Hillshade) -> Self {
        self.hillshade = Some(h);
        self
    }
    pub fn units(mut self, u: impl Into<String>) -> Self {
        self.units = Some(u.into());
        self
    }
    pub fn label(mut self, l: impl Into<String>) -> Self {
        self.label = Some(l.into());
        self
    }
    pub fn classes(mut self, c: Vec<Class>) -> Self {
        self.colormap = Colormap::Categorical;
        self.classes = c;
        self
    }
}

/// One class of a categorical grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    /// Cell value of the class.
    pub value: f64,
    /// Legend text.
    pub label: String,
    /// Colour; default the categorical palette in class order.
    pub color: Option<Color>,
}

/// Relief shading (Horn 1981, "Hill shading and the reflectance map", Proc. IEEE 69(1), 14–47:
/// 3 × 3 weighted slope, Lambertian reflectance).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hillshade {
    /// Sun azimuth, degrees clockwise from north (315 = north-west).
    pub azimuth_deg: f64,
    /// Sun elevation above the horizon, degrees.
    pub altitude_deg: f64,
    /// Vertical exaggeration (value units per CRS unit); None = the slope at the 90th
    /// percentile of gradient magnitude becomes 45°.
    pub z_factor: Option<f64>,
    /// 0 = no shading, 1 = full.
    pub strength: f64,
}

impl Default for Hillshade {
    fn default() -> Self {
        Hillshade {
            azimuth_deg: 315.0,
            altitude_deg: 45.0,
            z_factor: None,
            strength: 0.6,
        }
    }
}

/// Geometries of an overlay.
#[derive(Debug, Clone, Copy)]
pub enum Shapes<'a> {
    /// A vector layer (labels from `Style::label_field`).
    Layer(&'a VectorLayer),
    /// Bare geometries with optional labels (same length, or empty).
    Geometries(&'a [Geometry<f64>], &'a [String]),
}

/// A vector overlay.
#[derive(Debug, Clone)]
pub struct Overlay<'a> {
    /// Legend entry.
    pub name: String,
    pub shapes: Shapes<'a>,
    pub style: Style,
}

impl<'a> Overlay<'a> {
    pub fn layer(name: impl Into<String>, layer: &'a VectorLayer, style: Style) -> Self {
        Overlay {
            name: name.into(),
            shapes: Shapes::Layer(layer),
            style,
        }
    }
    pub fn geometries(
        name: impl Into<String>,
        geoms: &'a [Geometry<f64>],
        labels: &'a [String],
        style: Style,
    ) -> Self {
        Overlay {
            name: name.into(),
            shapes: Shapes::Geometries(geoms, labels),
            style,
        }
    }
}

/// How an overlay is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// Line / outline colour; None = no outline.
    pub stroke: Option<Color>,
    /// Line width, px.
    pub width: f64,
    /// Dash pattern, px (empty = solid).
    pub dash: Vec<f64>,
    /// Polygon and marker fill; None = hollow.
    pub fill: Option<Color>,
    /// Fill opacity 0–1.
    pub fill_opacity: f64,
    /// Symbol at points (and the legend symbol of point layers).
    pub marker: Marker,
    /// Marker size, px.
    pub marker_size: f64,
    /// Attribute whose value labels each feature (layers only).
    pub label_field: Option<String>,
    /// Label size, px.
    pub label_size: f64,
    /// Show in the legend.
    pub legend: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            stroke: Some([0, 0, 0]),
            width: 1.2,
            dash: Vec::new(),
            fill: None,
            fill_opacity: 1.0,
            marker: Marker::None,
            marker_size: 7.0,
            label_field: None,
            label_size: 11.0,
            legend: true,
        }
    }
}

impl Style {
    /// Lines of a colour and width.
    pub fn line(color: Color, width: f64) -> Self {
        Style {
            stroke: Some(color),
            width,
            ..Style::default()
        }
    }
    /// Polygons with an outline and a translucent fill.
    pub fn polygon(stroke: Color, fill: Option<Color>, fill_opacity: f64) -> Self {
        Style {
            stroke: Some(stroke),
            width: 1.5,
            fill,
            fill_opacity,
            ..Style::default()
        }
    }
    /// Point symbols filled with a colour, outlined in black.
    pub fn points(marker: Marker, color: Color, size: f64) -> Self {
        Style {
            stroke: Some([0x20, 0x20, 0x20]),
            width: 0.8,
            fill: Some(color),
            marker,
            marker_size: size,
            ..Style::default()
        }
    }
    pub fn dashed(mut self, dash: Vec<f64>) -> Self {
        self.dash = dash;
        self
    }
    pub fn labelled(mut self, field: impl Into<String>) -> Self {
        self.label_field = Some(field.into());
        self
    }
}

/// Where everything sits on a map; see [`layout`].
#[derive(Debug, Clone, PartialEq)]
pub struct MapLayout {
    /// Image size, px.
    pub width: u32,
    pub height: u32,
    /// Map frame: left, top, width, height, px (integers).
    pub frame: [u32; 4],
    /// Extent shown in the frame [xmin, ymin, xmax, ymax], CRS units (the requested extent grown
    /// to the frame's aspect ratio).
    pub extent: [f64; 4],
    /// CRS units per pixel (both axes).
    pub units_per_px: f64,
    /// Metres per CRS unit along x at the map centre (1 when the CRS is unknown).
    pub metres_per_unit: f64,
    /// Scale-bar length, metres, and its length in px.
    pub scale_bar_m: f64,
    pub scale_bar_px: f64,
    /// Colour range of the grid (low, high) in grid units.
    pub value_range: Option<(f64, f64)>,
    /// Easting and northing tick positions, CRS units.
    pub x_ticks: Vec<f64>,
    pub y_ticks: Vec<f64>,
    /// Text naming the CRS, as printed on the map.
    pub crs_label: String,
    pub(crate) x_step: f64,
    pub(crate) y_step: f64,
    pub(crate) left_margin: f64,
    pub(crate) panel_x: f64,
    pub(crate) panel_w: f64,
    pub(crate) geographic: bool,
    pub(crate) unit_name: String,
    pub(crate) crs_below: bool,
}

const PAD: f64 = 14.0;
const TICK_FONT: f64 = 11.0;

/// Compute the layout of a map without drawing it.
pub fn layout(spec: &MapSpec) -> Result<MapLayout> {
    if !(400..=8000).contains(&spec.width) {
        return Err(Error::invalid(format!(
            "map width {} px is outside 400–8000",
            spec.width
        )));
    }
    let crs = map_crs(spec);
    if let (Some(m), Some(g)) = (&crs, spec.raster.as_ref().and_then(|r| r.grid.crs.as_ref())) {
        if !m.same_as(g) {
            return Err(Error::invalid(format!(
                "the grid is in {}, the map in {}: reproject it first",
                g.identifier(),
                m.identifier()
            )));
        }
    }
    let ext = resolve_extent(spec)?;
    let geographic = crs.as_ref().is_some_and(|c| c.is_geographic());
    let unit_name = match &crs {
        None => "m, assumed".to_string(),
        Some(_) if geographic => "°".to_string(),
        Some(c) => match c.to_meter() {
            Some(1.0) => "m".into(),
            Some(f) if (f - 0.3048).abs() < 1e-9 => "ft".into(),
            Some(f) if (f - 1200.0 / 3937.0).abs() < 1e-12 => "US ft".into(),
            Some(1000.0) => "km".into(),
            Some(f) if f.is_finite() => format!("× {f} m"),
            _ => "CRS units".into(),
        },
    };
    let value_range = match &spec.raster {
        Some(r) if r.colormap != Colormap::Categorical => {
            Some(r.range.resolve(&r.grid.values_f64())?)
        }
        _ => None,
    };
    let w = spec.width as f64;
    let top = if spec.subtitle.is_some() { 72.0 } else { 54.0 };
    let panel_w = furniture::panel_width(spec, value_range, w)?;
    // First pass with a provisional label width, then with the real one.
    let mut left = PAD + 18.0 + 60.0;
    let mut lay = None;
    for _ in 0..2 {
        let fw_max = (w - left - panel_w - 2.0 * PAD - 6.0).floor();
        if fw_max < 120.0 {
            return Err(Error::invalid(format!(
                "map width {} px leaves no room for the frame",
                spec.width
            )));
        }
        let (ew, eh) = (ext[2] - ext[0], ext[3] - ext[1]);
        let mut fw = fw_max;
        let mut fh = (fw * eh / ew).round();
        let max_h = (1.3 * w).round();
        if fh > max_h {
            fh = max_h;
            fw = (fh * ew / eh).round().max(1.0);
        }
        let fh = fh.max(60.0);
        let upp = (ew / fw).max(eh / fh);
        let cx = 0.5 * (ext[0] + ext[2]);
        let cy = 0.5 * (ext[1] + ext[3]);
        let extent = [
            cx - 0.5 * fw * upp,
            cy - 0.5 * fh * upp,
            cx + 0.5 * fw * upp,
            cy + 0.5 * fh * upp,
        ];
        let (x_ticks, x_step) = ticks::ticks(extent[0], extent[2], (fw / 110.0).max(3.0) as usize);
        let (y_ticks, y_step) = ticks::ticks(extent[1], extent[3], (fh / 90.0).max(3.0) as usize);
        let label_w = y_ticks
            .iter()
            .map(|v| {
                font::text_width(
                    &coord_label(*v, y_step, geographic, false),
                    TICK_FONT,
                    false,
                )
            })
            .fold(0.0, f64::max);
        let need = (PAD + 18.0 + label_w + 9.0).ceil();
        let done = (need - left).abs() < 0.5;
        left = need;
        let metres_per_unit = match &crs {
            // WGS 84 equatorial radius: 2πa/360 m per degree, × cos φ along a parallel.
            Some(_) if geographic => 111_319.490_793 * cy.to_radians().cos(),
            Some(c) => c.to_meter().filter(|f| f.is_finite()).unwrap_or(1.0),
            None => 1.0,
        };
        let scale_bar_m = ticks::nice_length(0.3 * fw * upp * metres_per_unit);
        let scale_bar_px = scale_bar_m / (upp * metres_per_unit);
        lay = Some(MapLayout {
            width: spec.width,
            height: 0,
            frame: [left as u32, top as u32, fw as u32, fh as u32],
            extent,
            units_per_px: upp,
            metres_per_unit,
            scale_bar_m,
            scale_bar_px,
            value_range,
            x_ticks,
            y_ticks,
            crs_label: crs_label(crs.as_ref()),
            x_step,
            y_step,
            left_margin: left,
            panel_x: 0.0,
            panel_w,
            geographic,
            unit_name: unit_name.clone(),
            crs_below: false,
        });
        if done {
            break;
        }
    }
    let mut lay = lay.ok_or_else(|| Error::internal("map layout failed"))?;
    let [fx, fy, fw, fh] = lay.frame.map(f64::from);
    lay.panel_x = fx + fw + PAD + 6.0;
    let panel_h = furniture::panel_height(spec, &lay);
    // The CRS name goes right of the scale bar, or under it when they would collide.
    let crs_w = font::text_width(&lay.crs_label, 10.5, false);
    lay.crs_below = lay.scale_bar_px + 30.0 + crs_w > fw;
    let foot = if lay.crs_below { 96.0 } else { 78.0 };
    let h = (fy + fh + foot).max(fy + panel_h + PAD);
    lay.height = h.ceil() as u32;
    Ok(lay)
}

/// Render a map to PNG bytes (RGB, deterministic).
pub fn render_map(spec: &MapSpec) -> Result<Vec<u8>> {
    let lay = layout(spec)?;
    let svg = compose(spec, &lay, false)?;
    let under = match &spec.raster {
        Some(r) => Some(raster::render(r, &lay)?),
        None => None,
    };
    let pix = draw::rasterize(
        &svg.svg,
        lay.width,
        lay.height,
        under
            .as_ref()
            .map(|p| (p, lay.frame[0] as i32, lay.frame[1] as i32)),
    )?;
    draw::encode_png(&pix)
}

/// Render a map to a self-contained SVG document (the grid embedded as a PNG image).
pub fn render_map_svg(spec: &MapSpec) -> Result<String> {
    let lay = layout(spec)?;
    Ok(compose(spec, &lay, true)?.svg)
}

/// The map as a [`draw::Drawing`] (SVG with the grid embedded).
pub fn drawing(spec: &MapSpec) -> Result<draw::Drawing> {
    let lay = layout(spec)?;
    compose(spec, &lay, true)
}

fn compose(spec: &MapSpec, lay: &MapLayout, embed_raster: bool) -> Result<draw::Drawing> {
    let mut s = Svg::new(lay.width, lay.height);
    let [fx, fy, fw, fh] = lay.frame.map(f64::from);
    if embed_raster {
        s.rect(
            0.0,
            0.0,
            lay.width as f64,
            lay.height as f64,
            Some([255; 3]),
            None,
        );
        if let Some(r) = &spec.raster {
            let pix = raster::render(r, lay)?;
            let png = raster::encode_rgba(&pix)?;
            s.raw(&format!(
                r#"<image x="{fx}" y="{fy}" width="{fw}" height="{fh}" preserveAspectRatio="none" image-rendering="optimizeSpeed" href="data:image/png;base64,{}"/>"#,
                base64_encode(&png)
            ));
        }
    }
    s.raw(&format!(
        r#"<defs><clipPath id="clip-{{ID}}"><rect x="{fx}" y="{fy}" width="{fw}" height="{fh}"/></clipPath></defs>"#
    ));
    furniture::graticule(&mut s, lay, spec.raster.is_some());
    vector::draw_overlays(&mut s, spec, lay)?;
    furniture::frame_and_ticks(&mut s, lay);
    furniture::title(&mut s, spec);
    furniture::scale_bar(&mut s, lay);
    furniture::panel(&mut s, spec, lay)?;
    Ok(s.finish())
}

pub(crate) fn base64_encode(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(b)
}

fn map_crs(spec: &MapSpec) -> Option<Crs> {
    if let Some(c) = &spec.crs {
        return Some(c.clone());
    }
    if let Some(c) = spec.raster.as_ref().and_then(|r| r.grid.crs.clone()) {
        return Some(c);
    }
    spec.layers.iter().find_map(|o| match o.shapes {
        Shapes::Layer(l) => l.crs.clone(),
        Shapes::Geometries(..) => None,
    })
}

fn resolve_extent(spec: &MapSpec) -> Result<[f64; 4]> {
    let e = if let Some(e) = spec.extent {
        e
    } else if let Some(r) = &spec.raster {
        r.grid.geometry.extent()
    } else {
        let mut e: Option<[f64; 4]> = None;
        for o in &spec.layers {
            let b = match o.shapes {
                Shapes::Layer(l) => l.extent(),
                Shapes::Geometries(g, _) => vector::extent_of(g),
            };
            if let Some(b) = b {
                e = Some(lode_core::union_extent(e, b));
            }
        }
        let e = e.ok_or_else(|| Error::invalid("the map has neither a grid nor any geometry"))?;
        let pad = 0.05 * (e[2] - e[0]).max(e[3] - e[1]);
        let pad = if pad > 0.0 { pad } else { 500.0 };
        [e[0] - pad, e[1] - pad, e[2] + pad, e[3] + pad]
    };
    if !(e.iter().all(|v| v.is_finite()) && e[2] > e[0] && e[3] > e[1]) {
        return Err(Error::invalid(format!(
            "map extent {e:?} is empty or not finite"
        )));
    }
    Ok(e)
}

fn crs_label(crs: Option<&Crs>) -> String {
    match crs {
        None => "CRS: unknown (coordinates assumed in metres)".into(),
        Some(c) => match (c.name(), c.epsg()) {
            (Some(n), Some(e)) => format!("CRS: {n} (EPSG:{e})"),
            (None, Some(e)) => format!("CRS: EPSG:{e}"),
            (Some(n), None) => format!("CRS: {n}"),
            (None, None) => format!("CRS: {}", c.proj4()),
        },
    }
}

/// A coordinate tick label: grouped metres, or degrees with a hemisphere letter.
pub(crate) fn coord_label(v: f64, step: f64, geographic: bool, is_x: bool) -> String {
    if !geographic {
        return ticks::label(v, step);
    }
    let h = match (is_x, v < 0.0) {
        (true, false) => "E",
        (true, true) => "W",
        (false, false) => "N",
        (false, true) => "S",
    };
    let h = if v == 0.0 { "" } else { h };
    format!("{}°{h}", ticks::label(v.abs(), step))
}
