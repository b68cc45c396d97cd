//! OGC GeoPackage vector layers (OGC 12-128r19, GeoPackage 1.4): an SQLite database with
//! `gpkg_spatial_ref_sys`, `gpkg_contents`, `gpkg_geometry_columns` and one table per layer whose
//! geometry column holds GeoPackage binary geometries (`GP` header + WKB, see [`wkb`]).
//!
//! Reading takes the first feature table of `gpkg_contents` (or a named one, [`read_layer`]);
//! the CRS comes from `gpkg_spatial_ref_sys` (organization `EPSG` + code, else the WKT
//! definition). Columns typed INTEGER/INT/…/MEDIUMINT → Int, BOOLEAN → Bool, REAL/FLOAT/DOUBLE →
//! Float, TEXT/DATE/DATETIME → Text; BLOB columns are skipped; the integer primary key is the
//! feature order.
//!
//! Writing creates the database at a temporary path beside the destination
//! ([`AtomicSet::temp_path`]) and renames it into place. Output is byte-identical for identical
//! input: the statements are fixed, `last_change` is a fixed timestamp (2000-01-01T00:00:00Z)
//! and no spatial index (an optional extension) is written.

pub mod wkb;

use std::path::Path;

use geo_types::Geometry;
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OpenFlags};

use lode_core::atomic::AtomicSet;
use lode_core::{AttrValue, Crs, Error, FieldDef, FieldKind, Result, VectorLayer};

/// Read the first feature table.
pub fn read(path: &Path) -> Result<VectorLayer> {
    read_layer(path, None)
}

/// Read the feature table `name` (the first one when `None`).
pub fn read_layer(path: &Path, name: Option<&str>) -> Result<VectorLayer> {
    let meta = std::fs::metadata(path).map_err(|e| Error::read_io(path, e))?;
    if meta.len() < 100 {
        return Err(Error::input(
            path,
            "file is too short to be a GeoPackage (SQLite) database",
        ));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| Error::input(path, format!("cannot open as SQLite: {e}")))?;
    read_conn(&conn, name).map_err(|m| Error::input(path, m))
}

/// Parse GeoPackage bytes (copied to a temporary file for SQLite); `path` names it in errors.
pub fn parse(bytes: &[u8], path: &Path) -> Result<VectorLayer> {
    if bytes.len() < 100 || !bytes.starts_with(b"SQLite format 3\0") {
        return Err(Error::input(path, "not a GeoPackage (no SQLite header)"));
    }
    let mut tmp = tempfile::NamedTempFile::new().map_err(|e| Error::internal(e.to_string()))?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(|e| Error::internal(e.to_string()))?;
    let conn = Connection::open_with_flags(
        tmp.path(),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| Error::input(path, format!("cannot open as SQLite: {e}")))?;
    read_conn(&conn, None).map_err(|m| Error::input(path, m))
}

fn quote(id: &str) -> String {
    format!("\"{}\"", id.replace('"', "\"\""))
}

fn sql(e: rusqlite::Error) -> String {
    format!("SQLite: {e}")
}

fn kind_of(decl: &str) -> Option<FieldKind> {
    let d = decl.to_ascii_uppercase();
    let d = d.split('(').next().unwrap_or("").trim();
    Some(match d {
        "INTEGER" | "INT" | "MEDIUMINT" | "SMALLINT" | "TINYINT" | "BIGINT" => FieldKind::Int,
        "BOOLEAN" | "BOOL" => FieldKind::Bool,
        "REAL" | "FLOAT" | "DOUBLE" | "NUMERIC" => FieldKind::Float,
        "BLOB" => return None,
        _ => FieldKind::Text,
    })
}

