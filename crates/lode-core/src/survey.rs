//! Point and flight-line survey data.

use crate::{Crs, Error, Result, SurveyMeta};

/// Survey data: numeric columns over points, two of which are the coordinates, with an
/// optional line identifier per point (flight line, traverse, profile).
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyData {
    /// Column names, in file order.
    pub names: Vec<String>,
    /// Column-major values: `columns[j][i]` is column j at point i. NaN = missing.
    pub columns: Vec<Vec<f64>>,
    /// Index of the x (easting / longitude) column.
    pub x: usize,
    /// Index of the y (northing / latitude) column.
    pub y: usize,
    /// Index of the default value column, when one was chosen.
    pub z: Option<usize>,
    /// Line identifier per point, as an index into `line_names`.
    pub line: Option<Vec<u32>>,
    /// Names of the lines, in order of first appearance.
    pub line_names: Vec<String>,
    /// Coordinate reference system of x/y, when known.
    pub crs: Option<Crs>,
    /// Units per column name, when known.
    pub units: Vec<Option<String>>,
    /// Survey metadata.
    pub meta: SurveyMeta,
}

impl SurveyData {
    /// Survey data from named columns; `x` and `y` are column indices.
    pub fn new(names: Vec<String>, columns: Vec<Vec<f64>>, x: usize, y: usize) -> Result<Self> {
        if names.len() != columns.len() {
            return Err(Error::invalid("column names and columns differ in number"));
        }
        if x >= columns.len() || y >= columns.len() {
            return Err(Error::invalid("x or y column index out of range"));
        }
        let n = columns[0].len();
        if columns.iter().any(|c| c.len() != n) {
            return Err(Error::invalid("columns differ in length"));
        }
        let units = vec![None; names.len()];
        Ok(SurveyData {
            names,
            columns,
            x,
            y,
            z: None,
            line: None,
            line_names: Vec::new(),
            crs: None,
            units,
            meta: SurveyMeta::default(),
        })
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.columns.first().map_or(0, |c| c.len())
    }

    /// True when there are no points.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Index of the column with this name (case-insensitive).
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n.eq_ignore_ascii_case(name))
    }

    /// The column with this name.
    pub fn column(&self, name: &str) -> Option<&[f64]> {
        self.column_index(name).map(|j| self.columns[j].as_slice())
    }

    /// X coordinates.
    pub fn xs(&self) -> &[f64] {
        &self.columns[self.x]
    }

    /// Y coordinates.
    pub fn ys(&self) -> &[f64] {
        &self.columns[self.y]
    }

    /// Set the line identifiers from one label per point (labels are interned in order of first appearance).
    pub fn set_lines_from_labels<S: AsRef<str>>(&mut self, labels: &[S]) -> Result<()> {
        if labels.len() != self.len() {
            return Err(Error::invalid("line labels differ in number from points"));
        }
        let mut index = std::collections::HashMap::new();
        let mut names = Vec::new();
        let ids = labels
            .iter()
            .map(|l| {
                let l = l.as_ref();
                *index.entry(l.to_string()).or_insert_with(|| {
                    names.push(l.to_string());
                    (names.len() - 1) as u32
                })
            })
            .collect();
        self.line = Some(ids);
        self.line_names = names;
        Ok(())
    }

    /// Extent [xmin, ymin, xmax, ymax] of the finite coordinates; None when there are none.
    pub fn extent(&self) -> Option<[f64; 4]> {
        crate::vector::points_extent(self.xs(), self.ys())
    }
}
