//! Surfer grids: 6 ASCII (DSAA), 6 binary (DSBB) and 7 binary (DSRB).
//!
//! Golden Software, "Surfer Grid File Formats" (Surfer 6/7 user's guide, appendix C).
//! Surfer grids are node-registered with row 0 at the SOUTH edge (ymin). lode places cell centres
//! at the nodes: x0 = xmin − dx/2, y0 = ymax + dy/2, and flips the rows. Values ≥ 1.70141e38
//! (Surfer's blanking value) become NaN and are written back as 1.70141e38.
//! DSRB's rotation field ("not currently used" by Surfer) is read as a counter-clockwise
//! rotation, in degrees, of the grid about its lower-left node and written the same way.

use std::io::Write;
use std::path::Path;

use lode_core::atomic::write_file;
use lode_core::grid::MAX_CELLS;
use lode_core::{Error, Grid, GridGeometry, Result, Values};

use crate::esri_ascii::{fmt_f32, fmt_f64, fmt_value_f64};

/// Surfer's blanking value.
pub const BLANK: f64 = 1.70141e38;
const BLANK_F32: f32 = 1.70141e38;

/// Read any Surfer grid.
pub fn read(path: &Path) -> Result<Grid> {
    let bytes = std::fs::read(path).map_err(|e| Error::read_io(path, e))?;
    parse(&bytes, path)
}

/// Parse the bytes of a Surfer grid of any of the three kinds; `path` names the file in errors.
pub fn parse(bytes: &[u8], path: &Path) -> Result<Grid> {
    match bytes.get(..4) {
        Some(b"DSAA") => parse_ascii(bytes, path),
        Some(b"DSBB") => parse_6(bytes, path),
        Some(b"DSRB") => parse_7(bytes, path),
        _ => Err(Error::input(
            path,
            "not a Surfer grid (no DSAA, DSBB or DSRB magic)",
        )),
    }
}

/// Node layout read from a header: `nx` × `ny` nodes from (xlo, ylo), spacing dx, dy.
struct Nodes {
    nx: usize,
    ny: usize,
    xlo: f64,
    ylo: f64,
    dx: f64,
    dy: f64,
    rotation: f64,
}

impl Nodes {
    fn from_range(nx: i64, ny: i64, x: [f64; 2], y: [f64; 2], path: &Path) -> Result<Nodes> {
        let (nx, ny) = check_dims(nx, ny, path)?;
        if !(x[1] > x[0] && y[1] > y[0]) {
            return Err(Error::input(
                path,
                format!(
                    "invalid grid range x {}..{}, y {}..{}",
                    x[0], x[1], y[0], y[1]
                ),
            ));
        }
        Ok(Nodes {
            nx,
            ny,
            xlo: x[0],
            ylo: y[0],
            dx: (x[1] - x[0]) / (nx - 1) as f64,
            dy: (y[1] - y[0]) / (ny - 1) as f64,
            rotation: 0.0,
        })
    }

    fn geometry(&self, path: &Path) -> Result<GridGeometry> {
        // Outer top-left corner: lower-left node + R·(−dx/2, (ny − ½)·dy).
        let (s, c) = self.rotation.to_radians().sin_cos();
        let (u, v) = (-self.dx / 2.0, (self.ny as f64 - 0.5) * self.dy);
        let g = GridGeometry {
            cols: self.nx,
            rows: self.ny,
            x0: self.xlo + u * c - v * s,
            y0: self.ylo + u * s + v * c,
            dx: self.dx,
            dy: self.dy,
            rotation_deg: self.rotation,
        };
        g.validate().map_err(|e| e.at(path))?;
        Ok(g)
    }

    fn of(g: &GridGeometry, path: &Path) -> Result<Nodes> {
        if g.cols < 2 || g.rows < 2 {
            return Err(Error::invalid(format!(
                "{}: Surfer grids need at least 2 columns and 2 rows (this one is {} × {})",
                path.display(),
                g.cols,
                g.rows
            )));
        }
        let (x, y) = g.cell_center(0, g.rows - 1);
        Ok(Nodes {
            nx: g.cols,
            ny: g.rows,
            xlo: x,
            ylo: y,
            dx: g.dx,
            dy: g.dy,
            rotation: g.rotation_deg,
        })
    }

    fn xhi(&self) -> f64 {
        self.xlo + (self.nx - 1) as f64 * self.dx
    }

    fn yhi(&self) -> f64 {
        self.ylo + (self.ny - 1) as f64 * self.dy
    }
}

