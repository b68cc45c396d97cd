//! Coordinate reference systems: EPSG codes, proj strings and WKT, and transformations between them.

use crate::{Error, Result};

/// A coordinate reference system.
///
/// Always carries a proj string (the definition transformations use); keeps the EPSG code and
/// the WKT it came from when known.
#[derive(Debug, Clone, PartialEq)]
pub struct Crs {
    epsg: Option<u32>,
    proj4: String,
    wkt: Option<String>,
    name: Option<String>,
}

impl Crs {
    /// The CRS with this EPSG code.
    pub fn from_epsg(code: u32) -> Result<Self> {
        let def = u16::try_from(code)
            .ok()
            .and_then(crs_definitions::from_code)
            .ok_or_else(|| Error::invalid(format!("unknown EPSG code {code}")))?;
        Ok(Crs {
            epsg: Some(code),
            proj4: def.proj4.trim().to_string(),
            wkt: Some(def.wkt.to_string()),
            name: wkt_name(def.wkt),
        })
    }

    /// A CRS from a proj string (`+proj=utm +zone=33 +datum=WGS84 …`).
    pub fn from_proj4(s: &str) -> Result<Self> {
        let s = s.trim();
        if !s.contains("+proj=") {
            return Err(Error::invalid(format!("not a proj string: {s:?}")));
        }
        proj4rs::Proj::from_proj_string(s)
            .map_err(|e| Error::invalid(format!("invalid proj string {s:?}: {e}")))?;
        Ok(Crs {
            epsg: None,
            proj4: s.to_string(),
            wkt: None,
            name: None,
        })
    }

    /// A CRS from what a user types: `EPSG:N`, a bare code, a proj string, or WKT.
    pub fn parse(s: &str) -> Result<Self> {
        let t = s.trim();
        let lower = t.to_ascii_lowercase();
        if let Some(code) = lower.strip_prefix("epsg:") {
            let code: u32 = code
                .trim()
                .parse()
                .map_err(|_| Error::invalid(format!("invalid EPSG code {t:?}")))?;
            return Self::from_epsg(code);
        }
        if let Ok(code) = t.parse::<u32>() {
            return Self::from_epsg(code);
        }
        if t.contains("+proj=") {
            return Self::from_proj4(t);
        }
        if t.contains('[') {
            return Self::from_wkt(t);
        }
        Err(Error::invalid(format!("unrecognised CRS {t:?}")))
    }

    /// A CRS from WKT (OGC WKT1 or ESRI .prj flavour). Recognises an AUTHORITY["EPSG",…] on the
    /// outer object; other WKT is mapped to a proj string by [`wkt::to_proj4`].
    pub fn from_wkt(s: &str) -> Result<Self> {
        let s = s.trim();
        if let Some(code) = wkt::outer_epsg(s) {
            if let Ok(mut c) = Self::from_epsg(code) {
                c.wkt = Some(s.to_string());
                return Ok(c);
            }
        }
        let proj4 = wkt::to_proj4(s)?;
        let mut c = Self::from_proj4(&proj4)?;
        c.epsg = wkt::identify_epsg(&proj4);
        c.wkt = Some(s.to_string());
        c.name = wkt_name(s);
        Ok(c)
    }

    /// The EPSG code, when known.
    pub fn epsg(&self) -> Option<u32> {
        self.epsg
    }

    /// The proj string.
    pub fn proj4(&self) -> &str {
        &self.proj4
    }

    /// The WKT it was read from or the EPSG database's WKT, when known.
    pub fn wkt(&self) -> Option<&str> {
        self.wkt.as_deref()
    }

    /// Human-readable name, when known.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// True for longitude/latitude systems.
    pub fn is_geographic(&self) -> bool {
        self.proj4.contains("+proj=longlat") || self.proj4.contains("+proj=latlong")
    }

    /// `EPSG:N` when the code is known, otherwise the proj string.
    pub fn identifier(&self) -> String {
        match self.epsg {
            Some(c) => format!("EPSG:{c}"),
            None => self.proj4.clone(),
        }
    }

    /// True when both describe the same system (same EPSG code, or same proj string).
    pub fn same_as(&self, other: &Crs) -> bool {
        match (self.epsg, other.epsg) {
            (Some(a), Some(b)) => a == b,
            _ => normalise(&self.proj4) == normalise(&other.proj4),
        }
    }
}

impl std::fmt::Display for Crs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.identifier())
    }
}

fn normalise(p: &str) -> Vec<String> {
    let mut v: Vec<String> = p
        .split_whitespace()
        .filter(|t| *t != "+no_defs" && *t != "+type=crs")
        .map(|t| t.to_string())
        .collect();
    v.sort();
    v
}

fn wkt_name(wkt: &str) -> Option<String> {
    let start = wkt.find('"')? + 1;
    let end = start + wkt[start..].find('"')?;
    Some(wkt[start..end].to_string())
}

pub mod wkt;
pub mod reproject;
pub use reproject::{reproject_grid, reproject_layer, Resampling};
