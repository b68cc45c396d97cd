//! lode-prospect: evidence layers, fuzzy logic, weights of evidence, machine learning and validation.

pub mod evidence;
pub mod fuzzy;
pub mod templates;
pub mod ml;
pub mod wofe;
pub mod validation;
