//! Reading one 2-D grid variable from a classic (CDF-1/2/5) or netCDF-4/HDF5 file.

use std::path::Path;

use lode_core::grid::MAX_CELLS;
use lode_core::{Error, Grid, GridGeometry, Result, Values};
use netcdf_reader::masked::MaskParams;
use netcdf_reader::unpack::{SignParams, UnpackParams};
use netcdf_reader::{NcAttrValue, NcFile, NcFormat, NcOpenOptions, NcType, NcVariable};
use rayon::prelude::*;

use super::cf;

/// Decoded bytes a file may expand to: 1100 × its length (deflate's best ratio is about 1032:1)
/// or 64 MiB, whichever is larger. Guards fill-value-only or forged HDF5 datasets.
fn read_budget(file_len: usize) -> usize {
    file_len.saturating_mul(1100).max(64 << 20)
}

/// Which CRS axis a dimension runs along.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Axis {
    X,
    Y,
}

/// Grid from the netCDF bytes; `name` chooses the variable (else the grid variable is found).
pub(super) fn parse(bytes: Vec<u8>, path: &Path, name: Option<&str>) -> Result<Grid> {
    let len = bytes.len();
    if len < 4 {
        return Err(Error::input(
            path,
            format!("not a netCDF file: {} bytes is too short", len),
        ));
    }
    if !(bytes.starts_with(b"CDF") || bytes.starts_with(b"\x89HDF\r\n\x1a\n")) {
        return Err(Error::input(
            path,
            "not a netCDF file: wrong magic (expected CDF\\x01, CDF\\x02, CDF\\x05 or HDF5)",
        ));
    }
    let numrecs = match bytes[3] {
        5 if len >= 12 => u64::from_be_bytes(bytes[4..12].try_into().unwrap_or_default()),
        1 | 2 if len >= 8 => u64::from(u32::from_be_bytes(
            bytes[4..8].try_into().unwrap_or_default(),
        )),
        _ => 0,
    };
    let budget = read_budget(len);
    let opts = NcOpenOptions {
        max_read_bytes: budget,
        max_chunk_bytes: budget.min(netcdf_reader::NcOpenOptions::default().max_chunk_bytes),
        ..NcOpenOptions::default()
    };
    let file = NcFile::from_owner(bytes, opts).map_err(|e| nc_err(path, e))?;
    let r = Reader {
        file: &file,
        path,
        len,
        budget,
    };
    if matches!(
        file.format(),
        NcFormat::Classic | NcFormat::Offset64 | NcFormat::Cdf5
    ) {
        r.check_classic_size(numrecs)?;
    }
    r.grid(name)
}

fn nc_err(path: &Path, e: netcdf_reader::Error) -> Error {
    match e {
        netcdf_reader::Error::InvalidMagic => Error::input(path, "not a netCDF file: wrong magic"),
        netcdf_reader::Error::UnexpectedEof { .. } => {
            Error::input(path, format!("file is truncated ({e})"))
        }
        e => Error::input(path, format!("invalid netCDF: {e}")),
    }
}

struct Reader<'a> {
    file: &'a NcFile,
    path: &'a Path,
    len: usize,
    budget: usize,
}

/// The position of cell centres along one axis in file order: `first + i·step`.
#[derive(Debug, Clone, Copy)]
struct Spacing {
    first: f64,
    step: f64,
}

