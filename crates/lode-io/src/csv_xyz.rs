//! CSV / XYZ survey data: delimited text with a header (or without), column selection and a
//! line-number column.
//!
//! Accepted layouts:
//! - CSV with a header row; the delimiter (comma, semicolon, tab or runs of whitespace) is
//!   detected on the first non-comment line.
//! - Headerless numeric columns (`c0, c1, …`; x/y default to columns 0/1 and the value to 2).
//! - Geosoft XYZ exports: `/` comment lines (the last one before the data, when it has as many
//!   names as the data has columns, names the columns), and `Line 10` / `Tie 100` separator
//!   lines giving the line of the rows that follow (labels `L10` / `T100`).
//!
//! Values: empty fields, `*` (Geosoft dummy) and the optional [`SurveyOptions::nodata`] value
//! become NaN. A column is a *text* column when its first non-empty value in the first rows is
//! not a number: the line column keeps such values as labels, other text columns are dropped
//! (their names are listed in `meta.extra["text_columns"]`). A non-numeric value in a numeric
//! column is an error naming the file, the row (1-based line of the file) and the column.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use lode_core::{Crs, Error, Result, SurveyData};

/// Which columns of survey data are what.
#[derive(Debug, Clone, Default)]
pub struct SurveyOptions {
    /// Name (or 0-based index) of the x column; default: the first of x, easting, east, lon, longitude.
    pub x: Option<String>,
    /// Name (or index) of the y column; default: the first of y, northing, north, lat, latitude.
    pub y: Option<String>,
    /// Name (or index) of the value column.
    pub z: Option<String>,
    /// Name (or index) of the line identifier column.
    pub line: Option<String>,
    /// CRS of the coordinates, when the file does not say.
    pub crs: Option<Crs>,
    /// A dummy value meaning "missing" (read as NaN), besides empty fields and `*`.
    pub nodata: Option<f64>,
}

/// Names recognised as the x coordinate, in order of preference (case-insensitive).
pub const X_NAMES: &[&str] = &[
    "x",
    "easting",
    "east",
    "eastings",
    "e",
    "x_m",
    "utm_x",
    "utmx",
    "x_utm",
    "xutm",
    "mga_e",
    "lon",
    "long",
    "longitude",
    "lng",
];
/// Names recognised as the y coordinate, in order of preference (case-insensitive).
pub const Y_NAMES: &[&str] = &[
    "y",
    "northing",
    "north",
    "northings",
    "n",
    "y_m",
    "utm_y",
    "utmy",
    "y_utm",
    "yutm",
    "mga_n",
    "lat",
    "latitude",
];
/// Names recognised as the line identifier (case-insensitive, `-`/`_`/space ignored).
pub const LINE_NAMES: &[&str] = &[
    "line",
    "lineno",
    "linenumber",
    "lineid",
    "linename",
    "flightline",
    "fline",
    "flight",
    "linenumbersegment",
    "lines",
    "profile",
    "traverse",
];
/// Names recognised as the default value column (case-insensitive).
const Z_NAMES: &[&str] = &["z", "value", "val"];

