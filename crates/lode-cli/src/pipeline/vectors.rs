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

/// Euler-depth evidence: at each cell the median depth (m below the observation surface) of the
/// Euler solutions within `radius` m, NaN where none lies that close. Solutions are bucketed by
/// `radius` so each cell reads only the 3 × 3 buckets around it.
pub fn euler_depth_grid(sols: &[(f64, f64, f64)], like: &Grid, radius: f64) -> Result<Grid> {
    use std::collections::HashMap;
    let key = |x: f64, y: f64| ((x / radius).floor() as i64, (y / radius).floor() as i64);
    type Solution = (f64, f64, f64);
    let mut buckets: HashMap<(i64, i64), Vec<Solution>> = HashMap::new();
    for &(x, y, d) in sols {
        if x.is_finite() && y.is_finite() && d.is_finite() {
            buckets.entry(key(x, y)).or_default().push((x, y, d));
        }
    }
    let g = &like.geometry;
    let r2 = radius * radius;
    let mut out = vec![f64::NAN; g.len()];
    let mut near = Vec::new();
    for row in 0..g.rows {
        for col in 0..g.cols {
            let (x, y) = g.cell_center(col, row);
            let (kx, ky) = key(x, y);
            near.clear();
            for dx in -1..=1 {
                for dy in -1..=1 {
                    if let Some(b) = buckets.get(&(kx + dx, ky + dy)) {
                        near.extend(
                            b.iter()
                                .filter(|s| (s.0 - x).powi(2) + (s.1 - y).powi(2) <= r2)
                                .map(|s| s.2),
                        );
                    }
                }
            }
            if !near.is_empty() {
                near.sort_by(f64::total_cmp);
                let n = near.len();
                out[row * g.cols + col] = if n % 2 == 1 {
                    near[n / 2]
                } else {
                    0.5 * (near[n / 2 - 1] + near[n / 2])
                };
            }
        }
    }
    let mut grid = like.with_values_f64(out)?;
    grid.units = Some("m".into());
    grid.field = Some("euler_depth".into());
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lode_core::GridGeometry;

    #[test]
    fn euler_depth_is_the_median_of_nearby_solutions() {
        let g = GridGeometry::new(10, 10, 0.0, 1000.0, 100.0, 100.0).unwrap();
        let like = Grid::filled(g, 0.0).unwrap();
        let sols = [
            (150.0, 850.0, 100.0),
            (250.0, 850.0, 300.0),
            (180.0, 800.0, 200.0),
        ];
        let d = euler_depth_grid(&sols, &like, 250.0).unwrap();
        // Cell (1, 1) centre (150, 850): all three within 250 m → median 200.
        assert_eq!(d.get(1, 1), 200.0);
        // Far corner: none within 250 m.
        assert!(d.get(9, 9).is_nan());
    }
}
