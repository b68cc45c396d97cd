//! Reprojection of grids and vector layers.
//!
//! Grids are warped like `gdalwarp`: the output covers the source extent transformed with
//! densified edge sampling; its cell size is given or chosen to keep the number of cells along
//! the diagonal (GDAL's `GDALSuggestedWarpOutput2`); its edges are snapped outward to multiples
//! of the cell size (`gdalwarp -tap`). Each output cell centre is mapped back into the source
//! grid and sampled by nearest neighbour, bilinear or cubic convolution (Keys 1981, a = −0.5).

use geo::MapCoordsInPlace;
use rayon::prelude::*;

use super::Transformer;
use crate::{Crs, Error, Grid, GridGeometry, Result, Values, VectorLayer};

/// The largest output grid a reprojection may create (2^30 cells, 8 GiB of f64).
const MAX_OUTPUT_CELLS: usize = 1 << 30;

/// Resampling method for grid reprojection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resampling {
    /// The value of the source cell containing the point (categorical data).
    Nearest,
    /// Bilinear interpolation between the 4 nearest cell centres; NaN neighbours are left out
    /// and the remaining weights renormalised (NaN when the cell containing the point is NaN).
    Bilinear,
    /// Cubic convolution over 4 × 4 cell centres (Keys 1981, IEEE Trans. ASSP 29(6), eq. 15,
    /// a = −0.5); falls back to bilinear when a needed neighbour is NaN or off the grid.
    Cubic,
}

impl Resampling {
    /// Parse `nearest`, `bilinear` or `cubic`.
    pub fn parse(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "nearest" | "near" => Ok(Resampling::Nearest),
            "bilinear" | "linear" => Ok(Resampling::Bilinear),
            "cubic" | "bicubic" => Ok(Resampling::Cubic),
            _ => Err(Error::invalid(format!(
                "unknown resampling {s:?} (nearest, bilinear or cubic)"
            ))),
        }
    }
}

/// Reproject (and/or resample) a grid to `target` CRS and `cell` size (target CRS units).
/// Without `target` the grid keeps its CRS and is only resampled; without `cell` the cell size
/// is estimated like gdalwarp's default.
pub fn reproject_grid(
    grid: &Grid,
    target: Option<&Crs>,
    cell: Option<f64>,
    resampling: Resampling,
) -> Result<Grid> {
    if let Some(c) = cell {
        if !(c.is_finite() && c > 0.0) {
            return Err(Error::invalid(format!("cell size {c} must be positive")));
        }
    }
    let src_crs = grid.crs.as_ref();
    let same = match (src_crs, target) {
        (_, None) => true,
        (Some(s), Some(t)) => s.same_as(t),
        (None, Some(_)) => return Err(Error::invalid("grid has no CRS; give one with --crs-in")),
    };
    if same {
        let Some(cell) = cell else {
            return Ok(grid.clone());
        };
        let g = &grid.geometry;
        if g.is_north_up()
            && (g.dx - cell).abs() <= 1e-12 * cell
            && (g.dy - cell).abs() <= 1e-12 * cell
        {
            return Ok(grid.clone());
        }
        let geom = snapped(g.extent(), cell)?;
        return warp(grid, None, &geom, src_crs, resampling);
    }
    let (src, dst) = (
        src_crs.expect("checked above"),
        target.expect("checked above"),
    );
    let fwd = Transformer::new(src, dst)?;
    let (ext, diag) = transformed_extent(&grid.geometry, &fwd)?;
    let cell = match cell {
        Some(c) => c,
        None => {
            let n = ((grid.cols() as f64).powi(2) + (grid.rows() as f64).powi(2)).sqrt();
            diag / n
        }
    };
    let geom = snapped(ext, cell)?;
    let inv = Transformer::new(dst, src)?;
    warp(grid, Some(&inv), &geom, Some(dst), resampling)
}