/// Read survey data.
pub fn read(path: &Path, opts: &SurveyOptions) -> Result<SurveyData> {
    let bytes = std::fs::read(path).map_err(|e| Error::read_io(path, e))?;
    parse(&bytes, path, opts)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Delim {
    Byte(u8),
    Whitespace,
}

/// Parse CSV/XYZ bytes; `path` names the file in errors.
pub fn parse(bytes: &[u8], path: &Path, opts: &SurveyOptions) -> Result<SurveyData> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::input(path, "file is empty"));
    }
    let pre = preamble(bytes, path)?;
    let ncols = pre.names.len();
    let line_col = select_line(&pre.names, opts, path)?;
    let (text, first_text) = detect_text_columns(bytes, &pre, line_col, opts.nodata);
    if let Some(l) = line_col {
        if let Some(j) = [&opts.x, &opts.y].iter().find_map(|o| o.as_ref()) {
            if resolve(j, &pre.names) == Some(l) {
                return Err(Error::input(path, "the line column cannot also be x or y"));
            }
        }
    }
    // Numeric columns kept, in file order.
    let keep: Vec<usize> = (0..ncols)
        .filter(|&j| !text[j] && Some(j) != line_col)
        .collect();
    let kept_names: Vec<String> = keep.iter().map(|&j| pre.names[j].clone()).collect();
    let not_numeric = |j: usize| match &first_text[j] {
        Some((row, v)) => Error::input(
            path,
            format!("row {row}, column {:?}: not a number: {v:?}", pre.names[j]),
        ),
        None => Error::input(path, format!("column {:?} is not numeric", pre.names[j])),
    };
    let pick = |o: &Option<String>, defaults: &[&str], what: &str| -> Result<Option<usize>> {
        let Some(s) = o else {
            return Ok(find_name(&kept_names, defaults));
        };
        let j = resolve(s, &pre.names).ok_or_else(|| {
            Error::input(
                path,
                format!("no {what} column {s:?} (columns: {})", pre.names.join(", ")),
            )
        })?;
        keep.iter()
            .position(|&k| k == j)
            .map(Some)
            .ok_or_else(|| not_numeric(j))
    };
    let mut x = pick(&opts.x, X_NAMES, "x")?;
    let mut y = pick(&opts.y, Y_NAMES, "y")?;
    let mut z = pick(&opts.z, Z_NAMES, "value")?;
    if !pre.has_header && opts.x.is_none() && opts.y.is_none() && keep.len() >= 2 {
        x = Some(0);
        y = Some(1);
        if z.is_none() && opts.z.is_none() && keep.len() >= 3 {
            z = Some(2);
        }
    }
    // A coordinate column by its usual name that holds text (e.g. decimal commas).
    for (got, o, names) in [(x, &opts.x, X_NAMES), (y, &opts.y, Y_NAMES)] {
        if got.is_none() && o.is_none() {
            if let Some(j) =
                find_name(&pre.names, names).filter(|&j| text[j] && Some(j) != line_col)
            {
                return Err(not_numeric(j));
            }
        }
    }
    let (Some(x), Some(y)) = (x, y) else {
        return Err(Error::input(
            path,
            format!(
                "no x/y columns found (columns: {}); name them with --x/--y",
                pre.names.join(", ")
            ),
        ));
    };
    if x == y {
        return Err(Error::input(path, "x and y are the same column"));
    }

    let body = &bytes[pre.body_start..];
    let chunks = split_chunks(body);
    let spec = RowSpec {
        delim: pre.delim,
        ncols,
        keep: &keep,
        line_col,
        nodata: opts.nodata,
        geosoft_lines: true,
    };
    let parsed: Vec<std::result::Result<Chunk, ChunkError>> =
        chunks.par_iter().map(|c| parse_chunk(c, &spec)).collect();

    // Merge chunks: first error wins (with its file line number), columns concatenated.
    let mut line_offset = pre.body_line0;
    let mut total = 0usize;
    let mut ok = Vec::with_capacity(parsed.len());
    for p in parsed {
        match p {
            Ok(c) => {
                line_offset += c.lines;
                total += c.rows;
                ok.push(c);
            }
            Err(e) => {
                let row = line_offset + e.line;
                let col = e.col.map(|j| pre.names[j].clone());
                return Err(Error::input(
                    path,
                    match col {
                        Some(c) => format!("row {row}, column {c:?}: {}", e.msg),
                        None => format!("row {row}: {}", e.msg),
                    },
                ));
            }
        }
    }
    let mut columns: Vec<Vec<f64>> = (0..keep.len()).map(|_| Vec::with_capacity(total)).collect();
    for c in &ok {
        for (dst, src) in columns.iter_mut().zip(&c.cols) {
            dst.extend_from_slice(src);
        }
    }
    let mut data = SurveyData::new(kept_names, columns, x, y).map_err(|e| e.at(path))?;
    data.z = z;
    if line_col.is_some() || pre.first_label.is_some() || ok.iter().any(|c| !c.labels.is_empty()) {
        let (ids, names) = merge_labels(&ok, pre.first_label.as_deref());
        data.line = Some(ids);
        data.line_names = names;
    }
    data.crs = opts.crs.clone();
    let dropped: Vec<&str> = (0..ncols)
        .filter(|&j| text[j] && Some(j) != line_col)
        .map(|j| pre.names[j].as_str())
        .collect();
    if !dropped.is_empty() {
        data.meta
            .extra
            .insert("text_columns".into(), dropped.join(","));
    }
    if let Some(l) = line_col {
        data.meta
            .extra
            .insert("line_column".into(), pre.names[l].clone());
    }
    Ok(data)
}