fn check_dims(nx: i64, ny: i64, path: &Path) -> Result<(usize, usize)> {
    if nx < 2 || ny < 2 || (nx as u64).saturating_mul(ny as u64) > MAX_CELLS {
        return Err(Error::input(
            path,
            format!("invalid grid size {nx} × {ny} nodes (Surfer grids need at least 2 × 2)"),
        ));
    }
    Ok((nx as usize, ny as usize))
}

/// Build the grid from south-first rows, blanking values ≥ 1.70141e38.
fn build<T: NanValue>(
    nodes: &Nodes,
    data: &[T],
    blank: impl Fn(T) -> bool,
    path: &Path,
) -> Result<Grid> {
    let geometry = nodes.geometry(path)?;
    let (nx, ny) = (nodes.nx, nodes.ny);
    let mut out = Vec::with_capacity(nx * ny);
    for r in (0..ny).rev() {
        out.extend(
            data[r * nx..(r + 1) * nx]
                .iter()
                .map(|&v| if blank(v) { T::NAN } else { v }),
        );
    }
    let mut g = Grid::from_values(geometry, T::into_values(out)).map_err(|e| e.at(path))?;
    g.nodata = Some(BLANK);
    Ok(g)
}

/// f32 or f64 node values.
trait NanValue: Copy {
    const NAN: Self;
    fn into_values(v: Vec<Self>) -> Values;
}
impl NanValue for f32 {
    const NAN: f32 = f32::NAN;
    fn into_values(v: Vec<f32>) -> Values {
        Values::F32(v)
    }
}
impl NanValue for f64 {
    const NAN: f64 = f64::NAN;
    fn into_values(v: Vec<f64>) -> Values {
        Values::F64(v)
    }
}

fn parse_ascii(bytes: &[u8], path: &Path) -> Result<Grid> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| Error::input(path, "Surfer ASCII grid is not ASCII text"))?;
    let mut t = text.split_ascii_whitespace();
    t.next();
    let mut num = |what: &str| -> Result<f64> {
        let tok = t.next().ok_or_else(|| {
            Error::input(
                path,
                format!("Surfer ASCII header is truncated (no {what})"),
            )
        })?;
        tok.parse::<f64>().map_err(|_| {
            Error::input(
                path,
                format!("invalid {what} {tok:?} in the Surfer ASCII header"),
            )
        })
    };
    let (nx, ny) = (num("nx")?, num("ny")?);
    let x = [num("xlo")?, num("xhi")?];
    let y = [num("ylo")?, num("yhi")?];
    let _z = [num("zlo")?, num("zhi")?];
    if nx.fract() != 0.0 || ny.fract() != 0.0 || nx.abs() > 1e12 || ny.abs() > 1e12 {
        return Err(Error::input(path, format!("invalid grid size {nx} × {ny}")));
    }
    let nodes = Nodes::from_range(nx as i64, ny as i64, x, y, path)?;
    let n = nodes.nx * nodes.ny;
    if n > bytes.len() / 2 + 1 {
        return Err(Error::input(
            path,
            format!(
                "header declares {} × {} nodes but the file holds only {} bytes",
                nodes.nx,
                nodes.ny,
                bytes.len()
            ),
        ));
    }
    let tokens: Vec<&str> = t.collect();
    if tokens.len() != n {
        return Err(Error::input(
            path,
            format!(
                "header declares {} × {} = {n} nodes but the file holds {} values",
                nodes.nx,
                nodes.ny,
                tokens.len()
            ),
        ));
    }
    match crate::esri_ascii::parse_values(&tokens, path)? {
        Values::F32(v) => build(&nodes, &v, |x| x >= BLANK_F32, path),
        Values::F64(v) => build(&nodes, &v, |x| x >= BLANK_F32 as f64 || x >= BLANK, path),
    }
}

fn le_f64(b: &[u8], at: usize) -> f64 {
    f64::from_le_bytes(b[at..at + 8].try_into().unwrap_or([0; 8]))
}

fn le_i32(b: &[u8], at: usize) -> i32 {
    i32::from_le_bytes(b[at..at + 4].try_into().unwrap_or([0; 4]))
}

fn parse_6(bytes: &[u8], path: &Path) -> Result<Grid> {
    if bytes.len() < 56 {
        return Err(Error::input(path, "Surfer 6 binary header is truncated"));
    }
    let nx = i16::from_le_bytes([bytes[4], bytes[5]]) as i64;
    let ny = i16::from_le_bytes([bytes[6], bytes[7]]) as i64;
    let x = [le_f64(bytes, 8), le_f64(bytes, 16)];
    let y = [le_f64(bytes, 24), le_f64(bytes, 32)];
    let nodes = Nodes::from_range(nx, ny, x, y, path)?;
    let n = nodes.nx * nodes.ny;
    let body = &bytes[56..];
    if body.len() != n * 4 {
        return Err(Error::input(
            path,
            format!(
                "header declares {} × {} nodes ({} bytes of data) but the file holds {} bytes after the header",
                nodes.nx,
                nodes.ny,
                n * 4,
                body.len()
            ),
        ));
    }
    let data: Vec<f32> = body
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    build(&nodes, &data, |v| v >= BLANK_F32, path)
}

