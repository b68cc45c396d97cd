//! GeoKeys (GeoTIFF 1.0, Ritter & Ruth 1995; OGC GeoTIFF 1.1, 2019): the key directory
//! (tag 34735) with its double (34736) and ASCII (34737) parameters, mapped to and from
//! [`Crs`]. EPSG-coded systems map to `Crs::from_epsg`; user-defined projections
//! (Transverse Mercator, Mercator, Lambert conformal conic 1SP/2SP, Albers) to a proj string.

use std::collections::BTreeMap;

use lode_core::Crs;

/// Key IDs used here.
pub(crate) mod key {
    pub const MODEL_TYPE: u16 = 1024;
    pub const RASTER_TYPE: u16 = 1025;
    pub const GEOGRAPHIC_TYPE: u16 = 2048;
    pub const GEOG_DATUM: u16 = 2050;
    pub const GEOG_PRIME_MERIDIAN_LONG: u16 = 2061;
    pub const GEOG_ANGULAR_UNITS: u16 = 2054;
    pub const GEOG_ELLIPSOID: u16 = 2056;
    pub const GEOG_SEMI_MAJOR: u16 = 2057;
    pub const GEOG_SEMI_MINOR: u16 = 2058;
    pub const GEOG_INV_FLATTENING: u16 = 2059;
    pub const GEOG_TOWGS84: u16 = 2062;
    pub const PROJECTED_CS_TYPE: u16 = 3072;
    pub const PROJECTION: u16 = 3074;
    pub const COORD_TRANS: u16 = 3075;
    pub const LINEAR_UNITS: u16 = 3076;
    pub const LINEAR_UNIT_SIZE: u16 = 3077;
    pub const STD_PARALLEL1: u16 = 3078;
    pub const STD_PARALLEL2: u16 = 3079;
    pub const NAT_ORIGIN_LONG: u16 = 3080;
    pub const NAT_ORIGIN_LAT: u16 = 3081;
    pub const FALSE_EASTING: u16 = 3082;
    pub const FALSE_NORTHING: u16 = 3083;
    pub const FALSE_ORIGIN_LONG: u16 = 3084;
    pub const FALSE_ORIGIN_LAT: u16 = 3085;
    pub const FALSE_ORIGIN_EASTING: u16 = 3086;
    pub const FALSE_ORIGIN_NORTHING: u16 = 3087;
    pub const CENTER_LONG: u16 = 3088;
    pub const CENTER_LAT: u16 = 3089;
    pub const SCALE_AT_NAT_ORIGIN: u16 = 3092;
    pub const SCALE_AT_CENTER: u16 = 3093;
}

/// `user-defined` in GeoKey code space.
pub(crate) const USER_DEFINED: u16 = 32767;

/// One key's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum KeyValue {
    Short(u16),
    Doubles(Vec<f64>),
    Ascii(String),
}

/// The parsed key directory.
#[derive(Debug, Default)]
pub(crate) struct GeoKeys(pub BTreeMap<u16, KeyValue>);

impl GeoKeys {
    /// Parse the directory from its SHORT values and the parameter tags.
    pub fn parse(dir: &[u64], doubles: &[f64], ascii: &str) -> Result<GeoKeys, String> {
        if dir.len() < 4 {
            return Err("GeoKeyDirectory is shorter than its header".into());
        }
        let n = dir[3] as usize;
        if n > 65535 || dir.len() < 4 + 4 * n {
            return Err(format!(
                "GeoKeyDirectory declares {n} keys but holds {}",
                (dir.len() - 4) / 4
            ));
        }
        let mut m = BTreeMap::new();
        for e in dir[4..4 + 4 * n].chunks_exact(4) {
            let (id, loc, count, off) = (e[0] as u16, e[1], e[2] as usize, e[3] as usize);
            let v = match loc {
                0 => KeyValue::Short(e[3] as u16),
                34736 => match doubles.get(off..off.saturating_add(count)) {
                    Some(d) => KeyValue::Doubles(d.to_vec()),
                    None => return Err(format!("GeoKey {id} points beyond GeoDoubleParams")),
                },
                34737 => match ascii.get(off..off.saturating_add(count)) {
                    Some(a) => KeyValue::Ascii(a.trim_end_matches(['|', '\0']).to_string()),
                    None => KeyValue::Ascii(String::new()),
                },
                34735 => match dir.get(off..off.saturating_add(count)) {
                    Some(s) if !s.is_empty() => KeyValue::Short(s[0] as u16),
                    _ => return Err(format!("GeoKey {id} points beyond the key directory")),
                },
                l => return Err(format!("GeoKey {id} stored in unknown tag {l}")),
            };
            m.insert(id, v);
        }
        Ok(GeoKeys(m))
    }