/// What precedes the data: delimiter, column names, where the body starts.
struct Preamble {
    delim: Delim,
    names: Vec<String>,
    has_header: bool,
    /// Byte offset of the first line after the header (or of the first data line).
    body_start: usize,
    /// Number of file lines before `body_start`.
    body_line0: usize,
    /// Geosoft line label given before the body starts.
    first_label: Option<String>,
}

fn is_comment(line: &[u8]) -> bool {
    matches!(line.first(), Some(b'/') | Some(b'#'))
}

fn trim(mut s: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = s {
        if first.is_ascii_whitespace() {
            s = rest;
        } else {
            break;
        }
    }
    while let [rest @ .., last] = s {
        if last.is_ascii_whitespace() {
            s = rest;
        } else {
            break;
        }
    }
    s
}

/// A Geosoft `Line 10` / `Tie T100` separator: its label (`L10`, `T100`).
fn geosoft_separator(line: &[u8]) -> Option<String> {
    let t = std::str::from_utf8(trim(line)).ok()?;
    let mut it = t.split_whitespace();
    let kw = it.next()?.to_ascii_lowercase();
    let id = it.next()?;
    if it.next().is_some() {
        return None;
    }
    let prefix = match kw.as_str() {
        "line" => 'L',
        "tie" => 'T',
        _ => return None,
    };
    if id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        Some(id.to_string())
    } else {
        Some(format!("{prefix}{id}"))
    }
}

fn detect_delim(line: &[u8]) -> Delim {
    if line.contains(&b'\t') {
        return Delim::Byte(b'\t');
    }
    let commas = line.iter().filter(|&&b| b == b',').count();
    let semis = line.iter().filter(|&&b| b == b';').count();
    if commas == 0 && semis == 0 {
        Delim::Whitespace
    } else if semis > commas {
        Delim::Byte(b';')
    } else {
        Delim::Byte(b',')
    }
}

/// Split one line into fields (quoted fields unquoted when the line contains a quote).
fn split_fields<'a>(line: &'a [u8], delim: Delim, out: &mut Vec<std::borrow::Cow<'a, [u8]>>) {
    out.clear();
    match delim {
        Delim::Whitespace => {
            out.extend(
                line.split(|b| b.is_ascii_whitespace())
                    .filter(|f| !f.is_empty())
                    .map(std::borrow::Cow::Borrowed),
            );
        }
        Delim::Byte(d) => {
            if !line.contains(&b'"') {
                out.extend(
                    line.split(|&b| b == d)
                        .map(|f| std::borrow::Cow::Borrowed(trim(f))),
                );
                return;
            }
            let mut field = Vec::new();
            let mut quoted = false;
            let mut i = 0;
            while i < line.len() {
                let b = line[i];
                if quoted {
                    if b == b'"' {
                        if line.get(i + 1) == Some(&b'"') {
                            field.push(b'"');
                            i += 1;
                        } else {
                            quoted = false;
                        }
                    } else {
                        field.push(b);
                    }
                } else if b == b'"' {
                    quoted = true;
                } else if b == d {
                    out.push(std::borrow::Cow::Owned(trim(&field).to_vec()));
                    field.clear();
                } else {
                    field.push(b);
                }
                i += 1;
            }
            out.push(std::borrow::Cow::Owned(trim(&field).to_vec()));
        }
    }
}