fn parse_7(bytes: &[u8], path: &Path) -> Result<Grid> {
    let mut pos = 0usize;
    let mut header: Option<(Nodes, f64)> = None;
    let mut data: Option<&[u8]> = None;
    while pos < bytes.len() {
        if bytes.len() - pos < 8 {
            return Err(Error::input(
                path,
                format!("Surfer 7 tag at byte {pos} is truncated"),
            ));
        }
        let id = &bytes[pos..pos + 4];
        let size =
            u32::from_le_bytes(bytes[pos + 4..pos + 8].try_into().unwrap_or([0; 4])) as usize;
        let start = pos + 8;
        let end = start
            .checked_add(size)
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| {
                Error::input(
                    path,
                    format!(
                        "Surfer 7 section {:?} declares {size} bytes but the file ends first",
                        String::from_utf8_lossy(id)
                    ),
                )
            })?;
        let sec = &bytes[start..end];
        match id {
            b"DSRB" => {}
            b"GRID" => {
                if sec.len() < 72 {
                    return Err(Error::input(path, "Surfer 7 GRID section is truncated"));
                }
                let ny = le_i32(sec, 0) as i64;
                let nx = le_i32(sec, 4) as i64;
                let (nx, ny) = check_dims(nx, ny, path)?;
                let (dx, dy) = (le_f64(sec, 24), le_f64(sec, 32));
                let nodes = Nodes {
                    nx,
                    ny,
                    xlo: le_f64(sec, 8),
                    ylo: le_f64(sec, 16),
                    dx,
                    dy,
                    rotation: le_f64(sec, 56),
                };
                if !(dx.is_finite() && dy.is_finite() && dx > 0.0 && dy > 0.0) {
                    return Err(Error::input(
                        path,
                        format!("invalid node spacing {dx} × {dy}"),
                    ));
                }
                header = Some((nodes, le_f64(sec, 64)));
            }
            b"DATA" => {
                data = Some(sec);
                if header.is_some() {
                    break;
                }
            }
            // FLTI (fault info) and unknown tags are skipped, as the format requires.
            _ => {}
        }
        pos = end;
    }
    let (nodes, blank) =
        header.ok_or_else(|| Error::input(path, "Surfer 7 grid has no GRID section"))?;
    let data = data.ok_or_else(|| Error::input(path, "Surfer 7 grid has no DATA section"))?;
    let n = nodes.nx * nodes.ny;
    if data.len() != n * 8 {
        return Err(Error::input(
            path,
            format!(
                "GRID declares {} × {} nodes ({} bytes) but the DATA section holds {} bytes",
                nodes.nx,
                nodes.ny,
                n * 8,
                data.len()
            ),
        ));
    }
    let vals: Vec<f64> = data
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
        .collect();
    build(&nodes, &vals, |v| v >= BLANK || v == blank, path)
}

/// Node values south row first, NaN → `blank`.
fn south_first(grid: &Grid) -> Vec<f64> {
    let (nx, ny) = (grid.cols(), grid.rows());
    let v = grid.values_f64();
    let mut out = Vec::with_capacity(nx * ny);
    for r in (0..ny).rev() {
        out.extend(
            v[r * nx..(r + 1) * nx]
                .iter()
                .map(|&x| if x.is_nan() { BLANK } else { x }),
        );
    }
    out
}

fn z_range(grid: &Grid) -> (f64, f64) {
    let s = grid
        .values_f64()
        .iter()
        .filter(|x| !x.is_nan())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        });
    if s.0 > s.1 {
        (0.0, 0.0)
    } else {
        s
    }
}

fn surfer6_nodes(path: &Path, grid: &Grid) -> Result<Nodes> {
    if !grid.geometry.is_north_up() {
        return Err(Error::invalid(format!(
            "{}: Surfer 6 grids cannot hold a rotated grid; write Surfer 7 instead",
            path.display()
        )));
    }
    let nodes = Nodes::of(&grid.geometry, path)?;
    if nodes.nx > i16::MAX as usize || nodes.ny > i16::MAX as usize {
        return Err(Error::invalid(format!(
            "{}: Surfer 6 grids hold at most 32767 × 32767 nodes; write Surfer 7 instead",
            path.display()
        )));
    }
    Ok(nodes)
}

