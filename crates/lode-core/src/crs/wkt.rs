//! WKT parsing into proj strings: OGC WKT1 (OGC 01-009), the ESRI .prj flavour and WKT2
//! (ISO 19162:2019 / OGC 18-010r7).
//!
//! [`parse`] builds the WKT tree with a small tokenizer; [`to_proj4`] maps the tree to a proj
//! string (projection method, parameters, ellipsoid, datum shift, units); [`identify_epsg`] finds
//! the EPSG code of a proj string among the common families by comparing normalised parameters.

use crate::{Error, Result};

/// Deepest nesting accepted (real WKT nests fewer than 10 levels).
const MAX_DEPTH: usize = 32;
/// Longest WKT accepted, bytes.
const MAX_LEN: usize = 1 << 20;

/// One WKT node: `KEYWORD[arg, arg, …]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Keyword in upper case (`PROJCS`, `GEOGCRS`, `PARAMETER`, …).
    pub keyword: String,
    /// Arguments in order.
    pub args: Vec<Value>,
}

/// A WKT argument.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A quoted string.
    Text(String),
    /// A number.
    Number(f64),
    /// A bare word (axis directions such as `EAST`).
    Word(String),
    /// A nested node.
    Node(Node),
}

impl Node {
    /// The first child node with one of these keywords.
    pub fn child(&self, keywords: &[&str]) -> Option<&Node> {
        self.args.iter().find_map(|a| match a {
            Value::Node(n) if keywords.contains(&n.keyword.as_str()) => Some(n),
            _ => None,
        })
    }

    /// All child nodes with one of these keywords.
    pub fn children<'a>(&'a self, keywords: &'a [&'a str]) -> impl Iterator<Item = &'a Node> + 'a {
        self.args.iter().filter_map(move |a| match a {
            Value::Node(n) if keywords.contains(&n.keyword.as_str()) => Some(n),
            _ => None,
        })
    }

    /// The first quoted string argument (the object's name).
    pub fn name(&self) -> Option<&str> {
        self.args.iter().find_map(|a| match a {
            Value::Text(s) => Some(s.as_str()),
            _ => None,
        })
    }

    /// The i-th numeric argument (counting numbers only).
    pub fn number(&self, i: usize) -> Option<f64> {
        self.args
            .iter()
            .filter_map(|a| match a {
                Value::Number(x) => Some(*x),
                _ => None,
            })
            .nth(i)
    }

    /// All numeric arguments.
    pub fn numbers(&self) -> Vec<f64> {
        self.args
            .iter()
            .filter_map(|a| match a {
                Value::Number(x) => Some(*x),
                _ => None,
            })
            .collect()
    }

    /// The EPSG code of this node's own AUTHORITY["EPSG",N] or ID["EPSG",N].
    pub fn epsg(&self) -> Option<u32> {
        self.children(&["AUTHORITY", "ID"]).find_map(|a| {
            if !a.name()?.eq_ignore_ascii_case("EPSG") {
                return None;
            }
            match a.args.get(1)? {
                Value::Number(x) if *x >= 0.0 && *x < 1e9 && x.fract() == 0.0 => Some(*x as u32),
                Value::Text(s) => s.trim().parse().ok(),
                _ => None,
            }
        })
    }
}

/// Parse WKT text into its tree.
pub fn parse(s: &str) -> Result<Node> {
    if s.len() > MAX_LEN {
        return Err(Error::invalid(format!(
            "WKT of {} bytes is too long",
            s.len()
        )));
    }
    let mut p = Parser {
        s: s.as_bytes(),
        i: 0,
    };
    p.skip_ws();
    let node = p.node(0)?;
    p.skip_ws();
    if p.i != p.s.len() {
        return Err(p.err("unexpected text after the closing bracket"));
    }
    Ok(node)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn err(&self, msg: &str) -> Error {
        Error::invalid(format!("malformed WKT at byte {}: {msg}", self.i))
    }

    fn skip_ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn word(&mut self) -> String {
        let start = self.i;
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_')
        {
            self.i += 1;
        }
        String::from_utf8_lossy(&self.s[start..self.i]).into_owned()
    }

    fn node(&mut self, depth: usize) -> Result<Node> {
        if depth >= MAX_DEPTH {
            return Err(self.err("nested too deeply"));
        }
        let keyword = self.word();
        if keyword.is_empty() || !keyword.as_bytes()[0].is_ascii_alphabetic() {
            return Err(self.err("expected a keyword"));
        }
        self.skip_ws();
        let close = match self.s.get(self.i) {
            Some(b'[') => b']',
            Some(b'(') => b')',
            _ => return Err(self.err(&format!("expected '[' after {keyword}"))),
        };
        self.i += 1;
        let mut args = Vec::new();
        loop {
            self.skip_ws();
            match self.s.get(self.i) {
                None => return Err(self.err(&format!("unterminated {keyword}[…]"))),
                Some(&c) if c == close && args.is_empty() => {
                    self.i += 1;
                    break;
                }
                _ => {}
            }
            args.push(self.value(depth)?);
            self.skip_ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(&c) if c == close => {
                    self.i += 1;
                    break;
                }
                None => return Err(self.err(&format!("unterminated {keyword}[…]"))),
                _ => return Err(self.err(&format!("expected ',' or closing bracket in {keyword}"))),
            }
        }
        Ok(Node {
            keyword: keyword.to_ascii_uppercase(),
            args,
        })
    }

    fn value(&mut self, depth: usize) -> Result<Value> {
        match self.s.get(self.i) {
            Some(b'"') => {
                self.i += 1;
                let mut out = Vec::new();
                loop {
                    match self.s.get(self.i) {
                        None => return Err(self.err("unterminated string")),
                        Some(b'"') if self.s.get(self.i + 1) == Some(&b'"') => {
                            out.push(b'"');
                            self.i += 2;
                        }
                        Some(b'"') => {
                            self.i += 1;
                            break;
                        }
                        Some(&c) => {
                            out.push(c);
                            self.i += 1;
                        }
                    }
                }
                Ok(Value::Text(String::from_utf8_lossy(&out).into_owned()))
            }
            Some(c) if c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.') => {
                let start = self.i;
                while self.i < self.s.len()
                    && (self.s[self.i].is_ascii_alphanumeric()
                        || matches!(self.s[self.i], b'-' | b'+' | b'.'))
                {
                    self.i += 1;
                }
                let t = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("");
                t.parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .map(Value::Number)
                    .ok_or_else(|| {
                        Error::invalid(format!("malformed WKT at byte {start}: bad number {t:?}"))
                    })
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let save = self.i;
                let w = self.word();
                self.skip_ws();
                if matches!(self.s.get(self.i), Some(b'[') | Some(b'(')) {
                    self.i = save;
                    Ok(Value::Node(self.node(depth + 1)?))
                } else {
                    Ok(Value::Word(w))
                }
            }
            _ => Err(self.err("expected a value")),
        }
    }
}

