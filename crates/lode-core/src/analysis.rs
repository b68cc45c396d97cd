//! The analysis grid: the CRS, cell size and extent onto which every layer of a project is harmonised.

use crate::crs::{resample_to, Resampling, Transformer};
use crate::{Crs, Error, Grid, GridGeometry, Result};

/// CRS + grid geometry shared by all layers of a project.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisGrid {
    pub crs: Crs,
    pub geometry: GridGeometry,
}

impl AnalysisGrid {
    /// An analysis grid from its CRS and an existing geometry.
    pub fn new(crs: Crs, geometry: GridGeometry) -> Result<Self> {
        geometry.validate()?;
        Ok(AnalysisGrid { crs, geometry })
    }

    /// The north-up grid of square `cell`s (CRS units) covering `extent` [xmin, ymin, xmax, ymax],
    /// its edges snapped outward to multiples of the cell size.
    pub fn from_extent(crs: Crs, cell: f64, extent: [f64; 4]) -> Result<Self> {
        if !(cell.is_finite() && cell > 0.0) {
            return Err(Error::invalid(format!(
                "analysis cell size {cell} must be positive"
            )));
        }
        let [xmin, ymin, xmax, ymax] = extent;
        if !(extent.iter().all(|v| v.is_finite()) && xmax > xmin && ymax > ymin) {
            return Err(Error::invalid(format!(
                "analysis extent [{xmin}, {ymin}, {xmax}, {ymax}] is empty or not finite"
            )));
        }
        let x0 = (xmin / cell + 1e-9).floor() * cell;
        let y0 = (ymin / cell + 1e-9).floor() * cell;
        let x1 = (xmax / cell - 1e-9).ceil() * cell;
        let y1 = (ymax / cell - 1e-9).ceil() * cell;
        let geometry = GridGeometry::from_bounds(x0, y0, x1, y1, cell, cell)?;
        Ok(AnalysisGrid { crs, geometry })
    }

    /// The analysis grid covering the union of the grids' extents (each transformed to `crs`).
    pub fn covering(crs: Crs, cell: f64, grids: &[Grid]) -> Result<Self> {
        let e = union_extent(grids, &crs)?;
        Self::from_extent(crs, cell, e)
    }

    /// Put every grid on the analysis grid: bilinear for all layers.
    pub fn harmonise(&self, grids: &[Grid]) -> Result<Vec<Grid>> {
        let methods = vec![Resampling::Bilinear; grids.len()];
        self.harmonise_with(grids, &methods)
    }

    /// Put every grid on the analysis grid with a resampling method per layer (nearest for
    /// categorical layers). Fails when a grid has no CRS or does not overlap the analysis grid.
    pub fn harmonise_with(&self, grids: &[Grid], methods: &[Resampling]) -> Result<Vec<Grid>> {
        if methods.len() != grids.len() {
            return Err(Error::invalid(format!(
                "{} resampling methods given for {} layers",
                methods.len(),
                grids.len()
            )));
        }
        let target = self.geometry.extent();
        grids
            .iter()
            .zip(methods)
            .enumerate()
            .map(|(i, (g, m))| {
                let label = layer_label(g, i);
                let src = g.crs.as_ref().ok_or_else(|| {
                    Error::invalid(format!("{label} has no CRS; give one with --crs-in"))
                })?;
                let e = extent_in(g, src, &self.crs)?;
                if intersect(e, target).is_none() {
                    return Err(Error::invalid(format!(
                        "{label} (extent [{:.3}, {:.3}, {:.3}, {:.3}] in {}) does not overlap the analysis grid [{:.3}, {:.3}, {:.3}, {:.3}]",
                        e[0], e[1], e[2], e[3], self.crs, target[0], target[1], target[2], target[3]
                    )));
                }
                resample_to(g, &self.geometry, &self.crs, *m)
            })
            .collect()
    }
}

fn layer_label(g: &Grid, i: usize) -> String {
    match &g.field {
        Some(f) => format!("layer {} ({f})", i + 1),
        None => format!("layer {}", i + 1),
    }
}

/// Extent of a grid in `crs` (densified edges when it has to be transformed).
fn extent_in(g: &Grid, src: &Crs, crs: &Crs) -> Result<[f64; 4]> {
    if src.same_as(crs) {
        return Ok(g.geometry.extent());
    }
    let t = Transformer::new(src, crs)?;
    let geo = &g.geometry;
    let n = 64;
    let mut e = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for i in 0..=n {
        let f = i as f64 / n as f64;
        for (c, r) in [
            (f * geo.cols as f64, 0.0),
            (f * geo.cols as f64, geo.rows as f64),
            (0.0, f * geo.rows as f64),
            (geo.cols as f64, f * geo.rows as f64),
        ] {
            let (x, y) = geo.pixel_to_xy(c, r);
            if let Some((u, v)) = t.try_transform(x, y) {
                e = [e[0].min(u), e[1].min(v), e[2].max(u), e[3].max(v)];
            }
        }
    }
    if e[0] < e[2] && e[1] < e[3] {
        Ok(e)
    } else {
        Err(Error::invalid(format!(
            "the grid's extent cannot be transformed to {crs}"
        )))
    }
}

fn intersect(a: [f64; 4], b: [f64; 4]) -> Option<[f64; 4]> {
    let e = [
        a[0].max(b[0]),
        a[1].max(b[1]),
        a[2].min(b[2]),
        a[3].min(b[3]),
    ];
    (e[0] < e[2] && e[1] < e[3]).then_some(e)
}

/// Union of the grids' extents in `crs`.
pub fn union_extent(grids: &[Grid], crs: &Crs) -> Result<[f64; 4]> {
    let mut out: Option<[f64; 4]> = None;
    for (i, g) in grids.iter().enumerate() {
        let src = g.crs.as_ref().ok_or_else(|| {
            Error::invalid(format!(
                "{} has no CRS; give one with --crs-in",
                layer_label(g, i)
            ))
        })?;
        let e = extent_in(g, src, crs)?;
        out = Some(match out {
            None => e,
            Some(a) => [
                a[0].min(e[0]),
                a[1].min(e[1]),
                a[2].max(e[2]),
                a[3].max(e[3]),
            ],
        });
    }
    out.ok_or_else(|| Error::invalid("no layers given"))
}

/// Intersection of the grids' extents in `crs`; an error when they do not all overlap.
pub fn intersection_extent(grids: &[Grid], crs: &Crs) -> Result<[f64; 4]> {
    let mut out: Option<[f64; 4]> = None;
    for (i, g) in grids.iter().enumerate() {
        let label = layer_label(g, i);
        let src = g
            .crs
            .as_ref()
            .ok_or_else(|| Error::invalid(format!("{label} has no CRS; give one with --crs-in")))?;
        let e = extent_in(g, src, crs)?;
        out = Some(match out {
            None => e,
            Some(a) => intersect(a, e).ok_or_else(|| {
                Error::invalid(format!("{label} does not overlap the layers before it"))
            })?,
        });
    }
    out.ok_or_else(|| Error::invalid("no layers given"))
}
