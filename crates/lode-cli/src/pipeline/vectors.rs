//! Evidence from vector inputs and from magnetic structure: distances to faults, contacts and
//! intrusions, fault-intersection density, the lithology raster, lineaments, their density and
//! Euler depths.

use std::path::Path;

use lode_core::vector::AttrValue;
use lode_core::{Grid, Result, VectorLayer};
use lode_prospect::evidence::density::{intersection_density, PointKernel};
use lode_prospect::evidence::distance::{
    distance_to_contacts, distance_to_features, signed_distance_to_polygons,
};
use lode_prospect::evidence::rasterize::rasterize_categorical;
use lode_prospect::evidence::{EvidenceLayer, EvidenceSet, LayerKind};

/// Lithology names (lower case) that count as intrusive units for `dist_intrusions`.
pub const INTRUSIVE: [&str; 10] = [
    "granite",
    "granodiorite",
    "tonalite",
    "monzonite",
    "syenite",
    "carbonatite",
    "diorite",
    "porphyry",
    "pegmatite",
    "intrusi",
];

fn layer(grid: Grid, kind: LayerKind, units: &str, source: String) -> EvidenceLayer {
    EvidenceLayer {
        grid,
        kind,
        units: units.into(),
        source,
    }
}

/// Kernel radius of the density layers, m: 2 km or 10 cells, whichever is larger.
pub fn density_radius(set: &EvidenceSet) -> f64 {
    (10.0 * set.geometry.dx).max(2000.0)
}

/// `dist_faults` and `fault_intersections` from a fault layer.
pub fn fault_evidence(
    set: &mut EvidenceSet,
    faults: &VectorLayer,
    path: &Path,
    src: &str,
) -> Result<()> {
    let d = distance_to_features(faults, &set.geometry).map_err(|e| e.at(path))?;
    set.insert(
        "dist_faults",
        layer(
            d,
            LayerKind::Continuous,
            "m",
            format!("distance to faults of {src}"),
        ),
    )?;
    let r = density_radius(set);
    let k = intersection_density(faults, &set.geometry, PointKernel::Uniform { radius: r })
        .map_err(|e| e.at(path))?;
    set.insert(
        "fault_intersections",
        layer(
            k,
            LayerKind::Continuous,
            "1/km²",
            format!("fault intersections of {src} within {r:.0} m"),
        ),
    )
}

/// `lithology`, `dist_contacts` and `dist_intrusions` from a geology map.
pub fn geology_evidence(
    set: &mut EvidenceSet,
    geology: &VectorLayer,
    attribute: &str,
    path: &Path,
    src: &str,
) -> Result<()> {
    let (codes, legend) =
        rasterize_categorical(geology, attribute, &set.geometry, None).map_err(|e| e.at(path))?;
    set.insert(
        "lithology",
        layer(
            codes,
            LayerKind::Categorical { legend },
            "",
            format!("'{attribute}' of {src}"),
        ),
    )?;
    let d = distance_to_contacts(geology, attribute, &set.geometry).map_err(|e| e.at(path))?;
    set.insert(
        "dist_contacts",
        layer(
            d,
            LayerKind::Continuous,
            "m",
            format!("distance to contacts of {src}"),
        ),
    )?;
    let ai = geology.field_index(attribute);
    let mut intrusions = VectorLayer::new("intrusions", geology.fields.clone());
    intrusions.crs = geology.crs.clone();
    for f in &geology.features {
        let name = ai
            .and_then(|i| f.attrs.get(i))
            .and_then(|a| a.as_text())
            .unwrap_or_default()
            .to_lowercase();
        if INTRUSIVE.iter().any(|k| name.contains(k)) {
            intrusions.push(f.geometry.clone(), f.attrs.clone())?;
        }
    }
    if !intrusions.is_empty() {
        let d = signed_distance_to_polygons(&intrusions, &set.geometry).map_err(|e| e.at(path))?;
        set.insert(
            "dist_intrusions",
            layer(
                d,
                LayerKind::Continuous,
                "m",
                format!("signed distance to intrusive units of {src}"),
            ),
        )?;
    }
    Ok(())
}

/// Lineaments, their density (km/km²) and Euler solutions (x, y, depth m).
pub type MagneticStructure = (VectorLayer, Grid, Vec<(f64, f64, f64)>);

/// Lineaments (THG maxima of the RTP, Blakely & Simpson 1986), their density, and Euler solutions
/// (SI 1, 15-cell windows) of a reduced-to-pole magnetic grid: (lineaments, density km/km²,
/// (x, y, depth m)).
pub fn magnetic_structure(rtp: &Grid) -> Result<MagneticStructure> {
    use lode_geophys::euler::{euler_deconvolution, EulerOptions};
    use lode_geophys::lineaments::{
        extract_lineaments, lineament_density, to_layer, LineamentOptions,
    };
    let lines = extract_lineaments(rtp, &LineamentOptions::default())?;
    let radius = (10.0 * rtp.geometry.dx).max(2000.0);
    let density = lineament_density(&lines, &rtp.geometry, radius)?.with_crs(rtp.crs.clone());
    let layer = to_layer(&lines, rtp.crs.clone(), "lineaments_mag")?;
    let sols = euler_deconvolution(rtp, &EulerOptions::new(1.0, 15))?;
    let euler = sols.iter().map(|s| (s.x, s.y, s.depth)).collect();
    Ok((layer, density, euler))
}

/// Append the line geometries of `extra` to `into` (attributes left empty).
pub fn append_lines(into: &mut VectorLayer, extra: &VectorLayer) {
    let nulls = vec![AttrValue::Null; into.fields.len()];
    for f in &extra.features {
        let _ = into.push(f.geometry.clone(), nulls.clone());
    }
}