/// The EPSG code of the outermost object's AUTHORITY/ID, if any.
pub fn outer_epsg(wkt: &str) -> Option<u32> {
    let root = parse(wkt).ok()?;
    let root = horizontal(&root)?;
    root.epsg()
}

/// Lower-case a WKT name and reduce every run of other characters to one `_`.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

const PROJECTED: &[&str] = &["PROJCS", "PROJCRS", "PROJECTEDCRS"];
const GEOGRAPHIC: &[&str] = &[
    "GEOGCS",
    "GEOGCRS",
    "GEODCRS",
    "GEOGRAPHICCRS",
    "GEODETICCRS",
    "BASEGEOGCRS",
    "BASEGEODCRS",
];
const DATUMS: &[&str] = &["DATUM", "GEODETICDATUM", "TRF", "ENSEMBLE"];
const ELLIPSOIDS: &[&str] = &["SPHEROID", "ELLIPSOID"];
const UNITS: &[&str] = &["UNIT", "LENGTHUNIT", "ANGLEUNIT", "SCALEUNIT"];

/// The horizontal CRS of a WKT root: itself, the first horizontal part of a compound CRS, or the
/// source of a bound CRS.
fn horizontal(root: &Node) -> Option<&Node> {
    let k = root.keyword.as_str();
    if PROJECTED.contains(&k) || GEOGRAPHIC.contains(&k) || k == "GEOCCS" {
        return Some(root);
    }
    match k {
        "COMPD_CS" | "COMPOUNDCRS" => root.args.iter().find_map(|a| match a {
            Value::Node(n) => horizontal(n),
            _ => None,
        }),
        "BOUNDCRS" => root.child(&["SOURCECRS"]).and_then(|s| {
            s.args.iter().find_map(|a| match a {
                Value::Node(n) => horizontal(n),
                _ => None,
            })
        }),
        _ => None,
    }
}

/// What [`describe`] finds in a WKT: its proj string, the datum name and the CRS name.
#[derive(Debug, Clone, PartialEq)]
pub struct Description {
    pub proj4: String,
    pub datum: Option<String>,
    pub name: Option<String>,
    pub epsg: Option<u32>,
}

/// Map WKT to a proj string.
pub fn to_proj4(wkt: &str) -> Result<String> {
    describe(wkt).map(|d| d.proj4)
}

