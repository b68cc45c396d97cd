//! `.prj` sidecar files: the WKT that ESRI formats keep beside the data.

use std::path::{Path, PathBuf};

use lode_core::atomic::AtomicSet;
use lode_core::{Crs, Error, Result};

/// The .prj path beside a data file.
pub fn prj_path(data: &Path) -> PathBuf {
    data.with_extension("prj")
}

/// Read the CRS from the .prj beside `data`; None when there is none.
pub fn read_prj(data: &Path) -> Result<Option<Crs>> {
    let p = prj_path(data);
    if !p.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&p).map_err(|e| Error::read_io(&p, e))?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    Crs::from_wkt(&text).map(Some).map_err(|e| e.at(&p))
}

/// Add the .prj for `crs` beside `data` to an atomic output set (nothing when there is no CRS).
pub fn write_prj(set: &mut AtomicSet, data: &Path, crs: Option<&Crs>) -> Result<()> {
    let Some(crs) = crs else { return Ok(()) };
    let Some(wkt) = crs.wkt() else { return Ok(()) };
    set.write_bytes(&prj_path(data), wkt.as_bytes())
}
