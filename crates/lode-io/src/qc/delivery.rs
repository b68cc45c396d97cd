//! Cross-dataset checks: CRS consistency, extents that overlap no other file, and grid cell size
//! versus the line spacing of line data delivered with the grid.
//!
//! Extents are compared in WGS 84 longitude/latitude (each extent's 5 × 5 lattice transformed by
//! lode_core::crs::Transformer). A file without a CRS is taken as longitude/latitude when its coordinates fit degrees
//! and not the CRS most files of the delivery use, as in that majority CRS when they fit it, and
//! is otherwise compared by its raw extent with the other such files.

use lode_core::{Crs, Dataset};

use super::crs::{extent_is_lonlat, extent_mismatch, lonlat_extent};
use super::lines::{cell_vs_spacing, grid_cell_m};
use super::{Finding, Severity};

/// What the cross-dataset checks need to know about one dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct DatasetInfo {
    pub file: String,
    /// "grid", "points" or "vector".
    pub kind: &'static str,
    pub crs: Option<Crs>,
    /// [xmin, ymin, xmax, ymax] in the dataset's CRS.
    pub extent: Option<[f64; 4]>,
    /// Grid cell size, metres (grids only).
    pub cell_m: Option<f64>,
    /// Line spacing stated in the metadata, metres.
    pub stated_spacing_m: Option<f64>,
    /// Line spacing estimated from flight-line data, metres.
    pub line_spacing_m: Option<f64>,
}

impl DatasetInfo {
    pub fn of(file: &str, ds: &Dataset) -> Self {
        let (cell_m, stated) = match ds {
            Dataset::Grid(g) => (Some(grid_cell_m(g)), g.meta.line_spacing_m),
            Dataset::Points(s) => (None, s.meta.line_spacing_m),
            Dataset::Vector(_) => (None, None),
        };
        DatasetInfo {
            file: file.to_string(),
            kind: ds.kind(),
            crs: ds.crs().cloned(),
            extent: ds.extent().filter(|e| e.iter().all(|v| v.is_finite())),
            cell_m,
            stated_spacing_m: stated,
            line_spacing_m: None,
        }
    }

    /// The extent in the space extents are compared in: (true, lon/lat) with a known CRS; without
    /// one, lon/lat when the coordinates fit degrees but not the delivery's `default` CRS, else the
    /// `default` CRS when they fit it; (false, raw) otherwise.
    fn comparable_extent(&self, default: Option<&Crs>) -> Option<(bool, [f64; 4])> {
        let e = self.extent?;
        if let Some(c) = &self.crs {
            return lonlat_extent(c, &e).map(|l| (true, l));
        }
        if extent_is_lonlat(&e) && default.is_none_or(|d| extent_mismatch(d, &e).is_some()) {
            return Some((true, e));
        }
        match default.filter(|d| extent_mismatch(d, &e).is_none()) {
            Some(c) => lonlat_extent(c, &e).map(|l| (true, l)),
            None => Some((false, e)),
        }
    }
}