fn lines_with_offsets(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut pos = 0usize;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let end = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
        pos = end + 1;
        let mut line = &bytes[start..end];
        if let [rest @ .., b'\r'] = line {
            line = rest;
        }
        Some((start, line))
    })
}

fn parse_num(f: &[u8], nodata: Option<f64>) -> Option<f64> {
    let f = trim(f);
    if f.is_empty() || f == b"*" {
        return Some(f64::NAN);
    }
    // SAFETY-free: from_utf8 on a numeric field is cheap; non-UTF-8 is not a number.
    let v: f64 = std::str::from_utf8(f).ok()?.parse().ok()?;
    match nodata {
        Some(d) if v == d => Some(f64::NAN),
        _ => Some(v),
    }
}

fn preamble(bytes: &[u8], path: &Path) -> Result<Preamble> {
    let mut comments: Vec<&[u8]> = Vec::new();
    let mut first_label = None;
    let mut fields = Vec::new();
    for (lineno, (start, raw)) in lines_with_offsets(bytes).enumerate() {
        let line = trim(raw);
        if line.is_empty() {
            continue;
        }
        if is_comment(line) {
            comments.push(line);
            continue;
        }
        if let Some(l) = geosoft_separator(line) {
            first_label = Some(l);
            continue;
        }
        let delim = detect_delim(line);
        split_fields(line, delim, &mut fields);
        let numeric = fields.iter().all(|f| parse_num(f, None).is_some());
        if !numeric {
            let names = unique_names(
                fields
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned()),
            );
            let body_start = (start + raw.len() + 1).min(bytes.len());
            return Ok(Preamble {
                delim,
                names,
                has_header: true,
                body_start,
                body_line0: lineno + 1,
                first_label,
            });
        }
        let n = fields.len();
        let mut names: Vec<String> = (0..n).map(|j| format!("c{j}")).collect();
        let mut has_header = false;
        // Geosoft XYZ: the last comment line with one name per data column names them.
        for c in comments.iter().rev() {
            let c = c.trim_ascii_start();
            let c = c
                .strip_prefix(b"/")
                .or_else(|| c.strip_prefix(b"#"))
                .unwrap_or(c);
            let mut hf = Vec::new();
            split_fields(trim(c), delim, &mut hf);
            if hf.len() == n && hf.iter().all(|f| parse_num(f, None).is_none()) {
                names = unique_names(hf.iter().map(|f| String::from_utf8_lossy(f).into_owned()));
                has_header = true;
                break;
            }
        }
        return Ok(Preamble {
            delim,
            names,
            has_header,
            body_start: start,
            body_line0: lineno,
            first_label,
        });
    }
    Err(Error::input(path, "no data rows"))
}

fn unique_names(it: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (j, n) in it.enumerate() {
        let mut n = n.trim().to_string();
        if n.is_empty() {
            n = format!("c{j}");
        }
        let base = n.clone();
        let mut k = 2;
        while out.iter().any(|o| o.eq_ignore_ascii_case(&n)) {
            n = format!("{base}_{k}");
            k += 1;
        }
        out.push(n);
    }
    out
}

fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '-' | '_' | ' ' | '.'))
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// A column named `s` (case-insensitive) or, failing that, `s` as a 0-based index.
fn resolve(s: &str, names: &[String]) -> Option<usize> {
    names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(s.trim()))
        .or_else(|| s.trim().parse::<usize>().ok().filter(|&j| j < names.len()))
}

fn find_name(names: &[String], candidates: &[&str]) -> Option<usize> {
    candidates
        .iter()
        .find_map(|c| names.iter().position(|n| n.eq_ignore_ascii_case(c)))
}

fn select_line(names: &[String], opts: &SurveyOptions, path: &Path) -> Result<Option<usize>> {
    if let Some(s) = &opts.line {
        return resolve(s, names).map(Some).ok_or_else(|| {
            Error::input(
                path,
                format!("no line column {s:?} (columns: {})", names.join(", ")),
            )
        });
    }
    let norm: Vec<String> = names.iter().map(|n| normalise(n)).collect();
    Ok(LINE_NAMES
        .iter()
        .find_map(|c| norm.iter().position(|n| n == c)))
}

