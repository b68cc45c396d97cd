//! CRS checks of one dataset: missing CRS, coordinates that do not fit the CRS, and the helpers
//! that bring extents and distances to common units.

use lode_core::{Crs, Dataset};

use super::{Finding, Severity};

/// Mean radius-based length of one degree of latitude, metres (WGS 84 mean, ≈ 110.574 km at the
/// equator to 111.694 km at the poles; the mid value is used).
pub const M_PER_DEG_LAT: f64 = 111_132.0;
/// Length of one degree of longitude at the equator, metres (WGS 84 a·π/180).
pub const M_PER_DEG_LON_EQ: f64 = 111_319.49;

/// True when an extent fits longitude/latitude degrees.
pub fn extent_is_lonlat(e: &[f64; 4]) -> bool {
    e[0] >= -180.0 && e[2] <= 360.0 && e[1] >= -90.0 && e[3] <= 90.0
}

/// True when the coordinates are degrees: a geographic CRS, or no CRS and an extent that fits
/// longitude/latitude.
pub fn is_degrees(crs: Option<&Crs>, extent: Option<&[f64; 4]>) -> bool {
    match crs {
        Some(c) => c.is_geographic(),
        None => extent.is_some_and(extent_is_lonlat),
    }
}

/// Metres per coordinate unit (east, north) near the extent's centre: the local equirectangular
/// scale for degrees (error < 0.5 % over a survey of a few degrees), the linear unit of a projected
/// CRS otherwise (`+units=`, `+to_meter=`).
pub fn metres_per_unit(crs: Option<&Crs>, extent: Option<&[f64; 4]>) -> (f64, f64) {
    if is_degrees(crs, extent) {
        let lat = extent.map_or(0.0, |e| 0.5 * (e[1] + e[3]));
        return (
            M_PER_DEG_LON_EQ * lat.to_radians().cos().max(1e-6),
            M_PER_DEG_LAT,
        );
    }
    let Some(c) = crs else { return (1.0, 1.0) };
    let p = c.proj4();
    let f = if let Some(v) = proj_param(p, "to_meter").and_then(|v| v.parse::<f64>().ok()) {
        v
    } else {
        match proj_param(p, "units") {
            Some("us-ft") => 1200.0 / 3937.0,
            Some("ft") => 0.3048,
            Some("km") => 1000.0,
            _ => 1.0,
        }
    };
    (f, f)
}

fn proj_param<'a>(p: &'a str, key: &str) -> Option<&'a str> {
    p.split_whitespace()
        .find_map(|t| t.strip_prefix('+')?.strip_prefix(key)?.strip_prefix('='))
}

/// The extent transformed to WGS 84 longitude/latitude degrees (a 5 × 5 lattice of points over
/// the extent transformed with [`lode_core::crs::Transformer`]); None when the transformation
/// fails.
pub fn lonlat_extent(crs: &Crs, e: &[f64; 4]) -> Option<[f64; 4]> {
    if crs.is_geographic() {
        return extent_is_lonlat(e).then_some(*e);
    }
    let wgs84 = Crs::from_epsg(4326).ok()?;
    let t = lode_core::crs::Transformer::new(crs, &wgs84).ok()?;
    let mut out = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for i in 0..5 {
        for j in 0..5 {
            let x = e[0] + (e[2] - e[0]) * i as f64 / 4.0;
            let y = e[1] + (e[3] - e[1]) * j as f64 / 4.0;
            let (lon, lat) = t.try_transform(x, y)?;
            out[0] = out[0].min(lon);
            out[1] = out[1].min(lat);
            out[2] = out[2].max(lon);
            out[3] = out[3].max(lat);
        }
    }
    Some(out)
}