/// Parse WKT and map it to a proj string, keeping the datum name, CRS name and outer EPSG code.
pub fn describe(wkt: &str) -> Result<Description> {
    let root = parse(wkt)?;
    let crs = horizontal(&root).ok_or_else(|| {
        Error::invalid(format!(
            "WKT {} is not a coordinate reference system (expected PROJCS, GEOGCS, PROJCRS or GEOGCRS)",
            root.keyword
        ))
    })?;
    if crs.keyword == "GEOCCS"
        || (crs.keyword == "GEODCRS"
            && crs.child(&["CS"]).and_then(|c| c.args.first()).is_some_and(
                |a| matches!(a, Value::Word(w) if w.eq_ignore_ascii_case("cartesian")),
            ))
    {
        return Err(Error::invalid(
            "geocentric (cartesian) CRSs are not supported",
        ));
    }
    let name = crs.name().map(str::to_string);
    let epsg = crs.epsg();
    if let Some(p) = crs
        .children(&["EXTENSION"])
        .find(|e| e.name().is_some_and(|n| n.eq_ignore_ascii_case("PROJ4")))
        .and_then(|e| match e.args.get(1) {
            Some(Value::Text(s)) => Some(s.clone()),
            _ => None,
        })
    {
        let datum = crs
            .child(GEOGRAPHIC)
            .and_then(|g| g.child(DATUMS))
            .and_then(|d| d.name().map(str::to_string));
        return Ok(Description {
            proj4: p,
            datum,
            name,
            epsg,
        });
    }
    let bound_towgs84 = if root.keyword == "BOUNDCRS" {
        abridged_towgs84(&root)
    } else {
        None
    };
    let is_projected = PROJECTED.contains(&crs.keyword.as_str());
    let geog = if is_projected {
        crs.child(GEOGRAPHIC)
            .ok_or_else(|| Error::invalid("WKT projected CRS has no geographic base CRS"))?
    } else {
        crs
    };
    let (datum_part, datum_name) = datum(geog, bound_towgs84)?;
    let ang = angular_unit(geog);
    let mut pm = String::new();
    if let Some(p) = geog.child(&["PRIMEM", "PRIMEMERIDIAN"]) {
        let lon = p.number(0).unwrap_or(0.0);
        let f = p.child(UNITS).and_then(|u| u.number(0)).unwrap_or(ang);
        if lon != 0.0 {
            pm = format!(" +pm={}", fmt(lon * f / DEG));
        }
    }
    let proj4 = if is_projected {
        let lin = crs
            .children(UNITS)
            .filter(|u| u.keyword != "ANGLEUNIT")
            .find_map(|u| u.number(0))
            .or_else(|| {
                crs.children(&["AXIS"])
                    .find_map(|a| a.child(UNITS).and_then(|u| u.number(0)))
            })
            .filter(|f| *f > 0.0)
            .unwrap_or(1.0);
        let proj = projection(crs, ang, lin)?;
        let web = proj.starts_with("+proj=merc +a=6378137 +b=6378137");
        if web {
            proj
        } else {
            format!("{proj} {datum_part}{pm} {}", units(lin))
        }
    } else {
        format!("+proj=longlat {datum_part}{pm}")
    };
    Ok(Description {
        proj4: format!("{proj4} +no_defs"),
        datum: datum_name,
        name,
        epsg,
    })
}

const DEG: f64 = std::f64::consts::PI / 180.0;

