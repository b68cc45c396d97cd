//! lode-io: one module per file format; formats are detected by content.
//!
//! Entry points: [`read`] (any dataset), [`read_grid`], [`read_vector`], [`read_survey`],
//! [`write_grid`] and [`write_vector`]. Every writer writes a temporary file and renames it into
//! place ([`lode_core::atomic`]).

pub mod aseg_gdf;
pub mod csv_xyz;
pub mod detect;
pub mod ermapper;
pub mod esri_ascii;
pub mod flatgeobuf_io;
pub mod geojson_io;
pub mod geopackage;
pub mod geosoft;
pub mod geotiff;
pub mod netcdf;
pub mod prj;
pub mod qc;
pub mod shapefile_io;
pub mod surfer;

use std::path::Path;

use lode_core::{Dataset, Error, Grid, Result, SurveyData, VectorLayer};

pub use csv_xyz::SurveyOptions;
pub use detect::{detect, Format};

/// Read any supported file, detecting its format by content.
pub fn read(path: &Path) -> Result<Dataset> {
    read_with(path, &SurveyOptions::default())
}

/// Read any supported file; `opts` chooses columns for survey data.
pub fn read_with(path: &Path, opts: &SurveyOptions) -> Result<Dataset> {
    let format = detect(path)?;
    Ok(match format.kind() {
        "grid" => Dataset::Grid(read_grid_as(path, format)?),
        "vector" => Dataset::Vector(read_vector_as(path, format)?),
        _ => Dataset::Points(read_survey_as(path, format, opts)?),
    })
}

/// Read a grid file of any supported grid format.
pub fn read_grid(path: &Path) -> Result<Grid> {
    let format = detect(path)?;
    if format.kind() != "grid" {
        return Err(Error::input(
            path,
            format!("is a {} file, not a grid", format.name()),
        ));
    }
    read_grid_as(path, format)
}

fn read_grid_as(path: &Path, format: Format) -> Result<Grid> {
    let g = match format {
        Format::GeoTiff => geotiff::read(path),
        Format::EsriAscii => esri_ascii::read(path),
        Format::SurferAscii | Format::Surfer6 | Format::Surfer7 => surfer::read(path),
        Format::Geosoft => geosoft::read(path),
        Format::ErMapper => ermapper::read(path),
        Format::NetCdf => netcdf::read(path),
        other => Err(Error::input(
            path,
            format!("{} is not a grid format", other.name()),
        )),
    }?;
    g.geometry.validate().map_err(|e| e.at(path))?;
    Ok(g)
}

/// Read a vector file of any supported vector format.
pub fn read_vector(path: &Path) -> Result<VectorLayer> {
    let format = detect(path)?;
    if format.kind() != "vector" {
        return Err(Error::input(
            path,
            format!("is a {} file, not vector features", format.name()),
        ));
    }
    read_vector_as(path, format)
}

fn read_vector_as(path: &Path, format: Format) -> Result<VectorLayer> {
    match format {
        Format::GeoJson => geojson_io::read(path),
        Format::Shapefile => shapefile_io::read(path),
        Format::GeoPackage => geopackage::read(path),
        Format::FlatGeobuf => flatgeobuf_io::read(path),
        other => Err(Error::input(
            path,
            format!("{} is not a vector format", other.name()),
        )),
    }
}

/// Read point or line survey data (CSV/XYZ, ASEG-GDF2).
pub fn read_survey(path: &Path, opts: &SurveyOptions) -> Result<SurveyData> {
    let format = detect(path)?;
    read_survey_as(path, format, opts)
}

fn read_survey_as(path: &Path, format: Format, opts: &SurveyOptions) -> Result<SurveyData> {
    match format {
        Format::Csv => csv_xyz::read(path, opts),
        Format::AsegGdf => aseg_gdf::read(path, opts),
        other => Err(Error::input(
            path,
            format!("is a {} file, not survey point data", other.name()),
        )),
    }
}

/// Write a grid; the format is `format` or else chosen from the file extension.
pub fn write_grid(path: &Path, grid: &Grid, format: Option<Format>) -> Result<()> {
    let format = match format {
        Some(f) => f,
        None => Format::from_extension(path).ok_or_else(|| {
            Error::invalid(format!(
                "{}: cannot tell the output format from the extension; use --format",
                path.display()
            ))
        })?,
    };
    match format {
        Format::GeoTiff => geotiff::write(path, grid),
        Format::EsriAscii => esri_ascii::write(path, grid),
        Format::SurferAscii => surfer::write_ascii(path, grid),
        Format::Surfer6 => surfer::write_6(path, grid),
        Format::Surfer7 => surfer::write_7(path, grid),
        Format::Geosoft => geosoft::write(path, grid),
        Format::ErMapper => ermapper::write(path, grid),
        Format::NetCdf => netcdf::write(path, grid),
        other => Err(Error::invalid(format!(
            "{}: {} is not a writable grid format",
            path.display(),
            other.name()
        ))),
    }
}

/// Write a vector layer; the format is `format` or else chosen from the file extension.
pub fn write_vector(path: &Path, layer: &VectorLayer, format: Option<Format>) -> Result<()> {
    let format = match format {
        Some(f) => f,
        None => Format::from_extension(path).ok_or_else(|| {
            Error::invalid(format!(
                "{}: cannot tell the output format from the extension; use --format",
                path.display()
            ))
        })?,
    };
    match format {
        Format::GeoJson => geojson_io::write(path, layer),
        Format::Shapefile => shapefile_io::write(path, layer),
        Format::GeoPackage => geopackage::write(path, layer),
        other => Err(Error::invalid(format!(
            "{}: {} is not a writable vector format",
            path.display(),
            other.name()
        ))),
    }
}
