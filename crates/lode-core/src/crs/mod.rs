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
            proj4: fix_epsg_proj4(def.proj4),
            wkt: Some(def.wkt.to_string()),
            name: wkt_name(def.wkt),
        })
    }

    /// A CRS from a proj string (`+proj=utm +zone=33 +datum=WGS84 …`). `+datum=NAD27` (a grid
    /// shift in PROJ) is replaced by the EPSG:1173 Helmert shift: lode has no NADCON grids.
    pub fn from_proj4(s: &str) -> Result<Self> {
        let s = s.trim().replace("+datum=NAD27", wkt::NAD27);
        let s = s.as_str();
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

    /// A CRS from what a user types: `EPSG:N`, a bare code, `urn:ogc:def:crs:EPSG::N`,
    /// `http://www.opengis.net/def/crs/EPSG/0/N`, `OGC:CRS84`, a proj string, or WKT.
    pub fn parse(s: &str) -> Result<Self> {
        let t = s.trim();
        if t.is_empty() {
            return Err(Error::invalid("empty CRS"));
        }
        let lower = t.to_ascii_lowercase();
        if lower == "ogc:crs84" || lower == "urn:ogc:def:crs:ogc:1.3:crs84" || lower == "wgs84" {
            return Self::from_epsg(4326);
        }
        let code_text = lower
            .strip_prefix("epsg:")
            .or_else(|| {
                lower
                    .strip_prefix("urn:ogc:def:crs:epsg:")
                    .map(|r| r.rsplit(':').next().unwrap_or(""))
            })
            .or_else(|| {
                lower
                    .strip_prefix("http://www.opengis.net/def/crs/epsg/")
                    .map(|r| r.rsplit('/').next().unwrap_or(""))
            });
        if let Some(code) = code_text {
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
        if t.contains('[') || t.contains('(') {
            return Self::from_wkt(t);
        }
        Err(Error::invalid(format!(
            "unrecognised CRS {:?} (give EPSG:N, a proj string or WKT)",
            t.chars().take(80).collect::<String>()
        )))
    }

    /// A CRS from WKT: OGC WKT1, ESRI .prj WKT or WKT2. An AUTHORITY["EPSG",N] / ID["EPSG",N] on
    /// the outer object selects that EPSG definition; other WKT is mapped to a proj string by
    /// [`wkt::describe`] and its EPSG code is looked up with [`wkt::identify_epsg_with_names`].
    pub fn from_wkt(s: &str) -> Result<Self> {
        let s = s.trim();
        let d = wkt::describe(s);
        let outer = match &d {
            Ok(d) => d.epsg,
            Err(_) => wkt::outer_epsg(s),
        };
        if let Some(code) = outer {
            if let Ok(mut c) = Self::from_epsg(code) {
                c.wkt = Some(s.to_string());
                if let Ok(d) = &d {
                    c.name = d.name.clone().or(c.name);
                }
                return Ok(c);
            }
        }
        let d = d?;
        let mut c = Self::from_proj4(&d.proj4)?;
        c.epsg = wkt::identify_epsg_with_names(&d.proj4, d.datum.as_deref(), d.name.as_deref());
        c.wkt = Some(s.to_string());
        c.name = d.name;
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

    /// True for longitude/latitude systems (coordinates in degrees).
    pub fn is_geographic(&self) -> bool {
        matches!(
            proj_param(&self.proj4, "proj"),
            Some("longlat" | "latlong" | "lonlat" | "latlon")
        )
    }

    /// Metres per CRS unit of a projected system (`+units`, `+to_meter`); None for geographic ones.
    pub fn to_meter(&self) -> Option<f64> {
        if self.is_geographic() {
            return None;
        }
        if let Some(f) = proj_param(&self.proj4, "to_meter").and_then(|v| v.parse::<f64>().ok()) {
            return Some(f);
        }
        Some(match proj_param(&self.proj4, "units") {
            None | Some("m") => 1.0,
            Some("km") => 1000.0,
            Some("ft") => 0.3048,
            Some("us-ft") => 1200.0 / 3937.0,
            Some("yd") => 0.9144,
            Some("us-yd") => 3600.0 / 3937.0,
            Some("ind-ft") => 0.30479841,
            Some("ind-yd") => 0.91439523,
            Some("ch") => 20.1168,
            Some("link") => 0.201168,
            Some("mi") => 1609.344,
            Some(_) => f64::NAN,
        })
    }

    /// True when coordinates are metres (a projected CRS with metre units).
    pub fn units_are_metres(&self) -> bool {
        self.to_meter() == Some(1.0)
    }

    /// WKT to write into an ESRI `.prj` file: the EPSG dataset's WKT1 when the code is known,
    /// else the WKT the CRS was read from, else WKT1 generated from the proj string.
    pub fn prj_wkt(&self) -> String {
        if let Some(def) = self
            .epsg
            .and_then(|c| u16::try_from(c).ok())
            .and_then(crs_definitions::from_code)
        {
            return def.wkt.to_string();
        }
        if let Some(w) = &self.wkt {
            return w.clone();
        }
        wkt::from_proj4(&self.proj4, self.name.as_deref())
    }

    /// The proj4rs projection object for this CRS.
    pub(crate) fn proj(&self) -> Result<proj4rs::Proj> {
        proj4rs::Proj::from_proj_string(&self.proj4).map_err(|e| {
            Error::invalid(format!(
                "CRS {} cannot be used for transformations: {e}",
                self.identifier()
            ))
        })
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

/// The value of `+key=value` (or `+key` → "") in a proj string.
pub(crate) fn proj_param<'a>(proj4: &'a str, key: &str) -> Option<&'a str> {
    proj4.split_whitespace().find_map(|t| {
        let t = t.strip_prefix('+')?;
        match t.split_once('=') {
            Some((k, v)) if k == key => Some(v),
            None if t == key => Some(""),
            _ => None,
        }
    })
}

/// The EPSG dataset's proj string, made usable without grid files: NAD27 gets the EPSG:1173
/// Helmert shift (lode has no NADCON grids), OSGB36 the EPSG:1314 parameters as PROJ has them
/// (proj4rs's built-in `+datum=OSGB36` carries older, longer-digit values), DHDN (`+datum=potsdam`,
/// a grid in PROJ 9) the 7-parameter set proj4rs uses, written out, and a GRS80/WGS84 ellipsoid without any datum
/// information (GDA2020, …) gets a null shift so that it is datum-shifted like WGS 84.
fn fix_epsg_proj4(p: &str) -> String {
    let p = p.trim();
    let p = p
        .replace("+datum=NAD27", wkt::NAD27)
        .replace("+datum=OSGB36", wkt::OSGB36)
        .replace("+datum=potsdam", wkt::DHDN);
    let has_datum = p.contains("+datum=") || p.contains("+towgs84=") || p.contains("+nadgrids=");
    if !has_datum && (p.contains("+ellps=GRS80") || p.contains("+ellps=WGS84")) {
        return format!("{p} +towgs84=0,0,0,0,0,0,0");
    }
    p
}

pub mod reproject;
pub mod transform;
pub mod wkt;
pub use reproject::{reproject_grid, reproject_layer, resample_to, Resampling};
pub use transform::Transformer;
