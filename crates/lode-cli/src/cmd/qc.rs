//! `lode qc PATH... [--json]`.

use std::path::PathBuf;

use lode_core::{Error, Result};
use lode_io::qc::{self, Finding, QcReport};

#[derive(clap::Args)]
pub struct Args {
    /// Files (or directories) of the delivery.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> Result<()> {
    if !a.paths.iter().any(|p| p.exists()) {
        return Err(match a.paths.as_slice() {
            [one] => Error::input(one, "file not found"),
            many => Error::invalid(format!(
                "none of the {} paths exists ({})",
                many.len(),
                many.iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        });
    }
    let report = qc::check_paths(&a.paths);
    if report.files.is_empty() {
        return Err(Error::invalid("no data files among the given paths"));
    }
    if report.readable() == 0 {
        let first = report
            .findings
            .iter()
            .find(|f| f.check == "unreadable")
            .map(|f| format!("; first: {}: {}", f.file, f.message))
            .unwrap_or_default();
        return Err(Error::invalid(format!(
            "none of the {} file(s) could be read as data{first}",
            report.files.len()
        )));
    }
    if a.json {
        let s = serde_json::to_string_pretty(&report)
            .map_err(|e| Error::internal(format!("cannot serialise the report: {e}")))?;
        println!("{s}");
    } else {
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .unwrap_or(110)
            .max(70);
        print!("{}", render(&report, width));
    }
    Ok(())
}

/// The report as a text table (severity | file | check | finding | fix) wrapped to `width` columns.
pub fn render(report: &QcReport, width: usize) -> String {
    let mut out = String::new();
    let mut rows: Vec<Finding> = report.findings.clone();
    rows.sort_by_key(|r| std::cmp::Reverse(r.severity));
    let prefix = common_dir(rows.iter().map(|f| f.file.as_str()));
    if !prefix.is_empty() {
        for f in rows.iter_mut() {
            f.file = f.file[prefix.len()..].to_string();
        }
    }
    if !rows.is_empty() {
        let wf = rows
            .iter()
            .map(|f| f.file.chars().count())
            .max()
            .unwrap_or(4)
            .clamp(4, 28);
        let wc = rows
            .iter()
            .map(|f| f.check.len())
            .max()
            .unwrap_or(5)
            .clamp(5, 20);
        let rest = width.saturating_sub(8 + wf + wc + 8).max(40);
        let wm = rest * 11 / 20;
        let wx = rest - wm;
        let widths = [8, wf, wc, wm, wx];
        push_row(
            &mut out,
            &widths,
            ["SEVERITY", "FILE", "CHECK", "FINDING", "FIX"].map(String::from),
        );
        out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 8));
        out.push('\n');
        for (k, f) in rows.iter().enumerate() {
            if k > 0 {
                out.push('\n');
            }
            push_row(
                &mut out,
                &widths,
                [
                    f.severity.name().to_string(),
                    f.file.clone(),
                    f.check.to_string(),
                    f.message.clone(),
                    f.fix.clone(),
                ],
            );
        }
        out.push('\n');
    } else {
        out.push_str("No findings.\n");
    }
    let count = |s: &str| report.files.iter().filter(|f| f.status == s).count();
    let s = &report.summary;
    if !prefix.is_empty() {
        out.push_str(&format!("Files are relative to {prefix}\n"));
    }
    out.push_str(&format!(
        "{} file(s): {} read, {} unreadable, {} skipped. {} error(s), {} warning(s), {} info(s).\n",
        report.files.len(),
        count("ok"),
        count("unreadable"),
        count("skipped"),
        s.errors,
        s.warnings,
        s.infos
    ));
    out
}

/// The longest directory prefix (ending in `/`) shared by all `paths`, when there are two or more.
fn common_dir<'a>(mut paths: impl Iterator<Item = &'a str>) -> String {
    let Some(first) = paths.next() else {
        return String::new();
    };
    let mut len = first.rfind('/').map_or(0, |i| i + 1);
    let mut count = 1;
    for p in paths {
        count += 1;
        while len > 0 && !(p.len() > len && p.as_bytes()[..len] == first.as_bytes()[..len]) {
            len = first[..len - 1].rfind('/').map_or(0, |i| i + 1);
        }
    }
    if count < 2 {
        return String::new();
    }
    first[..len].to_string()
}

fn push_row(out: &mut String, widths: &[usize; 5], cells: [String; 5]) {
    let wrapped: Vec<Vec<String>> = cells.iter().zip(widths).map(|(c, &w)| wrap(c, w)).collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
    for line in 0..height {
        let mut s = String::new();
        for (k, col) in wrapped.iter().enumerate() {
            let cell = col.get(line).map(String::as_str).unwrap_or("");
            s.push_str(cell);
            if k < 4 {
                let pad = widths[k].saturating_sub(cell.chars().count()) + 2;
                s.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    }
}

/// Greedy word wrap to `width` characters; words longer than the width are broken (file paths
/// preferably after a `/`).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut cur_len = 0;
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if cur_len > 0 {
                lines.push(std::mem::take(&mut cur));
                cur_len = 0;
            }
            let cut = word[..width]
                .iter()
                .rposition(|&c| c == '/')
                .filter(|&p| p > width / 2)
                .map_or(width, |p| p + 1);
            lines.push(word[..cut].iter().collect());
            word.drain(..cut);
        }
        let wl = word.len();
        if cur_len > 0 && cur_len + 1 + wl > width {
            lines.push(std::mem::take(&mut cur));
            cur_len = 0;
        }
        if cur_len > 0 {
            cur.push(' ');
            cur_len += 1;
        }
        cur.extend(word);
        cur_len += wl;
    }
    if cur_len > 0 || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_words_and_breaks_long_ones() {
        assert_eq!(wrap("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
        assert_eq!(wrap("deliv/grids/x.tif", 8), ["deliv/", "grids/", "x.tif"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), [""]);
    }

    #[test]
    fn common_directory() {
        use super::common_dir;
        assert_eq!(
            common_dir(["d/a/x.tif", "d/a/y.csv", "d/b.asc"].into_iter()),
            "d/"
        );
        assert_eq!(common_dir(["d/a/x.tif", "d/a/y.csv"].into_iter()), "d/a/");
        assert_eq!(common_dir(["x.tif", "d/y.csv"].into_iter()), "");
        assert_eq!(common_dir(["d/x.tif"].into_iter()), "");
    }
}
