//! `lode level IN OUT.csv --z COL --line COL [--tie-prefix T] [--order 0|1]`: tie-line
//! levelling of flight-line data.

use std::fmt::Write as _;
use std::path::PathBuf;

use lode_core::{Error, Result};
use lode_geophys::levelling::level_tie_lines;
use lode_io::SurveyOptions;

#[derive(clap::Args)]
pub struct Args {
    /// Line data (CSV/XYZ or ASEG-GDF2) with a line identifier column.
    pub input: PathBuf,
    /// Output CSV: the input columns plus `<z>_levelled`.
    pub output: PathBuf,
    /// Value column to level.
    #[arg(long)]
    pub z: String,
    /// Line identifier column.
    #[arg(long)]
    pub line: Option<String>,
    /// X column.
    #[arg(long)]
    pub x: Option<String>,
    /// Y column.
    #[arg(long)]
    pub y: Option<String>,
    /// Lines whose identifier starts with this prefix are tie lines.
    #[arg(long = "tie-prefix", default_value = "T")]
    pub tie_prefix: String,
    /// Correction per traverse line: 0 = shift, 1 = shift and linear drift.
    #[arg(long, default_value_t = 1)]
    pub order: usize,
}

pub fn run(a: Args) -> Result<()> {
    if a.input == a.output {
        return Err(Error::invalid("output would overwrite the input"));
    }
    let opts = SurveyOptions {
        x: a.x.clone(),
        y: a.y.clone(),
        z: Some(a.z.clone()),
        line: a.line.clone(),
        ..Default::default()
    };
    let s = lode_io::read_survey(&a.input, &opts)?;
    let line = s.line.as_ref().ok_or_else(|| {
        Error::input(&a.input, "has no line identifiers: give the line column with --line (levelling needs flight lines)")
    })?;
    let zi = s
        .column_index(&a.z)
        .ok_or_else(|| Error::input(&a.input, format!("no column {:?}", a.z)))?;
    let is_tie: Vec<bool> = s
        .line_names
        .iter()
        .map(|n| n.starts_with(&a.tie_prefix))
        .collect();
    let (levelled, rep) = level_tie_lines(s.xs(), s.ys(), &s.columns[zi], line, &is_tie, a.order)
        .map_err(|e| e.at(&a.input))?;
    let mut out = String::new();
    out.push_str("line");
    for n in &s.names {
        out.push(',');
        out.push_str(n);
    }
    let _ = writeln!(out, ",{}_levelled", s.names[zi]);
    for i in 0..s.len() {
        out.push_str(&s.line_names[line[i] as usize]);
        for c in &s.columns {
            let _ = write!(out, ",{}", fmt(c[i]));
        }
        let _ = writeln!(out, ",{}", fmt(levelled[i]));
    }
    lode_core::atomic::write_bytes(&a.output, out.as_bytes())?;
    println!(
        "{}: {} traverse and {} tie lines, {} crossovers, RMS mistie {:.3} → {:.3}{}",
        a.output.display(),
        rep.traverse_lines,
        rep.tie_lines,
        rep.crossovers,
        rep.rms_mistie_before,
        rep.rms_mistie_after,
        if rep.unlevelled_lines > 0 {
            format!(
                " ({} lines without crossovers left as they were)",
                rep.unlevelled_lines
            )
        } else {
            String::new()
        }
    );
    Ok(())
}

fn fmt(v: f64) -> String {
    if v.is_nan() {
        String::new()
    } else {
        format!("{v}")
    }
}
