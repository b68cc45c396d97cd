//! Helpers shared by the lode-cli integration tests: running the `lode` binary, asserting a
//! success or a refusal (exit code 2 with one `error: ` line, no panic, no output left behind),
//! and locating the fixtures in tests/data.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lode_core::{Crs, Grid, GridGeometry};

/// The `lode` binary under test, for a caller that sets more than arguments.
pub fn lode_cmd() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lode"))
}

/// Runs `lode` with `args` and returns its exit status, stdout and stderr.
pub fn lode(args: &[&str]) -> Output {
    lode_cmd().args(args).output().expect("run lode")
}

/// The stderr of a run (asserted to be UTF-8).
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Asserts that the run succeeded (exit code 0; its stderr is shown otherwise) and returns its
/// stdout (asserted to be UTF-8).
pub fn ok(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

/// Asserts a refused run: exit code 2, no panic, and exactly one stderr line that starts with
/// `error: ` and contains `needle` (other stderr lines, such as warnings, are allowed). Returns
/// that line.
pub fn error_line(o: &Output, needle: &str) -> String {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(lines.len(), 1, "expected one error line, got {err:?}");
    assert!(
        lines[0].contains(needle),
        "{err:?} should mention {needle:?}"
    );
    lines[0].to_string()
}

/// [`error_line`], and that line is all the run printed: stderr has no other line and stdout is
/// empty. Returns the line.
pub fn one_line_error(o: &Output, needle: &str) -> String {
    let line = error_line(o, needle);
    let err = stderr(o);
    assert_eq!(
        err.lines().count(),
        1,
        "expected one stderr line, got {err:?}"
    );
    assert!(
        o.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    line
}

/// Runs `lode` with `args`, asserts [`one_line_error`] with `needle`, and that `out` was not
/// written. Returns the error line.
pub fn refused(args: &[&str], out: &Path, needle: &str) -> String {
    let line = one_line_error(&lode(args), needle);
    assert!(!out.exists(), "{args:?} left {}", out.display());
    line
}

/// A fixture below the workspace's tests/data, e.g. `data("wofe/wofe_deposits.shp")`.
pub fn data(rel: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data")).join(rel)
}

/// A path as `&str` (every test path is UTF-8).
pub fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// The centres of the cells of `g` at height 0, row-major from the north-west cell: the
/// observation points of a synthetic forward model.
pub fn cell_centres(g: &GridGeometry) -> Vec<[f64; 3]> {
    (0..g.rows)
        .flat_map(|r| (0..g.cols).map(move |c| (c, r)))
        .map(|(c, r)| {
            let (x, y) = g.cell_center(c, r);
            [x, y, 0.0]
        })
        .collect()
}

/// The JSON document in the file `p`.
pub fn read_json(p: &Path) -> serde_json::Value {
    let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Writes `bytes` to `dir/name`; returns the path.
pub fn write_file(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The coordinate reference system `EPSG:code`, as a grid's optional CRS.
pub fn epsg(code: u32) -> Option<Crs> {
    Some(Crs::from_epsg(code).unwrap())
}

/// Writes `g` to `dir/name` in the format its extension names; returns the path.
pub fn write_grid(dir: &Path, name: &str, g: &Grid) -> PathBuf {
    let p = dir.join(name);
    lode_io::write_grid(&p, g, None).unwrap();
    p
}
