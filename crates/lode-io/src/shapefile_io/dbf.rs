//! dBase III attribute tables (.dbf) of shapefiles, read and written here so that field widths,
//! decimals and the .cpg code page are under our control (dBase III+ file structure; ESRI
//! Shapefile Technical Description, 1998, "dBASE file").
//!
//! Field types read: C (text), N/F (Int when 0 decimals and width ≤ 18, else Float), L (Bool),
//! D (Text `YYYY-MM-DD`), I (Int, 4-byte binary), O/B (Float, 8-byte binary); other types are
//! read as text. Blank or `*`-filled values are Null. Deleted records are reported by
//! [`Table::deleted`].

use std::path::Path;

use lode_core::{AttrValue, Error, FieldDef, FieldKind, Result};

/// Text encodings of .dbf strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// Windows-1252 (a superset of ISO-8859-1 in the printable range).
    Cp1252,
    /// Valid UTF-8 is UTF-8, anything else Windows-1252 (no .cpg).
    Guess,
}

/// The encoding named by a .cpg file (`UTF-8`, `1252`, `ISO-8859-1`, …).
pub fn encoding_from_cpg(cpg: &str) -> Encoding {
    let c = cpg.trim().to_ascii_uppercase().replace(['-', '_', ' '], "");
    match c.as_str() {
        "UTF8" | "65001" => Encoding::Utf8,
        "1252" | "CP1252" | "WINDOWS1252" | "ANSI1252" | "88591" | "ISO88591" | "LATIN1"
        | "28591" => Encoding::Cp1252,
        _ => Encoding::Guess,
    }
}

const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

fn decode(b: &[u8], enc: Encoding) -> String {
    match enc {
        Encoding::Utf8 => String::from_utf8_lossy(b).into_owned(),
        Encoding::Guess if std::str::from_utf8(b).is_ok() => {
            String::from_utf8_lossy(b).into_owned()
        }
        _ => b
            .iter()
            .map(|&c| match c {
                0x80..=0x9f => CP1252_HIGH[(c - 0x80) as usize],
                _ => c as char,
            })
            .collect(),
    }
}

/// A parsed table.
pub struct Table {
    pub fields: Vec<FieldDef>,
    pub records: Vec<Vec<AttrValue>>,
    pub deleted: Vec<bool>,
}

struct Desc {
    kind: u8,
    len: usize,
    dec: u8,
}

/// Parse .dbf bytes.
pub fn parse(b: &[u8], enc: Encoding, path: &Path) -> Result<Table> {
    let bad = |m: &str| Error::input(path, m.to_string());
    if b.len() < 33 {
        return Err(bad("dbf file is truncated (no header)"));
    }
    let nrec = u32::from_le_bytes([b[4], b[5], b[6], b[7]]) as usize;
    let hlen = u16::from_le_bytes([b[8], b[9]]) as usize;
    let rlen = u16::from_le_bytes([b[10], b[11]]) as usize;
    if hlen < 33 || hlen > b.len() || rlen == 0 {
        return Err(bad("dbf header is inconsistent (header or record length)"));
    }
    let mut descs = Vec::new();
    let mut fields = Vec::new();
    let mut off = 32;
    while off + 32 <= hlen && b[off] != 0x0d {
        let d = &b[off..off + 32];
        let name_end = d[..11].iter().position(|&c| c == 0).unwrap_or(11);
        let name = decode(&d[..name_end], enc).trim().to_string();
        let (kind, len, dec) = (d[11].to_ascii_uppercase(), d[16] as usize, d[17]);
        let fk = match kind {
            b'N' | b'F' if dec == 0 && len <= 18 => FieldKind::Int,
            b'N' | b'F' | b'O' | b'B' => FieldKind::Float,
            b'I' => FieldKind::Int,
            b'L' => FieldKind::Bool,
            _ => FieldKind::Text,
        };
        fields.push(FieldDef { name, kind: fk });
        descs.push(Desc { kind, len, dec });
        off += 32;
    }
    let used: usize = 1 + descs.iter().map(|d| d.len).sum::<usize>();
    if used > rlen {
        return Err(bad("dbf record length is smaller than its fields"));
    }
    let avail = (b.len() - hlen) / rlen;
    if avail < nrec {
        return Err(bad(&format!(
            "dbf file is truncated: {nrec} records declared, {avail} present"
        )));
    }
    let mut records = Vec::with_capacity(nrec);
    let mut deleted = Vec::with_capacity(nrec);
    for i in 0..nrec {
        let r = &b[hlen + i * rlen..hlen + (i + 1) * rlen];
        deleted.push(r[0] == b'*');
        let mut p = 1;
        let mut row = Vec::with_capacity(descs.len());
        for d in &descs {
            row.push(value(&r[p..p + d.len], d, enc));
            p += d.len;
        }
        records.push(row);
    }
    Ok(Table {
        fields,
        records,
        deleted,
    })
}