fn read_conn(conn: &Connection, name: Option<&str>) -> std::result::Result<VectorLayer, String> {
    let table: String = match name {
        Some(n) => conn
            .query_row(
                "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' AND lower(table_name) = lower(?1)",
                [n],
                |r| r.get(0),
            )
            .map_err(|_| format!("no feature table {n:?} in gpkg_contents"))?,
        None => conn
            .query_row(
                "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY rowid LIMIT 1",
                [],
                |r| r.get(0),
            )
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => "no feature table in gpkg_contents".to_string(),
                e => format!("not a GeoPackage (gpkg_contents: {e})"),
            })?,
    };
    let (geom_col, srs_id): (String, i64) = conn
        .query_row(
            "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?1",
            [&table],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| format!("table {table}: no entry in gpkg_geometry_columns ({e})"))?;
    let crs = crs_of(conn, srs_id)?;

    let mut cols: Vec<(String, FieldKind)> = Vec::new();
    let mut pk: Option<String> = None;
    {
        let mut st = conn
            .prepare(&format!("PRAGMA table_info({})", quote(&table)))
            .map_err(sql)?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(5)?,
                ))
            })
            .map_err(sql)?;
        for row in rows {
            let (n, decl, is_pk) = row.map_err(sql)?;
            if n.eq_ignore_ascii_case(&geom_col) {
                continue;
            }
            if is_pk == 1 && kind_of(&decl) == Some(FieldKind::Int) && pk.is_none() {
                pk = Some(n);
                continue;
            }
            if let Some(k) = kind_of(&decl) {
                cols.push((n, k));
            }
        }
    }
    let fields: Vec<FieldDef> = cols
        .iter()
        .map(|(n, k)| FieldDef {
            name: n.clone(),
            kind: *k,
        })
        .collect();
    let mut layer = VectorLayer::new(table.clone(), fields);
    layer.crs = crs;
    let mut select = vec![quote(&geom_col)];
    select.extend(cols.iter().map(|(n, _)| quote(n)));
    let order = pk
        .as_deref()
        .map(|p| format!(" ORDER BY {}", quote(p)))
        .unwrap_or_default();
    let q = format!("SELECT {} FROM {}{order}", select.join(", "), quote(&table));
    let mut st = conn.prepare(&q).map_err(sql)?;
    let mut rows = st.query([]).map_err(sql)?;
    let mut i = 0usize;
    while let Some(r) = rows.next().map_err(sql)? {
        let geometry = match r.get_ref(0).map_err(sql)? {
            ValueRef::Blob(b) => wkb::decode_gpkg(b).map_err(|m| format!("feature {i}: {m}"))?,
            ValueRef::Null => None,
            _ => return Err(format!("feature {i}: geometry is not a blob")),
        };
        let mut attrs = Vec::with_capacity(cols.len());
        for (j, (_, k)) in cols.iter().enumerate() {
            attrs.push(value(r.get_ref(j + 1).map_err(sql)?, *k));
        }
        layer.push(geometry, attrs).map_err(|e| e.to_string())?;
        i += 1;
    }
    Ok(layer)
}

fn value(v: ValueRef, k: FieldKind) -> AttrValue {
    match (v, k) {
        (ValueRef::Null, _) => AttrValue::Null,
        (ValueRef::Integer(i), FieldKind::Int) => AttrValue::Int(i),
        (ValueRef::Integer(i), FieldKind::Bool) => AttrValue::Bool(i != 0),
        (ValueRef::Integer(i), FieldKind::Float) => AttrValue::Float(i as f64),
        (ValueRef::Real(f), FieldKind::Float) => AttrValue::Float(f),
        (ValueRef::Real(f), FieldKind::Int) if f.fract() == 0.0 && f.abs() < 9.2e18 => {
            AttrValue::Int(f as i64)
        }
        (ValueRef::Integer(i), FieldKind::Text) => AttrValue::Text(i.to_string()),
        (ValueRef::Real(f), FieldKind::Text) => AttrValue::Text(f.to_string()),
        (ValueRef::Text(t), FieldKind::Text) => {
            AttrValue::Text(String::from_utf8_lossy(t).into_owned())
        }
        (ValueRef::Text(t), FieldKind::Int) => String::from_utf8_lossy(t)
            .trim()
            .parse()
            .map_or(AttrValue::Null, AttrValue::Int),
        (ValueRef::Text(t), FieldKind::Float) => String::from_utf8_lossy(t)
            .trim()
            .parse()
            .map_or(AttrValue::Null, AttrValue::Float),
        _ => AttrValue::Null,
    }
}