    pub fn short(&self, k: u16) -> Option<u16> {
        match self.0.get(&k)? {
            KeyValue::Short(v) => Some(*v),
            _ => None,
        }
    }

    pub fn double(&self, k: u16) -> Option<f64> {
        match self.0.get(&k)? {
            KeyValue::Doubles(v) => v.first().copied(),
            KeyValue::Short(v) => Some(*v as f64),
            _ => None,
        }
    }

    fn doubles(&self, k: u16) -> Option<&[f64]> {
        match self.0.get(&k)? {
            KeyValue::Doubles(v) => Some(v),
            _ => None,
        }
    }

    /// True when RasterTypeGeoKey says PixelIsPoint.
    pub fn pixel_is_point(&self) -> bool {
        self.short(key::RASTER_TYPE) == Some(2)
    }

    /// The CRS the keys describe; `Ok(None)` when there is none, `Err` when it cannot be mapped.
    pub fn crs(&self) -> Result<Option<Crs>, String> {
        let model = self.short(key::MODEL_TYPE);
        if let Some(code) = self
            .short(key::PROJECTED_CS_TYPE)
            .filter(|&c| c > 0 && c < USER_DEFINED)
        {
            if let Ok(c) = Crs::from_epsg(code as u32) {
                return Ok(Some(c));
            }
        }
        let projected = model == Some(1)
            || self.0.contains_key(&key::PROJECTION)
            || self.0.contains_key(&key::COORD_TRANS);
        if !projected {
            if let Some(code) = self
                .short(key::GEOGRAPHIC_TYPE)
                .filter(|&c| c > 0 && c < USER_DEFINED)
            {
                if let Ok(c) = Crs::from_epsg(code as u32) {
                    return Ok(Some(c));
                }
            }
            if model == Some(2)
                || self.0.contains_key(&key::GEOG_DATUM)
                || self.0.contains_key(&key::GEOG_ELLIPSOID)
            {
                let s = format!("+proj=longlat {} +no_defs", self.datum()?);
                if s.contains("NaN") || s.contains("inf") {
                    return Err(format!("invalid datum parameters: {s}"));
                }
                return Crs::from_proj4(&s).map(Some).map_err(|e| e.to_string());
            }
            if let Some(code) = self
                .short(key::PROJECTED_CS_TYPE)
                .filter(|&c| c > 0 && c < USER_DEFINED)
            {
                return Err(format!("unknown EPSG code {code} in ProjectedCSTypeGeoKey"));
            }
            return Ok(None);
        }
        let proj = self.projection()?;
        let s = format!("{proj} {} {} +no_defs", self.datum()?, self.units()?.0);
        if s.contains("NaN") || s.contains("inf") {
            return Err(format!("invalid projection parameters: {s}"));
        }
        Crs::from_proj4(&s).map(Some).map_err(|e| e.to_string())
    }