/// Text columns: the first non-missing value among the first rows is not a number. Also
/// returns, per text column, the file row and value of that first non-number.
#[allow(clippy::type_complexity)]
fn detect_text_columns(
    bytes: &[u8],
    pre: &Preamble,
    line_col: Option<usize>,
    nodata: Option<f64>,
) -> (Vec<bool>, Vec<Option<(usize, String)>>) {
    let n = pre.names.len();
    let mut decided: Vec<Option<bool>> = vec![None; n];
    let mut first: Vec<Option<(usize, String)>> = vec![None; n];
    if let Some(l) = line_col {
        decided[l] = Some(true);
    }
    let mut fields = Vec::new();
    for (k, (_, raw)) in lines_with_offsets(&bytes[pre.body_start..])
        .take(200)
        .enumerate()
    {
        let line = trim(raw);
        if line.is_empty() || is_comment(line) || geosoft_separator(line).is_some() {
            continue;
        }
        split_fields(line, pre.delim, &mut fields);
        for (j, f) in fields.iter().enumerate().take(n) {
            if decided[j].is_none() {
                let f = trim(f);
                if f.is_empty() || f == b"*" {
                    continue;
                }
                let is_text = parse_num(f, nodata).is_none();
                if is_text {
                    first[j] = Some((
                        pre.body_line0 + k + 1,
                        String::from_utf8_lossy(f).into_owned(),
                    ));
                }
                decided[j] = Some(is_text);
            }
        }
        if decided.iter().all(|d| d.is_some()) {
            break;
        }
    }
    (
        decided.into_iter().map(|d| d.unwrap_or(false)).collect(),
        first,
    )
}

struct RowSpec<'a> {
    delim: Delim,
    ncols: usize,
    keep: &'a [usize],
    line_col: Option<usize>,
    nodata: Option<f64>,
    geosoft_lines: bool,
}

/// Label id meaning "the line current at the start of this chunk".
const INHERIT: u32 = u32::MAX;

struct Chunk {
    cols: Vec<Vec<f64>>,
    rows: usize,
    /// Physical lines in the chunk.
    lines: usize,
    /// Per-row chunk-local label ids (empty when there are no labels).
    ids: Vec<u32>,
    /// Chunk-local labels in order of first appearance.
    labels: Vec<String>,
    /// The Geosoft label current at the end of the chunk (index into `labels`).
    last_label: Option<u32>,
}

struct ChunkError {
    /// 1-based line within the chunk.
    line: usize,
    col: Option<usize>,
    msg: String,
}

/// Split the body into chunks of whole lines for parallel parsing.
fn split_chunks(body: &[u8]) -> Vec<&[u8]> {
    const MIN: usize = 1 << 20;
    let n = (rayon::current_num_threads() * 4).max(1);
    let target = (body.len() / n).max(MIN);
    let mut out = Vec::new();
    let mut start = 0;
    while start < body.len() {
        let mut end = (start + target).min(body.len());
        if end < body.len() {
            end = memchr::memchr(b'\n', &body[end..]).map_or(body.len(), |i| end + i + 1);
        }
        out.push(&body[start..end]);
        start = end;
    }
    out
}

