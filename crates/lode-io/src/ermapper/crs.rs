//! ER Mapper Datum/Projection names ↔ EPSG codes.
//!
//! ER Mapper names a coordinate system by a datum and a projection from its GDT tables
//! (ER Mapper 7 "Datum and projection names"; GDAL's `ecw_cs.wkt`). The common ones map to:
//!
//! | Datum    | Projection        | EPSG                     |
//! |----------|-------------------|--------------------------|
//! | any      | RAW               | none                     |
//! | WGS84    | GEODETIC          | 4326                     |
//! | WGS84    | NUTMzz / SUTMzz   | 326zz / 327zz            |
//! | GDA94    | GEODETIC          | 4283                     |
//! | GDA94    | MGAzz             | 283zz (zones 46–59)      |
//! | GDA2020  | GEODETIC / MGAzz  | 7844 / 78zz (46–59)      |
//! | AGD66    | GEODETIC / AMGzz  | 4202 / 202zz (48–58)     |
//! | AGD84    | GEODETIC / AMGzz  | 4203 / 203zz (48–58)     |
//! | NAD83    | GEODETIC / NUTMzz | 4269 / 269zz (1–23)      |
//! | NAD27    | GEODETIC / NUTMzz | 4267 / 267zz (1–22)      |
//! | ETRS89   | GEODETIC / NUTMzz | 4258 / 258zz (28–38)     |

/// EPSG code of an ER Mapper datum + projection; None for RAW and unknown pairs.
pub fn to_epsg(datum: &str, projection: &str) -> Option<u32> {
    let d = datum.trim().to_ascii_uppercase();
    let p = projection.trim().to_ascii_uppercase();
    if p == "RAW" || d == "RAW" {
        return None;
    }
    if p == "GEODETIC" {
        return Some(match d.as_str() {
            "WGS84" => 4326,
            "GDA94" => 4283,
            "GDA2020" => 7844,
            "AGD66" => 4202,
            "AGD84" => 4203,
            "NAD83" => 4269,
            "NAD27" => 4267,
            "ETRS89" => 4258,
            _ => return None,
        });
    }
    let zone = |prefix: &str| -> Option<u32> { p.strip_prefix(prefix)?.parse().ok() };
    let within = |z: u32, lo: u32, hi: u32, base: u32| (lo..=hi).contains(&z).then_some(base + z);
    match d.as_str() {
        "WGS84" => {
            if let Some(z) = zone("NUTM") {
                return within(z, 1, 60, 32600);
            }
            within(zone("SUTM")?, 1, 60, 32700)
        }
        "GDA94" => within(zone("MGA")?, 46, 59, 28300),
        "GDA2020" => within(zone("MGA")?, 46, 59, 7800),
        "AGD66" => within(zone("AMG")?, 48, 58, 20200),
        "AGD84" => within(zone("AMG")?, 48, 58, 20300),
        "NAD83" => within(zone("NUTM")?, 1, 23, 26900),
        "NAD27" => within(zone("NUTM")?, 1, 22, 26700),
        "ETRS89" => within(zone("NUTM")?, 28, 38, 25800),
        _ => None,
    }
}

/// ER Mapper (datum, projection) of an EPSG code; None when the table has no entry.
pub fn from_epsg(code: u32) -> Option<(&'static str, String)> {
    let geo = |d: &'static str| Some((d, "GEODETIC".to_string()));
    match code {
        4326 => geo("WGS84"),
        4283 => geo("GDA94"),
        7844 => geo("GDA2020"),
        4202 => geo("AGD66"),
        4203 => geo("AGD84"),
        4269 => geo("NAD83"),
        4267 => geo("NAD27"),
        4258 => geo("ETRS89"),
        32601..=32660 => Some(("WGS84", format!("NUTM{:02}", code - 32600))),
        32701..=32760 => Some(("WGS84", format!("SUTM{:02}", code - 32700))),
        28346..=28359 => Some(("GDA94", format!("MGA{}", code - 28300))),
        7846..=7859 => Some(("GDA2020", format!("MGA{}", code - 7800))),
        20248..=20258 => Some(("AGD66", format!("AMG{}", code - 20200))),
        20348..=20358 => Some(("AGD84", format!("AMG{}", code - 20300))),
        26901..=26923 => Some(("NAD83", format!("NUTM{:02}", code - 26900))),
        26701..=26722 => Some(("NAD27", format!("NUTM{:02}", code - 26700))),
        25828..=25838 => Some(("ETRS89", format!("NUTM{}", code - 25800))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_round_trips() {
        for code in [
            4326, 32633, 32755, 28350, 7855, 20255, 20350, 26910, 26717, 25832, 4283,
        ] {
            let (d, p) = from_epsg(code).unwrap();
            assert_eq!(to_epsg(d, &p), Some(code), "{code} → {d} {p}");
        }
        assert_eq!(to_epsg("WGS84", "NUTM33"), Some(32633));
        assert_eq!(to_epsg("WGS84", "SUTM7"), Some(32707));
        assert_eq!(to_epsg("RAW", "RAW"), None);
        assert_eq!(to_epsg("WGS84", "NUTM61"), None);
    }
}
