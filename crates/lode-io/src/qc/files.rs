//! The files of a delivery: directories walked recursively (sorted, hidden files ignored), companion
//! files (.prj, .shx, .dbf, .aux.xml, .gi, .xml, .dfn, …) grouped with their main file, documents
//! skipped.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use super::{Finding, Severity};

/// One main file to check.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub path: PathBuf,
    /// Companion files grouped with this one.
    pub sidecars: Vec<PathBuf>,
    /// Why the file is not checked (a document, not data), when it is not.
    pub skip: Option<String>,
}

/// The main files, and findings about the file set itself (orphan companions, unreadable folders).
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub entries: Vec<Entry>,
    pub findings: Vec<Finding>,
}

/// Extensions of companion files that belong to a main file with the same stem.
const SIDECAR_EXT: &[&str] = &[
    "prj", "shx", "dbf", "cpg", "qix", "sbn", "sbx", "fix", "tfw", "tifw", "tiffw", "wld", "hdr",
    "dfn", "stx", "aux", "qmd", "qml", "lyr", "ovr", "gi", "xml", "rrd", "msk", "des",
];

/// Suffixes of companion files named after the whole main file name (`grid.tif.aux.xml`).
const SIDECAR_SUFFIX: &[&str] = &[".aux.xml", ".ovr", ".msk", ".gi", ".xml", ".prj"];

/// Extensions of documents and archives a delivery may contain but which hold no readable data.
const DOCUMENT_EXT: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "md", "rtf", "htm", "html",
    "jpg", "jpeg", "png", "gif", "bmp", "zip", "7z", "rar", "gz", "tgz", "tar", "log", "kmz",
];

fn lower_ext(p: &Path) -> String {
    p.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn lower_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn stem_key(p: &Path) -> (PathBuf, String) {
    let dir = p.parent().map(Path::to_path_buf).unwrap_or_default();
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    (dir, stem)
}

/// Expand `paths` into the plan of files to check.
pub fn plan(paths: &[PathBuf]) -> Plan {
    let mut all = Vec::new();
    let mut seen = HashSet::new();
    let mut findings = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut all, &mut findings);
        } else {
            all.push(p.clone());
        }
    }
    all.retain(|p| seen.insert(p.clone()));
    group(all, findings)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, findings: &mut Vec<Finding>) {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            findings.push(Finding::new(
                &dir.display().to_string(),
                "unreadable",
                Severity::Error,
                format!("cannot list the folder: {e}"),
                "Check the folder's permissions and that the delivery was copied completely.",
            ));
            return;
        }
    };
    let mut children: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    children.sort();
    for c in children {
        if c.is_dir() {
            walk(&c, out, findings);
        } else {
            out.push(c);
        }
    }
}

fn group(all: Vec<PathBuf>, mut findings: Vec<Finding>) -> Plan {
    let lower_set: BTreeMap<String, usize> = all
        .iter()
        .enumerate()
        .map(|(i, p)| (p.to_string_lossy().to_ascii_lowercase(), i))
        .collect();
    let is_sidecar_ext = |p: &Path| SIDECAR_EXT.contains(&lower_ext(p).as_str());
    // Main-file candidates by (dir, lowercase stem): files that are not companions themselves.
    let mut by_stem: BTreeMap<(PathBuf, String), Vec<usize>> = BTreeMap::new();
    for (i, p) in all.iter().enumerate() {
        if !is_sidecar_ext(p) {
            by_stem.entry(stem_key(p)).or_default().push(i);
        }
    }
    let mut owner: Vec<Option<usize>> = vec![None; all.len()];
    for (i, p) in all.iter().enumerate() {
        let full = p.to_string_lossy().to_ascii_lowercase();
        let mut main = SIDECAR_SUFFIX.iter().find_map(|suf| {
            let base = full.strip_suffix(suf)?;
            lower_set.get(base).copied().filter(|&j| j != i)
        });
        if main.is_none() && is_sidecar_ext(p) {
            main = by_stem.get(&stem_key(p)).and_then(|v| v.first().copied());
        }
        if main.is_none() && lower_ext(p).is_empty() {
            main = lower_set.get(&format!("{full}.ers")).copied();
        }
        owner[i] = main;
    }
    // A companion of a companion (a.tif.aux.xml of a.tif.aux) belongs to the final main file.
    for i in 0..all.len() {
        let mut j = owner[i];
        let mut hops = 0;
        while let Some(k) = j {
            match owner[k] {
                Some(next) if hops < 4 => {
                    j = Some(next);
                    hops += 1;
                }
                _ => break,
            }
        }
        owner[i] = j;
    }
    let mut entries: Vec<Entry> = Vec::new();
    let mut index_of = vec![usize::MAX; all.len()];
    for (i, p) in all.iter().enumerate() {
        if owner[i].is_some() {
            continue;
        }
        let ext = lower_ext(p);
        if is_sidecar_ext(p) && ext != "dfn" && p.exists() {
            findings.push(Finding::new(
                &p.display().to_string(),
                "orphan-sidecar",
                Severity::Info,
                format!("companion file (.{ext}) without a data file of the same name"),
                "Check whether its data file is missing from the delivery or was renamed; otherwise ignore it.",
            ));
            continue;
        }
        let name = lower_name(p);
        let skip = if DOCUMENT_EXT.contains(&ext.as_str()) || name.starts_with("readme") {
            Some(format!("a document or archive (.{ext}), not a data file"))
        } else if name == "manifest.json" || (name.starts_with("manifest.") && ext == "txt") {
            Some("the delivery manifest (file list and checksums), not a data file".to_string())
        } else {
            None
        };
        index_of[i] = entries.len();
        entries.push(Entry {
            path: p.clone(),
            sidecars: Vec::new(),
            skip,
        });
    }
    for (i, p) in all.iter().enumerate() {
        if let Some(m) = owner[i] {
            if index_of[m] != usize::MAX {
                entries[index_of[m]].sidecars.push(p.clone());
            }
        }
    }
    Plan { entries, findings }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_companions() {
        let names = [
            "d/a.asc",
            "d/a.prj",
            "d/b.tif",
            "d/b.tif.aux.xml",
            "d/c.shp",
            "d/c.shx",
            "d/c.dbf",
            "d/c.PRJ",
            "d/g.grd",
            "d/g.grd.gi",
            "d/x.dat",
            "d/x.dfn",
            "d/lonely.prj",
            "d/e.ers",
            "d/e",
            "d/report.pdf",
        ];
        let all: Vec<PathBuf> = names.iter().map(PathBuf::from).collect();
        let p = group(all, Vec::new());
        let mains: Vec<String> = p
            .entries
            .iter()
            .map(|e| e.path.display().to_string())
            .collect();
        assert_eq!(
            mains,
            [
                "d/a.asc",
                "d/b.tif",
                "d/c.shp",
                "d/g.grd",
                "d/x.dat",
                "d/lonely.prj",
                "d/e.ers",
                "d/report.pdf"
            ]
        );
        assert_eq!(p.entries[2].sidecars.len(), 3);
        assert_eq!(p.entries[1].sidecars, [PathBuf::from("d/b.tif.aux.xml")]);
        assert_eq!(p.entries[6].sidecars, [PathBuf::from("d/e")]);
        assert!(p.entries[7].skip.is_some());
        // "d/lonely.prj" does not exist on disk, so it is checked (and reported unreadable).
        assert!(p.findings.is_empty());
    }
}
