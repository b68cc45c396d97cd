//! Geochemical samples (CSV/XYZ points or a point layer) to one evidence layer per element:
//! `geochem_<element>`, the robust z-score of log10 concentration gridded by inverse distance
//! (see `lode_prospect::evidence::geochem`).

use std::path::Path;

use lode_core::crs::Transformer;
use lode_core::{Crs, Error, FieldKind, Result};
use lode_io::qc::geochem::element_column;
use lode_prospect::evidence::geochem::{element_grids, layer_name, robust_log_scores};
use lode_prospect::evidence::{EvidenceLayer, EvidenceSet, LayerKind};

use crate::project::Input;

/// Sample coordinates and the numeric columns of a geochemistry file.
pub struct Samples {
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub columns: Vec<(String, Vec<f64>)>,
    /// CRS of x/y (after reprojection: the target), when known.
    pub crs: Option<Crs>,
}

impl Samples {
    /// [xmin, ymin, xmax, ymax] of the finite coordinates.
    pub fn extent(&self) -> Option<[f64; 4]> {
        lode_core::points_extent(&self.x, &self.y)
    }

    /// The values of column `name` (case-insensitive).
    pub fn column(&self, name: &str, path: &Path) -> Result<&[f64]> {
        self.columns
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(name.trim()))
            .map(|(_, v)| v.as_slice())
            .ok_or_else(|| {
                Error::input(
                    path,
                    format!(
                        "has no element column '{name}' (columns: {})",
                        self.columns
                            .iter()
                            .map(|c| c.0.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })
    }
}

/// Read samples (CSV/XYZ or a point layer); `crs` is the CRS of a file that states none. With a
/// `target`, coordinates are reprojected to it (a file without any CRS is taken to be in it).
pub fn read_samples(path: &Path, crs: Option<&String>, target: Option<&Crs>) -> Result<Samples> {
    let given = match crs {
        Some(c) => Some(Crs::parse(c).map_err(|e| e.at(path))?),
        None => None,
    };
    let format = lode_io::detect(path)?;
    let (mut x, mut y, columns, from) = if format.kind() == "vector" {
        let v = lode_io::read_vector(path)?;
        let numeric: Vec<usize> = (0..v.fields.len())
            .filter(|&j| matches!(v.fields[j].kind, FieldKind::Int | FieldKind::Float))
            .collect();
        let (mut x, mut y) = (Vec::new(), Vec::new());
        let mut cols: Vec<(String, Vec<f64>)> = numeric
            .iter()
            .map(|&j| (v.fields[j].name.clone(), Vec::new()))
            .collect();
        for f in &v.features {
            if let Some(geo_types::Geometry::Point(p)) = &f.geometry {
                x.push(p.x());
                y.push(p.y());
                for (c, &j) in cols.iter_mut().zip(&numeric) {
                    c.1.push(f.attrs[j].as_f64().unwrap_or(f64::NAN));
                }
            }
        }
        let from = v.crs.clone().or(given);
        (x, y, cols, from)
    } else {
        let opts = lode_io::SurveyOptions {
            crs: given.clone(),
            ..Default::default()
        };
        let s = lode_io::read_survey(path, &opts)?;
        let cols = (0..s.names.len())
            .filter(|&j| j != s.x && j != s.y)
            .map(|j| (s.names[j].clone(), s.columns[j].clone()))
            .collect();
        let from = s.crs.clone().or(given);
        (s.xs().to_vec(), s.ys().to_vec(), cols, from)
    };
    if x.is_empty() {
        return Err(Error::input(path, "has no sample points"));
    }
    let crs = match (from, target) {
        (Some(from), Some(target)) => {
            let t = Transformer::new(&from, target).map_err(|e| e.at(path))?;
            if !t.is_identity() {
                t.transform_slices(&mut x, &mut y).map_err(|e| e.at(path))?;
            }
            Some(target.clone())
        }
        (from, target) => target.cloned().or(from),
    };
    Ok(Samples { x, y, columns, crs })
}

/// Insert `geochem_<element>` for the chosen (or every numeric) element column of `input`;
/// returns one note per element for the report.
pub fn geochem_evidence(
    set: &mut EvidenceSet,
    input: &Input,
    path: &Path,
    src: &str,
    target: &Crs,
) -> Result<Vec<String>> {
    let s = read_samples(path, input.crs.as_ref(), Some(target))?;
    let chosen: Vec<(&str, &[f64])> = match &input.elements {
        Some(names) => names
            .iter()
            .map(|n| Ok((n.trim(), s.column(n, path)?)))
            .collect::<Result<_>>()?,
        None => s
            .columns
            .iter()
            .filter(|(c, _)| element_column(c).is_some())
            .map(|(c, v)| (c.as_str(), v.as_slice()))
            .collect(),
    };
    if chosen.is_empty() {
        return Err(Error::input(
            path,
            "has no element columns (name them by element and unit, e.g. Au_ppb, or list them in `elements`)",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (column, values) in &chosen {
        let name = layer_name(column);
        if set.get(&name).is_some() || !seen.insert(name.clone()) {
            return Err(Error::input(
                path,
                format!("element column '{column}' gives layer {name}, which already exists"),
            ));
        }
        robust_log_scores(values)
            .map_err(|e| Error::input(path, format!("column '{column}': {e}")))?;
    }
    let columns: Vec<&[f64]> = chosen.iter().map(|(_, v)| *v).collect();
    let grids = element_grids(
        &s.x,
        &s.y,
        &columns,
        &set.geometry,
        Some(target.clone()),
        input.search_radius_m,
    )
    .map_err(|e| e.at(path))?;
    let mut notes = Vec::new();
    for ((column, _), (g, st)) in chosen.iter().zip(grids) {
        let name = layer_name(column);
        set.insert(
            &name,
            EvidenceLayer {
                grid: g,
                kind: LayerKind::Continuous,
                units: "z (log10)".into(),
                source: format!("{column} of {src}"),
            },
        )?;
        notes.push(format!(
            "{src}: {column} → {name}: {} samples ({} at or below detection, set to half the \
             limit), log10 median {:.3} ± {:.3} (1.4826·MAD), inverse-distance gridded within {:.0} m",
            st.samples, st.censored, st.log_median, st.log_scale, st.radius
        ));
    }
    Ok(notes)
}
