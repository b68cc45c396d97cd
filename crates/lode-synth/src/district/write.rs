//! Writing the district: the partner's delivery and the truth kept apart from it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use geo_types::{Geometry, Point};
use lode_core::{AttrValue, Error, FieldDef, FieldKind, Grid, Result, VectorLayer};
use serde_json::json;

use super::geology::{Lithology, COVER};
use super::model::{REFERENCE_DENSITY, SLICES};
use super::survey::{self, MagErrors};
use super::{District, LINE_SPACING, MAG_CLEARANCE, SURVEY_DATE};
use crate::rng::Rng;

/// Sample spacing of the regional soil survey, m.
pub const SOIL_SPACING: f64 = 500.0;

fn field_def(name: &str, kind: FieldKind) -> FieldDef {
    FieldDef {
        name: name.into(),
        kind,
    }
}

impl District {
    /// Write the delivery a partner hands over into `dir`; returns the files (relative, sorted).
    pub fn write_delivery(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir).map_err(|e| Error::write_io(dir, e))?;
        let mut rng = Rng::new(self.seed ^ 0x5EED_0DE1);
        let mut files = Vec::new();
        let crs = self.crs()?;

        let samples = survey::fly(self, 40.0, MagErrors::default(), &mut rng);
        let mut csv = String::with_capacity(samples.len() * 60);
        csv.push_str("line,fid,time_s,x,y,clearance_m,tmi_nt\n");
        for s in &samples {
            let _ = writeln!(
                csv,
                "{},{},{:.1},{:.1},{:.1},{:.1},{:.2}",
                s.line, s.fid, s.time_s, s.x, s.y, s.clearance_m, s.tmi_nt
            );
        }
        files.push(put(dir, "mag_lines.csv", csv.as_bytes())?);

        let mut mag = self.grid_of(100.0, |x, y| self.sample(&self.tmi, x, y))?;
        let noise: Vec<f64> = (0..mag.values.len()).map(|_| 0.2 * rng.normal()).collect();
        for (i, e) in noise.iter().enumerate() {
            let v = mag.values.get(i) + e;
            mag.values.set(i, v);
        }
        set_meta(&mut mag, "nT", "total_field_anomaly");
        mag.meta.sensor_height_m = Some(MAG_CLEARANCE);
        mag.meta.line_spacing_m = Some(LINE_SPACING);
        files.push(grid(dir, "mag_tmi.tif", &mag)?);

        let stations = survey::gravity_stations(self, &mut rng);
        let mut csv = String::from("station,x,y,elevation_m,bouguer_mgal\n");
        for s in &stations {
            let _ = writeln!(
                csv,
                "{},{:.1},{:.1},{:.2},{:.3}",
                s.station, s.x, s.y, s.elevation_m, s.bouguer_mgal
            );
        }
        files.push(put(dir, "gravity_stations.csv", csv.as_bytes())?);
        let mut grav = self.grid_of(250.0, |x, y| self.sample(&self.gravity, x, y))?;
        set_meta(&mut grav, "mGal", "bouguer_anomaly");
        files.push(grid(dir, "gravity_bouguer.tif", &grav)?);

        let [mut k, mut th, mut u] = survey::radiometrics(self, 100.0, &mut rng)?;
        set_meta(&mut k, "%", "potassium");
        set_meta(&mut th, "ppm", "equivalent_thorium");
        set_meta(&mut u, "ppm", "equivalent_uranium");
        files.push(grid(dir, "radiometrics_k.tif", &k)?);
        files.push(grid(dir, "radiometrics_th.tif", &th)?);
        files.push(grid(dir, "radiometrics_u.tif", &u)?);

        let mut dem = self.grid_of(50.0, |x, y| self.surface.elevation(&self.layout, x, y))?;
        set_meta(&mut dem, "m", "elevation");
        files.push(grid(dir, "dem.tif", &dem)?);

        let mut geology = VectorLayer::new(
            "geology",
            vec![
                field_def("lithology", FieldKind::Text),
                field_def("code", FieldKind::Int),
            ],
        );
        geology.crs = Some(crs.clone());
        for (lith, mp) in self.layout.polygons() {
            for poly in mp.0 {
                geology.push(
                    Some(Geometry::Polygon(poly)),
                    vec![
                        AttrValue::Text(lith.name().into()),
                        AttrValue::Int(lith as i64),
                    ],
                )?;
            }
        }
        files.push(vector(dir, "geology.gpkg", &geology)?);

        let mut faults = VectorLayer::new(
            "faults",
            vec![
                field_def("name", FieldKind::Text),
                field_def("type", FieldKind::Text),
            ],
        );
        faults.crs = Some(crs.clone());
        for (name, line) in self.layout.shears() {
            faults.push(
                Some(Geometry::LineString(line)),
                vec![AttrValue::Text(name), AttrValue::Text("shear zone".into())],
            )?;
        }
        files.push(vector(dir, "faults.geojson", &faults)?);