fn crs_of(conn: &Connection, srs_id: i64) -> std::result::Result<Option<Crs>, String> {
    let row: Option<(String, i64, String)> = conn
        .query_row(
            "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?1",
            [srs_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(sql(e)),
        })?;
    let Some((org, code, def)) = row else {
        return Err(format!("srs_id {srs_id} is not in gpkg_spatial_ref_sys"));
    };
    if srs_id <= 0 || def.trim().eq_ignore_ascii_case("undefined") {
        return Ok(None);
    }
    if org.eq_ignore_ascii_case("EPSG") {
        if let Ok(c) = u32::try_from(code)
            .map_err(|_| ())
            .and_then(|c| Crs::from_epsg(c).map_err(|_| ()))
        {
            return Ok(Some(c));
        }
    }
    Crs::from_wkt(&def)
        .map(Some)
        .map_err(|e| format!("srs_id {srs_id}: cannot interpret its definition: {e}"))
}

/// The GeoPackage geometry type name of a layer (`GEOMETRY` when types mix).
fn geometry_type_name(layer: &VectorLayer) -> &'static str {
    let mut name: Option<&'static str> = None;
    for g in layer.features.iter().filter_map(|f| f.geometry.as_ref()) {
        let n = match g {
            Geometry::Point(_) => "POINT",
            Geometry::Line(_) | Geometry::LineString(_) => "LINESTRING",
            Geometry::Polygon(_) | Geometry::Rect(_) | Geometry::Triangle(_) => "POLYGON",
            Geometry::MultiPoint(_) => "MULTIPOINT",
            Geometry::MultiLineString(_) => "MULTILINESTRING",
            Geometry::MultiPolygon(_) => "MULTIPOLYGON",
            Geometry::GeometryCollection(_) => "GEOMETRYCOLLECTION",
        };
        name = match name {
            None => Some(n),
            Some(a) if a == n => Some(a),
            _ => return "GEOMETRY",
        };
    }
    name.unwrap_or("GEOMETRY")
}

const LAST_CHANGE: &str = "2000-01-01T00:00:00.000Z";

const WGS84_WKT: &str = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]"#;