/// Write Surfer 6 ASCII (DSAA): values with the shortest decimal that reads back exactly.
pub fn write_ascii(path: &Path, grid: &Grid) -> Result<()> {
    let nodes = surfer6_nodes(path, grid)?;
    let (zlo, zhi) = z_range(grid);
    let vals = south_first(grid);
    let f32s = grid.values.is_f32();
    write_file(path, |w| {
        let io = |e| Error::write_io(path, e);
        writeln!(w, "DSAA").map_err(io)?;
        writeln!(w, "{} {}", nodes.nx, nodes.ny).map_err(io)?;
        writeln!(w, "{} {}", fmt_f64(nodes.xlo), fmt_f64(nodes.xhi())).map_err(io)?;
        writeln!(w, "{} {}", fmt_f64(nodes.ylo), fmt_f64(nodes.yhi())).map_err(io)?;
        writeln!(w, "{} {}", fmt_f64(zlo), fmt_f64(zhi)).map_err(io)?;
        let mut line = String::new();
        for row in vals.chunks(nodes.nx) {
            for chunk in row.chunks(10) {
                line.clear();
                for (j, &v) in chunk.iter().enumerate() {
                    if j > 0 {
                        line.push(' ');
                    }
                    if v == BLANK {
                        line.push_str(&fmt_f64(v));
                    } else if f32s {
                        line.push_str(&fmt_f32(v as f32));
                    } else {
                        line.push_str(&fmt_value_f64(v));
                    }
                }
                line.push('\n');
                w.write_all(line.as_bytes()).map_err(io)?;
            }
            w.write_all(b"\n").map_err(io)?;
        }
        Ok(())
    })
}

/// Write Surfer 6 binary (DSBB): f32 node values.
pub fn write_6(path: &Path, grid: &Grid) -> Result<()> {
    let nodes = surfer6_nodes(path, grid)?;
    let (zlo, zhi) = z_range(grid);
    let vals = south_first(grid);
    let mut buf = Vec::with_capacity(56 + vals.len() * 4);
    buf.extend_from_slice(b"DSBB");
    buf.extend_from_slice(&(nodes.nx as i16).to_le_bytes());
    buf.extend_from_slice(&(nodes.ny as i16).to_le_bytes());
    for v in [nodes.xlo, nodes.xhi(), nodes.ylo, nodes.yhi(), zlo, zhi] {
        buf.extend_from_slice(&v.to_le_bytes());
    }
    for v in vals {
        let f = if v == BLANK { BLANK_F32 } else { v as f32 };
        buf.extend_from_slice(&f.to_le_bytes());
    }
    lode_core::atomic::write_bytes(path, &buf)
}

/// Write Surfer 7 binary (DSRB, version 2): f64 node values, blank 1.70141e38.
pub fn write_7(path: &Path, grid: &Grid) -> Result<()> {
    let nodes = Nodes::of(&grid.geometry, path)?;
    if nodes.nx > i32::MAX as usize || nodes.ny > i32::MAX as usize {
        return Err(Error::invalid(format!(
            "{}: grid too large for Surfer 7",
            path.display()
        )));
    }
    let (zlo, zhi) = z_range(grid);
    let vals = south_first(grid);
    let data_len = vals.len() * 8;
    let data_len32 = u32::try_from(data_len).map_err(|_| {
        Error::invalid(format!(
            "{}: grid too large for one Surfer 7 DATA section (> 4 GiB)",
            path.display()
        ))
    })?;
    let mut buf = Vec::with_capacity(100 + data_len);
    buf.extend_from_slice(b"DSRB");
    buf.extend_from_slice(&4u32.to_le_bytes());
    buf.extend_from_slice(&2i32.to_le_bytes());
    buf.extend_from_slice(b"GRID");
    buf.extend_from_slice(&72u32.to_le_bytes());
    buf.extend_from_slice(&(nodes.ny as i32).to_le_bytes());
    buf.extend_from_slice(&(nodes.nx as i32).to_le_bytes());
    for v in [
        nodes.xlo,
        nodes.ylo,
        nodes.dx,
        nodes.dy,
        zlo,
        zhi,
        nodes.rotation,
        BLANK,
    ] {
        buf.extend_from_slice(&v.to_le_bytes());
    }
    buf.extend_from_slice(b"DATA");
    buf.extend_from_slice(&data_len32.to_le_bytes());
    for v in vals {
        buf.extend_from_slice(&v.to_le_bytes());
    }
    lode_core::atomic::write_bytes(path, &buf)
}