/// Resample a grid onto an explicit target geometry in `crs` (reprojecting when the grid's CRS
/// differs). Cells whose centre maps outside the source grid are NaN.
pub fn resample_to(
    grid: &Grid,
    geometry: &GridGeometry,
    crs: &Crs,
    resampling: Resampling,
) -> Result<Grid> {
    geometry.validate()?;
    let src = grid
        .crs
        .as_ref()
        .ok_or_else(|| Error::invalid("grid has no CRS; give one with --crs-in"))?;
    if src.same_as(crs) {
        if grid.geometry.same_as(geometry) {
            let mut g = grid.clone();
            g.geometry = *geometry;
            g.crs = Some(crs.clone());
            return Ok(g);
        }
        return warp(grid, None, geometry, Some(crs), resampling);
    }
    let inv = Transformer::new(crs, src)?;
    warp(grid, Some(&inv), geometry, Some(crs), resampling)
}

/// North-up geometry covering `ext` with edges at multiples of `cell`.
fn snapped(ext: [f64; 4], cell: f64) -> Result<GridGeometry> {
    if !(cell.is_finite() && cell > 0.0) {
        return Err(Error::invalid(format!("cell size {cell} must be positive")));
    }
    let xmin = (ext[0] / cell + 1e-9).floor() * cell;
    let ymin = (ext[1] / cell + 1e-9).floor() * cell;
    let xmax = (ext[2] / cell - 1e-9).ceil() * cell;
    let ymax = (ext[3] / cell - 1e-9).ceil() * cell;
    let cols = ((xmax - xmin) / cell).round().max(1.0);
    let rows = ((ymax - ymin) / cell).round().max(1.0);
    if cols * rows > MAX_OUTPUT_CELLS as f64 || !(cols * rows).is_finite() {
        return Err(Error::invalid(format!(
            "output grid of {cols} × {rows} cells at cell size {cell} is too large"
        )));
    }
    GridGeometry::new(cols as usize, rows as usize, xmin, ymax, cell, cell)
}

/// Extent of the source geometry in the target CRS from densified edges (and an interior
/// lattice), and the length of the transformed diagonal.
fn transformed_extent(g: &GridGeometry, t: &Transformer) -> Result<([f64; 4], f64)> {
    let n = 100usize;
    let mut pts = Vec::with_capacity(8 * n + 500);
    for i in 0..=n {
        let f = i as f64 / n as f64;
        let (c, r) = (f * g.cols as f64, f * g.rows as f64);
        pts.push(g.pixel_to_xy(c, 0.0));
        pts.push(g.pixel_to_xy(c, g.rows as f64));
        pts.push(g.pixel_to_xy(0.0, r));
        pts.push(g.pixel_to_xy(g.cols as f64, r));
    }
    for i in 1..20 {
        for j in 1..20 {
            pts.push(g.pixel_to_xy(
                i as f64 / 20.0 * g.cols as f64,
                j as f64 / 20.0 * g.rows as f64,
            ));
        }
    }
    let mut e = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for (x, y) in pts {
        if let Some((u, v)) = t.try_transform(x, y) {
            e = [e[0].min(u), e[1].min(v), e[2].max(u), e[3].max(v)];
        }
    }
    if !(e[0] < e[2] && e[1] < e[3]) {
        return Err(Error::invalid(
            "the grid's extent cannot be transformed to the target CRS",
        ));
    }
    // GDALSuggestedWarpOutput2: the distance between the transformed top-left and bottom-right
    // corners, or the extent's diagonal when that is degenerate.
    let tl = g.pixel_to_xy(0.0, 0.0);
    let br = g.pixel_to_xy(g.cols as f64, g.rows as f64);
    let (mut ddx, mut ddy) = match (t.try_transform(tl.0, tl.1), t.try_transform(br.0, br.1)) {
        (Some(a), Some(b)) => (b.0 - a.0, b.1 - a.1),
        _ => (0.0, 0.0),
    };
    if ddx == 0.0 || ddy == 0.0 {
        ddx = e[2] - e[0];
        ddy = e[3] - e[1];
    }
    Ok((e, ddx.hypot(ddy)))
}

