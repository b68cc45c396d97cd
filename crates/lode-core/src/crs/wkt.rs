//! WKT (OGC WKT1 / ESRI) parsing into proj strings.

use crate::{Error, Result};

/// The EPSG code of the outermost object's AUTHORITY/ID, if any.
pub fn outer_epsg(wkt: &str) -> Option<u32> {
    let t = wkt.trim_end().trim_end_matches(']');
    let i = t.rfind("AUTHORITY[").or_else(|| t.rfind("ID["))?;
    let tail = &t[i..];
    if tail.matches('[').count() != 1 {
        return None;
    }
    let code: String = tail
        .split(',')
        .nth(1)?
        .chars()
        .filter(|c| c.is_ascii_digit())
        .collect();
    if !tail.to_ascii_uppercase().contains("EPSG") {
        return None;
    }
    code.parse().ok()
}

/// Map WKT without an EPSG authority to a proj string.
pub fn to_proj4(wkt: &str) -> Result<String> {
    Err(Error::invalid(format!(
        "cannot map this WKT to a coordinate system: {}",
        wkt.chars().take(60).collect::<String>()
    )))
}

/// The EPSG code matching a proj string, when one is known.
pub fn identify_epsg(_proj4: &str) -> Option<u32> {
    None
}
