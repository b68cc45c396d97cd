//! From a project's inputs to the evidence set on the analysis grid: gridded inputs harmonised
//! and transformed (RTP, analytic signal, tilt, gravity gradient, radiometric ratios), vector
//! inputs turned into distances, densities and the lithology raster, geochemical samples into
//! gridded element scores.

use std::path::{Path, PathBuf};

use lode_core::crs::{reproject_layer, Resampling};
use lode_core::{AnalysisGrid, Crs, Error, Grid, Result, VectorLayer};
use lode_geophys::transforms::{apply_chain, Direction, Op, TransformOptions};
use lode_prospect::evidence::{EvidenceLayer, EvidenceSet, LayerKind};

use crate::project::{InputKind, Project};

/// Everything the later stages need besides the evidence rasters.
pub struct Intake {
    pub evidence: EvidenceSet,
    /// Occurrence points with their commodity attribute value, in the analysis CRS.
    pub occurrences: Vec<Occurrence>,
    /// Faults and lineaments (analysis CRS) for structural strike.
    pub structures: Option<VectorLayer>,
    /// Euler solutions (x, y, depth m) from the magnetic grid.
    pub euler: Vec<(f64, f64, f64)>,
    /// Notes for the report: what was derived from what.
    pub notes: Vec<String>,
    /// Every input file read.
    pub files: Vec<PathBuf>,
}

/// Euler solutions within this distance of a cell give its `euler_depth`, m.
pub const EULER_RADIUS_M: f64 = 2000.0;

/// A known occurrence.
#[derive(Debug, Clone)]
pub struct Occurrence {
    pub x: f64,
    pub y: f64,
    pub commodity: String,
}

fn read_grid_input(p: &Project, path: &Path, crs: Option<&String>) -> Result<Grid> {
    let mut g = lode_io::read_grid(path)?;
    if g.crs.is_none() {
        match crs {
            Some(c) => g.crs = Some(Crs::parse(c).map_err(|e| e.at(path))?),
            None => {
                return Err(Error::input(
                    path,
                    format!(
                        "has no CRS: add crs = \"EPSG:…\" to its [[input]] in {}",
                        p.file.display()
                    ),
                ))
            }
        }
    }
    Ok(g)
}

fn read_vector_input(path: &Path, crs: Option<&String>, target: &Crs) -> Result<VectorLayer> {
    let mut v = lode_io::read_vector(path)?;
    if v.crs.is_none() {
        match crs {
            Some(c) => v.crs = Some(Crs::parse(c).map_err(|e| e.at(path))?),
            None => v.crs = Some(target.clone()),
        }
    }
    reproject_layer(&mut v, target).map_err(|e| e.at(path))?;
    Ok(v)
}

fn continuous(grid: Grid, units: &str, source: String) -> EvidenceLayer {
    EvidenceLayer {
        grid,
        kind: LayerKind::Continuous,
        units: units.into(),
        source,
    }
}

