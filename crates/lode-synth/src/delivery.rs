//! A small embedded delivery: the kind of package a partner hands over, in the formats partners
//! use, with the defects intake QC must find (a level shift on one flight line, a spike, a missing
//! `.prj`). Fields are analytic so the truth is known exactly.
//!
//! Area: 12 × 10 km in WGS 84 / UTM zone 35S (EPSG:32735), 100 m cells.

use std::path::{Path, PathBuf};

use geo_types::{Coord, Geometry, LineString, Point, Polygon};
use lode_core::{
    AttrValue, Crs, Error, FieldDef, FieldKind, Grid, GridGeometry, Result, VectorLayer,
};
use sha2::{Digest, Sha256};

use crate::rng::Rng;

/// EPSG code of the demo delivery.
pub const EPSG: u32 = 32735;
const X0: f64 = 500_000.0;
const Y0: f64 = 7_200_000.0;
const WIDTH: f64 = 12_000.0;
const HEIGHT: f64 = 10_000.0;

/// A source of the demo fields: a buried body with a Gaussian footprint.
struct Body {
    x: f64,
    y: f64,
    /// Half-width, metres.
    w: f64,
    /// Magnetic amplitude, nT.
    mag: f64,
    /// Gravity amplitude, mGal.
    grav: f64,
}

const BODIES: [Body; 4] = [
    Body { x: 503_500.0, y: 7_206_500.0, w: 900.0, mag: 420.0, grav: 3.5 },
    Body { x: 508_200.0, y: 7_203_000.0, w: 1_400.0, mag: -150.0, grav: -2.0 },
    Body { x: 509_500.0, y: 7_207_800.0, w: 500.0, mag: 260.0, grav: 1.2 },
    Body { x: 505_000.0, y: 7_202_200.0, w: 2_500.0, mag: 60.0, grav: 5.0 },
];

/// A dyke striking N30°E through (506000, 7205000), 150 m wide, 180 nT.
fn dyke(x: f64, y: f64) -> f64 {
    let (s, c) = 30f64.to_radians().sin_cos();
    let d = (x - 506_000.0) * c - (y - 7_205_000.0) * s;
    180.0 / (1.0 + (d / 150.0).powi(2))
}

/// Total-field anomaly at (x, y), nT.
pub fn magnetic(x: f64, y: f64) -> f64 {
    BODIES
        .iter()
        .map(|b| b.mag * (-((x - b.x).powi(2) + (y - b.y).powi(2)) / (2.0 * b.w * b.w)).exp())
        .sum::<f64>()
        + dyke(x, y)
}

/// Bouguer anomaly at (x, y), mGal (with a regional gradient).
pub fn gravity(x: f64, y: f64) -> f64 {
    BODIES
        .iter()
        .map(|b| b.grav * (-((x - b.x).powi(2) + (y - b.y).powi(2)) / (2.0 * (2.0 * b.w).powi(2))).exp())
        .sum::<f64>()
        - 12.0
        + (x - X0) * 2e-4
}

/// Potassium concentration at (x, y), %.
pub fn potassium(x: f64, y: f64) -> f64 {
    let granite = ((x - 509_000.0).powi(2) + (y - 7_207_500.0).powi(2)).sqrt() < 1_800.0;
    if granite {
        3.8
    } else {
        1.1 + 0.3 * ((x - X0) / 3_000.0).sin()
    }
}

fn grid_of(cell: f64, f: impl Fn(f64, f64) -> f64) -> Result<Grid> {
    let geom = GridGeometry::from_bounds(X0, Y0, X0 + WIDTH, Y0 + HEIGHT, cell, cell)?;
    let mut v = Vec::with_capacity(geom.len());
    for r in 0..geom.rows {
        for c in 0..geom.cols {
            let (x, y) = geom.cell_center(c, r);
            v.push(f(x, y) as f32);
        }
    }
    let mut g = Grid::new_f32(geom, v)?;
    g.crs = Some(Crs::from_epsg(EPSG)?);
    Ok(g)
}

/// Write the demo delivery into `dir`; returns the files written (relative names), sorted.
pub fn write_delivery(dir: &Path, seed: u64) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::write_io(dir, e))?;
    let mut rng = Rng::new(seed);
    let mut files = Vec::new();

    let mut mag = grid_of(100.0, magnetic)?;
    mag.units = Some("nT".into());
    mag.field = Some("total_field_anomaly".into());
    mag.meta.date = Some("2024-06-15".into());
    mag.meta.sensor_height_m = Some(80.0);
    mag.meta.line_spacing_m = Some(200.0);
    // A spike the QC must find.
    mag.set(37, 41, 9_000.0);
    files.push(write_grid(dir, "mag_tmi.tif", &mag)?);

    let mut grav = grid_of(250.0, gravity)?;
    grav.units = Some("mGal".into());
    grav.field = Some("bouguer_anomaly".into());
    files.push(write_grid(dir, "gravity_bouguer.grd", &grav)?);

    let mut k = grid_of(100.0, potassium)?;
    k.units = Some("%".into());
    k.field = Some("potassium".into());
    // The partner forgot the .prj: the QC must say so.
    k.crs = None;
    files.push(write_grid(dir, "radiometrics_k.asc", &k)?);

    files.push(write_lines(dir, "mag_lines.csv", &mut rng)?);
    files.push(write_occurrences(dir, "occurrences.geojson", &mut rng)?);
    files.push(write_faults(dir, "faults.shp")?);
    files.push(write_geology(dir, "geology.gpkg")?);
    files.sort();
    Ok(files)
}

fn write_grid(dir: &Path, name: &str, g: &Grid) -> Result<PathBuf> {
    lode_io::write_grid(&dir.join(name), g, None)?;
    Ok(PathBuf::from(name))
}

