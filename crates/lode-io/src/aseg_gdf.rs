//! ASEG-GDF2 survey data: a .dfn definition file and a fixed-width .dat data file
//! (Pratt, D. A., 2003, *ASEG-GDF2: A standard for point located data exchange*, Australian
//! Society of Exploration Geophysicists, revision 4).
//!
//! The .dfn holds `DEFN` records: `DEFN n ST=RECD,RT=<type>;<NAME>:<FORMAT>[:<attributes>]`,
//! one field per record (or several separated by `;`), ended by `END DEFN`. FORMAT is Fortran
//! style with an optional repeat count: `A4`, `I5`, `F10.2`, `E12.4`, `D14.6`, `2F10.3` (an array
//! channel, read as `NAME[0]`, `NAME[1]`, …). Attributes: `UNIT=`/`UNITS=` (kept per column),
//! `NULL=` (values equal to it read as NaN), `NAME=` (description). Record types: data
//! (`RT=` blank or `DATA`), `COMM` (comments, skipped) and `PROJ` (coordinate system; its
//! fields, e.g. COORDSYS / DATUM / PROJECTION, are kept in `meta.extra` as `proj.<FIELD>` and
//! mapped to an EPSG code when they name a GDA94/GDA2020 MGA, AGD66/84 AMG or WGS 84 UTM zone,
//! or a geographic GDA94/GDA2020/WGS 84 system).
//!
//! The .dat is read as fixed-width records; a line whose fixed-width parse fails but that
//! splits into exactly as many whitespace-separated values is accepted. Columns: the line column
//! is the first of LINE, LINENO, LINE_NUMBER, FLIGHTLINE, FLIGHT (text allowed); x/y are the
//! first of EASTING/X/E/LONGITUDE/LONG/LON and NORTHING/Y/N/LATITUDE/LAT, or the ones named in
//! [`SurveyOptions`]. Other A (text) fields are dropped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use lode_core::{Crs, Error, Result, SurveyData};

use crate::SurveyOptions;

/// One field of a record definition.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDefn {
    pub name: String,
    /// Format letter: A, I, F, E or D.
    pub kind: char,
    pub width: usize,
    pub decimals: usize,
    pub repeat: usize,
    pub unit: Option<String>,
    pub null: Option<f64>,
    pub description: Option<String>,
}

/// The parsed .dfn: fields per record type (`""` is the data record).
#[derive(Debug, Clone, Default)]
pub struct Definition {
    pub records: BTreeMap<String, Vec<FieldDefn>>,
    /// Data record type: `""` or `DATA`.
    pub data_rt: String,
}

fn companion(path: &Path, ext: &str) -> Option<PathBuf> {
    [ext.to_ascii_lowercase(), ext.to_ascii_uppercase()]
        .iter()
        .map(|e| path.with_extension(e))
        .find(|p| p.exists())
}

/// Read ASEG-GDF2 data (path to the .dat or the .dfn).
pub fn read(path: &Path, opts: &SurveyOptions) -> Result<SurveyData> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let (dfn, dat) = if ext == "dfn" {
        let dat = companion(path, "dat")
            .ok_or_else(|| Error::input(path, "no .dat data file beside the .dfn"))?;
        (path.to_path_buf(), dat)
    } else {
        let dfn = companion(path, "dfn")
            .ok_or_else(|| Error::input(path, "no .dfn definition file beside the .dat"))?;
        (dfn, path.to_path_buf())
    };
    let dfn_bytes = std::fs::read(&dfn).map_err(|e| Error::read_io(&dfn, e))?;
    let def = parse_dfn(&dfn_bytes, &dfn)?;
    let dat_bytes = std::fs::read(&dat).map_err(|e| Error::read_io(&dat, e))?;
    parse_dat(&def, &dat_bytes, &dat, opts)
}

/// Parse a .dfn and its .dat from bytes; `path` names the .dat in errors.
pub fn parse(dfn: &[u8], dat: &[u8], path: &Path, opts: &SurveyOptions) -> Result<SurveyData> {
    let def = parse_dfn(dfn, &path.with_extension("dfn"))?;
    parse_dat(&def, dat, path, opts)
}

