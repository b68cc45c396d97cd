//! The georeferenced regular grid.
//!
//! Convention: cells are areas. Row 0 is the northern (top) row; column 0 the western one.
//! The geometry is given by the outer edges of the grid: the top-left corner (`x0`, `y0`)
//! and positive cell sizes `dx`, `dy`. The centre of cell (col, row) is
//! (`x0 + (col + 0.5)·dx`, `y0 − (row + 0.5)·dy`), before rotation.
//! Node-registered formats (Surfer, Geosoft, GMT gridline) are converted on read and write.

use serde::{Deserialize, Serialize};

use crate::{Crs, Error, Result, SurveyMeta};

/// The largest number of cells a grid may hold (2^34 ≈ 1.7·10^10); guards absurd headers.
pub const MAX_CELLS: u64 = 1 << 34;

/// Shape and position of a grid.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GridGeometry {
    /// Number of columns (west → east).
    pub cols: usize,
    /// Number of rows (north → south).
    pub rows: usize,
    /// X of the grid's top-left (north-west) outer corner, CRS units.
    pub x0: f64,
    /// Y of the grid's top-left (north-west) outer corner, CRS units.
    pub y0: f64,
    /// Cell width, CRS units, > 0.
    pub dx: f64,
    /// Cell height, CRS units, > 0.
    pub dy: f64,
    /// Counter-clockwise rotation of the grid's axes about (`x0`, `y0`), degrees. 0 for almost all grids.
    pub rotation_deg: f64,
}

impl GridGeometry {
    /// A north-up grid from its outer top-left corner and cell sizes.
    pub fn new(cols: usize, rows: usize, x0: f64, y0: f64, dx: f64, dy: f64) -> Result<Self> {
        let g = GridGeometry {
            cols,
            rows,
            x0,
            y0,
            dx,
            dy,
            rotation_deg: 0.0,
        };
        g.validate()?;
        Ok(g)
    }

    /// A north-up grid from the outer bounds (xmin, ymin, xmax, ymax) and the cell size.
    pub fn from_bounds(
        xmin: f64,
        ymin: f64,
        xmax: f64,
        ymax: f64,
        dx: f64,
        dy: f64,
    ) -> Result<Self> {
        let ok = dx > 0.0 && dy > 0.0 && xmax > xmin && ymax > ymin;
        if !ok {
            return Err(Error::invalid(format!(
                "invalid grid bounds [{xmin}, {ymin}, {xmax}, {ymax}] or cell size {dx} × {dy}"
            )));
        }
        let cols = ((xmax - xmin) / dx - 1e-9).ceil().max(1.0);
        let rows = ((ymax - ymin) / dy - 1e-9).ceil().max(1.0);
        if cols * rows > MAX_CELLS as f64 {
            return Err(Error::invalid(format!(
                "grid of {cols} × {rows} cells is too large"
            )));
        }
        Self::new(cols as usize, rows as usize, xmin, ymax, dx, dy)
    }

    /// Check that the geometry is usable: positive finite sizes, finite origin, bounded cell count.
    pub fn validate(&self) -> Result<()> {
        if self.cols == 0 || self.rows == 0 {
            return Err(Error::invalid(format!(
                "grid has {} columns and {} rows",
                self.cols, self.rows
            )));
        }
        if (self.cols as u64).saturating_mul(self.rows as u64) > MAX_CELLS {
            return Err(Error::invalid(format!(
                "grid dimensions {} × {} are absurd",
                self.cols, self.rows
            )));
        }
        if !(self.dx.is_finite() && self.dy.is_finite() && self.dx > 0.0 && self.dy > 0.0) {
            return Err(Error::invalid(format!(
                "invalid cell size {} × {}",
                self.dx, self.dy
            )));
        }
        if !(self.x0.is_finite() && self.y0.is_finite() && self.rotation_deg.is_finite()) {
            return Err(Error::invalid("grid origin is not finite"));
        }
        Ok(())
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.cols * self.rows
    }

    /// True when the grid has no cells (never for a validated geometry).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when the grid axes are aligned with the CRS axes.
    pub fn is_north_up(&self) -> bool {
        self.rotation_deg == 0.0
    }

