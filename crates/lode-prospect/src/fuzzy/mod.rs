//! Knowledge-driven prospectivity with fuzzy logic (Bonham-Carter 1994, ch. 9; An, Moon &
//! Rencz 1991; Knox-Robinson 2000; Nykänen et al. 2008): evidence values become fuzzy
//! memberships ([`membership`]) that are combined by fuzzy operators ([`operators`]) or by an
//! index overlay ([`overlay`]). Mineral-system recipes built from these live in
//! [`crate::templates`].

pub mod membership;
pub mod operators;
pub mod overlay;

pub use membership::{CategoryScore, Membership, Resolved, Threshold};
pub use operators::Operator;
pub use overlay::index_overlay;