/// Parse a Fortran edit descriptor with optional repeat: `2F10.3` → (2, 'F', 10, 3).
pub fn parse_format(s: &str) -> Option<(usize, char, usize, usize)> {
    let s = s.trim();
    let split = s.find(|c: char| c.is_ascii_alphabetic())?;
    let repeat = if split == 0 {
        1
    } else {
        s[..split].parse().ok()?
    };
    let kind = s[split..].chars().next()?.to_ascii_uppercase();
    if !matches!(kind, 'A' | 'I' | 'F' | 'E' | 'D' | 'G') {
        return None;
    }
    let rest = &s[split + 1..];
    let (w, d) = match rest.split_once('.') {
        Some((w, d)) => (w.parse().ok()?, d.parse().ok()?),
        None => (rest.parse().ok()?, 0),
    };
    if w == 0 || w > 10_000 || repeat == 0 || repeat > 100_000 {
        return None;
    }
    Some((repeat, if kind == 'G' { 'F' } else { kind }, w, d))
}

/// Parse the DEFN records of a .dfn.
pub fn parse_dfn(bytes: &[u8], path: &Path) -> Result<Definition> {
    let text = String::from_utf8_lossy(bytes);
    let mut def = Definition::default();
    let mut any = false;
    for (lineno, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if !line
            .get(..4)
            .is_some_and(|h| h.eq_ignore_ascii_case("DEFN"))
        {
            continue;
        }
        any = true;
        let body = &line[4..];
        let Some(rt_at) = body.to_ascii_uppercase().find("RT=") else {
            continue;
        };
        let after = &body[rt_at + 3..];
        let (rt, fields) = match after.find(';') {
            Some(i) => (after[..i].trim().to_ascii_uppercase(), &after[i + 1..]),
            None => (after.trim().to_ascii_uppercase(), ""),
        };
        let entry = def.records.entry(rt).or_default();
        for f in fields.split(';') {
            let f = f.trim();
            if f.is_empty() || f.to_ascii_uppercase().starts_with("END DEFN") {
                continue;
            }
            let mut parts = f.splitn(3, ':');
            let name = parts.next().unwrap_or("").trim().to_string();
            let fmt = parts.next().unwrap_or("").trim();
            let attrs = parts.next().unwrap_or("");
            let (repeat, kind, width, decimals) = parse_format(fmt).ok_or_else(|| {
                Error::input(
                    path,
                    format!(
                        "line {}: field {name:?} has an invalid format {fmt:?}",
                        lineno + 1
                    ),
                )
            })?;
            if name.is_empty() {
                return Err(Error::input(
                    path,
                    format!("line {}: field without a name", lineno + 1),
                ));
            }
            let mut fd = FieldDefn {
                name,
                kind,
                width,
                decimals,
                repeat,
                unit: None,
                null: None,
                description: None,
            };
            for a in attrs.split([',', ':']) {
                let Some((k, v)) = a.split_once('=') else {
                    continue;
                };
                let v = v.trim();
                match k.trim().to_ascii_uppercase().as_str() {
                    "UNIT" | "UNITS" => fd.unit = Some(v.to_string()).filter(|s| !s.is_empty()),
                    "NULL" => fd.null = v.replace(['D', 'd'], "E").parse().ok(),
                    "NAME" => fd.description = Some(v.to_string()),
                    _ => {}
                }
            }
            entry.push(fd);
        }
    }
    if !any {
        return Err(Error::input(
            path,
            "no DEFN records: not an ASEG-GDF2 definition file",
        ));
    }
    def.records.retain(|_, v| !v.is_empty());
    let data_rt = ["", "DATA"]
        .iter()
        .find(|k| def.records.contains_key(**k))
        .map(|s| s.to_string())
        .or_else(|| {
            def.records
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "COMM" | "PROJ"))
                .max_by_key(|(_, v)| v.len())
                .map(|(k, _)| k.clone())
        })
        .ok_or_else(|| Error::input(path, "no data record definition (RT=) in the .dfn"))?;
    def.data_rt = data_rt;
    Ok(def)
}