impl Reader<'_> {
    fn err(&self, msg: impl Into<String>) -> Error {
        Error::input(self.path, msg)
    }

    /// A classic file must hold every variable's data, as netCDF-C requires: the end of the
    /// last fixed-size variable and of the last record (NetCDF Classic Format Specification).
    fn check_classic_size(&self, numrecs: u64) -> Result<()> {
        let vars = self.variables()?;
        let numrecs = if numrecs == u64::from(u32::MAX) {
            0
        } else {
            numrecs
        };
        let stride: u64 = vars
            .iter()
            .filter(|v| v.is_record_var)
            .map(|v| v.record_size)
            .fold(0, u64::saturating_add);
        let mut need = 0u64;
        for v in vars {
            let elem = v.dtype.size().unwrap_or(1) as u64;
            let end = if v.is_record_var {
                if numrecs == 0 {
                    continue;
                }
                let per_record = v
                    .dimensions()
                    .iter()
                    .skip(1)
                    .fold(elem, |n, d| n.saturating_mul(d.size));
                v.data_offset
                    .saturating_add((numrecs - 1).saturating_mul(stride))
                    .saturating_add(per_record)
            } else {
                let n = v.num_elements().unwrap_or(u64::MAX);
                v.data_offset.saturating_add(n.saturating_mul(elem))
            };
            need = need.max(end);
        }
        if need > self.len as u64 {
            return Err(self.err(format!(
                "file is truncated: its variables need {need} bytes, the file has {}",
                self.len
            )));
        }
        Ok(())
    }

    fn variables(&self) -> Result<&[NcVariable]> {
        self.file.variables().map_err(|e| nc_err(self.path, e))
    }

    fn grid(&self, name: Option<&str>) -> Result<Grid> {
        let var = match name {
            Some(n) => {
                let v = self
                    .variables()?
                    .iter()
                    .find(|v| v.name == n)
                    .ok_or_else(|| self.err(format!("no variable named {n:?}")))?;
                if !is_grid_shaped(v) {
                    return Err(self.err(format!(
                        "variable {n:?} has shape {:?}, not a 2-D grid",
                        v.shape()
                    )));
                }
                v
            }
            None => match self.find_grid_variable() {
                Ok(v) => v,
                Err(e) => return self.legacy_gmt()?.ok_or(e),
            },
        };
        let dims = var.dimensions();
        let (dim_a, dim_b) = (&dims[dims.len() - 2], &dims[dims.len() - 1]);
        let kind_a = self.axis_of(&dim_a.name);
        let kind_b = self.axis_of(&dim_b.name);
        // Dimensions are (y, x) in every convention except an explicit (x, y).
        let transposed = kind_a == Some(Axis::X) && kind_b == Some(Axis::Y);
        let (ydim, xdim) = if transposed {
            (dim_b, dim_a)
        } else {
            (dim_a, dim_b)
        };
        let rows = usize::try_from(ydim.size).map_err(|_| self.err("absurd dimension size"))?;
        let cols = usize::try_from(xdim.size).map_err(|_| self.err("absurd dimension size"))?;
        if rows == 0 || cols == 0 {
            return Err(self.err(format!(
                "variable {:?} is empty ({} × {})",
                var.name, xdim.size, ydim.size
            )));
        }
        let cells = (rows as u64)
            .checked_mul(cols as u64)
            .filter(|&c| c <= MAX_CELLS)
            .ok_or_else(|| {
                self.err(format!(
                    "absurd grid dimensions {} × {} in variable {:?}",
                    xdim.size, ydim.size, var.name
                ))
            })?;
        let elem = var.dtype.size().map_err(|e| nc_err(self.path, e.into()))? as u64;
        let bytes = cells.saturating_mul(elem);
        if bytes > self.budget as u64 {
            return Err(self.err(format!(
                "variable {:?} of {} × {} cells cannot fit in a {}-byte file",
                var.name, cols, rows, self.len
            )));
        }
        if matches!(
            self.file.format(),
            NcFormat::Classic | NcFormat::Offset64 | NcFormat::Cdf5
        ) && !var.is_record_var
            && var.data_offset.saturating_add(bytes) > self.len as u64
        {
            return Err(self.err(format!(
                "file is truncated: variable {:?} needs bytes {}..{} of a {}-byte file",
                var.name,
                var.data_offset,
                var.data_offset.saturating_add(bytes),
                self.len
            )));
        }

        let pixel = self.is_pixel_registered(var);
        let gt = cf::geotransform(self.file, var);
        let xs = self.spacing(&xdim.name, cols, pixel, gt.map(|g| (g[0], g[1])))?;
        let ys = self.spacing(&ydim.name, rows, pixel, gt.map(|g| (g[3], g[5])))?;
        let (dx, dy) = (xs.step.abs(), ys.step.abs());
        let xmin = xs.first.min(xs.first + (cols - 1) as f64 * xs.step) - 0.5 * dx;
        let ymax = ys.first.max(ys.first + (rows - 1) as f64 * ys.step) + 0.5 * dy;
        let geometry =
            GridGeometry::new(cols, rows, xmin, ymax, dx, dy).map_err(|e| e.at(self.path))?;

        let (values, nodata) = self.values(var)?;
        let layout = Layout {
            rows,
            cols,
            transposed,
            flip_rows: ys.step > 0.0,
            flip_cols: xs.step < 0.0,
        };
        let values = match values {
            Values::F32(v) => Values::F32(layout.to_north_up(v)),
            Values::F64(v) => Values::F64(layout.to_north_up(v)),
        };
        let mut grid = Grid::from_values(geometry, values).map_err(|e| e.at(self.path))?;
        grid.nodata = nodata;
        grid.units = string_attr(var, "units").filter(|s| !s.is_empty());
        grid.field = string_attr(var, "long_name")
            .filter(|s| !s.is_empty())
            .or_else(|| Some(var.name.clone()));
        grid.crs = cf::crs(
            self.file,
            var,
            self.coordinate(&xdim.name),
            self.coordinate(&ydim.name),
        );
        if let Ok(globals) = self.file.global_attributes() {
            for a in globals {
                match (a.name.as_str(), &a.value) {
                    ("survey_date", NcAttrValue::Chars(s)) => grid.meta.date = Some(s.clone()),
                    ("sensor_height_m", v) => grid.meta.sensor_height_m = v.as_f64(),
                    ("line_spacing_m", v) => grid.meta.line_spacing_m = v.as_f64(),
                    _ => {}
                }
            }
        }
        Ok(grid)
    }

    /// GMT's legacy netCDF format (`=cf`, before COARDS): `z(xysize)` stored north row first,
    /// with `dimension` = [nx, ny], `x_range`, `y_range`, `spacing` and `node_offset` on `z`.
    fn legacy_gmt(&self) -> Result<Option<Grid>> {
        let vars = self.variables()?;
        let by_name = |n: &str| vars.iter().find(|v| v.name == n && v.ndim() == 1);
        let (Some(z), Some(dim), Some(xr), Some(yr)) = (
            by_name("z"),
            by_name("dimension"),
            by_name("x_range"),
            by_name("y_range"),
        ) else {
            return Ok(None);
        };
        let pair = |v: &NcVariable| -> Result<[f64; 2]> {
            let x = self.read_coordinate(v, 2)?;
            Ok([x[0], x[1]])
        };
        let [nx, ny] = pair(dim)?;
        let [xmin, xmax] = pair(xr)?;
        let [ymin, ymax] = pair(yr)?;
        let valid_n = |n: f64| n >= 1.0 && n.fract() == 0.0 && n <= MAX_CELLS as f64;
        if !(valid_n(nx) && valid_n(ny)) {
            return Err(self.err(format!("absurd GMT grid dimensions {nx} × {ny}")));
        }
        let (cols, rows) = (nx as usize, ny as usize);
        let cells = (cols as u64)
            .checked_mul(rows as u64)
            .filter(|&c| c <= MAX_CELLS);
        if cells != Some(z.dimensions()[0].size) {
            return Err(self.err(format!(
                "GMT grid of {cols} × {rows} nodes holds {} values",
                z.dimensions()[0].size
            )));
        }
        let pixel = z.attribute("node_offset").and_then(|a| a.value.as_f64()) == Some(1.0);
        let n_int = |n: usize| if pixel { n as f64 } else { n as f64 - 1.0 };
        let spacing = by_name("spacing").and_then(|v| pair(v).ok());
        let step = |lo: f64, hi: f64, n: usize, i: usize| match spacing {
            Some(s) if s[i] > 0.0 && s[i].is_finite() => s[i],
            _ => (hi - lo) / n_int(n),
        };
        let (dx, dy) = (step(xmin, xmax, cols, 0), step(ymin, ymax, rows, 1));
        let h = if pixel { 0.0 } else { 0.5 };
        let geometry = GridGeometry::new(cols, rows, xmin - h * dx, ymax + h * dy, dx, dy)
            .map_err(|e| e.at(self.path))?;
        let (values, nodata) = self.values(z)?;
        let mut grid = Grid::from_values(geometry, values).map_err(|e| e.at(self.path))?;
        grid.nodata = nodata;
        grid.field = by_name("z_range")
            .and_then(|v| string_attr(v, "units"))
            .filter(|s| !s.is_empty())
            .or_else(|| Some("z".into()));
        Ok(Some(grid))
    }

    /// The grid variable: the first numeric variable of two dimensions (more only when the
    /// leading ones have size 1) whose dimensions are an x and a y axis, else the first of two
    /// dimensions.
    fn find_grid_variable(&self) -> Result<&NcVariable> {
        let vars = self.variables()?;
        let candidates: Vec<&NcVariable> = vars
            .iter()
            .filter(|v| is_grid_shaped(v) && !v.is_coordinate_variable())
            .collect();
        let with_axes = candidates.iter().find(|v| {
            let d = v.dimensions();
            let a = self.axis_of(&d[d.len() - 2].name);
            let b = self.axis_of(&d[d.len() - 1].name);
            matches!(
                (a, b),
                (Some(Axis::Y), Some(Axis::X)) | (Some(Axis::X), Some(Axis::Y))
            )
        });
        with_axes
            .or(candidates.first())
            .copied()
            .ok_or_else(|| self.err("no 2-D grid variable in the file"))
    }

    fn coordinate(&self, dim: &str) -> Option<&NcVariable> {
        self.variables()
            .ok()?
            .iter()
            .find(|v| v.name == dim && v.ndim() == 1 && v.dimensions()[0].name == dim)
    }

    /// The axis of a dimension, from its name or its coordinate variable's axis,
    /// standard_name or units attributes.
    fn axis_of(&self, dim: &str) -> Option<Axis> {
        let n = dim.to_ascii_lowercase();
        if X_NAMES.contains(&n.as_str()) {
            return Some(Axis::X);
        }
        if Y_NAMES.contains(&n.as_str()) {
            return Some(Axis::Y);
        }
        let c = self.coordinate(dim)?;
        let attr = |k: &str| string_attr(c, k).map(|s| s.to_ascii_lowercase());
        match attr("axis").as_deref() {
            Some("x") => return Some(Axis::X),
            Some("y") => return Some(Axis::Y),
            _ => {}
        }
        match attr("standard_name").as_deref() {
            Some("longitude" | "projection_x_coordinate" | "grid_longitude") => {
                return Some(Axis::X)
            }
            Some("latitude" | "projection_y_coordinate" | "grid_latitude") => return Some(Axis::Y),
            _ => {}
        }
        match attr("units").as_deref() {
            Some(u) if u.starts_with("degrees_e") || u.starts_with("degree_e") => Some(Axis::X),
            Some(u) if u.starts_with("degrees_n") || u.starts_with("degree_n") => Some(Axis::Y),
            _ => None,
        }
    }

    /// GMT's `node_offset` (on the variable, or global as GMT 6 writes it): 1 = pixel registration.
    fn is_pixel_registered(&self, var: &NcVariable) -> bool {
        let global = self
            .file
            .global_attributes()
            .ok()
            .and_then(|a| a.iter().find(|a| a.name == "node_offset"));
        var.attribute("node_offset")
            .or(global)
            .and_then(|a| a.value.as_f64())
            == Some(1.0)
    }

    /// Cell-centre spacing along a dimension, from its coordinate variable refined by GMT's
    /// `actual_range`, else a GDAL GeoTransform (`origin`, `step` of the outer corner), else
    /// cell indices.
    fn spacing(&self, dim: &str, n: usize, pixel: bool, gt: Option<(f64, f64)>) -> Result<Spacing> {
        let Some(cvar) = self.coordinate(dim) else {
            return Ok(match gt {
                Some((origin, step)) if step != 0.0 && step.is_finite() && origin.is_finite() => {
                    Spacing {
                        first: origin + 0.5 * step,
                        step,
                    }
                }
                _ => Spacing {
                    first: 0.0,
                    step: 1.0,
                },
            });
        };
        let coords = self.read_coordinate(cvar, n)?;
        if coords.iter().any(|c| !c.is_finite()) {
            return Err(self.err(format!("coordinate variable {dim:?} has non-finite values")));
        }
        let range = cvar
            .attribute("actual_range")
            .and_then(|a| a.value.as_f64_vec())
            .filter(|r| r.len() == 2 && r[0].is_finite() && r[1].is_finite() && r[1] > r[0]);
        let maxabs = coords.iter().fold(0.0f64, |m, c| m.max(c.abs()));
        let eps = if cvar.dtype == NcType::Float {
            2.5e-7
        } else {
            1e-9
        } * maxabs;
        if n == 1 {
            let step = match (&range, gt) {
                (Some(r), _) if pixel => r[1] - r[0],
                (_, Some((_, s))) if s != 0.0 && s.is_finite() => s.abs(),
                _ => {
                    return Err(self.err(format!(
                        "cannot tell the cell size of dimension {dim:?} of length 1"
                    )))
                }
            };
            return Ok(Spacing {
                first: coords[0],
                step,
            });
        }
        let step = (coords[n - 1] - coords[0]) / (n - 1) as f64;
        if step == 0.0 || !step.is_finite() {
            return Err(self.err(format!("coordinate variable {dim:?} is not monotonic")));
        }
        let tol = 0.02 * step.abs() + eps;
        let irregular = coords
            .iter()
            .enumerate()
            .any(|(i, c)| (c - (coords[0] + i as f64 * step)).abs() > tol);
        if irregular {
            return Err(self.err(format!(
                "coordinate variable {dim:?} is not regularly spaced: lode reads regular grids only"
            )));
        }
        let mut s = Spacing {
            first: coords[0],
            step,
        };
        // GMT stores the exact region in actual_range (node extent for gridline registration,
        // outer cell edges for pixel registration): more precise than float coordinates.
        if let Some(r) = range {
            let (lo, hi) = (r[0], r[1]);
            let d = if pixel {
                (hi - lo) / n as f64
            } else {
                (hi - lo) / (n - 1) as f64
            };
            let first_lo = if pixel { lo + 0.5 * d } else { lo };
            let c_lo = coords[0].min(coords[n - 1]);
            if (d - step.abs()).abs() <= tol / n as f64 + eps && (first_lo - c_lo).abs() <= tol {
                s = if step > 0.0 {
                    Spacing {
                        first: first_lo,
                        step: d,
                    }
                } else {
                    Spacing {
                        first: first_lo + (n - 1) as f64 * d,
                        step: -d,
                    }
                };
            }
        }
        Ok(s)
    }

    fn read_coordinate(&self, cvar: &NcVariable, n: usize) -> Result<Vec<f64>> {
        if cvar.dtype.size().map_or(true, |s| {
            (n as u64).saturating_mul(s as u64) > self.budget as u64
        }) {
            return Err(self.err(format!("coordinate variable {:?} is too large", cvar.name)));
        }
        let mut c = self
            .file
            .read_variable_as_f64(&cvar.name)
            .map_err(|e| nc_err(self.path, e))?
            .into_iter()
            .collect::<Vec<f64>>();
        if c.len() != n {
            return Err(self.err(format!(
                "coordinate variable {:?} has {} values for a dimension of {}",
                cvar.name,
                c.len(),
                n
            )));
        }
        if let Some(u) = UnpackParams::from_variable(cvar) {
            c.iter_mut()
                .for_each(|v| *v = *v * u.scale_factor + u.add_offset);
        }
        Ok(c)
    }

    /// The variable's values in file order, decoded: `_Unsigned`, then `_FillValue`,
    /// `missing_value` and `valid_*` → NaN, then `scale_factor`/`add_offset` (CF 1.7 §2.5, §8.1).
    /// Floats and integers of up to 16 bits give f32 values; other types f64.
    fn values(&self, var: &NcVariable) -> Result<(Values, Option<f64>)> {
        let n = var
            .num_elements()
            .map_err(|e| nc_err(self.path, e.into()))?;
        let n = usize::try_from(n).map_err(|_| self.err("absurd variable size"))?;
        let dec = Decoder::of(var);
        let nodata = dec.nodata();
        let name = var.name.as_str();
        macro_rules! native {
            ($t:ty) => {{
                let mut raw = vec![<$t>::default(); n];
                self.file
                    .read_variable_into::<$t>(name, &mut raw)
                    .map_err(|e| nc_err(self.path, e))?;
                raw
            }};
        }
        macro_rules! narrow {
            ($t:ty) => {{
                let raw = native!($t);
                Values::F32(
                    raw.par_iter()
                        .map(|&v| dec.apply(v as f64) as f32)
                        .collect(),
                )
            }};
        }
        macro_rules! wide {
            ($t:ty) => {{
                let raw = native!($t);
                Values::F64(raw.par_iter().map(|&v| dec.apply(v as f64)).collect())
            }};
        }
        let values = match var.dtype {
            NcType::Float => {
                let mut raw = native!(f32);
                if !dec.is_identity() {
                    raw.par_iter_mut()
                        .for_each(|v| *v = dec.apply(*v as f64) as f32);
                }
                Values::F32(raw)
            }
            NcType::Double => {
                let mut raw = native!(f64);
                if !dec.is_identity() {
                    raw.par_iter_mut().for_each(|v| *v = dec.apply(*v));
                }
                Values::F64(raw)
            }
            NcType::Byte => narrow!(i8),
            NcType::UByte => narrow!(u8),
            NcType::Short => narrow!(i16),
            NcType::UShort => narrow!(u16),
            NcType::Int => wide!(i32),
            NcType::UInt => wide!(u32),
            NcType::Int64 => wide!(i64),
            NcType::UInt64 => wide!(u64),
            ref t => return Err(self.err(format!("variable {name:?} has type {t:?}, not numbers"))),
        };
        Ok((values, nodata))
    }
}