        let occ = self.deposit_layer(false)?;
        files.push(vector(dir, "occurrences.geojson", &occ)?);

        let mut soil_rng = Rng::new(self.seed ^ 0x5011_6E0C);
        let soil = super::soil::survey_csv(self, SOIL_SPACING, &mut soil_rng);
        files.push(put(dir, "soil_geochemistry.csv", soil.as_bytes())?);
        files.sort();
        Ok(files)
    }

    /// Deposits as points: the known ones only (`all = false`) or all with a `known` flag.
    pub fn deposit_layer(&self, all: bool) -> Result<VectorLayer> {
        let mut fields = vec![
            field_def("id", FieldKind::Int),
            field_def("commodity", FieldKind::Text),
            field_def("style", FieldKind::Text),
        ];
        if all {
            fields.extend([
                field_def("known", FieldKind::Bool),
                field_def("radius_m", FieldKind::Float),
                field_def("top_m", FieldKind::Float),
                field_def("bottom_m", FieldKind::Float),
            ]);
        }
        let mut layer = VectorLayer::new(if all { "deposits" } else { "occurrences" }, fields);
        layer.crs = Some(self.crs()?);
        for d in &self.deposits {
            if !all && !d.known {
                continue;
            }
            let mut attrs = vec![
                AttrValue::Int(d.id as i64),
                AttrValue::Text(d.commodity.name().into()),
                AttrValue::Text(d.style.into()),
            ];
            if all {
                attrs.extend([
                    AttrValue::Bool(d.known),
                    AttrValue::Float(d.radius),
                    AttrValue::Float(d.top),
                    AttrValue::Float(d.bottom),
                ]);
            }
            layer.push(Some(Geometry::Point(Point::new(d.x, d.y))), attrs)?;
        }
        Ok(layer)
    }

    /// Write the truth: every deposit (incl. withheld), lithology and cover rasters, and the model.
    pub fn write_truth(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir).map_err(|e| Error::write_io(dir, e))?;
        let mut files = vec![vector(dir, "deposits.geojson", &self.deposit_layer(true)?)?];
        let mut lith = self.grid_of(50.0, |x, y| self.layout.lithology(x, y) as u8 as f64)?;
        set_meta(&mut lith, "code", "lithology");
        files.push(grid(dir, "lithology.tif", &lith)?);
        let mut cover = self.grid_of(50.0, |x, y| self.surface.cover(x, y))?;
        set_meta(&mut cover, "m", "cover_thickness");
        files.push(grid(dir, "cover_thickness.tif", &cover)?);
        let units: Vec<_> = Lithology::ALL
            .iter()
            .map(|l| {
                let p = l.props();
                json!({"code": *l as u8, "name": l.name(), "density_kg_m3": p.density, "susceptibility_si": p.susceptibility,
                       "remanence_q": p.remanence_q, "k_pct": p.k_pct, "eth_ppm": p.eth_ppm, "eu_ppm": p.eu_ppm})
            })
            .collect();
        let model = json!({
            "seed": self.seed,
            "crs": "EPSG:32750",
            "survey_date": SURVEY_DATE,
            "inducing_field": {"intensity_nt": self.field.intensity_nt, "inclination_deg": self.field.inclination_deg, "declination_deg": self.field.declination_deg},
            "reference_density_kg_m3": REFERENCE_DENSITY,
            "slices_m_below_ground": SLICES,
            "units": units,
            "cover": {"density_kg_m3": COVER.density, "susceptibility_si": COVER.susceptibility, "k_pct": COVER.k_pct, "eth_ppm": COVER.eth_ppm, "eu_ppm": COVER.eu_ppm},
            "deposits": self.deposits.len(),
            "withheld": self.deposits.iter().filter(|d| !d.known).count(),
        });
        let text =
            serde_json::to_string_pretty(&model).map_err(|e| Error::internal(e.to_string()))?;
        files.push(put(dir, "model.json", text.as_bytes())?);
        files.sort();
        Ok(files)
    }
}

fn set_meta(g: &mut Grid, units: &str, field: &str) {
    g.units = Some(units.into());
    g.field = Some(field.into());
    g.meta.date = Some(SURVEY_DATE.into());
}

fn put(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    lode_core::atomic::write_bytes(&dir.join(name), bytes)?;
    Ok(PathBuf::from(name))
}

fn grid(dir: &Path, name: &str, g: &Grid) -> Result<PathBuf> {
    lode_io::write_grid(&dir.join(name), g, None)?;
    Ok(PathBuf::from(name))
}

fn vector(dir: &Path, name: &str, l: &VectorLayer) -> Result<PathBuf> {
    lode_io::write_vector(&dir.join(name), l, None)?;
    Ok(PathBuf::from(name))
}