/// Missing CRS, and coordinates that do not fit the CRS (projected metres in a geographic CRS,
/// degrees in a projected CRS, eastings outside a UTM zone).
pub fn check_crs(file: &str, ds: &Dataset) -> Vec<Finding> {
    let extent = ds.extent().filter(|e| e.iter().all(|v| v.is_finite()));
    let mut out = Vec::new();
    match ds.crs() {
        None => {
            let hint = match &extent {
                Some(e) if extent_is_lonlat(e) => {
                    " The coordinates look like longitude/latitude degrees.".to_string()
                }
                Some(e)
                    if e[0] >= 100_000.0
                        && e[2] <= 900_000.0
                        && e[1] >= 0.0
                        && e[3] <= 10_000_000.0 =>
                {
                    " The coordinates look like UTM eastings/northings (metres).".to_string()
                }
                _ => String::new(),
            };
            out.push(Finding::new(
                file,
                "crs-missing",
                Severity::Warning,
                format!("no coordinate reference system is given.{hint}"),
                "Ask the contractor for the CRS (EPSG code) and add it, e.g. a .prj next to the file: `gdalsrsinfo -o wkt_esri EPSG:28354 > FILE.prj` (with the right code).",
            ));
        }
        Some(c) => {
            if let Some(e) = &extent {
                if let Some(msg) = extent_mismatch(c, e) {
                    out.push(Finding::new(
                        file,
                        "crs-extent-mismatch",
                        Severity::Error,
                        msg,
                        "The stated CRS is probably wrong: ask the contractor which CRS the coordinates are in and replace the .prj / CRS tag (do not reproject).",
                    ));
                }
            }
        }
    }
    out
}

/// Why the extent `e` cannot be in `crs`, when it cannot.
pub fn extent_mismatch(crs: &Crs, e: &[f64; 4]) -> Option<String> {
    let ext = format!("[{:.6}, {:.6}, {:.6}, {:.6}]", e[0], e[1], e[2], e[3]);
    if crs.is_geographic() {
        if !extent_is_lonlat(e) {
            return Some(format!(
                "the CRS {crs} is geographic (degrees) but the extent {ext} is outside longitude ±180° / latitude ±90° (projected metres?)"
            ));
        }
        return None;
    }
    let p = crs.proj4();
    if p.contains("+proj=utm") {
        let (f, _) = metres_per_unit(Some(crs), Some(e));
        let (xmin, xmax, ymin, ymax) = (e[0] * f, e[2] * f, e[1] * f, e[3] * f);
        if xmin < 0.0 || xmax > 1_200_000.0 || ymin < -10_000_000.0 || ymax > 10_000_000.0 {
            return Some(format!(
                "the CRS {crs} is UTM but the extent {ext} is outside the eastings 0–1 200 000 m / northings ±10 000 000 m of a UTM zone"
            ));
        }
    }
    let w = e[2] - e[0];
    let h = e[3] - e[1];
    if extent_is_lonlat(e) && w < 20.0 && h < 20.0 && (e[0].abs() > 1.0 || e[1].abs() > 1.0) {
        return Some(format!(
            "the CRS {crs} is projected but the extent {ext} spans only {w:.3} × {h:.3} units near the origin, as longitude/latitude degrees would"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utm_extent_to_lonlat() {
        let c = Crs::from_epsg(32755).unwrap();
        let e = lonlat_extent(&c, &[500_000.0, 6_000_000.0, 510_000.0, 6_010_000.0]).unwrap();
        // UTM 55S central meridian 147° E; northing 6 000 000 ≈ 36.1° S.
        assert!((e[0] - 147.0).abs() < 1e-3, "{e:?}");
        assert!((e[1] + 36.13).abs() < 0.05, "{e:?}");
    }

    #[test]
    fn mismatch() {
        let geo = Crs::from_epsg(4326).unwrap();
        assert!(extent_mismatch(&geo, &[500_000.0, 6e6, 510_000.0, 6.01e6]).is_some());
        assert!(extent_mismatch(&geo, &[140.0, -30.0, 141.0, -29.0]).is_none());
        let utm = Crs::from_epsg(32755).unwrap();
        assert!(extent_mismatch(&utm, &[140.0, -30.0, 141.0, -29.0]).is_some());
        assert!(extent_mismatch(&utm, &[500_000.0, 6e6, 510_000.0, 6.01e6]).is_none());
    }
}