    /// Datum or ellipsoid part of a proj string.
    fn datum(&self) -> Result<String, String> {
        let mut parts = Vec::new();
        let from_code = |code: u16| -> Option<String> {
            let c = Crs::from_epsg(code as u32).ok()?;
            let toks: Vec<&str> = c
                .proj4()
                .split_whitespace()
                .filter(|t| {
                    [
                        "+datum=",
                        "+ellps=",
                        "+towgs84=",
                        "+a=",
                        "+b=",
                        "+rf=",
                        "+pm=",
                    ]
                    .iter()
                    .any(|p| t.starts_with(p))
                })
                .collect();
            (!toks.is_empty()).then(|| toks.join(" "))
        };
        let geog = self
            .short(key::GEOGRAPHIC_TYPE)
            .filter(|&c| c > 0 && c < USER_DEFINED);
        let datum = self
            .short(key::GEOG_DATUM)
            .filter(|&c| c > 6000 && c < 7000);
        if let Some(s) = geog
            .and_then(from_code)
            .or_else(|| datum.and_then(|d| from_code(d - 2000)))
        {
            parts.push(s);
        } else if let Some(e) = self.short(key::GEOG_ELLIPSOID).and_then(ellipsoid_name) {
            parts.push(format!("+ellps={e}"));
        } else if let Some(a) = self.double(key::GEOG_SEMI_MAJOR) {
            if let Some(rf) = self.double(key::GEOG_INV_FLATTENING).filter(|&f| f > 0.0) {
                match ELLIPSOIDS
                    .iter()
                    .find(|e| (e.1 - a).abs() < 1e-3 && (e.2 - rf).abs() < 1e-6)
                {
                    Some(e) => parts.push(format!("+ellps={}", e.0)),
                    None => parts.push(format!("+a={a} +rf={rf}")),
                }
            } else if let Some(b) = self.double(key::GEOG_SEMI_MINOR) {
                parts.push(format!("+a={a} +b={b}"));
            } else {
                parts.push(format!("+a={a} +b={a}"));
            }
        } else {
            parts.push("+datum=WGS84".into());
        }
        if let Some(t) = self.doubles(key::GEOG_TOWGS84) {
            if !parts[0].contains("+towgs84") && (t.len() == 3 || t.len() == 7) {
                parts.push(format!(
                    "+towgs84={}",
                    t.iter()
                        .map(|v| v.to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                ));
            }
        }
        if let Some(pm) = self
            .double(key::GEOG_PRIME_MERIDIAN_LONG)
            .filter(|&p| p != 0.0)
        {
            parts.push(format!("+pm={}", self.angle(pm)));
        }
        Ok(parts.join(" "))
    }

    /// An angle in the file's angular units, as degrees.
    fn angle(&self, v: f64) -> f64 {
        match self.short(key::GEOG_ANGULAR_UNITS) {
            Some(9101) => v.to_degrees(),
            Some(9105) => v * 0.9,
            _ => v,
        }
    }

    /// `+units=…` and the unit's size in metres.
    fn units(&self) -> Result<(String, f64), String> {
        Ok(match self.short(key::LINEAR_UNITS) {
            None | Some(9001) => ("+units=m".into(), 1.0),
            Some(9002) => ("+units=ft".into(), 0.3048),
            Some(9003) => ("+units=us-ft".into(), 1200.0 / 3937.0),
            Some(USER_DEFINED) => match self.double(key::LINEAR_UNIT_SIZE) {
                Some(s) if s > 0.0 => (format!("+to_meter={s}"), s),
                _ => return Err("user-defined linear unit without a size".into()),
            },
            Some(u) => return Err(format!("unsupported linear unit code {u}")),
        })
    }

    /// Projection part of a proj string.
    fn projection(&self) -> Result<String, String> {
        if let Some(p) = self.short(key::PROJECTION) {
            if (16001..=16060).contains(&p) {
                return Ok(format!("+proj=utm +zone={}", p - 16000));
            }
            if (16101..=16160).contains(&p) {
                return Ok(format!("+proj=utm +zone={} +south", p - 16100));
            }
        }
        let Some(ct) = self.short(key::COORD_TRANS) else {
            return Err(match self.short(key::PROJECTED_CS_TYPE) {
                Some(c) if c != USER_DEFINED => {
                    format!("unknown EPSG code {c} in ProjectedCSTypeGeoKey")
                }
                _ => "projected CRS without ProjCoordTransGeoKey".into(),
            });
        };
        let m = self.units()?.1;
        let a = |k: u16| self.double(k).map(|v| self.angle(v));
        let lon0 = a(key::NAT_ORIGIN_LONG)
            .or(a(key::FALSE_ORIGIN_LONG))
            .or(a(key::CENTER_LONG))
            .unwrap_or(0.0);
        let lat0 = a(key::NAT_ORIGIN_LAT)
            .or(a(key::FALSE_ORIGIN_LAT))
            .or(a(key::CENTER_LAT))
            .unwrap_or(0.0);
        let fe = self
            .double(key::FALSE_EASTING)
            .or(self.double(key::FALSE_ORIGIN_EASTING))
            .unwrap_or(0.0)
            * m;
        let fn_ = self
            .double(key::FALSE_NORTHING)
            .or(self.double(key::FALSE_ORIGIN_NORTHING))
            .unwrap_or(0.0)
            * m;
        let k = self
            .double(key::SCALE_AT_NAT_ORIGIN)
            .or(self.double(key::SCALE_AT_CENTER))
            .unwrap_or(1.0);
        if ![lon0, lat0, fe, fn_, k].iter().all(|v| v.is_finite()) {
            return Err("projection parameters are not finite".into());
        }
        Ok(match ct {
            1 => format!("+proj=tmerc +lat_0={lat0} +lon_0={lon0} +k={k} +x_0={fe} +y_0={fn_}"),
            7 => match a(key::STD_PARALLEL1) {
                Some(ts) => format!("+proj=merc +lat_ts={ts} +lon_0={lon0} +x_0={fe} +y_0={fn_}"),
                None => format!("+proj=merc +lon_0={lon0} +k={k} +x_0={fe} +y_0={fn_}"),
            },
            8 => format!(
                "+proj=lcc +lat_1={} +lat_2={} +lat_0={lat0} +lon_0={lon0} +x_0={fe} +y_0={fn_}",
                a(key::STD_PARALLEL1).unwrap_or(lat0),
                a(key::STD_PARALLEL2).unwrap_or(lat0)
            ),
            9 => format!(
                "+proj=lcc +lat_1={lat0} +lat_0={lat0} +lon_0={lon0} +k_0={k} +x_0={fe} +y_0={fn_}"
            ),
            11 => format!(
                "+proj=aea +lat_1={} +lat_2={} +lat_0={lat0} +lon_0={lon0} +x_0={fe} +y_0={fn_}",
                a(key::STD_PARALLEL1).unwrap_or(lat0),
                a(key::STD_PARALLEL2).unwrap_or(lat0)
            ),
            c => {
                return Err(format!(
                    "coordinate transformation code {c} (ProjCoordTransGeoKey) is not supported"
                ))
            }
        })
    }
}

/// proj ellipsoids: name, semi-major axis (m), inverse flattening.
const ELLIPSOIDS: &[(&str, f64, f64)] = &[
    ("WGS84", 6378137.0, 298.257223563),
    ("GRS80", 6378137.0, 298.257222101),
    ("krass", 6378245.0, 298.3),
    ("intl", 6378388.0, 297.0),
    ("bessel", 6377397.155, 299.1528128),
    ("airy", 6377563.396, 299.3249646),
    ("WGS72", 6378135.0, 298.26),
];

/// proj ellipsoid name of an EPSG ellipsoid code.
fn ellipsoid_name(code: u16) -> Option<&'static str> {
    Some(match code {
        7030 => "WGS84",
        7019 => "GRS80",
        7024 => "krass",
        7022 => "intl",
        7008 => "clrk66",
        7012 => "clrk80",
        7004 => "bessel",
        7001 => "airy",
        7043 => "WGS72",
        _ => return None,
    })
}

