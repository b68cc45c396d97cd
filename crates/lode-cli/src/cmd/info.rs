//! `lode info PATH [--json]`.

use std::path::PathBuf;

use lode_core::{Dataset, Result};
use serde_json::{json, Value};

#[derive(clap::Args)]
pub struct Args {
    /// File to describe.
    pub path: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// The `info` object of a dataset.
pub fn describe(path: &std::path::Path) -> Result<Value> {
    let format = lode_io::detect(path)?;
    let ds = lode_io::read(path)?;
    let crs = ds.crs().map(|c| c.identifier());
    let mut v = json!({
        "path": path.display().to_string(),
        "format": format.name(),
        "kind": ds.kind(),
        "crs": crs,
        "extent": ds.extent(),
    });
    let o = v.as_object_mut().expect("object");
    match &ds {
        Dataset::Grid(g) => {
            let s = g.stats();
            o.insert("cols".into(), json!(g.cols()));
            o.insert("rows".into(), json!(g.rows()));
            o.insert("cell_size".into(), json!([g.geometry.dx, g.geometry.dy]));
            o.insert("rotation_deg".into(), json!(g.geometry.rotation_deg));
            o.insert(
                "dtype".into(),
                json!(if g.values.is_f32() {
                    "float32"
                } else {
                    "float64"
                }),
            );
            o.insert("units".into(), json!(g.units));
            o.insert("field".into(), json!(g.field));
            o.insert(
                "nodata_value".into(),
                json!(g.nodata.filter(|x| x.is_finite())),
            );
            o.insert("valid".into(), json!(s.valid));
            o.insert("nodata".into(), json!(s.nodata));
            o.insert("min".into(), num(s.min));
            o.insert("max".into(), num(s.max));
            o.insert("mean".into(), num(s.mean));
            o.insert("std".into(), num(s.std));
        }
        Dataset::Points(p) => {
            o.insert("points".into(), json!(p.len()));
            o.insert("columns".into(), json!(p.names));
            o.insert("x".into(), json!(p.names[p.x]));
            o.insert("y".into(), json!(p.names[p.y]));
            o.insert(
                "lines".into(),
                json!(p.line.as_ref().map(|_| p.line_names.len())),
            );
            let mut cols = serde_json::Map::new();
            for (name, col) in p.names.iter().zip(&p.columns) {
                let s = lode_core::GridStats::of(&lode_core::Values::F64(col.clone()));
                cols.insert(
                    name.clone(),
                    json!({"valid": s.valid, "nodata": s.nodata, "min": num(s.min), "max": num(s.max), "mean": num(s.mean), "std": num(s.std)}),
                );
            }
            o.insert("column_stats".into(), Value::Object(cols));
        }
        Dataset::Vector(l) => {
            o.insert("layer".into(), json!(l.name));
            o.insert("features".into(), json!(l.len()));
            let kinds: std::collections::BTreeSet<&str> = l
                .features
                .iter()
                .filter_map(|f| f.geometry.as_ref().map(geometry_kind))
                .collect();
            o.insert("geometry_types".into(), json!(kinds));
            o.insert(
                "fields".into(),
                json!(l.fields.iter().map(|f| f.name.clone()).collect::<Vec<_>>()),
            );
        }
    }
    Ok(v)
}

fn num(x: f64) -> Value {
    if x.is_finite() {
        json!(x)
    } else {
        Value::Null
    }
}

fn geometry_kind(g: &geo_types::Geometry<f64>) -> &'static str {
    use geo_types::Geometry::*;
    match g {
        Point(_) => "Point",
        Line(_) => "LineString",
        LineString(_) => "LineString",
        Polygon(_) => "Polygon",
        MultiPoint(_) => "MultiPoint",
        MultiLineString(_) => "MultiLineString",
        MultiPolygon(_) => "MultiPolygon",
        GeometryCollection(_) => "GeometryCollection",
        Rect(_) => "Polygon",
        Triangle(_) => "Polygon",
    }
}

pub fn run(a: Args) -> Result<()> {
    let v = describe(&a.path)?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&v).expect("json"));
        return Ok(());
    }
    let o = v.as_object().expect("object");
    for (k, val) in o {
        if k == "column_stats" {
            continue;
        }
        let s = match val {
            Value::String(s) => s.clone(),
            Value::Null => "-".into(),
            other => other.to_string(),
        };
        println!("{k:<14} {s}");
    }
    Ok(())
}
