//! Polygon rasterisation against gdal_rasterize: committed references (tools/make_evidence_reference.py)
//! and a live oracle run on other grids. Cells must be identical.

use crate::evidence_common;

mod evidence {
    use super::evidence_common::*;
    use lode_core::{Grid, GridGeometry};
    use lode_prospect::evidence::mask::{
        apply_mask, intersect_masks, mask_from_polygons, mask_from_valid, union_masks,
    };
    use lode_prospect::evidence::rasterize::{rasterize_categorical, rasterize_numeric};

    fn assert_identical(got: &Grid, want: &Grid, what: &str) {
        assert!(got.geometry.same_as(&want.geometry), "{what}: geometry");
        let (g, w) = (got.values_f64(), want.values_f64());
        let bad: Vec<usize> = (0..g.len())
            .filter(|&i| !(g[i] == w[i] || (g[i].is_nan() && w[i].is_nan())))
            .collect();
        assert!(
            bad.is_empty(),
            "{what}: {} of {} cells differ from gdal_rasterize, first at cell {} (lode {}, gdal {})",
            bad.len(),
            g.len(),
            bad[0],
            g[bad[0]],
            w[bad[0]]
        );
        let burned = g.iter().filter(|v| !v.is_nan()).count();
        eprintln!(
            "{what}: {} cells identical to gdal_rasterize ({burned} burned)",
            g.len()
        );
        assert!(burned > 0);
    }

    fn gdal(name: &str) -> Grid {
        lode_io::read_grid(&data(name)).unwrap()
    }