fn parse_chunk(chunk: &[u8], spec: &RowSpec) -> std::result::Result<Chunk, ChunkError> {
    let mut cols: Vec<Vec<f64>> = spec.keep.iter().map(|_| Vec::new()).collect();
    let mut dst_of = vec![usize::MAX; spec.ncols];
    for (k, &j) in spec.keep.iter().enumerate() {
        dst_of[j] = k;
    }
    let mut ids = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    let mut index: HashMap<Vec<u8>, u32> = HashMap::new();
    let mut current: u32 = INHERIT;
    let mut any_sep = false;
    let mut rows = 0usize;
    let mut lines = 0usize;
    let mut fields = Vec::with_capacity(spec.ncols);
    let mut intern = |label: &[u8], labels: &mut Vec<String>| -> u32 {
        if let Some(&id) = index.get(label) {
            return id;
        }
        let id = labels.len() as u32;
        labels.push(String::from_utf8_lossy(label).into_owned());
        index.insert(label.to_vec(), id);
        id
    };
    for (_, raw) in lines_with_offsets(chunk) {
        lines += 1;
        let line = trim(raw);
        if line.is_empty() || is_comment(line) {
            continue;
        }
        if spec.geosoft_lines && matches!(line[0], b'L' | b'l' | b'T' | b't') {
            if let Some(l) = geosoft_separator(line) {
                current = intern(l.as_bytes(), &mut labels);
                any_sep = true;
                continue;
            }
        }
        split_fields(line, spec.delim, &mut fields);
        if fields.len() != spec.ncols {
            return Err(ChunkError {
                line: lines,
                col: None,
                msg: format!("{} fields, expected {}", fields.len(), spec.ncols),
            });
        }
        for (j, f) in fields.iter().enumerate() {
            let k = dst_of[j];
            if k != usize::MAX {
                let v = parse_num(f, spec.nodata).ok_or_else(|| ChunkError {
                    line: lines,
                    col: Some(j),
                    msg: format!("not a number: {:?}", String::from_utf8_lossy(f)),
                })?;
                cols[k].push(v);
            }
        }
        if let Some(l) = spec.line_col {
            ids.push(intern(trim(&fields[l]), &mut labels));
        } else if any_sep || current != INHERIT {
            ids.push(current);
        } else {
            ids.push(INHERIT);
        }
        rows += 1;
    }
    let has_labels = spec.line_col.is_some() || any_sep;
    Ok(Chunk {
        cols,
        rows,
        lines,
        ids: if has_labels { ids } else { Vec::new() },
        labels,
        last_label: (current != INHERIT).then_some(current),
    })
}

/// Global line ids in order of first appearance; rows before any separator take the label
/// current at the end of the previous chunk (or `first`, given before the body).
fn merge_labels(chunks: &[Chunk], first: Option<&str>) -> (Vec<u32>, Vec<String>) {
    let total: usize = chunks.iter().map(|c| c.rows).sum();
    let mut ids = Vec::with_capacity(total);
    let mut names: Vec<String> = Vec::new();
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut global = |name: &str, names: &mut Vec<String>| -> u32 {
        if let Some(&g) = index.get(name) {
            return g;
        }
        let g = names.len() as u32;
        names.push(name.to_string());
        index.insert(name.to_string(), g);
        g
    };
    let mut carry: Option<String> = first.map(str::to_string);
    for c in chunks {
        if c.ids.is_empty() {
            // No separators in this chunk: every row is on the carried line.
            let g = global(carry.as_deref().unwrap_or(""), &mut names);
            ids.extend(std::iter::repeat_n(g, c.rows));
            continue;
        }
        let map: Vec<u32> = c.labels.iter().map(|l| global(l, &mut names)).collect();
        let inherit = global(carry.as_deref().unwrap_or(""), &mut names);
        ids.extend(c.ids.iter().map(|&i| {
            if i == INHERIT {
                inherit
            } else {
                map[i as usize]
            }
        }));
        if let Some(l) = c.last_label {
            carry = Some(c.labels[l as usize].clone());
        }
    }
    // An unused "" (inherit) entry may have been interned: rebuild compactly.
    compact(ids, names)
}

fn compact(ids: Vec<u32>, names: Vec<String>) -> (Vec<u32>, Vec<String>) {
    let mut remap = vec![u32::MAX; names.len()];
    let mut out_names = Vec::new();
    let ids = ids
        .into_iter()
        .map(|i| {
            let r = &mut remap[i as usize];
            if *r == u32::MAX {
                *r = out_names.len() as u32;
                out_names.push(names[i as usize].clone());
            }
            *r
        })
        .collect();
    (ids, out_names)
}
