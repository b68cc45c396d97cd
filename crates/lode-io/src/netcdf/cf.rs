//! Coordinate reference systems in netCDF: CF grid mappings (CF Conventions 1.7, §5.6 and
//! Appendix F), GDAL's `spatial_ref`/`GeoTransform` and GMT's `grid_mapping` variable.

use lode_core::Crs;
use netcdf_reader::{NcAttrValue, NcFile, NcVariable};

use super::read::string_attr;

/// The grid-mapping variable of `var`: the one its `grid_mapping` attribute names (CF; also the
/// first name of the extended `"crs: x y"` form), else a variable called `crs`, `grid_mapping`
/// or `spatial_ref` (GMT, GDAL, rioxarray).
fn grid_mapping<'f>(file: &'f NcFile, var: &NcVariable) -> Option<&'f NcVariable> {
    let vars = file.variables().ok()?;
    let by_name = |n: &str| vars.iter().find(|v| v.name == n);
    if let Some(gm) = string_attr(var, "grid_mapping") {
        let first = gm.split_whitespace().next().unwrap_or("");
        if let Some(v) = by_name(first.trim_end_matches(':')) {
            return Some(v);
        }
    }
    ["crs", "grid_mapping", "spatial_ref"]
        .into_iter()
        .find_map(by_name)
}

/// GDAL's `GeoTransform` attribute of the grid mapping (`x0 dx rx y0 ry dy`, outer corner),
/// when it is north-up.
pub(super) fn geotransform(file: &NcFile, var: &NcVariable) -> Option<[f64; 6]> {
    let s = string_attr(grid_mapping(file, var)?, "GeoTransform")?;
    let v: Vec<f64> = s
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    let gt: [f64; 6] = v.try_into().ok()?;
    (gt.iter().all(|x| x.is_finite()) && gt[2] == 0.0 && gt[4] == 0.0).then_some(gt)
}

/// The CRS of `var`: WKT (`crs_wkt`, `spatial_ref`), a proj string (`proj4`, `proj4text`,
/// `proj4_params`), an EPSG code (`epsg_code`) or the CF grid-mapping parameters of its grid
/// mapping, then the same attributes global; else EPSG:4326 when the axes are longitude and
/// latitude in degrees.
pub(super) fn crs(
    file: &NcFile,
    var: &NcVariable,
    xcoord: Option<&NcVariable>,
    ycoord: Option<&NcVariable>,
) -> Option<Crs> {
    if let Some(c) = grid_mapping(file, var).and_then(|gm| from_attrs(|k| string_attr(gm, k), gm)) {
        return Some(c);
    }
    let globals = file.global_attributes().ok().unwrap_or(&[]);
    let global = |k: &str| -> Option<String> {
        match &globals.iter().find(|a| a.name == k)?.value {
            NcAttrValue::Chars(s) => Some(s.trim_end_matches('\0').trim().to_string()),
            NcAttrValue::Strings(s) => s.first().cloned(),
            _ => None,
        }
    };
    if let Some(c) = text_crs(global) {
        return Some(c);
    }
    let degrees = |v: Option<&NcVariable>| {
        v.and_then(|v| string_attr(v, "units"))
            .is_some_and(|u| u.to_ascii_lowercase().starts_with("degree"))
    };
    if degrees(xcoord) && degrees(ycoord) {
        return Crs::from_epsg(4326).ok();
    }
    None
}

fn from_attrs(get: impl Fn(&str) -> Option<String>, gm: &NcVariable) -> Option<Crs> {
    text_crs(&get).or_else(|| Crs::from_proj4(&cf_to_proj4(gm)?).ok())
}

fn text_crs(get: impl Fn(&str) -> Option<String>) -> Option<Crs> {
    let nonempty = |k: &str| get(k).filter(|s| !s.is_empty());
    ["crs_wkt", "spatial_ref"]
        .iter()
        .find_map(|k| Crs::from_wkt(&nonempty(k)?).ok())
        .or_else(|| {
            ["proj4", "proj4text", "proj4_params"]
                .iter()
                .find_map(|k| Crs::from_proj4(&nonempty(k)?).ok())
        })
        .or_else(|| Crs::parse(&nonempty("epsg_code")?).ok())
}

fn num(v: &NcVariable, k: &str) -> Option<f64> {
    let a = v.attribute(k)?;
    match &a.value {
        NcAttrValue::Chars(s) => s.trim().parse().ok(),
        other => other.as_f64(),
    }
    .filter(|x: &f64| x.is_finite())
}

