//! `lode evidence LAYER INPUT --out OUT.tif`: one evidence layer on an analysis grid
//! (`lode_prospect::evidence`).
//!
//! Layers from vector INPUT (shp, gpkg, geojson, fgb): `distance` (to points, lines and polygon
//! boundaries, m), `signed-distance` (to polygons, negative inside, m), `contacts` (distance to
//! the boundaries between polygons of different `--attribute`, m), `rasterize` (polygons'
//! `--attribute` as category codes, with `OUT.legend.csv`; `--numeric` for values),
//! `line-density` (km/km², `--radius`), `point-density` and `intersection-density` (per km²,
//! `--radius` or `--sigma`), `mask` (1 inside the polygons, NaN outside).
//! Layer from geochemical samples (CSV/XYZ or a point layer): `geochem` (the `--attribute`
//! element column as a robust log-score, inverse-distance gridded within `--radius`, default
//! 3 × the median sample spacing; see `lode_prospect::evidence::geochem`).
//! Layers from grid INPUT: `classify` (`--method equal|quantile|jenks|manual:B1,B2,…`,
//! `--classes N`, with `OUT.breaks.csv`), `class-distance` (distance to the cells of `--code`, m).
//!
//! The grid is `--like G` (its geometry and CRS), or `--extent XMIN,YMIN,XMAX,YMAX` with
//! `--cell D`, or the vector's extent with `--cell D`. `--buffer D` turns a distance into a 0/1
//! buffer. Outputs are written together (temporary files + rename) after everything succeeded.

use std::path::{Path, PathBuf};

use lode_core::atomic::AtomicSet;
use lode_core::{Error, Grid, GridGeometry, Result};
use lode_prospect::evidence::geochem::element_grid;
use lode_prospect::evidence::{classify, density, distance, edt, mask, rasterize};

#[derive(clap::Args)]
pub struct Args {
    /// distance, signed-distance, contacts, rasterize, line-density, point-density,
    /// intersection-density, mask, geochem, classify or class-distance.
    pub layer: String,
    /// Input vector layer (or grid for classify and class-distance).
    pub input: PathBuf,
    /// Output grid (format from the extension, e.g. .tif).
    #[arg(long)]
    pub out: PathBuf,
    /// Take the grid geometry and CRS of this grid.
    #[arg(long)]
    pub like: Option<PathBuf>,
    /// Grid extent XMIN,YMIN,XMAX,YMAX (with --cell).
    #[arg(long)]
    pub extent: Option<String>,
    /// Cell size, CRS units (m).
    #[arg(long)]
    pub cell: Option<f64>,
    /// Attribute for contacts and rasterize; the element column for geochem.
    #[arg(long)]
    pub attribute: Option<String>,
    /// Rasterize a numeric attribute as values rather than category codes.
    #[arg(long)]
    pub numeric: bool,
    /// Search radius for densities and geochem, m.
    #[arg(long)]
    pub radius: Option<f64>,
    /// Gaussian kernel standard deviation for point and intersection densities, m.
    #[arg(long)]
    pub sigma: Option<f64>,
    /// Classification: equal, quantile, jenks or manual:B1,B2,…
    #[arg(long, default_value = "jenks")]
    pub method: String,
    /// Number of classes.
    #[arg(long, default_value_t = 5)]
    pub classes: usize,
    /// Category code for class-distance.
    #[arg(long)]
    pub code: Option<i64>,
    /// Turn the distance into a buffer: 1 within this distance, 0 beyond.
    #[arg(long)]
    pub buffer: Option<f64>,
}

fn geometry(a: &Args, extent: Option<[f64; 4]>) -> Result<(GridGeometry, Option<lode_core::Crs>)> {
    if let Some(like) = &a.like {
        let g = lode_io::read_grid(like)?;
        return Ok((g.geometry, g.crs));
    }
    let cell = a
        .cell
        .ok_or_else(|| Error::invalid("give the grid: --like G, or --cell D (with --extent)"))?;
    let e = match &a.extent {
        Some(s) => {
            let v: Vec<f64> = s
                .split(',')
                .map(|x| x.trim().parse::<f64>())
                .collect::<std::result::Result<_, _>>()
                .map_err(|_| {
                    Error::invalid(format!("--extent '{s}': expected XMIN,YMIN,XMAX,YMAX"))
                })?;
            if v.len() != 4 {
                return Err(Error::invalid(format!(
                    "--extent '{s}': expected 4 numbers"
                )));
            }
            [v[0], v[1], v[2], v[3]]
        }
        None => extent.ok_or_else(|| Error::invalid("the input has no extent: give --extent"))?,
    };
    Ok((
        GridGeometry::from_bounds(e[0], e[1], e[2], e[3], cell, cell)?,
        None,
    ))
}

fn kernel(a: &Args) -> Result<density::PointKernel> {
    match (a.radius, a.sigma) {
        (Some(radius), None) => Ok(density::PointKernel::Uniform { radius }),
        (None, Some(sigma)) => Ok(density::PointKernel::Gaussian { sigma }),
        _ => Err(Error::invalid("give one of --radius R or --sigma S")),
    }
}

fn attribute(a: &Args) -> Result<&str> {
    a.attribute
        .as_deref()
        .ok_or_else(|| Error::invalid(format!("{} needs --attribute", a.layer)))
}

fn sidecar(out: &Path, suffix: &str) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    out.with_file_name(format!("{stem}.{suffix}"))
}

