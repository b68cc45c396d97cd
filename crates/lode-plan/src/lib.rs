//! lode-plan: targets, exploration programme, costs, optimisation and schedule.
//!
//! From a prospectivity grid to an audited exploration plan:
//! - [`targets`]: delineation, depth, strike and evidence of targets; ranking by EV = P·V − C;
//! - [`costs`]: unit costs with sources and years, overridable;
//! - [`programme`] and [`drillhole`]: the three phases per target with quantities, costs and
//!   mapped features (sample grids, survey lines, collars, drill traces);
//! - [`bayes`] and [`optimise`]: Bayesian updates, value of information, and the choice of
//!   targets and phases under the budget;
//! - [`schedule`]: months, crews and rigs;
//! - [`plan`]: the plan with its CSV and GeoJSON views.

pub mod bayes;
pub mod costs;
pub mod drillhole;
pub mod features;
pub mod geom;
pub mod optimise;
pub mod plan;
pub mod programme;
pub mod schedule;
pub mod targets;

pub use costs::{UnitCost, UnitCosts};
pub use features::PlanFeature;
pub use plan::{build_plan, Plan, PlanParams};
pub use programme::DesignContext;
pub use targets::{delineate, Target, TargetParams, Threshold};