const X_NAMES: [&str; 6] = ["x", "lon", "long", "longitude", "easting", "eastings"];
const Y_NAMES: [&str; 5] = ["y", "lat", "latitude", "northing", "northings"];

/// Two dimensions, or more whose leading ones have length 1 (a single time step, band, …),
/// of a numeric type.
fn is_grid_shaped(v: &NcVariable) -> bool {
    let d = v.dimensions();
    let numeric = matches!(
        v.dtype,
        NcType::Byte
            | NcType::UByte
            | NcType::Short
            | NcType::UShort
            | NcType::Int
            | NcType::UInt
            | NcType::Int64
            | NcType::UInt64
            | NcType::Float
            | NcType::Double
    );
    numeric && d.len() >= 2 && d[..d.len() - 2].iter().all(|d| d.size == 1)
}

/// A text attribute (or a single number, formatted).
pub(super) fn string_attr(var: &NcVariable, name: &str) -> Option<String> {
    match &var.attribute(name)?.value {
        NcAttrValue::Chars(s) => Some(s.trim_end_matches('\0').trim().to_string()),
        NcAttrValue::Strings(s) => s.first().map(|s| s.trim().to_string()),
        _ => None,
    }
}

/// CF decoding of stored values.
struct Decoder {
    sign: Option<SignParams>,
    mask: Option<MaskParams>,
    unpack: Option<UnpackParams>,
}