fn overlaps(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

/// All cross-dataset checks.
pub fn check_delivery(infos: &[DatasetInfo]) -> Vec<Finding> {
    let mut out = crs_consistency(infos);
    out.extend(extent_overlap(infos));
    out.extend(cell_vs_lines(infos));
    out
}

/// The files grouped by CRS, and the index of the group most files use (the first on ties).
fn crs_groups(infos: &[DatasetInfo]) -> (Vec<(Crs, Vec<usize>)>, usize) {
    let mut groups: Vec<(Crs, Vec<usize>)> = Vec::new();
    for (i, inf) in infos.iter().enumerate() {
        let Some(c) = &inf.crs else { continue };
        match groups.iter_mut().find(|(g, _)| g.same_as(c)) {
            Some((_, v)) => v.push(i),
            None => groups.push((c.clone(), vec![i])),
        }
    }
    let major = (0..groups.len())
        .max_by(|&a, &b| groups[a].1.len().cmp(&groups[b].1.len()).then(b.cmp(&a)))
        .unwrap_or(0);
    (groups, major)
}

/// The CRS most files of the delivery use.
pub fn majority_crs(infos: &[DatasetInfo]) -> Option<Crs> {
    let (groups, major) = crs_groups(infos);
    groups.into_iter().nth(major).map(|g| g.0)
}

/// Files whose CRS differs from the CRS most files use.
pub fn crs_consistency(infos: &[DatasetInfo]) -> Vec<Finding> {
    let (groups, major) = crs_groups(infos);
    if groups.len() < 2 {
        return Vec::new();
    }
    let (mc, mv) = &groups[major];
    let mut out = Vec::new();
    for (k, (c, v)) in groups.iter().enumerate() {
        if k == major {
            continue;
        }
        let mix = if c.is_geographic() != mc.is_geographic() {
            " (a mix of geographic and projected coordinates)"
        } else {
            ""
        };
        for &i in v {
            out.push(Finding::new(
                &infos[i].file,
                "crs-inconsistent",
                Severity::Warning,
                format!(
                    "CRS {c} differs from {mc} used by {} other file(s){mix}",
                    mv.len()
                ),
                format!("Confirm which CRS is right, then reproject everything to one CRS (e.g. `lode convert FILE OUT --crs {}`).", mc.identifier()),
            ));
        }
    }
    out
}

/// Files whose extent overlaps none of the other comparable files.
pub fn extent_overlap(infos: &[DatasetInfo]) -> Vec<Finding> {
    let default = majority_crs(infos);
    let ext: Vec<Option<(bool, [f64; 4])>> = infos
        .iter()
        .map(|i| i.comparable_extent(default.as_ref()))
        .collect();
    let mut out = Vec::new();
    for (i, ei) in ext.iter().enumerate() {
        let Some((geo, a)) = ei else { continue };
        let others: Vec<&[f64; 4]> = ext
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .filter_map(|(_, e)| e.as_ref().filter(|(g, _)| g == geo).map(|(_, b)| b))
            .collect();
        if others.is_empty() || others.iter().any(|b| overlaps(a, b)) {
            continue;
        }
        let space = match (&infos[i].crs, *geo) {
            (_, false) => "the files' own coordinates (no CRS)".to_string(),
            (Some(_), true) => "longitude/latitude (WGS 84)".to_string(),
            (None, true) => {
                "longitude/latitude (WGS 84), assumed for a file without CRS".to_string()
            }
        };
        out.push(Finding::new(
            &infos[i].file,
            "extent-no-overlap",
            Severity::Warning,
            format!(
                "extent [{:.6}, {:.6}, {:.6}, {:.6}] in {space} overlaps none of the {} other file(s)",
                a[0], a[1], a[2], a[3], others.len()
            ),
            "Check that the file belongs to this survey area and that its CRS (or coordinate columns) are right; a wrong zone or swapped x/y moves data far away.",
        ));
    }
    out
}

/// Grid cell size versus the spacing of overlapping line data in the delivery.
pub fn cell_vs_lines(infos: &[DatasetInfo]) -> Vec<Finding> {
    let default = majority_crs(infos);
    let d = default.as_ref();
    let mut out = Vec::new();
    for g in infos
        .iter()
        .filter(|i| i.kind == "grid" && i.stated_spacing_m.is_none())
    {
        let (Some(cell), Some(ge)) = (g.cell_m, g.comparable_extent(d)) else {
            continue;
        };
        let line = infos.iter().find(|l| {
            l.line_spacing_m.is_some()
                && l.comparable_extent(d)
                    .is_some_and(|(geo, e)| geo == ge.0 && overlaps(&e, &ge.1))
        });
        if let Some(l) = line {
            let spacing = l.line_spacing_m.unwrap_or(f64::NAN);
            out.extend(cell_vs_spacing(
                &g.file,
                cell,
                spacing,
                &format!("the line spacing of {}", l.file),
            ));
        }
    }
    out
}