    /// Outer extent [xmin, ymin, xmax, ymax] (of the rotated corners when rotated).
    pub fn extent(&self) -> [f64; 4] {
        if self.is_north_up() {
            return [
                self.x0,
                self.y0 - self.rows as f64 * self.dy,
                self.x0 + self.cols as f64 * self.dx,
                self.y0,
            ];
        }
        let corners = [
            (0.0, 0.0),
            (self.cols as f64, 0.0),
            (0.0, self.rows as f64),
            (self.cols as f64, self.rows as f64),
        ];
        let mut e = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for (c, r) in corners {
            let (x, y) = self.pixel_to_xy(c, r);
            e[0] = e[0].min(x);
            e[1] = e[1].min(y);
            e[2] = e[2].max(x);
            e[3] = e[3].max(y);
        }
        e
    }

    /// Map continuous pixel coordinates (col, row; 0,0 = top-left outer corner) to CRS coordinates.
    pub fn pixel_to_xy(&self, col: f64, row: f64) -> (f64, f64) {
        let u = col * self.dx;
        let v = -row * self.dy;
        if self.is_north_up() {
            return (self.x0 + u, self.y0 + v);
        }
        let (s, c) = self.rotation_deg.to_radians().sin_cos();
        (self.x0 + u * c - v * s, self.y0 + u * s + v * c)
    }

    /// Map CRS coordinates to continuous pixel coordinates (col, row).
    pub fn xy_to_pixel(&self, x: f64, y: f64) -> (f64, f64) {
        let (mut u, mut v) = (x - self.x0, y - self.y0);
        if !self.is_north_up() {
            let (s, c) = self.rotation_deg.to_radians().sin_cos();
            let (uu, vv) = (u * c + v * s, -u * s + v * c);
            u = uu;
            v = vv;
        }
        (u / self.dx, -v / self.dy)
    }

    /// Centre of cell (col, row) in CRS coordinates.
    pub fn cell_center(&self, col: usize, row: usize) -> (f64, f64) {
        self.pixel_to_xy(col as f64 + 0.5, row as f64 + 0.5)
    }

    /// The cell (col, row) containing the point, if inside the grid.
    pub fn cell_of(&self, x: f64, y: f64) -> Option<(usize, usize)> {
        let (c, r) = self.xy_to_pixel(x, y);
        if c >= 0.0 && r >= 0.0 && c < self.cols as f64 && r < self.rows as f64 {
            Some((c as usize, r as usize))
        } else {
            None
        }
    }

    /// GDAL-style affine geotransform [x0, dx, rx, y0, ry, -dy] (outer corner, area registration).
    pub fn geotransform(&self) -> [f64; 6] {
        let (s, c) = self.rotation_deg.to_radians().sin_cos();
        [
            self.x0,
            self.dx * c,
            self.dy * s,
            self.y0,
            self.dx * s,
            -self.dy * c,
        ]
    }

    /// Geometry from a GDAL-style geotransform. Rotations must be pure rotations
    /// (no shear); a south-up transform (positive gt\[5\]) is rejected: flip the rows first.
    pub fn from_geotransform(cols: usize, rows: usize, gt: [f64; 6]) -> Result<Self> {
        let dx = (gt[1] * gt[1] + gt[4] * gt[4]).sqrt();
        let dy = (gt[2] * gt[2] + gt[5] * gt[5]).sqrt();
        let rotation_deg = if gt[2] == 0.0 && gt[4] == 0.0 {
            if gt[1] < 0.0 || gt[5] > 0.0 {
                return Err(Error::invalid(
                    "geotransform is not north-up (negative cell width or south-up rows)",
                ));
            }
            0.0
        } else {
            let r = gt[4].atan2(gt[1]);
            let expect = [-dy * r.sin(), -dy * r.cos()];
            if (gt[2] + expect[0]).abs() > 1e-9 * dy.max(1.0)
                && (gt[2] - expect[0]).abs() > 1e-9 * dy.max(1.0)
            {
                return Err(Error::invalid("sheared geotransforms are not supported"));
            }
            r.to_degrees()
        };
        let g = GridGeometry {
            cols,
            rows,
            x0: gt[0],
            y0: gt[3],
            dx,
            dy,
            rotation_deg,
        };
        g.validate()?;
        Ok(g)
    }

