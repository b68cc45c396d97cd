//! The delivery manifest: every file with its size and sha256, so a delivery can be verified.

use std::path::{Path, PathBuf};

use lode_core::{Error, Result};
use sha2::{Digest, Sha256};

/// Write `manifest.json` listing each file with its size and sha256.
pub fn write_manifest(dir: &Path, files: &[PathBuf]) -> Result<PathBuf> {
    let mut entries = Vec::new();
    let mut all: Vec<PathBuf> = Vec::new();
    for f in files {
        all.push(f.clone());
        for side in ["prj", "shx", "dbf", "cpg"] {
            let s = f.with_extension(side);
            if dir.join(&s).exists() && !all.contains(&s) {
                all.push(s);
            }
        }
    }
    all.sort();
    for f in &all {
        let p = dir.join(f);
        let bytes = std::fs::read(&p).map_err(|e| Error::read_io(&p, e))?;
        let digest = Sha256::digest(&bytes);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        entries.push(serde_json::json!({
            "file": f.display().to_string(),
            "bytes": bytes.len(),
            "sha256": hex,
        }));
    }
    let json = serde_json::to_string_pretty(&serde_json::json!({ "files": entries }))
        .map_err(|e| Error::internal(e.to_string()))?;
    let out = dir.join("manifest.json");
    lode_core::atomic::write_bytes(&out, json.as_bytes())?;
    Ok(out)
}