/// Fill `dst` by mapping each cell centre through `inv` (target → source; None = same CRS)
/// into `grid` and sampling there. Rows in parallel.
fn warp(
    grid: &Grid,
    inv: Option<&Transformer>,
    dst: &GridGeometry,
    crs: Option<&Crs>,
    resampling: Resampling,
) -> Result<Grid> {
    if dst.len() > MAX_OUTPUT_CELLS {
        return Err(Error::invalid(format!(
            "output grid of {} × {} cells is too large",
            dst.cols, dst.rows
        )));
    }
    let src = Source::new(grid);
    let fill = |row: usize, out: &mut dyn FnMut(usize, f64)| {
        for col in 0..dst.cols {
            let (x, y) = dst.cell_center(col, row);
            let p = match inv {
                Some(t) => t.try_transform(x, y),
                None => Some((x, y)),
            };
            let v = match p {
                Some((sx, sy)) => {
                    let (c, r) = grid.geometry.xy_to_pixel(sx, sy);
                    src.sample(c, r, resampling)
                }
                None => f64::NAN,
            };
            out(col, v);
        }
    };
    let values = match &grid.values {
        Values::F32(_) => {
            let mut v = vec![f32::NAN; dst.len()];
            v.par_chunks_mut(dst.cols)
                .enumerate()
                .for_each(|(row, out)| {
                    fill(row, &mut |c, x| out[c] = x as f32);
                });
            Values::F32(v)
        }
        Values::F64(_) => {
            let mut v = vec![f64::NAN; dst.len()];
            v.par_chunks_mut(dst.cols)
                .enumerate()
                .for_each(|(row, out)| {
                    fill(row, &mut |c, x| out[c] = x);
                });
            Values::F64(v)
        }
    };
    let mut out = Grid::from_values(*dst, values)?;
    out.crs = crs.cloned().or_else(|| grid.crs.clone());
    out.units = grid.units.clone();
    out.field = grid.field.clone();
    out.nodata = grid.nodata;
    out.meta = grid.meta.clone();
    Ok(out)
}

/// Source values widened to f64 for sampling.
struct Source<'a> {
    v: std::borrow::Cow<'a, [f64]>,
    cols: usize,
    rows: usize,
}

impl<'a> Source<'a> {
    fn new(g: &'a Grid) -> Self {
        Source {
            v: g.values.as_f64(),
            cols: g.cols(),
            rows: g.rows(),
        }
    }

    /// Value at integer cell (i, j), NaN off the grid.
    #[inline]
    fn at(&self, i: i64, j: i64) -> f64 {
        if i < 0 || j < 0 || i >= self.cols as i64 || j >= self.rows as i64 {
            return f64::NAN;
        }
        self.v[j as usize * self.cols + i as usize]
    }

    /// Sample at continuous pixel position (c, r): (0, 0) is the top-left outer corner, cell
    /// centres are at half-integers. NaN outside the grid and, as in gdalwarp, when the cell
    /// containing the point is NaN (so no-data areas neither grow nor shrink).
    fn sample(&self, c: f64, r: f64, m: Resampling) -> f64 {
        if !(c >= 0.0 && r >= 0.0 && c < self.cols as f64 && r < self.rows as f64) {
            return f64::NAN;
        }
        let here = self.at(c as i64, r as i64);
        if here.is_nan() {
            return f64::NAN;
        }
        match m {
            Resampling::Nearest => here,
            Resampling::Bilinear => self.bilinear(c - 0.5, r - 0.5),
            Resampling::Cubic => self.cubic(c - 0.5, r - 0.5),
        }
    }

    /// Bilinear at centre-based coordinates (fc, fr), renormalised over valid neighbours.
    fn bilinear(&self, fc: f64, fr: f64) -> f64 {
        let (i0, j0) = (fc.floor(), fr.floor());
        let (tx, ty) = (fc - i0, fr - j0);
        let (i0, j0) = (i0 as i64, j0 as i64);
        let mut sw = 0.0;
        let mut s = 0.0;
        for (di, wx) in [(0, 1.0 - tx), (1, tx)] {
            for (dj, wy) in [(0, 1.0 - ty), (1, ty)] {
                let w = wx * wy;
                if w <= 0.0 {
                    continue;
                }
                let v = self.at(i0 + di, j0 + dj);
                if v.is_finite() {
                    s += w * v;
                    sw += w;
                }
            }
        }
        if sw > 1e-12 {
            s / sw
        } else {
            f64::NAN
        }
    }