fn fmt(x: f64) -> String {
    let s = format!("{x:.12}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

fn units(to_meter: f64) -> String {
    if (to_meter - 1.0).abs() < 1e-12 {
        "+units=m".into()
    } else if (to_meter - 1200.0 / 3937.0).abs() < 1e-12 {
        "+units=us-ft".into()
    } else if (to_meter - 0.3048).abs() < 1e-12 {
        "+units=ft".into()
    } else {
        format!("+to_meter={}", fmt(to_meter))
    }
}

/// Radians per unit of the geographic CRS's angles (degree when absent).
fn angular_unit(geog: &Node) -> f64 {
    geog.children(UNITS)
        .filter(|u| u.keyword != "LENGTHUNIT")
        .find_map(|u| u.number(0))
        .or_else(|| {
            geog.children(&["AXIS"])
                .find_map(|a| a.child(UNITS).and_then(|u| u.number(0)))
        })
        .filter(|f| *f > 0.0)
        .unwrap_or(DEG)
}

/// `+towgs84` of a WKT2 BOUNDCRS's ABRIDGEDTRANSFORMATION (position-vector convention).
fn abridged_towgs84(root: &Node) -> Option<[f64; 7]> {
    let t = root.child(&["ABRIDGEDTRANSFORMATION"])?;
    let method = t
        .child(&["METHOD"])
        .and_then(|m| m.name())
        .map(norm)
        .unwrap_or_default();
    let sign = if method.contains("coordinate_frame") {
        -1.0
    } else {
        1.0
    };
    let mut v = [0.0; 7];
    for p in t.children(&["PARAMETER"]) {
        let n = norm(p.name().unwrap_or(""));
        let x = p.number(0)?;
        let i = match n.as_str() {
            "x_axis_translation" => 0,
            "y_axis_translation" => 1,
            "z_axis_translation" => 2,
            "x_axis_rotation" => 3,
            "y_axis_rotation" => 4,
            "z_axis_rotation" => 5,
            "scale_difference" => 6,
            _ => continue,
        };
        v[i] = if (3..6).contains(&i) { sign * x } else { x };
    }
    Some(v)
}

/// Well-known ellipsoids by (a, 1/f).
const ELLPS: &[(&str, f64, f64)] = &[
    ("WGS84", 6378137.0, 298.257223563),
    ("GRS80", 6378137.0, 298.257222101),
    ("krass", 6378245.0, 298.3),
    ("bessel", 6377397.155, 299.1528128),
    ("airy", 6377563.396, 299.3249646),
    ("intl", 6378388.0, 297.0),
    ("clrk66", 6378206.4, 294.9786982),
    ("clrk80ign", 6378249.2, 293.4660212936269),
];

/// Pulkovo 1942 to WGS 84 as in the EPSG dataset's default for the 284xx CRSs (EPSG:1267,
/// position vector, metres / arc-seconds / ppm).
pub const PULKOVO_1942_TOWGS84: &str = "23.92,-141.27,-80.9,0,0.35,0.82,-0.12";

/// The datum part of a proj string from a geographic CRS node, and the datum's name.
fn datum(geog: &Node, bound: Option<[f64; 7]>) -> Result<(String, Option<String>)> {
    let d = geog.child(DATUMS);
    let name = d.and_then(|d| d.name()).map(str::to_string);
    let sph = d
        .and_then(|d| d.child(ELLIPSOIDS))
        .or_else(|| geog.child(ELLIPSOIDS))
        .ok_or_else(|| Error::invalid("WKT datum has no SPHEROID/ELLIPSOID"))?;
    let mut a = sph
        .number(0)
        .ok_or_else(|| Error::invalid("WKT SPHEROID has no semi-major axis"))?;
    let rf = sph
        .number(1)
        .ok_or_else(|| Error::invalid("WKT SPHEROID has no inverse flattening"))?;
    if let Some(f) = sph.child(UNITS).and_then(|u| u.number(0)) {
        a *= f;
    }
    if !(a > 1e5 && a < 1e8 && rf >= 0.0) {
        return Err(Error::invalid(format!(
            "WKT SPHEROID with semi-major axis {a} and 1/f {rf} is not an Earth ellipsoid"
        )));
    }
    let ellps = ELLPS
        .iter()
        .find(|e| (e.1 - a).abs() < 1e-3 && (e.2 - rf).abs() < 1e-6)
        .map(|e| format!("+ellps={}", e.0))
        .unwrap_or_else(|| {
            if rf == 0.0 {
                format!("+R={}", fmt(a))
            } else {
                format!("+a={} +rf={}", fmt(a), fmt(rf))
            }
        });
    let towgs = d
        .and_then(|d| d.child(&["TOWGS84"]))
        .map(|t| t.numbers())
        .filter(|v| v.len() == 3 || v.len() == 7)
        .map(|v| v.iter().map(|x| fmt(*x)).collect::<Vec<_>>().join(","))
        .or_else(|| bound.map(|v| v.iter().map(|x| fmt(*x)).collect::<Vec<_>>().join(",")));
    if let Some(t) = towgs {
        return Ok((format!("{ellps} +towgs84={t}"), name));
    }
    let n = name.as_deref().map(norm).unwrap_or_default();
    let n = n.strip_prefix("d_").unwrap_or(&n);
    let n = n.strip_suffix("_ensemble").unwrap_or(n);
    let known = match n {
        "wgs_1984" | "wgs84" | "world_geodetic_system_1984" => Some("+datum=WGS84".to_string()),
        "pulkovo_1942" | "pulkovo_1942_58" => {
            Some(format!("+ellps=krass +towgs84={PULKOVO_1942_TOWGS84}"))
        }
        "gda94"
        | "geocentric_datum_of_australia_1994"
        | "gda2020"
        | "geocentric_datum_of_australia_2020"
        | "etrs89"
        | "etrs_1989"
        | "european_terrestrial_reference_system_1989"
        | "nzgd2000"
        | "new_zealand_geodetic_datum_2000"
        | "nzgd_2000"
        | "gda_1994"
        | "gda_2020"
        | "rgf93"
        | "rgf_1993"
        | "reseau_geodesique_francais_1993"
        | "reseau_geodesique_francais_1993_v1" => {
            Some("+ellps=GRS80 +towgs84=0,0,0,0,0,0,0".to_string())
        }
        "north_american_datum_1983" | "nad83" | "north_american_1983" => {
            Some("+datum=NAD83".to_string())
        }
        "north_american_datum_1927" | "nad27" | "north_american_1927" => Some(NAD27.to_string()),
        "osgb_1936" | "osgb36" | "ordnance_survey_of_great_britain_1936" => {
            Some(OSGB36.to_string())
        }
        "deutsches_hauptdreiecksnetz" | "dhdn" => Some(DHDN.to_string()),
        _ => None,
    };
    if let Some(k) = known {
        return Ok((k, name));
    }
    if ellps == "+ellps=GRS80" || ellps == "+ellps=WGS84" {
        return Ok((format!("{ellps} +towgs84=0,0,0,0,0,0,0"), name));
    }
    Ok((ellps, name))
}

/// OSGB36 to WGS 84 (EPSG:1314, position vector, ±2 m).
pub const OSGB36: &str = "+ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489";

/// DHDN to WGS 84 (PROJ 4's `+datum=potsdam`, position vector, ±3 m; PROJ 9 uses the BeTA2007 grid).
pub const DHDN: &str = "+ellps=bessel +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7";

/// NAD27 to WGS 84 (EPSG:1173, CONUS mean, ±10 m): lode has no NADCON grids.
pub const NAD27: &str = "+ellps=clrk66 +towgs84=-8,160,176";

/// The projection part (`+proj=… +lat_0=… +x_0=…`) of a projected CRS.
fn projection(crs: &Node, ang: f64, lin: f64) -> Result<String> {
    let method_node = crs
        .child(&["PROJECTION", "METHOD"])
        .or_else(|| {
            crs.child(&["CONVERSION"])
                .and_then(|c| c.child(&["METHOD", "PROJECTION"]))
        })
        .ok_or_else(|| Error::invalid("WKT projected CRS has no PROJECTION/METHOD"))?;
    let method = norm(method_node.name().unwrap_or(""));
    let pnodes: Vec<&Node> = crs
        .children(&["PARAMETER"])
        .chain(
            crs.child(&["CONVERSION"])
                .into_iter()
                .flat_map(|c| c.children(&["PARAMETER"])),
        )
        .collect();
    let mut p: Vec<(&'static str, f64)> = Vec::new();
    for n in &pnodes {
        let pname = norm(n.name().unwrap_or(""));
        let Some(v) = n.number(0) else { continue };
        let unit = n.child(UNITS);
        let key = match pname.as_str() {
            "latitude_of_origin"
            | "latitude_of_center"
            | "latitude_of_centre"
            | "latitude_of_natural_origin"
            | "latitude_of_false_origin"
            | "latitude_of_projection_centre"
            | "central_parallel" => "lat_0",
            "central_meridian"
            | "longitude_of_center"
            | "longitude_of_centre"
            | "longitude_of_origin"
            | "longitude_of_natural_origin"
            | "longitude_of_false_origin"
            | "longitude_of_projection_centre" => "lon_0",
            "scale_factor"
            | "scale_factor_at_natural_origin"
            | "scale_factor_on_pseudo_standard_parallel"
            | "scale_factor_on_initial_line" => "k",
            "false_easting" | "easting_at_false_origin" | "easting_at_projection_centre" => "x_0",
            "false_northing" | "northing_at_false_origin" | "northing_at_projection_centre" => {
                "y_0"
            }
            "standard_parallel_1"
            | "latitude_of_1st_standard_parallel"
            | "pseudo_standard_parallel_1"
            | "latitude_of_pseudo_standard_parallel" => "lat_1",
            "standard_parallel_2" | "latitude_of_2nd_standard_parallel" => "lat_2",
            "latitude_of_standard_parallel" => "lat_ts",
            "azimuth" | "co_latitude_of_cone_axis" | "azimuth_of_initial_line" => "alpha",
            "auxiliary_sphere_type" => "aux",
            _ => continue,
        };
        let value = match key {
            "x_0" | "y_0" => match unit {
                Some(u) if u.keyword != "ANGLEUNIT" => v * u.number(0).unwrap_or(1.0),
                _ => v * lin,
            },
            "k" | "aux" => v,
            _ => v * unit.and_then(|u| u.number(0)).unwrap_or(ang) / DEG,
        };
        p.push((key, value));
    }
    let get = |k: &str| p.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
    let lat0 = get("lat_0").unwrap_or(0.0);
    let lon0 = get("lon_0").unwrap_or(0.0);
    let k = get("k").unwrap_or(1.0);
    let x0 = get("x_0").unwrap_or(0.0);
    let y0 = get("y_0").unwrap_or(0.0);
    let lat1 = get("lat_1");
    let lat2 = get("lat_2");
    let common = |extra: String| format!("{extra} +x_0={} +y_0={}", fmt(x0), fmt(y0));
    let s = match method.as_str() {
        "transverse_mercator" | "gauss_kruger" | "gauss_kruger_projection" | "transverse_mercator_gauss_kruger" => {
            common(format!("+proj=tmerc +lat_0={} +lon_0={} +k={}", fmt(lat0), fmt(lon0), fmt(k)))
        }
        "mercator_auxiliary_sphere" | "popular_visualisation_pseudo_mercator" => {
            "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null".to_string()
        }
        "mercator_1sp" | "mercator_variant_a" => common(format!("+proj=merc +lon_0={} +k={}", fmt(lon0), fmt(k))),
        "mercator_2sp" | "mercator" | "mercator_variant_b" => {
            let ts = lat1.or(get("lat_ts")).unwrap_or(0.0);
            common(format!("+proj=merc +lon_0={} +lat_ts={}", fmt(lon0), fmt(ts)))
        }
        "lambert_conformal_conic_1sp" | "lambert_conic_conformal_1sp" => common(format!(
            "+proj=lcc +lat_1={} +lat_0={} +lon_0={} +k_0={}",
            fmt(lat0),
            fmt(lat0),
            fmt(lon0),
            fmt(k)
        )),
        "lambert_conformal_conic_2sp" | "lambert_conic_conformal_2sp" | "lambert_conformal_conic" => {
            let l1 = lat1.unwrap_or(lat0);
            let l2 = lat2.unwrap_or(l1);
            if method == "lambert_conformal_conic" && lat2.is_none() {
                common(format!("+proj=lcc +lat_1={} +lat_0={} +lon_0={} +k_0={}", fmt(l1), fmt(lat0), fmt(lon0), fmt(k)))
            } else {
                common(format!("+proj=lcc +lat_1={} +lat_2={} +lat_0={} +lon_0={}", fmt(l1), fmt(l2), fmt(lat0), fmt(lon0)))
            }
        }
        "albers_conic_equal_area" | "albers" | "albers_equal_area" => common(format!(
            "+proj=aea +lat_1={} +lat_2={} +lat_0={} +lon_0={}",
            fmt(lat1.unwrap_or(lat0)),
            fmt(lat2.unwrap_or(lat1.unwrap_or(lat0))),
            fmt(lat0),
            fmt(lon0)
        )),
        "polar_stereographic" | "polar_stereographic_variant_a" | "polar_stereographic_variant_b"
        | "stereographic_north_pole" | "stereographic_south_pole" => {
            let ts = get("lat_ts").or(lat1).unwrap_or(lat0);
            let pole = match method.as_str() {
                "stereographic_north_pole" => 90.0,
                "stereographic_south_pole" => -90.0,
                _ if ts < 0.0 => -90.0,
                _ => 90.0,
            };
            if (ts.abs() - 90.0).abs() < 1e-9 {
                common(format!("+proj=stere +lat_0={} +lat_ts={} +lon_0={} +k={}", fmt(pole), fmt(pole), fmt(lon0), fmt(k)))
            } else {
                common(format!("+proj=stere +lat_0={} +lat_ts={} +lon_0={} +k=1", fmt(pole), fmt(ts), fmt(lon0)))
            }
        }
        "oblique_stereographic" | "double_stereographic" => {
            common(format!("+proj=sterea +lat_0={} +lon_0={} +k={}", fmt(lat0), fmt(lon0), fmt(k)))
        }
        "lambert_azimuthal_equal_area" => common(format!("+proj=laea +lat_0={} +lon_0={}", fmt(lat0), fmt(lon0))),
        "krovak" => common(format!(
            "+proj=krovak +lat_0={} +lon_0={} +alpha={} +k={}",
            fmt(lat0),
            fmt(lon0),
            fmt(get("alpha").unwrap_or(30.28813972222222)),
            fmt(k)
        )),
        "equirectangular" | "equidistant_cylindrical" | "plate_carree" => common(format!(
            "+proj=eqc +lat_ts={} +lat_0={} +lon_0={}",
            fmt(lat1.or(get("lat_ts")).unwrap_or(0.0)),
            fmt(if lat1.is_some() { lat0 } else { 0.0 }),
            fmt(lon0)
        )),
        "cassini_soldner" | "cassini" => common(format!("+proj=cass +lat_0={} +lon_0={}", fmt(lat0), fmt(lon0))),
        _ => {
            return Err(Error::invalid(format!(
                "WKT projection {:?} is not supported",
                method_node.name().unwrap_or("")
            )))
        }
    };
    Ok(s)
}

/// A proj string reduced to comparable numbers.
#[derive(Debug, Clone, PartialEq)]
struct Canon {
    proj: String,
    nums: [f64; 8], // lat_0 lon_0 k x_0 y_0 lat_1 lat_2 lat_ts
    a: f64,
    rf: f64,
    towgs84: Option<[f64; 7]>,
    to_meter: f64,
}

fn datum_ellps(datum: &str) -> Option<(&'static str, Option<[f64; 7]>)> {
    Some(match datum.to_ascii_lowercase().as_str() {
        "wgs84" => ("WGS84", Some([0.0; 7])),
        "nad83" => ("GRS80", Some([0.0; 7])),
        "osgb36" => (
            "airy",
            Some([446.448, -125.157, 542.06, 0.15, 0.247, 0.842, -20.489]),
        ),
        "potsdam" => (
            "bessel",
            Some([598.1, 73.7, 418.2, 0.202, 0.045, -2.455, 6.7]),
        ),
        "nad27" => ("clrk66", Some([-8.0, 160.0, 176.0, 0.0, 0.0, 0.0, 0.0])),
        _ => return None,
    })
}

fn canon(proj4: &str) -> Option<Canon> {
    let mut kv: Vec<(&str, &str)> = Vec::new();
    for t in proj4.split_whitespace() {
        let t = t.strip_prefix('+')?;
        let (k, v) = t.split_once('=').unwrap_or((t, ""));
        kv.push((k, v));
    }
    let get = |k: &str| kv.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
    let num = |k: &str| get(k).and_then(|v| v.parse::<f64>().ok());
    let mut proj = get("proj")?.to_string();
    let mut nums = [
        num("lat_0").unwrap_or(0.0),
        num("lon_0").unwrap_or(0.0),
        num("k").or(num("k_0")).unwrap_or(1.0),
        num("x_0").unwrap_or(0.0),
        num("y_0").unwrap_or(0.0),
        num("lat_1").unwrap_or(f64::NAN),
        num("lat_2").unwrap_or(f64::NAN),
        num("lat_ts").unwrap_or(f64::NAN),
    ];
    if proj == "latlong" || proj == "lonlat" || proj == "latlon" {
        proj = "longlat".into();
    }
    if proj == "utm" {
        let zone = num("zone")?;
        proj = "tmerc".into();
        nums = [
            0.0,
            zone * 6.0 - 183.0,
            0.9996,
            500000.0,
            if get("south").is_some() { 1e7 } else { 0.0 },
            f64::NAN,
            f64::NAN,
            f64::NAN,
        ];
    }
    if nums[1] > 180.0 {
        nums[1] -= 360.0;
    }
    if proj == "merc" && nums[7].is_nan() {
        nums[7] = 0.0;
    }
    if proj == "lcc" && nums[6].is_nan() {
        nums[6] = nums[5];
    }
    let datum = get("datum").and_then(datum_ellps);
    let ellps_name = get("ellps").or(datum.map(|d| d.0));
    let (mut a, mut rf) = (f64::NAN, f64::NAN);
    if let Some(e) = ellps_name {
        let e = ELLPS.iter().find(|x| x.0.eq_ignore_ascii_case(e))?;
        a = e.1;
        rf = e.2;
    }
    if let Some(x) = num("a").or(num("R")) {
        a = x;
        rf = num("rf").unwrap_or_else(|| {
            num("b")
                .map(|b| if b == x { 0.0 } else { x / (x - b) })
                .unwrap_or(0.0)
        });
    }
    let mut towgs84 = datum.and_then(|d| d.1);
    if let Some(t) = get("towgs84") {
        let v: Vec<f64> = t.split(',').filter_map(|x| x.parse().ok()).collect();
        let mut w = [0.0; 7];
        for (i, x) in v.iter().take(7).enumerate() {
            w[i] = *x;
        }
        towgs84 = Some(w);
    }
    if get("nadgrids") == Some("@null") {
        towgs84 = Some([0.0; 7]);
    }
    if towgs84.is_none() && (rf - 298.257222101).abs() < 1e-6 && a == 6378137.0 {
        towgs84 = Some([0.0; 7]);
    }
    let to_meter = match get("units") {
        Some("us-ft") => 1200.0 / 3937.0,
        Some("ft") => 0.3048,
        _ => num("to_meter").unwrap_or(1.0),
    };
    Some(Canon {
        proj,
        nums,
        a,
        rf,
        towgs84,
        to_meter,
    })
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a.is_nan() && b.is_nan()) || (a - b).abs() <= tol
}

fn same(x: &Canon, y: &Canon) -> bool {
    let tol = [1e-8, 1e-8, 1e-10, 1e-3, 1e-3, 1e-8, 1e-8, 1e-8];
    x.proj == y.proj
        && x.nums
            .iter()
            .zip(&y.nums)
            .zip(tol)
            .all(|((a, b), t)| close(*a, *b, t))
        && close(x.a, y.a, 1e-3)
        && close(x.rf, y.rf, 1e-6)
        && (x.to_meter - y.to_meter).abs() < 1e-12
        && match (x.towgs84, y.towgs84) {
            (Some(a), Some(b)) => a.iter().zip(&b).all(|(p, q)| (p - q).abs() < 1e-3),
            (None, None) => true,
            _ => false,
        }
}

/// The EPSG codes [`identify_epsg`] searches, in order of preference when several match.
fn candidates() -> impl Iterator<Item = u32> {
    [4326u32, 3857, 4284, 4283, 7844, 4258, 4269]
        .into_iter()
        .chain(32601..=32660)
        .chain(32701..=32760)
        .chain(28402..=28432)
        .chain(28462..=28492)
        .chain(28348..=28358)
        .chain(7846..=7859)
        .chain(25828..=25838)
        .chain(26901..=26923)
        .chain([
            3067, 3395, 27700, 2193, 3035, 3031, 3413, 32661, 32761, 2154, 5070, 31466, 31467,
            31468, 31469, 5514,
        ])
}

/// Every EPSG code among the common families whose definition matches this proj string.
pub fn identify_all(proj4: &str) -> Vec<u32> {
    let Some(c) = canon(proj4) else {
        return Vec::new();
    };
    candidates()
        .filter(|&code| {
            u16::try_from(code)
                .ok()
                .and_then(crs_definitions::from_code)
                .and_then(|d| canon(d.proj4))
                .is_some_and(|d| same(&c, &d))
        })
        .collect()
}

/// The EPSG code matching a proj string, when one of the common families matches: WGS 84
/// geographic, Web Mercator, UTM WGS 84 north and south, Pulkovo 1942 Gauss–Krüger (zone-prefixed
/// 28402–28432 and CM 28462–28492), GDA94 / GDA2020 MGA, ETRS89 UTM, NAD83 UTM and a few national
/// grids. Comparison is by normalised parameters (angles 1e-8°, offsets 1 mm).
pub fn identify_epsg(proj4: &str) -> Option<u32> {
    identify_all(proj4).first().copied()
}

/// Like [`identify_epsg`], choosing among equal definitions by the WKT datum name
/// (GDA94 vs GDA2020 MGA zones share their proj string).
pub fn identify_epsg_with_datum(proj4: &str, datum: Option<&str>) -> Option<u32> {
    identify_epsg_with_names(proj4, datum, None)
}

/// Like [`identify_epsg_with_datum`], then choosing among the remaining equal definitions by
/// the words the CRS name shares with the EPSG name (ETRS89 / UTM 35N vs ETRS-TM35FIN).
pub fn identify_epsg_with_names(
    proj4: &str,
    datum: Option<&str>,
    name: Option<&str>,
) -> Option<u32> {
    let mut all = identify_all(proj4);
    if all.len() > 1 {
        if let Some(d) = datum {
            let by_datum = filter_by_datum(&all, d);
            if !by_datum.is_empty() {
                all = by_datum;
            }
        }
    }
    if all.len() > 1 {
        if let Some(n) = name.map(norm) {
            let words: Vec<&str> = n.split('_').collect();
            let score = |code: u32| {
                let w = u16::try_from(code)
                    .ok()
                    .and_then(crs_definitions::from_code)
                    .map(|d| d.wkt)
                    .unwrap_or("");
                let en = parse(w)
                    .ok()
                    .and_then(|r| r.name().map(norm))
                    .unwrap_or_default();
                en.split('_').filter(|t| words.contains(t)).count()
            };
            let best = all.iter().map(|&c| score(c)).max().unwrap_or(0);
            all.retain(|&c| score(c) == best);
        }
    }
    all.first().copied()
}

fn filter_by_datum(all: &[u32], datum: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let d = norm(datum);
    let d = d.strip_prefix("d_").unwrap_or(&d).to_string();
    let alias = |s: &str| match s {
        "gda94" | "gda_1994" => "geocentric_datum_of_australia_1994".to_string(),
        "gda2020" | "gda_2020" => "geocentric_datum_of_australia_2020".to_string(),
        "etrs_1989" => "european_terrestrial_reference_system_1989".to_string(),
        other => other.to_string(),
    };
    let d = alias(&d);
    for &code in all {
        let wkt = u16::try_from(code)
            .ok()
            .and_then(crs_definitions::from_code)
            .map(|x| x.wkt)
            .unwrap_or("");
        let dn = parse(wkt)
            .ok()
            .and_then(|r| {
                let g = if GEOGRAPHIC.contains(&r.keyword.as_str()) {
                    Some(r.clone())
                } else {
                    r.child(GEOGRAPHIC).cloned()
                };
                g.and_then(|g| {
                    g.child(DATUMS)
                        .and_then(|d| d.name())
                        .map(|n| alias(&norm(n)))
                })
            })
            .unwrap_or_default();
        if dn == d {
            out.push(code);
        }
    }
    out
}

/// WKT1 (GDAL flavour, readable as an ESRI .prj) generated from a proj string. Projections
/// without a WKT1 method here produce a LOCAL_CS naming the proj string.
pub fn from_proj4(proj4: &str, name: Option<&str>) -> String {
    let Some(c) = canon(proj4) else {
        return format!("LOCAL_CS[{:?}]", proj4);
    };
    let (ename, a, rf) = ELLPS
        .iter()
        .find(|e| close(e.1, c.a, 1e-3) && close(e.2, c.rf, 1e-6))
        .map(|e| (e.0.to_string(), e.1, e.2))
        .unwrap_or_else(|| ("unnamed".into(), c.a, c.rf));
    let towgs = c
        .towgs84
        .map(|t| {
            format!(
                ",TOWGS84[{}]",
                t.iter().map(|x| fmt(*x)).collect::<Vec<_>>().join(",")
            )
        })
        .unwrap_or_default();
    let datum_name = match (ename.as_str(), c.towgs84) {
        ("WGS84", Some(t)) if t == [0.0; 7] => "WGS_1984".to_string(),
        _ => format!("unknown_{ename}"),
    };
    let geog = format!(
        "GEOGCS[\"unknown\",DATUM[\"{datum_name}\",SPHEROID[\"{ename}\",{},{}]{towgs}],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]",
        fmt(a),
        fmt(rf)
    );
    let n = c.nums;
    let param = |k: &str, v: f64| format!(",PARAMETER[\"{k}\",{}]", fmt(v));
    let fe = param("false_easting", n[3]) + &param("false_northing", n[4]);
    let body = match c.proj.as_str() {
        "longlat" => return geog,
        "tmerc" => format!(
            "PROJECTION[\"Transverse_Mercator\"]{}{}{}{fe}",
            param("latitude_of_origin", n[0]),
            param("central_meridian", n[1]),
            param("scale_factor", n[2])
        ),
        "merc" if n[7] != 0.0 => format!(
            "PROJECTION[\"Mercator_2SP\"]{}{}{fe}",
            param("standard_parallel_1", n[7]),
            param("central_meridian", n[1])
        ),
        "merc" => format!(
            "PROJECTION[\"Mercator_1SP\"]{}{}{fe}",
            param("central_meridian", n[1]),
            param("scale_factor", n[2])
        ),
        "lcc" => format!(
            "PROJECTION[\"Lambert_Conformal_Conic_2SP\"]{}{}{}{}{fe}",
            param("standard_parallel_1", n[5]),
            param("standard_parallel_2", n[6]),
            param("latitude_of_origin", n[0]),
            param("central_meridian", n[1])
        ),
        "aea" => format!(
            "PROJECTION[\"Albers_Conic_Equal_Area\"]{}{}{}{}{fe}",
            param("standard_parallel_1", n[5]),
            param("standard_parallel_2", n[6]),
            param("latitude_of_center", n[0]),
            param("longitude_of_center", n[1])
        ),
        "laea" => format!(
            "PROJECTION[\"Lambert_Azimuthal_Equal_Area\"]{}{}{fe}",
            param("latitude_of_center", n[0]),
            param("longitude_of_center", n[1])
        ),
        "stere" => {
            let ts = if n[7].is_nan() { n[0] } else { n[7] };
            format!(
                "PROJECTION[\"Polar_Stereographic\"]{}{}{}{fe}",
                param("latitude_of_origin", ts),
                param("central_meridian", n[1]),
                param("scale_factor", n[2])
            )
        }
        "sterea" => format!(
            "PROJECTION[\"Oblique_Stereographic\"]{}{}{}{fe}",
            param("latitude_of_origin", n[0]),
            param("central_meridian", n[1]),
            param("scale_factor", n[2])
        ),
        "eqc" => format!(
            "PROJECTION[\"Equirectangular\"]{}{}{fe}",
            param(
                "standard_parallel_1",
                if n[7].is_nan() { 0.0 } else { n[7] }
            ),
            param("central_meridian", n[1])
        ),
        _ => return format!("LOCAL_CS[{:?}]", proj4),
    };
    let unit = if (c.to_meter - 1.0).abs() < 1e-12 {
        "UNIT[\"metre\",1]".to_string()
    } else {
        format!("UNIT[\"unit\",{}]", fmt(c.to_meter))
    };
    format!(
        "PROJCS[{:?},{geog},{body},{unit}]",
        name.unwrap_or("unknown").replace('"', "")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizer_handles_quotes_and_parens() {
        let n = parse(
            r#"GEOGCS("a ""b""",DATUM("D",SPHEROID("S",6378137,298.257223563)),AXIS["Lat",NORTH])"#,
        )
        .unwrap();
        assert_eq!(n.name(), Some("a \"b\""));
        assert_eq!(
            n.child(&["DATUM"])
                .unwrap()
                .child(&["SPHEROID"])
                .unwrap()
                .number(0),
            Some(6378137.0)
        );
        assert!(parse("GEOGCS[\"x\"").is_err());
        assert!(parse("GEOGCS[\"x\"]]").is_err());
        assert!(parse(&"A[".repeat(100)).is_err());
    }

    #[test]
    fn norm_names() {
        assert_eq!(
            norm("Lambert Conformal Conic (2SP)"),
            "lambert_conformal_conic_2sp"
        );
        assert_eq!(norm("D_Pulkovo_1942"), "d_pulkovo_1942");
    }
}