/// A proj string from CF grid-mapping attributes (CF Conventions 1.7, Appendix F) for the
/// mappings exploration grids use; `None` for others.
fn cf_to_proj4(gm: &NcVariable) -> Option<String> {
    let name = string_attr(gm, "grid_mapping_name")?;
    let g = |k: &str| num(gm, k);
    let mut p = match name.as_str() {
        "latitude_longitude" => "+proj=longlat".to_string(),
        "transverse_mercator" => format!(
            "+proj=tmerc +lat_0={} +lon_0={} +k={} +x_0={} +y_0={}",
            g("latitude_of_projection_origin")?,
            g("longitude_of_central_meridian")?,
            g("scale_factor_at_central_meridian")?,
            g("false_easting").unwrap_or(0.0),
            g("false_northing").unwrap_or(0.0)
        ),
        "lambert_conformal_conic" => {
            let sp = gm.attribute("standard_parallel")?.value.as_f64_vec()?;
            let (s1, s2) = (*sp.first()?, *sp.get(1).unwrap_or(&sp[0]));
            format!(
                "+proj=lcc +lat_1={s1} +lat_2={s2} +lat_0={} +lon_0={} +x_0={} +y_0={}",
                g("latitude_of_projection_origin")?,
                g("longitude_of_central_meridian")?,
                g("false_easting").unwrap_or(0.0),
                g("false_northing").unwrap_or(0.0)
            )
        }
        "albers_conical_equal_area" => {
            let sp = gm.attribute("standard_parallel")?.value.as_f64_vec()?;
            let (s1, s2) = (*sp.first()?, *sp.get(1).unwrap_or(&sp[0]));
            format!(
                "+proj=aea +lat_1={s1} +lat_2={s2} +lat_0={} +lon_0={} +x_0={} +y_0={}",
                g("latitude_of_projection_origin")?,
                g("longitude_of_central_meridian")?,
                g("false_easting").unwrap_or(0.0),
                g("false_northing").unwrap_or(0.0)
            )
        }
        "mercator" => format!(
            "+proj=merc +lon_0={} +{} +x_0={} +y_0={}",
            g("longitude_of_projection_origin")?,
            match g("standard_parallel") {
                Some(lat_ts) => format!("lat_ts={lat_ts}"),
                None => format!(
                    "k={}",
                    g("scale_factor_at_projection_origin").unwrap_or(1.0)
                ),
            },
            g("false_easting").unwrap_or(0.0),
            g("false_northing").unwrap_or(0.0)
        ),
        "polar_stereographic" => {
            let lat0 = g("latitude_of_projection_origin")?;
            let lon0 = g("straight_vertical_longitude_from_pole")
                .or_else(|| g("longitude_of_projection_origin"))?;
            let scale = match g("standard_parallel") {
                Some(lat_ts) => format!("+lat_ts={lat_ts}"),
                None => format!(
                    "+k={}",
                    g("scale_factor_at_projection_origin").unwrap_or(1.0)
                ),
            };
            format!(
                "+proj=stere +lat_0={lat0} +lon_0={lon0} {scale} +x_0={} +y_0={}",
                g("false_easting").unwrap_or(0.0),
                g("false_northing").unwrap_or(0.0)
            )
        }
        _ => return None,
    };
    let a = g("semi_major_axis").or_else(|| g("earth_radius"));
    let rf = g("inverse_flattening");
    let b = g("semi_minor_axis");
    match (a, rf, b) {
        (Some(a), Some(rf), _) if a == 6378137.0 && (rf - 298.257223563).abs() < 1e-8 => {
            p.push_str(" +datum=WGS84")
        }
        (Some(a), Some(rf), _) if rf > 0.0 => p.push_str(&format!(" +a={a} +rf={rf}")),
        (Some(a), _, Some(b)) => p.push_str(&format!(" +a={a} +b={b}")),
        (Some(a), _, _) => p.push_str(&format!(" +a={a} +b={a}")),
        _ => p.push_str(" +datum=WGS84"),
    }
    if name != "latitude_longitude" {
        p.push_str(" +units=m");
    }
    p.push_str(" +no_defs");
    Some(p)
}

