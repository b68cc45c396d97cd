//! Processing of a magnetic delivery: tie-line levelling of the line data, minimum-curvature
//! gridding, and the standard transforms an interpreter looks at.

use std::path::{Path, PathBuf};

use lode_core::{Crs, Error, Grid, Result};
use lode_geophys::levelling::LevellingReport;
use lode_geophys::transforms::{apply_chain, Direction, Op, TransformOptions};

/// What the magnetic processing produced.
pub struct MagProcessing {
    pub levelling: LevellingReport,
    pub files: Vec<PathBuf>,
}

/// Level `lines` (CSV with `line`, `x`, `y` and `value` columns; ties named `T…`), grid them at
/// `cell` m, and write the grid and its transforms (rtp, dz, tilt, as, upcont:500) into `out`.
/// `field` = (inclination, declination) of the geomagnetic field, degrees.
pub fn magnetics(
    lines: &Path,
    value: &str,
    crs: &Crs,
    cell: f64,
    field: (f64, f64),
    out: &Path,
) -> Result<MagProcessing> {
    std::fs::create_dir_all(out).map_err(|e| Error::write_io(out, e))?;
    let (g, levelling) = crate::pipeline::lines::level_and_grid(lines, value, crs, cell)?;
    let mut files = Vec::new();
    files.push(write(out, "mag_levelled.tif", &g)?);
    let o = TransformOptions {
        direction: Some(Direction::induced(field.0, field.1)),
        ..Default::default()
    };
    for (name, chain) in [
        ("mag_rtp.tif", "rtp"),
        ("mag_rtp_dz.tif", "rtp,dz"),
        ("mag_rtp_tilt.tif", "rtp,tilt"),
        ("mag_as.tif", "as"),
        ("mag_rtp_upcont500.tif", "rtp,upcont:500"),
    ] {
        let ops = Op::parse_chain(chain)?;
        let (t, _warnings) = apply_chain(&g, &ops, &o)?;
        files.push(write(out, name, &t)?);
    }
    Ok(MagProcessing { levelling, files })
}

fn write(dir: &Path, name: &str, g: &Grid) -> Result<PathBuf> {
    let p = dir.join(name);
    lode_io::write_grid(&p, g, None)?;
    Ok(PathBuf::from(name))
}

/// What the interpretation stage produced.
pub struct Interpretation {
    pub files: Vec<PathBuf>,
    pub euler_solutions: usize,
    /// Median spectral depth, m.
    pub spectral_depth_m: f64,
    pub lineaments_mag: usize,
    pub lineaments_grav: usize,
}

/// Interpretation products in `out` (= DIR/processed, where [`magnetics`] wrote `mag_rtp.tif`):
/// Euler solutions (SI 1, 15-cell windows, `euler_si1.csv`), spectral depth (64-cell windows
/// every 16 cells, `spectral_depth.tif` + `spectral_depth_uncertainty.tif`), THG-maxima
/// lineaments of the RTP and of the gravity grid (`lineaments_mag.geojson`,
/// `lineaments_grav.geojson`) and their density within 1 km (`lineament_density.tif`), and
/// the radiometric ratios, potassium anomaly and ternary image of the delivery's K, eTh, eU.
pub fn interpretation(
    out: &Path,
    gravity: &Path,
    radiometrics: &[PathBuf; 3],
) -> Result<Interpretation> {
    use lode_geophys::euler::{euler_deconvolution, EulerOptions};
    use lode_geophys::lineaments::{
        extract_lineaments, lineament_density, to_layer, LineamentOptions,
    };

    let rtp = lode_io::read_grid(&out.join("mag_rtp.tif"))?;
    let mut files = Vec::new();

    let sols = euler_deconvolution(&rtp, &EulerOptions::new(1.0, 15))?;
    let csv = out.join("euler_si1.csv");
    lode_core::atomic::write_file(&csv, |w| {
        use std::io::Write;
        let io = |e| Error::write_io(&csv, e);
        writeln!(w, "x,y,depth,base,si,depth_uncertainty,count").map_err(io)?;
        for s in &sols {
            writeln!(
                w,
                "{:.3},{:.3},{:.3},{:.6},{},{:.3},{}",
                s.x, s.y, s.depth, s.base, s.si, s.depth_uncertainty, s.count
            )
            .map_err(io)?;
        }
        Ok(())
    })?;
    files.push(PathBuf::from("euler_si1.csv"));

    let (mut depth, mut unc) = lode_geophys::spectral_depth::spectral_depth(&rtp, 64, 16)?;
    depth.field = Some("depth_to_source".into());
    unc.field = Some("depth_to_source_uncertainty".into());
    let spectral_depth_m = lode_core::stats::median(&depth.values.as_f64()).unwrap_or(f64::NAN);
    files.push(write(out, "spectral_depth.tif", &depth)?);
    files.push(write(out, "spectral_depth_uncertainty.tif", &unc)?);

    let grav = lode_io::read_grid(gravity)?;
    let o = LineamentOptions::default();
    let lm = extract_lineaments(&rtp, &o)?;
    let lg = extract_lineaments(&grav, &o)?;
    for (name, lines, crs) in [
        ("lineaments_mag.geojson", &lm, &rtp.crs),
        ("lineaments_grav.geojson", &lg, &grav.crs),
    ] {
        let layer = to_layer(lines, crs.clone(), name.trim_end_matches(".geojson"))?;
        lode_io::write_vector(&out.join(name), &layer, None)?;
        files.push(PathBuf::from(name));
    }
    let all: Vec<_> = lm.iter().chain(lg.iter()).cloned().collect();
    let mut dens = lineament_density(&all, &rtp.geometry, 1000.0)?;
    dens.crs = rtp.crs.clone();
    files.push(write(out, "lineament_density.tif", &dens)?);

    let [k, th, u] = radiometrics.each_ref().map(|p| lode_io::read_grid(p));
    let (k, th, u) = (k?, th?, u?);
    let p = lode_geophys::radiometrics::products(&k, &th, &u)?;
    for (name, g) in [
        ("k_th.tif", &p.k_th),
        ("u_th.tif", &p.u_th),
        ("u_k.tif", &p.u_k),
        ("k_d.tif", &p.k_anomaly),
    ] {
        files.push(write(out, name, g)?);
    }
    let [r, g, b] = &p.ternary;
    lode_io::geotiff::rgb::write_rgb(
        &out.join("ternary_kthu.tif"),
        &k.geometry,
        k.crs.as_ref(),
        [r, g, b],
    )?;
    files.push(PathBuf::from("ternary_kthu.tif"));
    Ok(Interpretation {
        files,
        euler_solutions: sols.len(),
        spectral_depth_m,
        lineaments_mag: lm.len(),
        lineaments_grav: lg.len(),
    })
}