fn write_conn(conn: &Connection, layer: &VectorLayer) -> std::result::Result<(), rusqlite::Error> {
    conn.execute_batch(
        "PRAGMA application_id = 1196444487; PRAGMA user_version = 10400; PRAGMA page_size = 4096;
         PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;",
    )?;
    let tx = conn.unchecked_transaction()?;
    tx.execute_batch(
        "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
           organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
           definition TEXT NOT NULL, description TEXT);
         CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
           identifier TEXT UNIQUE, description TEXT DEFAULT '',
           last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
           min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
           CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
         CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
           geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
           CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
           CONSTRAINT uk_gc_table_name UNIQUE (table_name),
           CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
           CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));",
    )?;
    let ins_srs = "INSERT INTO gpkg_spatial_ref_sys VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    tx.execute(
        ins_srs,
        params![
            "Undefined cartesian SRS",
            -1,
            "NONE",
            -1,
            "undefined",
            "undefined cartesian coordinate reference system"
        ],
    )?;
    tx.execute(
        ins_srs,
        params![
            "Undefined geographic SRS",
            0,
            "NONE",
            0,
            "undefined",
            "undefined geographic coordinate reference system"
        ],
    )?;
    tx.execute(
        ins_srs,
        params![
            "WGS 84 geodetic",
            4326,
            "EPSG",
            4326,
            WGS84_WKT,
            "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"
        ],
    )?;
    let srs_id: i64 = match &layer.crs {
        None => -1,
        Some(c) => {
            let (id, org, code) = match c.epsg() {
                Some(e) => (e as i64, "EPSG", e as i64),
                None => (100000, "NONE", 100000),
            };
            if id != 4326 {
                let name = c.name().unwrap_or("unnamed");
                let def = c.wkt().unwrap_or("undefined");
                tx.execute(ins_srs, params![name, id, org, code, def, ""])?;
            }
            id
        }
    };
    let ext = layer.extent();
    let table = if layer.name.is_empty() {
        "layer"
    } else {
        layer.name.as_str()
    };
    tx.execute(
        "INSERT INTO gpkg_contents VALUES (?1, 'features', ?1, '', ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            table,
            LAST_CHANGE,
            ext.map(|e| e[0]),
            ext.map(|e| e[1]),
            ext.map(|e| e[2]),
            ext.map(|e| e[3]),
            srs_id
        ],
    )?;
    let gtype = geometry_type_name(layer);
    tx.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', ?2, ?3, 0, 0)",
        params![table, gtype, srs_id],
    )?;
    let mut cols = vec![
        "\"fid\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL".to_string(),
        format!("\"geom\" {gtype}"),
    ];
    for f in &layer.fields {
        let t = match f.kind {
            FieldKind::Int => "INTEGER",
            FieldKind::Float => "REAL",
            FieldKind::Text => "TEXT",
            FieldKind::Bool => "BOOLEAN",
        };
        cols.push(format!("{} {t}", quote(&f.name)));
    }
    tx.execute_batch(&format!(
        "CREATE TABLE {} ({});",
        quote(table),
        cols.join(", ")
    ))?;
    let mut names = vec!["\"geom\"".to_string()];
    names.extend(layer.fields.iter().map(|f| quote(&f.name)));
    let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
    let mut st = tx.prepare(&format!(
        "INSERT INTO {} ({}) VALUES ({})",
        quote(table),
        names.join(", "),
        marks.join(", ")
    ))?;
    let gpkg_srs = srs_id as i32;
    for f in &layer.features {
        let mut vals: Vec<rusqlite::types::Value> = Vec::with_capacity(names.len());
        vals.push(match &f.geometry {
            Some(g) => rusqlite::types::Value::Blob(wkb::encode_gpkg(g, gpkg_srs)),
            None => rusqlite::types::Value::Null,
        });
        for (fd, v) in layer.fields.iter().zip(&f.attrs) {
            use rusqlite::types::Value as V;
            vals.push(match (v, fd.kind) {
                (AttrValue::Null, _) => V::Null,
                (AttrValue::Float(x), _) if !x.is_finite() => V::Null,
                (AttrValue::Bool(b), _) => V::Integer(*b as i64),
                (AttrValue::Int(i), FieldKind::Float) => V::Real(*i as f64),
                (AttrValue::Int(i), _) => V::Integer(*i),
                (AttrValue::Float(x), _) => V::Real(*x),
                (AttrValue::Text(s), _) => V::Text(s.clone()),
            });
        }
        st.execute(rusqlite::params_from_iter(vals))?;
    }
    drop(st);
    tx.commit()
}

/// Write a vector layer as a GeoPackage with one feature table named after the layer.
pub fn write(path: &Path, layer: &VectorLayer) -> Result<()> {
    for (i, f) in layer.features.iter().enumerate() {
        if f.attrs.len() != layer.fields.len() {
            return Err(Error::invalid(format!(
                "{}: feature {i} has {} attributes, layer has {} fields",
                path.display(),
                f.attrs.len(),
                layer.fields.len()
            )));
        }
    }
    let mut set = AtomicSet::new();
    let tmp = set.temp_path(path)?;
    {
        let conn =
            Connection::open(&tmp).map_err(|e| Error::write_io(&tmp, std::io::Error::other(e)))?;
        write_conn(&conn, layer).map_err(|e| {
            Error::internal(format!("{}: GeoPackage write failed: {e}", path.display()))
        })?;
        conn.close().map_err(|(_, e)| {
            Error::internal(format!("{}: GeoPackage close failed: {e}", path.display()))
        })?;
    }
    set.commit()
}