impl Decoder {
    fn of(var: &NcVariable) -> Self {
        Decoder {
            sign: SignParams::from_variable(var),
            mask: MaskParams::from_variable(var),
            unpack: UnpackParams::from_variable(var)
                .filter(|u| !(u.scale_factor == 1.0 && u.add_offset == 0.0)),
        }
    }

    fn is_identity(&self) -> bool {
        self.sign.is_none() && self.unpack.is_none() && self.mask_is_nan_only()
    }

    fn mask_is_nan_only(&self) -> bool {
        self.mask.as_ref().is_none_or(|m| {
            m.fill_value.is_none_or(f64::is_nan)
                && m.missing_values.iter().all(|v| v.is_nan())
                && m.valid_min.is_none()
                && m.valid_max.is_none()
        })
    }

    /// The no-data value in data units (after unpacking).
    fn nodata(&self) -> Option<f64> {
        let m = self.mask.as_ref()?;
        let v = m.fill_value.or(m.missing_values.first().copied())?;
        Some(match self.unpack {
            Some(u) if !v.is_nan() => v * u.scale_factor + u.add_offset,
            _ => v,
        })
    }

    #[inline]
    fn apply(&self, mut v: f64) -> f64 {
        if let Some(s) = self.sign {
            v = s.reinterpret(v);
        }
        if let Some(m) = &self.mask {
            if m.fill_value == Some(v)
                || m.missing_values.contains(&v)
                || m.valid_min.is_some_and(|lo| v < lo)
                || m.valid_max.is_some_and(|hi| v > hi)
            {
                return f64::NAN;
            }
        }
        match self.unpack {
            Some(u) => v * u.scale_factor + u.add_offset,
            None => v,
        }
    }
}

