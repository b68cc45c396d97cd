//! lode-prospect: evidence layers, fuzzy logic, weights of evidence, machine learning and validation.

pub mod evidence;
pub mod wofe;