/// Read every input, put it on the analysis grid and derive the evidence layers.
pub fn build(p: &Project) -> Result<Intake> {
    let crs = p.crs()?;
    let cell = p.project.cell_size;
    let mut files = Vec::new();
    let mut notes = Vec::new();

    // Gridded inputs (magnetic line data are levelled and gridded first).
    let mut grids: Vec<(InputKind, Grid, PathBuf, Option<String>)> = Vec::new();
    for i in &p.inputs {
        let path = p.resolve(&i.path);
        match i.kind {
            InputKind::MagneticTmi
            | InputKind::Gravity
            | InputKind::K
            | InputKind::Th
            | InputKind::U
            | InputKind::Dem => {
                let g = read_grid_input(p, &path, i.crs.as_ref())?;
                grids.push((i.kind, g, path.clone(), i.survey_date.clone()));
            }
            InputKind::MagneticLines => {
                let lines_crs = match &i.crs {
                    Some(c) => Crs::parse(c).map_err(|e| e.at(&path))?,
                    None => crs.clone(),
                };
                let column = i.column.clone().unwrap_or_else(|| "tmi_nt".into());
                let (g, lev) =
                    crate::pipeline::lines::level_and_grid(&path, &column, &lines_crs, cell)?;
                notes.push(format!(
                    "{}: {} crossovers, RMS mistie {:.2} → {:.2} nT after tie-line levelling",
                    p.shown(&path),
                    lev.crossovers,
                    lev.rms_mistie_before,
                    lev.rms_mistie_after
                ));
                notes.push(format!(
                    "{}: tie-line levelled and gridded at {cell} m by minimum curvature",
                    p.shown(&path)
                ));
                grids.push((
                    InputKind::MagneticTmi,
                    g,
                    path.clone(),
                    i.survey_date.clone(),
                ));
            }
            _ => {}
        }
        files.push(path);
    }
    let analysis = match p.project.extent {
        Some(e) => AnalysisGrid::from_extent(crs.clone(), cell, e)?,
        None => {
            if grids.is_empty() {
                return Err(Error::input(
                    &p.file,
                    "no gridded input and no [project] extent: the analysis grid is undefined",
                ));
            }
            let gs: Vec<Grid> = grids.iter().map(|(_, g, _, _)| g.clone()).collect();
            AnalysisGrid::covering(crs.clone(), cell, &gs)?
        }
    };
    let mut set = EvidenceSet::new(analysis.geometry, Some(crs.clone()));
    let mut k_th_u: [Option<Grid>; 3] = [None, None, None];
    for (kind, g, path, date) in &grids {
        let on = analysis
            .harmonise_with(std::slice::from_ref(g), &[Resampling::Bilinear])
            .map_err(|e| e.at(path))?
            .remove(0);
        let src = p.shown(path);
        match kind {
            InputKind::MagneticTmi => {
                let date = date
                    .clone()
                    .or_else(|| p.project.date.clone())
                    .or_else(|| g.meta.date.clone())
                    .ok_or_else(|| {
                        Error::input(
                            path,
                            "magnetic input has no survey date: give survey_date in its [[input]] (needed for the IGRF field direction)",
                        )
                    })?;
                let (inc, dec) = crate::cmd::filter::igrf_direction(&on, path, &date, 0.0)?;
                let o = TransformOptions {
                    direction: Some(Direction::induced(inc, dec)),
                    ..Default::default()
                };
                let op = |s: &str| Op::parse_chain(s).map_err(|e| e.at(path));
                let (rtp, _) = apply_chain(&on, &op("rtp")?, &o).map_err(|e| e.at(path))?;
                let (as_, _) = apply_chain(&on, &op("as")?, &o).map_err(|e| e.at(path))?;
                let (tilt, _) = apply_chain(&rtp, &op("tilt")?, &o).map_err(|e| e.at(path))?;
                notes.push(format!(
                    "mag_rtp, mag_as, mag_tilt from {src}: IGRF-14 field I = {inc:.2}°, D = {dec:.2}° on {date}"
                ));
                set.insert("mag_tmi", continuous(on, "nT", src.clone()))?;
                set.insert("mag_rtp", continuous(rtp, "nT", format!("rtp of {src}")))?;
                set.insert("mag_as", continuous(as_, "nT/m", format!("as of {src}")))?;
                set.insert(
                    "mag_tilt",
                    continuous(tilt, "rad", format!("tilt of rtp of {src}")),
                )?;
            }
            InputKind::Gravity => {
                let o = TransformOptions::default();
                let ops = Op::parse_chain("thg").map_err(|e| e.at(path))?;
                let (thg, _) = apply_chain(&on, &ops, &o).map_err(|e| e.at(path))?;
                set.insert("grav_bouguer", continuous(on, "mGal", src.clone()))?;
                set.insert(
                    "grav_thg",
                    continuous(thg, "mGal/m", format!("thg of {src}")),
                )?;
            }
            InputKind::K => {
                k_th_u[0] = Some(on.clone());
                set.insert("k_pct", continuous(on, "%", src))?;
            }
            InputKind::Th => {
                k_th_u[1] = Some(on.clone());
                set.insert("th_ppm", continuous(on, "ppm", src))?;
            }
            InputKind::U => {
                k_th_u[2] = Some(on.clone());
                set.insert("u_ppm", continuous(on, "ppm", src))?;
            }
            InputKind::Dem => set.insert("dem", continuous(on, "m", src))?,
            _ => {}
        }
    }
    if let [Some(k), Some(th), Some(u)] = &k_th_u {
        let kv = k.values_f64();
        let tv = th.values_f64();
        let uv = u.values_f64();
        let th_k = lode_geophys::radiometrics::ratio(&tv, &kv);
        let u_th = lode_geophys::radiometrics::ratio(&uv, &tv);
        let kd = lode_geophys::radiometrics::k_anomaly(&kv, &tv)?;
        set.insert(
            "th_k",
            continuous(k.with_values_f64(th_k)?, "ppm/%", "eTh/K".into()),
        )?;
        set.insert(
            "u_th",
            continuous(k.with_values_f64(u_th)?, "ppm/ppm", "eU/eTh".into()),
        )?;
        set.insert(
            "k_d",
            continuous(
                k.with_values_f64(kd)?,
                "%",
                "K_d (Saunders et al. 1987)".into(),
            ),
        )?;
    }

    let mut occurrences = Vec::new();
    let mut structures = None;
    for i in &p.inputs {
        let path = p.resolve(&i.path);
        match i.kind {
            InputKind::Occurrences => {
                let v = read_vector_input(&path, i.crs.as_ref(), &crs)?;
                let attr = i.attribute.clone().unwrap_or_else(|| "commodity".into());
                let idx = v.field_index(&attr).ok_or_else(|| {
                    Error::input(
                        &path,
                        format!("has no attribute '{attr}' naming the commodity"),
                    )
                })?;
                for f in &v.features {
                    if let Some(geo_types::Geometry::Point(pt)) = &f.geometry {
                        let c = f.attrs[idx].as_text().unwrap_or_default();
                        occurrences.push(Occurrence {
                            x: pt.x(),
                            y: pt.y(),
                            commodity: c.trim().to_lowercase(),
                        });
                    }
                }
            }
            InputKind::Faults => {
                let v = read_vector_input(&path, i.crs.as_ref(), &crs)?;
                crate::pipeline::vectors::fault_evidence(&mut set, &v, &path, &p.shown(&path))?;
                structures = Some(v);
            }
            InputKind::Geochemistry => {
                let src = p.shown(&path);
                notes.extend(crate::pipeline::geochem::geochem_evidence(
                    &mut set, i, &path, &src, &crs,
                )?);
            }
            InputKind::Geology => {
                let v = read_vector_input(&path, i.crs.as_ref(), &crs)?;
                let attr = i.attribute.clone().unwrap_or_else(|| "lithology".into());
                crate::pipeline::vectors::geology_evidence(
                    &mut set,
                    &v,
                    &attr,
                    &path,
                    &p.shown(&path),
                )?;
            }
            _ => {}
        }
    }
    let mut euler = Vec::new();
    if let Some(rtp) = set.get("mag_rtp") {
        let (lines, density, sols) = crate::pipeline::vectors::magnetic_structure(&rtp.grid)?;
        let depth = crate::pipeline::vectors::euler_depth_grid(&sols, &rtp.grid, EULER_RADIUS_M)?;
        set.insert(
            "lineament_density",
            continuous(density, "km/km²", "THG maxima of mag_rtp".into()),
        )?;
        set.insert(
            "euler_depth",
            continuous(
                depth,
                "m",
                format!("median depth of Euler solutions (SI 1) within {EULER_RADIUS_M} m"),
            ),
        )?;
        euler = sols;
        structures = Some(match structures {
            Some(mut s) => {
                crate::pipeline::vectors::append_lines(&mut s, &lines);
                s
            }
            None => lines,
        });
    }
    Ok(Intake {
        evidence: set,
        occurrences,
        structures,
        euler,
        notes,
        files,
    })
}