    /// True when two geometries describe the same cells (within 1e-9 of a cell).
    pub fn same_as(&self, o: &GridGeometry) -> bool {
        let tol = 1e-9 * self.dx.max(self.dy);
        self.cols == o.cols
            && self.rows == o.rows
            && (self.x0 - o.x0).abs() <= tol * 1e3
            && (self.y0 - o.y0).abs() <= tol * 1e3
            && (self.dx - o.dx).abs() <= tol
            && (self.dy - o.dy).abs() <= tol
            && (self.rotation_deg - o.rotation_deg).abs() <= 1e-9
    }
}

/// Grid values, kept in the precision they were read or computed in. NaN means no data.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    F32(Vec<f32>),
    F64(Vec<f64>),
}

impl Values {
    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            Values::F32(v) => v.len(),
            Values::F64(v) => v.len(),
        }
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Value at a linear index (row-major, row 0 = north), widened to f64.
    #[inline]
    pub fn get(&self, i: usize) -> f64 {
        match self {
            Values::F32(v) => v[i] as f64,
            Values::F64(v) => v[i],
        }
    }

    /// Set the value at a linear index (narrowed to f32 for f32 storage).
    #[inline]
    pub fn set(&mut self, i: usize, x: f64) {
        match self {
            Values::F32(v) => v[i] = x as f32,
            Values::F64(v) => v[i] = x,
        }
    }

    /// All values as f64 (borrowed when already f64).
    pub fn as_f64(&self) -> std::borrow::Cow<'_, [f64]> {
        match self {
            Values::F32(v) => std::borrow::Cow::Owned(v.iter().map(|&x| x as f64).collect()),
            Values::F64(v) => std::borrow::Cow::Borrowed(v),
        }
    }

    /// All values as f32 (borrowed when already f32).
    pub fn as_f32(&self) -> std::borrow::Cow<'_, [f32]> {
        match self {
            Values::F32(v) => std::borrow::Cow::Borrowed(v),
            Values::F64(v) => std::borrow::Cow::Owned(v.iter().map(|&x| x as f32).collect()),
        }
    }

    /// Consume into an f64 vector.
    pub fn into_f64(self) -> Vec<f64> {
        match self {
            Values::F32(v) => v.into_iter().map(|x| x as f64).collect(),
            Values::F64(v) => v,
        }
    }

    /// True when stored as f32.
    pub fn is_f32(&self) -> bool {
        matches!(self, Values::F32(_))
    }
}

/// One georeferenced regular grid: the type every lode stage reads and writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Row-major values, row 0 = north; NaN = no data.
    pub values: Values,
    /// Shape and position.
    pub geometry: GridGeometry,
    /// Coordinate reference system, when known.
    pub crs: Option<Crs>,
    /// Units of the values (e.g. "nT", "mGal", "%", "ppm", "m").
    pub units: Option<String>,
    /// Name of the field (e.g. "total_field_anomaly").
    pub field: Option<String>,
    /// The no-data value the source file used (values equal to it are NaN here); kept for writing.
    pub nodata: Option<f64>,
    /// Survey metadata.
    pub meta: SurveyMeta,
}

impl Grid {
    /// A grid of f64 values; the length must match the geometry.
    pub fn new_f64(geometry: GridGeometry, values: Vec<f64>) -> Result<Self> {
        Self::from_values(geometry, Values::F64(values))
    }

    /// A grid of f32 values; the length must match the geometry.
    pub fn new_f32(geometry: GridGeometry, values: Vec<f32>) -> Result<Self> {
        Self::from_values(geometry, Values::F32(values))
    }

    /// A grid from values; the length must match the geometry.
    pub fn from_values(geometry: GridGeometry, values: Values) -> Result<Self> {
        geometry.validate()?;
        if values.len() != geometry.len() {
            return Err(Error::invalid(format!(
                "grid of {} × {} cells given {} values",
                geometry.cols,
                geometry.rows,
                values.len()
            )));
        }
        Ok(Grid {
            values,
            geometry,
            crs: None,
            units: None,
            field: None,
            nodata: None,
            meta: SurveyMeta::default(),
        })
    }