fn ellipsoid_code(name: &str) -> Option<u16> {
    Some(match name {
        "WGS84" => 7030,
        "GRS80" => 7019,
        "krass" => 7024,
        "intl" => 7022,
        "clrk66" => 7008,
        "clrk80" => 7012,
        "bessel" => 7004,
        "airy" => 7001,
        "WGS72" => 7043,
        _ => return None,
    })
}

/// Keys to write for a CRS, pixel-is-area. `Err` carries the reason when the CRS cannot be
/// expressed (the caller then writes no CRS and warns).
pub(crate) fn keys_for(crs: &Crs) -> Result<GeoKeys, String> {
    let mut m = BTreeMap::new();
    m.insert(key::RASTER_TYPE, KeyValue::Short(1));
    if let Some(code) = crs.epsg().filter(|&c| c > 0 && c < USER_DEFINED as u32) {
        if crs.is_geographic() {
            m.insert(key::MODEL_TYPE, KeyValue::Short(2));
            m.insert(key::GEOGRAPHIC_TYPE, KeyValue::Short(code as u16));
        } else {
            m.insert(key::MODEL_TYPE, KeyValue::Short(1));
            m.insert(key::PROJECTED_CS_TYPE, KeyValue::Short(code as u16));
        }
        return Ok(GeoKeys(m));
    }
    let p: BTreeMap<&str, &str> = crs
        .proj4()
        .split_whitespace()
        .filter_map(|t| t.strip_prefix('+'))
        .map(|t| t.split_once('=').unwrap_or((t, "")))
        .collect();
    let num = |k: &str, def: f64| -> Result<f64, String> {
        match p.get(k) {
            None => Ok(def),
            Some(v) => v.parse().map_err(|_| format!("+{k}={v} is not a number")),
        }
    };
    match p.get("units").copied() {
        None | Some("m") => {}
        Some(u) => return Err(format!("linear unit {u} is not written")),
    }
    if p.contains_key("to_meter") || p.contains_key("pm") {
        return Err("+to_meter and +pm are not written".into());
    }
    // Base geographic system.
    if let Some(dat) = p.get("datum") {
        let code = match *dat {
            "WGS84" => 4326,
            "NAD83" => 4269,
            "NAD27" => 4267,
            "potsdam" => 4314,
            d => return Err(format!("datum {d} has no GeoKey mapping here")),
        };
        m.insert(key::GEOGRAPHIC_TYPE, KeyValue::Short(code));
    } else {
        m.insert(key::GEOGRAPHIC_TYPE, KeyValue::Short(USER_DEFINED));
        m.insert(key::GEOG_DATUM, KeyValue::Short(USER_DEFINED));
        m.insert(key::GEOG_ANGULAR_UNITS, KeyValue::Short(9102));
        if let Some(code) = p.get("ellps").and_then(|e| ellipsoid_code(e)) {
            m.insert(key::GEOG_ELLIPSOID, KeyValue::Short(code));
        } else if p.contains_key("a") && (p.contains_key("rf") || p.contains_key("b")) {
            m.insert(key::GEOG_ELLIPSOID, KeyValue::Short(USER_DEFINED));
            m.insert(
                key::GEOG_SEMI_MAJOR,
                KeyValue::Doubles(vec![num("a", 0.0)?]),
            );
            if p.contains_key("rf") {
                m.insert(
                    key::GEOG_INV_FLATTENING,
                    KeyValue::Doubles(vec![num("rf", 0.0)?]),
                );
            } else {
                m.insert(
                    key::GEOG_SEMI_MINOR,
                    KeyValue::Doubles(vec![num("b", 0.0)?]),
                );
            }
        } else {
            return Err(format!(
                "ellipsoid of {} has no GeoKey mapping here",
                crs.proj4()
            ));
        }
        if let Some(t) = p.get("towgs84") {
            let v: Result<Vec<f64>, _> = t.split(',').map(|x| x.parse::<f64>()).collect();
            m.insert(
                key::GEOG_TOWGS84,
                KeyValue::Doubles(v.map_err(|_| format!("bad +towgs84={t}"))?),
            );
        }
    }
    match p.get("proj").copied() {
        Some("longlat" | "latlong") => {
            m.insert(key::MODEL_TYPE, KeyValue::Short(2));
        }
        Some(proj @ ("tmerc" | "utm")) => {
            m.insert(key::MODEL_TYPE, KeyValue::Short(1));
            m.insert(key::PROJECTED_CS_TYPE, KeyValue::Short(USER_DEFINED));
            let utm_code = match (proj, num("zone", 0.0)?) {
                ("utm", z) if (1.0..=60.0).contains(&z) => {
                    z as u16
                        + if p.contains_key("south") {
                            16100
                        } else {
                            16000
                        }
                }
                _ => USER_DEFINED,
            };
            m.insert(key::PROJECTION, KeyValue::Short(utm_code));
            m.insert(key::COORD_TRANS, KeyValue::Short(1));
            m.insert(key::LINEAR_UNITS, KeyValue::Short(9001));
            let (lat0, lon0, k, fe, fnn) = if proj == "utm" {
                let zone = num("zone", 0.0)?;
                if !(1.0..=60.0).contains(&zone) {
                    return Err(format!("UTM zone {zone} is invalid"));
                }
                let south = p.contains_key("south");
                (
                    0.0,
                    zone * 6.0 - 183.0,
                    0.9996,
                    500000.0,
                    if south { 10_000_000.0 } else { 0.0 },
                )
            } else {
                (
                    num("lat_0", 0.0)?,
                    num("lon_0", 0.0)?,
                    num("k", num("k_0", 1.0)?)?,
                    num("x_0", 0.0)?,
                    num("y_0", 0.0)?,
                )
            };
            m.insert(key::NAT_ORIGIN_LAT, KeyValue::Doubles(vec![lat0]));
            m.insert(key::NAT_ORIGIN_LONG, KeyValue::Doubles(vec![lon0]));
            m.insert(key::SCALE_AT_NAT_ORIGIN, KeyValue::Doubles(vec![k]));
            m.insert(key::FALSE_EASTING, KeyValue::Doubles(vec![fe]));
            m.insert(key::FALSE_NORTHING, KeyValue::Doubles(vec![fnn]));
        }
        other => {
            return Err(format!(
                "projection {} has no GeoKey mapping here",
                other.unwrap_or("?")
            ))
        }
    }
    Ok(GeoKeys(m))
}

impl GeoKeys {
    /// Encode as (directory SHORTs, double params, ASCII params).
    pub fn encode(&self) -> (Vec<u16>, Vec<f64>, String) {
        let mut dir = vec![1, 1, 0, self.0.len() as u16];
        let mut dbl = Vec::new();
        let mut asc = String::new();
        for (&id, v) in &self.0 {
            match v {
                KeyValue::Short(s) => dir.extend([id, 0, 1, *s]),
                KeyValue::Doubles(d) => {
                    dir.extend([id, 34736, d.len() as u16, dbl.len() as u16]);
                    dbl.extend_from_slice(d);
                }
                KeyValue::Ascii(a) => {
                    let start = asc.len() as u16;
                    asc.push_str(a);
                    asc.push('|');
                    dir.extend([id, 34737, (a.len() + 1) as u16, start]);
                }
            }
        }
        (dir, dbl, asc)
    }
}