/// CF grid-mapping attributes for a CRS, for the writer: `latitude_longitude` and
/// `transverse_mercator` (UTM included) with their ellipsoid; empty for other projections, which
/// GMT and GDAL read from the WKT.
pub(super) fn proj4_to_cf(crs: &Crs) -> Vec<(&'static str, CfValue)> {
    let p = crs.proj4();
    let get = |k: &str| -> Option<&str> {
        p.split_whitespace()
            .find_map(|t| t.strip_prefix('+')?.strip_prefix(k)?.strip_prefix('='))
    };
    let getf = |k: &str| get(k).and_then(|v| v.parse::<f64>().ok());
    let proj = get("proj").unwrap_or("");
    let mut out: Vec<(&'static str, CfValue)> = Vec::new();
    match proj {
        "longlat" | "latlong" => out.push((
            "grid_mapping_name",
            CfValue::Text("latitude_longitude".into()),
        )),
        "utm" => {
            let Some(zone) = getf("zone") else {
                return Vec::new();
            };
            let south = p.split_whitespace().any(|t| t == "+south");
            out.push((
                "grid_mapping_name",
                CfValue::Text("transverse_mercator".into()),
            ));
            out.push((
                "longitude_of_central_meridian",
                CfValue::Num(zone * 6.0 - 183.0),
            ));
            out.push(("false_easting", CfValue::Num(500000.0)));
            out.push((
                "false_northing",
                CfValue::Num(if south { 1e7 } else { 0.0 }),
            ));
            out.push(("latitude_of_projection_origin", CfValue::Num(0.0)));
            out.push(("scale_factor_at_central_meridian", CfValue::Num(0.9996)));
        }
        "tmerc" => {
            out.push((
                "grid_mapping_name",
                CfValue::Text("transverse_mercator".into()),
            ));
            out.push((
                "longitude_of_central_meridian",
                CfValue::Num(getf("lon_0").unwrap_or(0.0)),
            ));
            out.push(("false_easting", CfValue::Num(getf("x_0").unwrap_or(0.0))));
            out.push(("false_northing", CfValue::Num(getf("y_0").unwrap_or(0.0))));
            out.push((
                "latitude_of_projection_origin",
                CfValue::Num(getf("lat_0").unwrap_or(0.0)),
            ));
            out.push((
                "scale_factor_at_central_meridian",
                CfValue::Num(getf("k_0").or_else(|| getf("k")).unwrap_or(1.0)),
            ));
        }
        _ => return Vec::new(),
    }
    let (a, rf) = match (
        get("datum").or(get("ellps")),
        getf("a"),
        getf("rf"),
        getf("b"),
    ) {
        (Some("WGS84"), ..) => (6378137.0, 298.257223563),
        (Some("GRS80") | Some("NAD83"), ..) => (6378137.0, 298.257222101),
        (_, Some(a), Some(rf), _) => (a, rf),
        (_, Some(a), None, Some(b)) if a > b => (a, a / (a - b)),
        _ => return out,
    };
    out.push(("semi_major_axis", CfValue::Num(a)));
    out.push(("inverse_flattening", CfValue::Num(rf)));
    out.push(("longitude_of_prime_meridian", CfValue::Num(0.0)));
    out
}

/// An attribute value of a grid mapping.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum CfValue {
    Text(String),
    Num(f64),
}

#[cfg(test)]
mod tests {
    use super::*;
    use netcdf_reader::{NcAttribute, NcType};

    fn gm(attrs: &[(&str, NcAttrValue)]) -> NcVariable {
        NcVariable {
            name: "crs".into(),
            dimensions: vec![],
            dtype: NcType::Int,
            attributes: attrs
                .iter()
                .map(|(k, v)| NcAttribute {
                    name: k.to_string(),
                    value: v.clone(),
                })
                .collect(),
            data_offset: 0,
            _data_size: 0,
            is_record_var: false,
            record_size: 0,
        }
    }

    /// GDAL's CF attributes for EPSG:32633 (as in tests/data/netcdf/gdal_nc3_utm33.nc).
    #[test]
    fn gdal_transverse_mercator_parameters() {
        let d = |x: f64| NcAttrValue::Doubles(vec![x]);
        let v = gm(&[
            (
                "grid_mapping_name",
                NcAttrValue::Chars("transverse_mercator".into()),
            ),
            ("longitude_of_central_meridian", d(15.0)),
            ("false_easting", d(500000.0)),
            ("false_northing", d(0.0)),
            ("latitude_of_projection_origin", d(0.0)),
            ("scale_factor_at_central_meridian", d(0.9996)),
            ("semi_major_axis", d(6378137.0)),
            ("inverse_flattening", d(298.257223563)),
        ]);
        let p = cf_to_proj4(&v).unwrap();
        assert_eq!(
            p,
            "+proj=tmerc +lat_0=0 +lon_0=15 +k=0.9996 +x_0=500000 +y_0=0 +datum=WGS84 +units=m +no_defs"
        );
        assert!(Crs::from_proj4(&p).is_ok());
        assert!(from_attrs(|k| string_attr(&v, k), &v).is_some());
    }

    /// The writer's CF attributes read back to the same projection parameters.
    #[test]
    fn writer_parameters_read_back() {
        for code in [32633u32, 32755, 4326] {
            let crs = Crs::from_epsg(code).unwrap();
            let attrs: Vec<(&str, NcAttrValue)> = proj4_to_cf(&crs)
                .into_iter()
                .map(|(k, v)| match v {
                    CfValue::Text(s) => (k, NcAttrValue::Chars(s)),
                    CfValue::Num(x) => (k, NcAttrValue::Doubles(vec![x])),
                })
                .collect();
            let p = cf_to_proj4(&gm(&attrs)).unwrap();
            let back = Crs::from_proj4(&p).unwrap();
            assert_eq!(back.is_geographic(), code == 4326, "{p}");
            if code == 32755 {
                assert!(
                    p.contains("+lon_0=147") && p.contains("+y_0=10000000"),
                    "{p}"
                );
            }
        }
    }

    #[test]
    fn unknown_mapping_is_none() {
        let v = gm(&[(
            "grid_mapping_name",
            NcAttrValue::Chars("vertical_perspective".into()),
        )]);
        assert!(cf_to_proj4(&v).is_none());
        assert!(from_attrs(|k| string_attr(&v, k), &v).is_none());
    }
}