    /// Keys (1981) cubic convolution at centre-based coordinates (fc, fr).
    fn cubic(&self, fc: f64, fr: f64) -> f64 {
        let (i0, j0) = (fc.floor(), fr.floor());
        let (tx, ty) = (fc - i0, fr - j0);
        let (i0, j0) = (i0 as i64, j0 as i64);
        let wx = keys_weights(tx);
        let wy = keys_weights(ty);
        let mut s = 0.0;
        for (b, wyb) in wy.iter().enumerate() {
            let mut row = 0.0;
            for (a, wxa) in wx.iter().enumerate() {
                let v = self.at(i0 - 1 + a as i64, j0 - 1 + b as i64);
                if !v.is_finite() {
                    return self.bilinear(fc, fr);
                }
                row += wxa * v;
            }
            s += wyb * row;
        }
        s
    }
}

/// Keys (1981) cubic convolution weights (a = −0.5) for the 4 samples at offsets −1, 0, 1, 2
/// around a point at fraction `t` ∈ [0, 1) past sample 0.
#[inline]
pub fn keys_weights(t: f64) -> [f64; 4] {
    const A: f64 = -0.5;
    let k1 = |x: f64| ((A + 2.0) * x - (A + 3.0)) * x * x + 1.0; // |x| ≤ 1
    let k2 = |x: f64| ((A * x - 5.0 * A) * x + 8.0 * A) * x - 4.0 * A; // 1 < |x| < 2
    [k2(1.0 + t), k1(t), k1(1.0 - t), k2(2.0 - t)]
}

/// Reproject every geometry of a layer to `target`, in place. Fails (leaving the layer
/// unchanged) when the layer has no CRS or a vertex cannot be transformed.
pub fn reproject_layer(layer: &mut VectorLayer, target: &Crs) -> Result<()> {
    let src = layer.crs.as_ref().ok_or_else(|| {
        Error::invalid(format!(
            "layer {} has no CRS; give one with --crs-in",
            layer.name
        ))
    })?;
    if src.same_as(target) {
        layer.crs = Some(target.clone());
        return Ok(());
    }
    let t = Transformer::new(src, target)?;
    let mut features = layer.features.clone();
    features
        .par_iter_mut()
        .try_for_each(|f| match f.geometry.as_mut() {
            Some(g) => map_geometry(g, &t, 0),
            None => Ok(()),
        })?;
    layer.features = features;
    layer.crs = Some(target.clone());
    Ok(())
}

/// Transform every vertex of a geometry (collections recursively, at most 16 deep).
fn map_geometry(g: &mut geo_types::Geometry<f64>, t: &Transformer, depth: usize) -> Result<()> {
    use geo_types::Geometry as G;
    let f = |c: geo_types::Coord<f64>| {
        t.transform(c.x, c.y)
            .map(|(x, y)| geo_types::Coord { x, y })
    };
    match g {
        G::GeometryCollection(gc) => {
            if depth > 16 {
                return Err(Error::invalid("geometry collections nested too deeply"));
            }
            gc.0.iter_mut()
                .try_for_each(|g| map_geometry(g, t, depth + 1))
        }
        G::Point(p) => p.try_map_coords_in_place(f),
        G::Line(p) => p.try_map_coords_in_place(f),
        G::LineString(p) => p.try_map_coords_in_place(f),
        G::Polygon(p) => p.try_map_coords_in_place(f),
        G::MultiPoint(p) => p.try_map_coords_in_place(f),
        G::MultiLineString(p) => p.try_map_coords_in_place(f),
        G::MultiPolygon(p) => p.try_map_coords_in_place(f),
        G::Rect(r) => {
            let mut poly = r.to_polygon();
            poly.try_map_coords_in_place(f)?;
            *g = G::Polygon(poly);
            Ok(())
        }
        G::Triangle(tr) => {
            let mut poly = tr.to_polygon();
            poly.try_map_coords_in_place(f)?;
            *g = G::Polygon(poly);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_weights_sum_to_one_and_interpolate() {
        for t in [0.0, 0.1, 0.5, 0.9] {
            let w = keys_weights(t);
            assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            // cubic convolution reproduces a linear function exactly
            let v = [-1.0, 0.0, 1.0, 2.0];
            let x: f64 = w.iter().zip(v).map(|(a, b)| a * b).sum();
            assert!((x - t).abs() < 1e-12);
        }
        assert_eq!(keys_weights(0.0), [0.0, 1.0, 0.0, 0.0]);
    }
}
