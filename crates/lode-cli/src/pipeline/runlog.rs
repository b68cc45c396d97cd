//! `run.json`: the audit record of a run — lode's version, every parameter, every input and
//! output with its size and SHA-256, stage timings and (for the demo) the scores against the
//! truth. Apart from `timings_s`, the same inputs and seed give a byte-identical file.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use lode_core::{Error, Result};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// One file with its digest.
#[derive(Debug, Clone, Serialize)]
pub struct FileRecord {
    /// Path as given (inputs) or relative to the output directory (outputs).
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

/// The whole record.
#[derive(Debug, Clone, Serialize)]
pub struct RunLog {
    pub lode_version: String,
    pub command: String,
    pub parameters: serde_json::Value,
    pub inputs: Vec<FileRecord>,
    pub outputs: Vec<FileRecord>,
    pub timings_s: BTreeMap<String, f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scores: Option<serde_json::Value>,
}

/// SHA-256 of a file, lowercase hex, streamed.
pub fn sha256_file(path: &Path) -> Result<(u64, String)> {
    let mut f = std::fs::File::open(path).map_err(|e| Error::read_io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut n = 0u64;
    loop {
        let k = f.read(&mut buf).map_err(|e| Error::read_io(path, e))?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        n += k as u64;
    }
    let d = h.finalize();
    Ok((n, d.iter().map(|b| format!("{b:02x}")).collect()))
}

/// Records for files, paths shown relative to `base` when below it.
pub fn records(files: &[PathBuf], base: Option<&Path>) -> Result<Vec<FileRecord>> {
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        let (bytes, sha256) = sha256_file(f)?;
        let shown = base
            .and_then(|b| f.strip_prefix(b).ok())
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/");
        out.push(FileRecord {
            path: shown,
            bytes,
            sha256,
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Every regular file below `dir`, sorted.
pub fn files_below(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).map_err(|e| Error::read_io(&d, e))? {
            let p = e.map_err(|e| Error::read_io(&d, e))?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.is_file() {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

impl RunLog {
    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string_pretty(self)
            .map(|s| s + "\n")
            .map_err(|e| Error::internal(format!("run.json: {e}")))
    }
}
