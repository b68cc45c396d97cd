//! Prism model files: CSV with a header naming the columns
//! `west,east,south,north,bottom,top,density,susceptibility` (any order, case-insensitive) and
//! optionally `mag_e,mag_n,mag_u` (remanent magnetisation, A/m). Coordinates in metres, upward
//! positive; density in kg/m³; susceptibility in SI. Blank lines and lines starting with `#` are
//! skipped; other columns are ignored.

use std::path::Path;

use lode_core::{Error, Result};

use super::Prism;

/// Prisms with their physical properties, one entry per data row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrismTable {
    pub prisms: Vec<Prism>,
    /// kg/m³.
    pub density: Vec<f64>,
    /// SI.
    pub susceptibility: Vec<f64>,
    /// Remanent magnetisation (east, north, up), A/m; zero when the columns are absent.
    pub remanent: Vec<[f64; 3]>,
    /// 1-based line number of each prism in the file.
    pub line: Vec<usize>,
}

const REQUIRED: [&str; 8] = [
    "west",
    "east",
    "south",
    "north",
    "bottom",
    "top",
    "density",
    "susceptibility",
];
const REMANENT: [&str; 3] = ["mag_e", "mag_n", "mag_u"];

/// The largest |coordinate| accepted, m (far beyond any survey; keeps the kernels' products finite).
pub const MAX_COORD: f64 = 1e8;

/// Read a prism file.
pub fn read_prisms(path: &Path) -> Result<PrismTable> {
    let bytes = std::fs::read(path).map_err(|e| Error::read_io(path, e))?;
    parse_prisms(&bytes, path)
}

/// Parse the bytes of a prism file; errors name `path` and the line.
pub fn parse_prisms(bytes: &[u8], path: &Path) -> Result<PrismTable> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| Error::input(path, format!("not UTF-8 text ({e})")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'));
    let (_, header) = lines
        .next()
        .ok_or_else(|| Error::input(path, "empty file: no header line"))?;
    let names: Vec<String> = header
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    let find = |want: &str| names.iter().position(|n| n == want);
    let mut cols = [0usize; 8];
    for (k, want) in REQUIRED.iter().enumerate() {
        cols[k] = find(want).ok_or_else(|| {
            Error::input(
                path,
                format!("missing column {want:?} (need {})", REQUIRED.join(",")),
            )
        })?;
    }
    let rem: Vec<Option<usize>> = REMANENT.iter().map(|n| find(n)).collect();
    let rem = match (rem[0], rem[1], rem[2]) {
        (Some(a), Some(b), Some(c)) => Some([a, b, c]),
        (None, None, None) => None,
        _ => {
            return Err(Error::input(
                path,
                "give all three of mag_e, mag_n, mag_u or none",
            ))
        }
    };
    let mut t = PrismTable::default();
    for (ln, line) in lines {
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if fields.len() != names.len() {
            return Err(Error::input(
                path,
                format!(
                    "line {ln}: {} values but the header has {} columns",
                    fields.len(),
                    names.len()
                ),
            ));
        }
        let num = |c: usize| -> Result<f64> {
            let s = fields[c].trim_matches('"');
            match s.parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(v),
                _ => Err(Error::input(
                    path,
                    format!(
                        "line {ln}: column {:?}: {s:?} is not a finite number",
                        names[c]
                    ),
                )),
            }
        };
        let v: Vec<f64> = cols.iter().map(|&c| num(c)).collect::<Result<_>>()?;
        if v[..6].iter().any(|c| c.abs() > MAX_COORD) {
            return Err(Error::input(
                path,
                format!("line {ln}: a prism bound exceeds ±{MAX_COORD:e} m"),
            ));
        }
        let prism = Prism::new(v[0], v[1], v[2], v[3], v[4], v[5])
            .map_err(|e| Error::input(path, format!("line {ln}: {e}")))?;
        let remanent = match rem {
            Some(c) => [num(c[0])?, num(c[1])?, num(c[2])?],
            None => [0.0; 3],
        };
        t.prisms.push(prism);
        t.density.push(v[6]);
        t.susceptibility.push(v[7]);
        t.remanent.push(remanent);
        t.line.push(ln);
    }
    if t.prisms.is_empty() {
        return Err(Error::input(path, "no prisms (only a header)"));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        let p = Path::new("m.csv");
        let ok = b"west,east,south,north,bottom,top,density,susceptibility\n# c\n0,1,0,1,-2,-1,300,0.01\n\n";
        let t = parse_prisms(ok, p).unwrap();
        assert_eq!(t.prisms.len(), 1);
        assert_eq!(t.line, vec![3]);
        assert_eq!(t.remanent[0], [0.0; 3]);
        let rem = b"Top,bottom,west,east,south,north,density,susceptibility,mag_e,mag_n,mag_u\n-1,-2,0,1,0,1,0,0,1,2,3\n";
        let t = parse_prisms(rem, p).unwrap();
        assert_eq!(t.remanent[0], [1.0, 2.0, 3.0]);
        assert_eq!(t.prisms[0].top, -1.0);
        for (bad, msg) in [
            (
                &b"west,east,south,north,bottom,top,density\n0,1,0,1,0,1,2\n"[..],
                "missing column",
            ),
            (
                b"west,east,south,north,bottom,top,density,susceptibility\n0,1,0,1,0,x,2,0\n",
                "line 2",
            ),
            (
                b"west,east,south,north,bottom,top,density,susceptibility\n1,0,0,1,0,1,2,0\n",
                "west < east",
            ),
            (
                b"west,east,south,north,bottom,top,density,susceptibility\n0,1,0,1,0,1,NaN,0\n",
                "finite",
            ),
            (
                b"west,east,south,north,bottom,top,density,susceptibility\n0,1,0,1,0,1\n",
                "6 values",
            ),
            (
                b"west,east,south,north,bottom,top,density,susceptibility\n",
                "no prisms",
            ),
            (b"", "empty"),
            (
                b"west,east,south,north,bottom,top,density,susceptibility\n0,1e300,0,1,0,1,2,0\n",
                "exceeds",
            ),
            (b"\xff\xfe", "UTF-8"),
        ] {
            let e = parse_prisms(bad, p).unwrap_err().to_string();
            assert!(e.contains(msg) && e.starts_with("m.csv"), "{e}");
        }
    }
}
