//! lode-prospect: evidence layers, fuzzy logic, weights of evidence, machine learning and validation.

pub mod evidence;
pub mod fuzzy;
pub mod ml;
pub mod templates;
pub mod validation;
pub mod wofe;