/// East–west flight lines every 200 m, samples every 20 m, with sensor noise (0.5 nT), a
/// diurnal-like drift and a 25 nT level error on line 1050 that levelling must remove.
fn write_lines(dir: &Path, name: &str, rng: &mut Rng) -> Result<PathBuf> {
    let mut out = String::from("line,x,y,tmi_nt\n");
    let mut y = Y0 + 100.0;
    let mut line = 1000;
    while y < Y0 + HEIGHT {
        let level = if line == 1050 { 25.0 } else { 0.0 };
        let mut x = X0 + 10.0;
        let mut i = 0usize;
        while x < X0 + WIDTH {
            let drift = 2.0 * ((i as f64) / 150.0).sin();
            let v = magnetic(x, y) + level + drift + 0.5 * rng.normal();
            out.push_str(&format!("L{line},{x:.1},{y:.1},{v:.3}\n"));
            x += 20.0;
            i += 1;
        }
        y += 200.0;
        line += 10;
    }
    let p = dir.join(name);
    lode_core::atomic::write_bytes(&p, out.as_bytes())?;
    Ok(PathBuf::from(name))
}

fn write_occurrences(dir: &Path, name: &str, rng: &mut Rng) -> Result<PathBuf> {
    let mut layer = VectorLayer::new(
        "occurrences",
        vec![
            FieldDef { name: "id".into(), kind: FieldKind::Int },
            FieldDef { name: "commodity".into(), kind: FieldKind::Text },
        ],
    );
    layer.crs = Some(Crs::from_epsg(EPSG)?);
    for (i, b) in BODIES.iter().enumerate() {
        let commodity = if b.mag > 200.0 { "iron" } else { "gold" };
        let p = Point::new(b.x + rng.range(-200.0, 200.0), b.y + rng.range(-200.0, 200.0));
        layer.push(
            Some(Geometry::Point(p)),
            vec![AttrValue::Int(i as i64 + 1), AttrValue::Text(commodity.into())],
        )?;
    }
    lode_io::write_vector(&dir.join(name), &layer, None)?;
    Ok(PathBuf::from(name))
}

fn write_faults(dir: &Path, name: &str) -> Result<PathBuf> {
    let mut layer = VectorLayer::new(
        "faults",
        vec![FieldDef { name: "name".into(), kind: FieldKind::Text }],
    );
    layer.crs = Some(Crs::from_epsg(EPSG)?);
    let (s, c) = 30f64.to_radians().sin_cos();
    let line = LineString::from(vec![
        Coord { x: 506_000.0 - 6_000.0 * s, y: 7_205_000.0 - 6_000.0 * c },
        Coord { x: 506_000.0 + 6_000.0 * s, y: 7_205_000.0 + 6_000.0 * c },
    ]);
    layer.push(Some(Geometry::LineString(line)), vec![AttrValue::Text("Main shear".into())])?;
    lode_io::write_vector(&dir.join(name), &layer, None)?;
    Ok(PathBuf::from(name))
}

fn write_geology(dir: &Path, name: &str) -> Result<PathBuf> {
    let mut layer = VectorLayer::new(
        "geology",
        vec![FieldDef { name: "lithology".into(), kind: FieldKind::Text }],
    );
    layer.crs = Some(Crs::from_epsg(EPSG)?);
    let circle: Vec<Coord> = (0..=36)
        .map(|i| {
            let a = (i % 36) as f64 * 10f64.to_radians();
            Coord { x: 509_000.0 + 1_800.0 * a.cos(), y: 7_207_500.0 + 1_800.0 * a.sin() }
        })
        .collect();
    let frame = LineString::from(vec![
        Coord { x: X0, y: Y0 },
        Coord { x: X0 + WIDTH, y: Y0 },
        Coord { x: X0 + WIDTH, y: Y0 + HEIGHT },
        Coord { x: X0, y: Y0 + HEIGHT },
        Coord { x: X0, y: Y0 },
    ]);
    let ring = LineString::from(circle);
    layer.push(
        Some(Geometry::Polygon(Polygon::new(frame, vec![ring.clone()]))),
        vec![AttrValue::Text("greenstone".into())],
    )?;
    layer.push(
        Some(Geometry::Polygon(Polygon::new(ring, vec![]))),
        vec![AttrValue::Text("granite".into())],
    )?;
    lode_io::write_vector(&dir.join(name), &layer, None)?;
    Ok(PathBuf::from(name))
}

/// Write `manifest.json` listing each file with its size and sha256.
pub fn write_manifest(dir: &Path, files: &[PathBuf]) -> Result<PathBuf> {
    let mut entries = Vec::new();
    let mut all: Vec<PathBuf> = Vec::new();
    for f in files {
        all.push(f.clone());
        for side in ["prj", "shx", "dbf", "cpg"] {
            let s = f.with_extension(side);
            if dir.join(&s).exists() && !all.contains(&s) {
                all.push(s);
            }
        }
    }
    all.sort();
    for f in &all {
        let p = dir.join(f);
        let bytes = std::fs::read(&p).map_err(|e| Error::read_io(&p, e))?;
        let digest = Sha256::digest(&bytes);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        entries.push(serde_json::json!({
            "file": f.display().to_string(),
            "bytes": bytes.len(),
            "sha256": hex,
        }));
    }
    let json = serde_json::to_string_pretty(&serde_json::json!({ "files": entries }))
        .map_err(|e| Error::internal(e.to_string()))?;
    let out = dir.join("manifest.json");
    lode_core::atomic::write_bytes(&out, json.as_bytes())?;
    Ok(out)
}
