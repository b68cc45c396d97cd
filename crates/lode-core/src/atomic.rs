//! Atomic output: every file is written to a temporary file beside its destination and renamed
//! into place only when complete, so an interrupted run never leaves a half-written file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// A set of output files committed together: all are written to temporaries first and renamed
/// into place by [`AtomicSet::commit`]. Dropping the set without committing removes the temporaries.
#[derive(Default)]
pub struct AtomicSet {
    pending: Vec<(tempfile::TempPath, PathBuf)>,
}

impl AtomicSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Create a temporary file for `dest`; returns its path (for writers that need a path, e.g. SQLite).
    pub fn temp_path(&mut self, dest: &Path) -> Result<PathBuf> {
        let tmp = temp_beside(dest)?;
        let p = tmp.path().to_path_buf();
        let (_, path) = tmp.into_parts();
        self.pending.push((path, dest.to_path_buf()));
        Ok(p)
    }

    /// Write `dest` through a buffered writer.
    pub fn write<F>(&mut self, dest: &Path, f: F) -> Result<()>
    where
        F: FnOnce(&mut BufWriter<&mut File>) -> Result<()>,
    {
        let mut tmp = temp_beside(dest)?;
        {
            let mut w = BufWriter::new(tmp.as_file_mut());
            f(&mut w)?;
            w.flush().map_err(|e| Error::write_io(dest, e))?;
        }
        let (_, path) = tmp.into_parts();
        self.pending.push((path, dest.to_path_buf()));
        Ok(())
    }

    /// Write `dest` with these bytes.
    pub fn write_bytes(&mut self, dest: &Path, bytes: &[u8]) -> Result<()> {
        self.write(dest, |w| {
            w.write_all(bytes).map_err(|e| Error::write_io(dest, e))
        })
    }

    /// Rename every temporary into place.
    pub fn commit(self) -> Result<()> {
        for (tmp, dest) in self.pending {
            tmp.persist(&dest)
                .map_err(|e| Error::write_io(&dest, e.error))?;
        }
        Ok(())
    }
}

fn temp_beside(dest: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(Error::invalid(format!(
            "{}: output directory {} does not exist",
            dest.display(),
            dir.display()
        )));
    }
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let prefix = format!(".{name}.");
    let mut b = tempfile::Builder::new();
    b.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Outputs are ordinary files (rw-r--r--), not private temporaries.
        b.permissions(std::fs::Permissions::from_mode(0o644));
    }
    b.tempfile_in(&dir).map_err(|e| Error::write_io(dest, e))
}

/// Write one file atomically through a buffered writer.
pub fn write_file<F>(dest: &Path, f: F) -> Result<()>
where
    F: FnOnce(&mut BufWriter<&mut File>) -> Result<()>,
{
    let mut set = AtomicSet::new();
    set.write(dest, f)?;
    set.commit()
}

/// Write one file atomically from bytes.
pub fn write_bytes(dest: &Path, bytes: &[u8]) -> Result<()> {
    let mut set = AtomicSet::new();
    set.write_bytes(dest, bytes)?;
    set.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncommitted_set_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("a.txt");
        {
            let mut s = AtomicSet::new();
            s.write_bytes(&dest, b"hello").unwrap();
        }
        assert!(!dest.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        write_bytes(&dest, b"hello").unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"hello");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