    /// A grid filled with one f64 value.
    pub fn filled(geometry: GridGeometry, value: f64) -> Result<Self> {
        geometry.validate()?;
        Self::new_f64(geometry, vec![value; geometry.len()])
    }

    /// A new grid with the same geometry and metadata but other f64 values.
    pub fn with_values_f64(&self, values: Vec<f64>) -> Result<Self> {
        let mut g = Self::new_f64(self.geometry, values)?;
        g.crs = self.crs.clone();
        g.units = self.units.clone();
        g.field = self.field.clone();
        g.meta = self.meta.clone();
        Ok(g)
    }

    /// Builder: set the CRS.
    pub fn with_crs(mut self, crs: Option<Crs>) -> Self {
        self.crs = crs;
        self
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.geometry.cols
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.geometry.rows
    }

    /// Value at (col, row) as f64.
    #[inline]
    pub fn get(&self, col: usize, row: usize) -> f64 {
        self.values.get(row * self.geometry.cols + col)
    }

    /// Set the value at (col, row).
    #[inline]
    pub fn set(&mut self, col: usize, row: usize, x: f64) {
        let i = row * self.geometry.cols + col;
        self.values.set(i, x);
    }

    /// Values as f64 (borrowed when stored as f64).
    pub fn values_f64(&self) -> std::borrow::Cow<'_, [f64]> {
        self.values.as_f64()
    }

    /// Convert the storage to f64 in place.
    pub fn to_f64_storage(&mut self) {
        if let Values::F32(v) = &self.values {
            self.values = Values::F64(v.iter().map(|&x| x as f64).collect());
        }
    }

    /// Convert the storage to f32 in place.
    pub fn to_f32_storage(&mut self) {
        if let Values::F64(v) = &self.values {
            self.values = Values::F32(v.iter().map(|&x| x as f32).collect());
        }
    }

    /// Replace every value equal to `nodata` by NaN and remember the no-data value.
    pub fn apply_nodata(&mut self, nodata: f64) {
        if nodata.is_nan() {
            self.nodata = Some(nodata);
            return;
        }
        match &mut self.values {
            Values::F32(v) => {
                let nd = nodata as f32;
                for x in v.iter_mut() {
                    if *x == nd {
                        *x = f32::NAN;
                    }
                }
            }
            Values::F64(v) => {
                for x in v.iter_mut() {
                    if *x == nodata {
                        *x = f64::NAN;
                    }
                }
            }
        }
        self.nodata = Some(nodata);
    }

    /// Summary statistics of the valid (non-NaN) values.
    pub fn stats(&self) -> crate::GridStats {
        crate::GridStats::of(&self.values)
    }

    /// Bilinear interpolation at (x, y); NaN outside the grid or next to no-data cells.
    pub fn sample_bilinear(&self, x: f64, y: f64) -> f64 {
        let (c, r) = self.geometry.xy_to_pixel(x, y);
        let (fc, fr) = (c - 0.5, r - 0.5);
        let (nc, nr) = (self.cols() as f64, self.rows() as f64);
        if !(fc >= -0.5 && fr >= -0.5 && fc <= nc - 0.5 && fr <= nr - 0.5) {
            return f64::NAN;
        }
        let c0 = fc.floor().clamp(0.0, nc - 1.0) as usize;
        let r0 = fr.floor().clamp(0.0, nr - 1.0) as usize;
        let c1 = (c0 + 1).min(self.cols() - 1);
        let r1 = (r0 + 1).min(self.rows() - 1);
        let tx = (fc - c0 as f64).clamp(0.0, 1.0);
        let ty = (fr - r0 as f64).clamp(0.0, 1.0);
        let v00 = self.get(c0, r0);
        let v10 = self.get(c1, r0);
        let v01 = self.get(c0, r1);
        let v11 = self.get(c1, r1);
        (v00 * (1.0 - tx) + v10 * tx) * (1.0 - ty) + (v01 * (1.0 - tx) + v11 * tx) * ty
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pixel_mapping_round_trips_with_rotation() {
        let mut g = GridGeometry::new(10, 8, 1000.0, 5000.0, 25.0, 50.0).unwrap();
        g.rotation_deg = 30.0;
        for (c, r) in [(0.0, 0.0), (3.5, 2.25), (10.0, 8.0)] {
            let (x, y) = g.pixel_to_xy(c, r);
            let (c2, r2) = g.xy_to_pixel(x, y);
            assert!((c - c2).abs() < 1e-9 && (r - r2).abs() < 1e-9);
        }
        // The first column runs along the rotated x axis: (1,0) is 25 m from the origin at 30°.
        let (x, y) = g.pixel_to_xy(1.0, 0.0);
        assert!((x - (1000.0 + 25.0 * 30f64.to_radians().cos())).abs() < 1e-9);
        assert!((y - (5000.0 + 25.0 * 30f64.to_radians().sin())).abs() < 1e-9);
    }

    #[test]
    fn geotransform_round_trip() {
        let mut g = GridGeometry::new(7, 5, -10.0, 20.0, 2.0, 3.0).unwrap();
        let back = GridGeometry::from_geotransform(7, 5, g.geotransform()).unwrap();
        assert!(g.same_as(&back));
        g.rotation_deg = -12.5;
        let back = GridGeometry::from_geotransform(7, 5, g.geotransform()).unwrap();
        assert!((back.rotation_deg + 12.5).abs() < 1e-9);
        assert!((back.dx - 2.0).abs() < 1e-12 && (back.dy - 3.0).abs() < 1e-12);
    }

    #[test]
    fn north_up_extent_and_cells() {
        let g = GridGeometry::from_bounds(0.0, 0.0, 100.0, 50.0, 10.0, 10.0).unwrap();
        assert_eq!((g.cols, g.rows), (10, 5));
        assert_eq!(g.extent(), [0.0, 0.0, 100.0, 50.0]);
        assert_eq!(g.cell_center(0, 0), (5.0, 45.0));
        assert_eq!(g.cell_of(99.0, 1.0), Some((9, 4)));
        assert_eq!(g.cell_of(100.0, 1.0), None);
    }

    #[test]
    fn absurd_and_invalid_geometries_are_refused() {
        assert!(GridGeometry::new(1_000_000_000, 1_000_000_000, 0.0, 0.0, 1.0, 1.0).is_err());
        assert!(GridGeometry::new(0, 5, 0.0, 0.0, 1.0, 1.0).is_err());
        assert!(GridGeometry::new(5, 5, 0.0, 0.0, -1.0, 1.0).is_err());
        assert!(GridGeometry::new(5, 5, f64::NAN, 0.0, 1.0, 1.0).is_err());
        let g = GridGeometry::new(2, 2, 0.0, 0.0, 1.0, 1.0).unwrap();
        assert!(Grid::new_f64(g, vec![1.0; 3]).is_err());
    }

    #[test]
    fn nodata_and_stats() {
        let g = GridGeometry::new(3, 1, 0.0, 0.0, 1.0, 1.0).unwrap();
        let mut grid = Grid::new_f32(g, vec![1.0, -9999.0, 3.0]).unwrap();
        grid.apply_nodata(-9999.0);
        let s = grid.stats();
        assert_eq!((s.valid, s.nodata), (2, 1));
        assert_eq!((s.min, s.max, s.mean, s.std), (1.0, 3.0, 2.0, 1.0));
    }

    #[test]
    fn bilinear_sampling_is_exact_for_planes() {
        let g = GridGeometry::new(6, 4, 0.0, 40.0, 10.0, 10.0).unwrap();
        let mut v = Vec::new();
        for r in 0..4 {
            for c in 0..6 {
                let (x, y) = g.cell_center(c, r);
                v.push(2.0 * x - 3.0 * y + 1.0);
            }
        }
        let grid = Grid::new_f64(g, v).unwrap();
        let (x, y) = (23.7, 18.2);
        assert!((grid.sample_bilinear(x, y) - (2.0 * x - 3.0 * y + 1.0)).abs() < 1e-9);
        assert!(grid.sample_bilinear(-1.0, 10.0).is_nan());
    }
}