fn value(raw: &[u8], d: &Desc, enc: Encoding) -> AttrValue {
    let t = raw.trim_ascii();
    match d.kind {
        b'I' if raw.len() == 4 => {
            AttrValue::Int(i32::from_le_bytes([raw[0], raw[1], raw[2], raw[3]]) as i64)
        }
        b'O' | b'B' if raw.len() == 8 => {
            AttrValue::Float(f64::from_le_bytes(raw.try_into().unwrap_or([0; 8])))
        }
        _ if t.is_empty() || t.iter().all(|&c| c == b'*') => AttrValue::Null,
        b'N' | b'F' => {
            let s = String::from_utf8_lossy(t);
            if d.dec == 0 && d.len <= 18 {
                s.parse::<i64>()
                    .map(AttrValue::Int)
                    .unwrap_or(AttrValue::Null)
            } else {
                s.parse::<f64>()
                    .map(AttrValue::Float)
                    .unwrap_or(AttrValue::Null)
            }
        }
        b'L' => match t[0] {
            b'T' | b't' | b'Y' | b'y' => AttrValue::Bool(true),
            b'F' | b'f' | b'N' | b'n' => AttrValue::Bool(false),
            _ => AttrValue::Null,
        },
        b'D' if t.iter().all(|&c| c == b'0') => AttrValue::Null,
        b'D' if t.len() == 8 && t.iter().all(u8::is_ascii_digit) => {
            let s = String::from_utf8_lossy(t);
            AttrValue::Text(format!("{}-{}-{}", &s[..4], &s[4..6], &s[6..]))
        }
        _ => {
            let end = raw
                .iter()
                .rposition(|&c| c != b' ' && c != 0)
                .map_or(0, |i| i + 1);
            AttrValue::Text(decode(&raw[..end], enc))
        }
    }
}

/// dBase field names: at most 10 bytes, unique (case-insensitive); longer names are truncated
/// and numbered like GDAL's laundering (`longfieldn`, `longfiel_1`, …).
pub fn launder_names(fields: &[FieldDef]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(fields.len());
    for f in fields {
        let mut n = truncate_bytes(&f.name, 10).to_string();
        if n.is_empty() {
            n = "FIELD".into();
        }
        let mut k = 1;
        while out.iter().any(|o| o.eq_ignore_ascii_case(&n)) {
            let suffix = format!("_{k}");
            n = format!("{}{suffix}", truncate_bytes(&f.name, 10 - suffix.len()));
            k += 1;
        }
        out.push(n);
    }
    out
}

fn truncate_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn fmt_float(v: f64) -> String {
    let plain = format!("{v}");
    if plain.len() <= 24 {
        plain
    } else {
        format!("{v:e}")
    }
}