    #[test]
    fn categorical_map_is_identical_to_gdal_rasterize() {
        let map = layer("map.geojson");
        let (g, legend) = rasterize_categorical(&map, "unit", &geometry(), None).unwrap();
        let names: Vec<&str> = legend.iter().map(|(_, n)| n.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert_eq!(legend[0].0, 1);
        assert!(names.contains(&"syenite"));
        assert_identical(&g, &gdal("map_unit.tif"), "map unit codes");
    }

    #[test]
    fn numeric_attribute_is_identical_to_gdal_rasterize() {
        let g = rasterize_numeric(&layer("map.geojson"), "density", &geometry()).unwrap();
        assert_identical(&g, &gdal("map_density.tif"), "map density");
    }

    #[test]
    fn district_geology_is_identical_to_gdal_rasterize() {
        let geo = layer("geology.gpkg");
        let g = GridGeometry::new(400, 400, 400_000.0, 6_740_000.0, 100.0, 100.0).unwrap();
        let (mut codes, legend) = rasterize_categorical(&geo, "lithology", &g, None).unwrap();
        // gdal burned the integer `code` field; map our legend onto it through the features.
        let fi = geo.field_index("lithology").unwrap();
        let ci = geo.field_index("code").unwrap();
        let mut to_code = std::collections::BTreeMap::new();
        for f in &geo.features {
            to_code.insert(
                f.attrs[fi].as_text().unwrap(),
                f.attrs[ci].as_f64().unwrap(),
            );
        }
        let v: Vec<f64> = codes
            .values_f64()
            .iter()
            .map(|&c| {
                if c.is_nan() {
                    c
                } else {
                    to_code[&legend[c as usize - 1].1]
                }
            })
            .collect();
        codes = codes.with_values_f64(v).unwrap();
        assert_identical(&codes, &gdal("geology_code.tif"), "district geology");
        let num = rasterize_numeric(&geo, "code", &g).unwrap();
        assert_identical(&num, &gdal("geology_code.tif"), "district geology numeric");
    }

    #[test]
    fn given_mapping_and_unknown_values() {
        let map = layer("map.geojson");
        let mapping: Vec<(i64, String)> =
            ["basalt", "bif", "granite", "sandstone", "schist", "syenite"]
                .iter()
                .enumerate()
                .map(|(k, n)| (10 * (k as i64 + 1), n.to_string()))
                .collect();
        let (g, legend) = rasterize_categorical(&map, "unit", &geometry(), Some(&mapping)).unwrap();
        assert_eq!(legend, mapping);
        assert!(g
            .values_f64()
            .iter()
            .all(|v| v.is_nan() || (*v % 10.0 == 0.0 && *v >= 10.0)));
        let e = rasterize_categorical(&map, "unit", &geometry(), Some(&mapping[..2]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("not in the legend"), "{e}");
        assert!(rasterize_numeric(&layer("lines.geojson"), "id", &geometry()).is_err());
    }

    #[test]
    fn masks_from_polygons_and_grids() {
        let map = layer("map.geojson");
        let m = mask_from_polygons(&map, &geometry()).unwrap();
        let unit = gdal("map_unit.tif");
        let uv = unit.values_f64();
        for (a, b) in m.values_f64().iter().zip(uv.iter()) {
            assert_eq!(a.is_nan(), b.is_nan());
        }
        let d = rasterize_numeric(&map, "density", &geometry()).unwrap();
        let mut half = d.clone();
        for c in 0..half.cols() / 2 {
            for r in 0..half.rows() {
                half.set(c, r, f64::NAN);
            }
        }
        let both = mask_from_valid(&[&d, &half]).unwrap();
        let hv = half.values_f64();
        let n_both = both.values_f64().iter().filter(|v| !v.is_nan()).count();
        assert_eq!(n_both, hv.iter().filter(|v| !v.is_nan()).count());
        let i = intersect_masks(&[&m, &both]).unwrap();
        let u = union_masks(&[&m, &both]).unwrap();
        let count = |g: &Grid| g.values_f64().iter().filter(|v| !v.is_nan()).count();
        assert_eq!(count(&i), n_both);
        assert_eq!(count(&u), count(&m));
        let masked = apply_mask(&d, &both).unwrap();
        assert_eq!(count(&masked), n_both);
        let other =
            Grid::filled(GridGeometry::new(3, 3, 0.0, 0.0, 1.0, 1.0).unwrap(), 1.0).unwrap();
        assert!(intersect_masks(&[&m, &other]).is_err());
    }

    /// Live oracle: gdal_rasterize on grids whose cells do not align with the map's vertices.
    #[test]
    fn live_gdal_rasterize_on_unaligned_grids() {
        let ok = std::process::Command::new("gdal_rasterize")
            .arg("--version")
            .output()
            .is_ok();
        if !ok {
            if oracles_required() {
                panic!("gdal_rasterize is required (LODE_REQUIRE_ORACLES=1) but missing");
            }
            eprintln!("skipping: gdal_rasterize not found");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let geo = layer("geology.gpkg");
        for (k, (x0, y0, dx, dy, cols, rows)) in [
            (399_871.3, 6_740_123.9, 37.0, 41.0, 1085usize, 980usize),
            (405_000.0, 6_735_000.0, 250.0, 250.0, 120, 110),
        ]
        .into_iter()
        .enumerate()
        {
            let out = dir.path().join(format!("g{k}.tif"));
            let te = [x0, y0 - rows as f64 * dy, x0 + cols as f64 * dx, y0].map(|v| v.to_string());
            let st = std::process::Command::new("gdal_rasterize")
                .args(["-q", "-a", "code", "-te"])
                .args(&te)
                .args([
                    "-ts",
                    &cols.to_string(),
                    &rows.to_string(),
                    "-ot",
                    "Float64",
                ])
                .args(["-a_nodata", "-9999", "-init", "-9999"])
                .arg(data("geology.gpkg"))
                .arg(&out)
                .status()
                .unwrap();
            assert!(st.success());
            let want = lode_io::read_grid(&out).unwrap();
            let g = GridGeometry::new(cols, rows, x0, y0, dx, dy).unwrap();
            let got = rasterize_numeric(&geo, "code", &g).unwrap();
            assert_identical(&got, &want, &format!("live grid {k}"));
        }
    }
}

mod evidence_set {
    use super::evidence_common::*;
    use lode_prospect::evidence::distance::distance_to_features;
    use lode_prospect::evidence::rasterize::rasterize_categorical;
    use lode_prospect::evidence::{categorical_layer, continuous_layer, EvidenceSet, LayerKind};

    #[test]
    fn evidence_layers_enter_an_evidence_set() {
        let g = geometry();
        let mut set = EvidenceSet::new(g, None);
        let d = distance_to_features(&layer("lines.geojson"), &g).unwrap();
        set.insert(
            "dist_faults",
            continuous_layer(d, "lines.geojson: distance"),
        )
        .unwrap();
        let (codes, legend) =
            rasterize_categorical(&layer("map.geojson"), "unit", &g, None).unwrap();
        set.insert(
            "lithology",
            categorical_layer(codes, legend.clone(), "map.geojson: unit"),
        )
        .unwrap();
        assert_eq!(set.names(), vec!["dist_faults", "lithology"]);
        assert_eq!(set.get("dist_faults").unwrap().units, "m");
        assert_eq!(
            set.get("lithology").unwrap().kind,
            LayerKind::Categorical { legend }
        );
    }
}