/// One column of a record: a field, or one element of an array field.
struct Col {
    name: String,
    kind: char,
    start: usize,
    width: usize,
    null: Option<f64>,
    unit: Option<String>,
}

/// Byte ranges of the fields of a record, expanded for repeats.
struct Layout {
    cols: Vec<Col>,
}

fn layout(fields: &[FieldDefn]) -> Layout {
    let mut cols = Vec::new();
    let mut pos = 0;
    for f in fields {
        for k in 0..f.repeat {
            let name = if f.repeat == 1 {
                f.name.clone()
            } else {
                format!("{}[{k}]", f.name)
            };
            cols.push(Col {
                name,
                kind: f.kind,
                start: pos,
                width: f.width,
                null: f.null,
                unit: f.unit.clone(),
            });
            pos += f.width;
        }
    }
    Layout { cols }
}

fn num(s: &str, null: Option<f64>) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() || t.bytes().all(|b| b == b'*') {
        return Some(f64::NAN);
    }
    let v: f64 = match t.parse() {
        Ok(v) => v,
        Err(_) => t.replace(['D', 'd'], "E").parse().ok()?,
    };
    match null {
        Some(n) if v == n || (v - n).abs() <= 1e-9 * n.abs().max(1.0) => Some(f64::NAN),
        _ => Some(v),
    }
}

fn find(names: &[String], cands: &[&str]) -> Option<usize> {
    cands
        .iter()
        .find_map(|c| names.iter().position(|n| n.eq_ignore_ascii_case(c)))
}

fn resolve(s: &str, names: &[String]) -> Option<usize> {
    names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(s.trim()))
        .or_else(|| s.trim().parse::<usize>().ok().filter(|&j| j < names.len()))
}