/// Encode a table as dBase III (UTF-8 strings; pair it with a `UTF-8` .cpg).
pub fn encode(fields: &[FieldDef], records: &[&[AttrValue]]) -> Result<Vec<u8>> {
    let names = launder_names(fields);
    // Each value's text per field, then widths from the longest.
    let mut texts: Vec<Vec<Option<String>>> = vec![Vec::with_capacity(records.len()); fields.len()];
    for r in records {
        for (j, (f, v)) in fields.iter().zip(r.iter()).enumerate() {
            let t = match (v, f.kind) {
                (AttrValue::Null, _) => None,
                (AttrValue::Float(x), _) if !x.is_finite() => None,
                (AttrValue::Bool(b), FieldKind::Bool) => {
                    Some(if *b { "T" } else { "F" }.to_string())
                }
                (AttrValue::Int(i), FieldKind::Int) => Some(i.to_string()),
                (v, FieldKind::Float) => v.as_f64().map(fmt_float),
                (v, FieldKind::Text) => v.as_text().map(|s| truncate_bytes(&s, 254).to_string()),
                (v, k) => {
                    return Err(Error::invalid(format!(
                        "field {}: value {v:?} does not fit a {k:?} field",
                        f.name
                    )))
                }
            };
            texts[j].push(t);
        }
    }
    let mut descs = Vec::with_capacity(fields.len());
    for (j, f) in fields.iter().enumerate() {
        let maxlen = texts[j]
            .iter()
            .flatten()
            .map(String::len)
            .max()
            .unwrap_or(0);
        let (kind, len, dec) = match f.kind {
            FieldKind::Int => (b'N', maxlen.clamp(1, 20), 0u8),
            FieldKind::Float => {
                let dec = texts[j]
                    .iter()
                    .flatten()
                    .filter(|s| !s.contains('e'))
                    .map(|s| s.find('.').map_or(0, |p| s.len() - p - 1))
                    .max()
                    .unwrap_or(0)
                    .clamp(1, 15);
                (b'N', maxlen.clamp(dec + 2, 254), dec as u8)
            }
            FieldKind::Bool => (b'L', 1, 0),
            FieldKind::Text => (b'C', maxlen.clamp(1, 254), 0),
        };
        descs.push((kind, len, dec));
    }
    let nf = fields.len();
    let hlen = 32 + 32 * nf + 1;
    let rlen = 1 + descs.iter().map(|d| d.1).sum::<usize>();
    if hlen > u16::MAX as usize || rlen > u16::MAX as usize {
        return Err(Error::invalid(
            "too many attribute fields for a dBase table",
        ));
    }
    let nrec = u32::try_from(records.len())
        .map_err(|_| Error::invalid("too many records for a dBase table"))?;
    let mut out = Vec::with_capacity(hlen + rlen * records.len() + 1);
    out.extend_from_slice(&[0x03, 100, 1, 1]);
    out.extend_from_slice(&nrec.to_le_bytes());
    out.extend_from_slice(&(hlen as u16).to_le_bytes());
    out.extend_from_slice(&(rlen as u16).to_le_bytes());
    out.extend_from_slice(&[0u8; 20]);
    for (n, (kind, len, dec)) in names.iter().zip(&descs) {
        let mut d = [0u8; 32];
        d[..n.len()].copy_from_slice(n.as_bytes());
        d[11] = *kind;
        d[16] = *len as u8;
        d[17] = *dec;
        out.extend_from_slice(&d);
    }
    out.push(0x0d);
    for (i, _) in records.iter().enumerate() {
        out.push(b' ');
        for (j, (kind, len, _)) in descs.iter().enumerate() {
            let t = texts[j][i].as_deref();
            let bytes = t.map(str::as_bytes).unwrap_or(b"");
            let pad = len.saturating_sub(bytes.len());
            if *kind == b'N' {
                out.extend(std::iter::repeat_n(b' ', pad));
                out.extend_from_slice(bytes);
            } else {
                out.extend_from_slice(bytes);
                out.extend(std::iter::repeat_n(b' ', pad));
            }
        }
    }
    out.push(0x1a);
    Ok(out)
}
