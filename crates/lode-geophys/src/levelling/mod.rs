//! Levelling of flight-line data and decorrugation of grids.

pub mod crossover;
pub mod decorrugate;
pub mod tieline;

pub use crossover::{crossovers, Crossover};
pub use decorrugate::{decorrugate, LineDirection};
pub use tieline::{level_tie_lines, LevellingReport};