/// Parse a .dat with its definition; `path` names the .dat in errors.
pub fn parse_dat(
    def: &Definition,
    dat: &[u8],
    path: &Path,
    opts: &SurveyOptions,
) -> Result<SurveyData> {
    let fields = &def.records[&def.data_rt];
    let lay = layout(fields);
    let all_names: Vec<String> = lay.cols.iter().map(|c| c.name.clone()).collect();
    let line_col = match &opts.line {
        Some(s) => Some(resolve(s, &all_names).ok_or_else(|| {
            Error::input(
                path,
                format!("no line column {s:?} (fields: {})", all_names.join(", ")),
            )
        })?),
        None => find(
            &all_names,
            &[
                "LINE",
                "LINENO",
                "LINE_NO",
                "LINE_NUMBER",
                "LINENUMBER",
                "FLIGHTLINE",
                "FLIGHT_LINE",
                "FLIGHT",
            ],
        ),
    };
    let is_rt = |c: &Col| c.name.eq_ignore_ascii_case("RT") && c.kind == 'A';
    let keep: Vec<usize> = (0..lay.cols.len())
        .filter(|&j| Some(j) != line_col && lay.cols[j].kind != 'A' && !is_rt(&lay.cols[j]))
        .collect();
    let names: Vec<String> = keep.iter().map(|&j| lay.cols[j].name.clone()).collect();
    let pick = |o: &Option<String>, d: &[&str], what: &str| -> Result<Option<usize>> {
        match o {
            None => Ok(find(&names, d)),
            Some(s) => {
                let j = resolve(s, &all_names).ok_or_else(|| {
                    Error::input(
                        path,
                        format!("no {what} field {s:?} (fields: {})", all_names.join(", ")),
                    )
                })?;
                keep.iter()
                    .position(|&k| k == j)
                    .map(Some)
                    .ok_or_else(|| Error::input(path, format!("{what} field {s:?} is not numeric")))
            }
        }
    };
    let x = pick(
        &opts.x,
        &["EASTING", "X", "E", "EAST", "LONGITUDE", "LONG", "LON"],
        "x",
    )?;
    let y = pick(
        &opts.y,
        &["NORTHING", "Y", "N", "NORTH", "LATITUDE", "LAT"],
        "y",
    )?;
    let z = pick(&opts.z, &[], "value")?;
    let (Some(x), Some(y)) = (x, y) else {
        return Err(Error::input(
            path,
            format!(
                "no x/y fields found (fields: {}); name them with --x/--y",
                all_names.join(", ")
            ),
        ));
    };

    let text = String::from_utf8_lossy(dat);
    let mut data_lines: Vec<(usize, &str)> = Vec::new();
    let mut proj: Vec<(String, String)> = Vec::new();
    let others: Vec<&String> = def
        .records
        .keys()
        .filter(|k| !k.is_empty() && **k != def.data_rt)
        .collect();
    let has_rt_field = lay.cols.first().is_some_and(is_rt);
    for (i, l) in text.lines().enumerate() {
        if l.trim().is_empty() {
            continue;
        }
        let head = l.get(..4).unwrap_or("").to_ascii_uppercase();
        if head == "COMM" {
            continue;
        }
        if let Some(rt) = others.iter().find(|k| head.trim() == k.as_str()) {
            if rt.as_str() == "PROJ" {
                let pl = layout(&def.records["PROJ"]);
                for Col {
                    name,
                    start: s,
                    width: w,
                    ..
                } in &pl.cols
                {
                    if name.eq_ignore_ascii_case("RT") {
                        continue;
                    }
                    let v = l.get(*s..(*s + *w).min(l.len())).unwrap_or("").trim();
                    if !v.is_empty() {
                        proj.push((name.clone(), v.to_string()));
                    }
                }
            }
            continue;
        }
        if !def.data_rt.is_empty() && has_rt_field && head.trim() != def.data_rt {
            continue;
        }
        data_lines.push((i + 1, l));
    }

    // Guard allocations: the cells must be backed by the file's bytes (short records pad with
    // NaN, but not without bound), and the layout must be sane.
    if lay.cols.len() > 100_000 {
        return Err(Error::input(
            path,
            format!("{} fields in the data record", lay.cols.len()),
        ));
    }
    let cells = keep.len().saturating_mul(data_lines.len());
    if cells > dat.len().saturating_mul(2).saturating_add(1_000_000) {
        return Err(Error::input(
            path,
            "the data records are far shorter than the .dfn record layout",
        ));
    }
    struct Part {
        cols: Vec<Vec<f64>>,
        labels: Vec<String>,
    }
    let ncol = lay.cols.len();
    let parts: Vec<std::result::Result<Part, String>> = data_lines
        .par_chunks(8192)
        .map(|chunk| {
            let mut cols: Vec<Vec<f64>> = keep
                .iter()
                .map(|_| Vec::with_capacity(chunk.len()))
                .collect();
            let mut labels = Vec::new();
            let mut toks: Vec<&str> = Vec::with_capacity(ncol);
            for &(row, l) in chunk {
                let fixed = |j: usize| -> &str {
                    let Col {
                        start: s, width: w, ..
                    } = &lay.cols[j];
                    l.get(*s..(*s + *w).min(l.len()))
                        .or_else(|| l.get(*s..))
                        .unwrap_or("")
                };
                let mut vals: Vec<f64> = Vec::with_capacity(keep.len());
                let mut ok = true;
                for &j in &keep {
                    match num(fixed(j), lay.cols[j].null) {
                        Some(v) => vals.push(v),
                        None => {
                            ok = false;
                            break;
                        }
                    }
                }
                let label = if ok {
                    line_col.map(|j| fixed(j).trim().to_string())
                } else {
                    toks.clear();
                    toks.extend(l.split_whitespace());
                    if toks.len() != ncol {
                        let bad = keep
                            .iter()
                            .find(|&&j| num(fixed(j), lay.cols[j].null).is_none())
                            .copied();
                        return Err(match bad {
                            Some(j) => format!(
                                "row {row}, field {}: not a number: {:?}",
                                lay.cols[j].name,
                                fixed(j).trim()
                            ),
                            None => format!("row {row}: does not match the record layout"),
                        });
                    }
                    vals.clear();
                    for &j in &keep {
                        vals.push(num(toks[j], lay.cols[j].null).ok_or_else(|| {
                            format!(
                                "row {row}, field {}: not a number: {:?}",
                                lay.cols[j].name, toks[j]
                            )
                        })?);
                    }
                    line_col.map(|j| toks[j].to_string())
                };
                for (c, v) in cols.iter_mut().zip(vals) {
                    c.push(v);
                }
                if let Some(l) = label {
                    labels.push(l);
                }
            }
            Ok(Part { cols, labels })
        })
        .collect();
    let mut columns: Vec<Vec<f64>> = keep
        .iter()
        .map(|_| Vec::with_capacity(data_lines.len()))
        .collect();
    let mut labels: Vec<String> = Vec::new();
    for p in parts {
        let p = p.map_err(|m| Error::input(path, m))?;
        for (d, s) in columns.iter_mut().zip(p.cols) {
            d.extend(s);
        }
        labels.extend(p.labels);
    }
    if data_lines.is_empty() {
        return Err(Error::input(path, "no data records"));
    }
    let mut data = SurveyData::new(names, columns, x, y).map_err(|e| e.at(path))?;
    data.z = z;
    data.units = keep.iter().map(|&j| lay.cols[j].unit.clone()).collect();
    if line_col.is_some() {
        data.set_lines_from_labels(&labels)
            .map_err(|e| e.at(path))?;
        // Integer line numbers are written without padding ("  1010" → "1010").
        data.line_names = data
            .line_names
            .iter()
            .map(|n| {
                n.parse::<f64>()
                    .ok()
                    .filter(|v| v.fract() == 0.0 && v.abs() < 1e15)
                    .map_or(n.clone(), |v| format!("{}", v as i64))
            })
            .collect();
        data.meta.extra.insert(
            "line_column".into(),
            all_names[line_col.unwrap_or(0)].clone(),
        );
    }
    for (k, v) in &proj {
        data.meta.extra.insert(format!("proj.{k}"), v.clone());
    }
    data.crs = opts.crs.clone().or_else(|| crs_from_proj(&proj));
    Ok(data)
}