pub fn run(a: Args) -> Result<()> {
    let mut set = AtomicSet::new();
    let on_grid = matches!(a.layer.as_str(), "classify" | "class-distance");
    let mut grid = if on_grid {
        let g = lode_io::read_grid(&a.input)?;
        match a.layer.as_str() {
            "classify" => {
                let method = match a.method.as_str() {
                    "equal" => classify::Method::EqualInterval,
                    "quantile" => classify::Method::Quantile,
                    "jenks" => classify::Method::NaturalBreaks { max_sample: 3000 },
                    m if m.starts_with("manual:") => classify::Method::Manual(
                        m[7..]
                            .split(',')
                            .map(|x| x.trim().parse::<f64>())
                            .collect::<std::result::Result<_, _>>()
                            .map_err(|_| Error::invalid(format!("--method '{m}': bad break")))?,
                    ),
                    m => return Err(Error::invalid(format!("unknown --method '{m}'"))),
                };
                let (c, breaks) =
                    classify::classify(&g, &method, a.classes).map_err(|e| e.at(&a.input))?;
                let mut csv = String::from("class,lower,upper\n");
                for k in 1..breaks.len() {
                    csv.push_str(&format!("{k},{},{}\n", breaks[k - 1], breaks[k]));
                }
                set.write_bytes(&sidecar(&a.out, "breaks.csv"), csv.as_bytes())?;
                c
            }
            _ => {
                let code = a
                    .code
                    .ok_or_else(|| Error::invalid("class-distance needs --code K"))?;
                edt::distance_to_class(&g, code).map_err(|e| e.at(&a.input))?
            }
        }
    } else if a.layer == "geochem" {
        geochem(&a)?
    } else {
        let v = lode_io::read_vector(&a.input)?;
        let (g, crs) = geometry(&a, v.extent())?;
        let at = |e: Error| e.at(&a.input);
        let mut out = match a.layer.as_str() {
            "distance" => distance::distance_to_features(&v, &g).map_err(at)?,
            "signed-distance" => distance::signed_distance_to_polygons(&v, &g).map_err(at)?,
            "contacts" => distance::distance_to_contacts(&v, attribute(&a)?, &g).map_err(at)?,
            "rasterize" if a.numeric => {
                rasterize::rasterize_numeric(&v, attribute(&a)?, &g).map_err(at)?
            }
            "rasterize" => {
                let (r, legend) =
                    rasterize::rasterize_categorical(&v, attribute(&a)?, &g, None).map_err(at)?;
                let mut csv = String::from("code,name\n");
                for (c, n) in &legend {
                    let n = if n.contains([',', '"', '\n']) {
                        format!("\"{}\"", n.replace('"', "\"\""))
                    } else {
                        n.clone()
                    };
                    csv.push_str(&format!("{c},{n}\n"));
                }
                set.write_bytes(&sidecar(&a.out, "legend.csv"), csv.as_bytes())?;
                r
            }
            "line-density" => {
                let r = a
                    .radius
                    .ok_or_else(|| Error::invalid("line-density needs --radius R"))?;
                density::line_density(&v, &g, r).map_err(at)?
            }
            "point-density" => density::point_density(&v, &g, kernel(&a)?).map_err(at)?,
            "intersection-density" => {
                density::intersection_density(&v, &g, kernel(&a)?).map_err(at)?
            }
            "mask" => mask::mask_from_polygons(&v, &g).map_err(at)?,
            other => return Err(Error::invalid(format!("unknown evidence layer '{other}'"))),
        };
        if crs.is_some() {
            out.crs = crs;
        }
        out
    };
    if let Some(d) = a.buffer {
        grid = distance::buffer_mask(&grid, d)?;
    }
    write(&mut set, &a.out, &grid)?;
    set.commit()?;
    let s = grid.stats();
    println!(
        "{}: {} × {} cells, {} valid, min {} max {}",
        a.out.display(),
        grid.cols(),
        grid.rows(),
        s.valid,
        s.min,
        s.max
    );
    Ok(())
}

/// The `geochem` layer: samples in the grid's CRS (reprojected when both are known).
fn geochem(a: &Args) -> Result<Grid> {
    let like_crs = match &a.like {
        Some(like) => lode_io::read_grid(like)?.crs,
        None => None,
    };
    let s = crate::pipeline::geochem::read_samples(&a.input, None, like_crs.as_ref())?;
    let (g, crs) = geometry(a, s.extent())?;
    let column = attribute(a)?;
    let values = s.column(column, &a.input)?;
    let (grid, st) = element_grid(&s.x, &s.y, values, &g, crs.or(s.crs.clone()), a.radius)
        .map_err(|e| Error::input(&a.input, format!("column '{column}': {e}")))?;
    println!(
        "{column}: {} samples ({} at or below detection), log10 median {:.3} ± {:.3}, search radius {:.0}",
        st.samples, st.censored, st.log_median, st.log_scale, st.radius
    );
    Ok(grid)
}

fn write(set: &mut AtomicSet, out: &Path, grid: &Grid) -> Result<()> {
    let format = lode_io::Format::from_extension(out).ok_or_else(|| {
        Error::invalid(format!(
            "{}: cannot tell the grid format from the extension",
            out.display()
        ))
    })?;
    let tmp = set.temp_path(out)?;
    lode_io::write_grid(&tmp, grid, Some(format))
}