/// How file order maps to lode's row-major, north-up order.
struct Layout {
    rows: usize,
    cols: usize,
    transposed: bool,
    flip_rows: bool,
    flip_cols: bool,
}

impl Layout {
    fn to_north_up<T: Copy + Send + Sync + Default>(&self, v: Vec<T>) -> Vec<T> {
        let (rows, cols) = (self.rows, self.cols);
        if !self.transposed && !self.flip_cols {
            if !self.flip_rows {
                return v;
            }
            let mut out = v;
            let (mut i, mut j) = (0, rows - 1);
            while i < j {
                let (a, b) = out.split_at_mut(j * cols);
                a[i * cols..(i + 1) * cols].swap_with_slice(&mut b[..cols]);
                i += 1;
                j -= 1;
            }
            return out;
        }
        let mut out = vec![T::default(); rows * cols];
        out.par_chunks_mut(cols).enumerate().for_each(|(r, row)| {
            let fr = if self.flip_rows { rows - 1 - r } else { r };
            for (c, o) in row.iter_mut().enumerate() {
                let fc = if self.flip_cols { cols - 1 - c } else { c };
                *o = if self.transposed {
                    v[fc * rows + fr]
                } else {
                    v[fr * cols + fc]
                };
            }
        });
        out
    }
}