/// EPSG code for the coordinate-system names common in Australian GDF2 deliveries.
pub fn crs_from_proj(proj: &[(String, String)]) -> Option<Crs> {
    let all: String = proj
        .iter()
        .map(|(_, v)| v.to_ascii_uppercase())
        .collect::<Vec<_>>()
        .join(" ");
    let all = all.replace(['_', '/', ','], " ");
    // Zone number after a keyword ("MGA ZONE 54", "MGA54") and whether 'S' follows it.
    let zone_h = |kw: &str| -> Option<(u32, bool)> {
        let i = all.find(kw)?;
        let rest = all[i + kw.len()..].trim_start_matches([' ', 'Z', 'O', 'N', 'E']);
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        let south = rest[digits.len()..].trim_start().starts_with('S');
        Some((digits.parse().ok()?, south))
    };
    let zone = |kw: &str| zone_h(kw).map(|z| z.0);
    let south = zone_h("UTM").is_some_and(|z| z.1) || all.contains("SOUTH");
    let code = if all.contains("GDA2020") {
        zone("MGA")
            .filter(|z| (46..=59).contains(z))
            .map(|z| 7800 + z)
            .or(Some(7844))
    } else if all.contains("GDA94") || all.contains("GDA 94") {
        zone("MGA")
            .filter(|z| (48..=58).contains(z))
            .map(|z| 28300 + z)
            .or(Some(4283))
    } else if all.contains("AGD84") {
        zone("AMG")
            .filter(|z| (48..=58).contains(z))
            .map(|z| 20300 + z)
            .or(Some(4203))
    } else if all.contains("AGD66") {
        zone("AMG")
            .filter(|z| (48..=58).contains(z))
            .map(|z| 20200 + z)
            .or(Some(4202))
    } else if all.contains("WGS84") || all.contains("WGS 84") {
        match zone("UTM").filter(|z| (1..=60).contains(z)) {
            Some(z) if south => Some(32700 + z),
            Some(z) => Some(32600 + z),
            None => Some(4326),
        }
    } else {
        None
    }?;
    Crs::from_epsg(code).ok()
}
