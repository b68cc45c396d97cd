//! Orogenic gold in granite–greenstone terranes.
//!
//! Follows the deposit model of Groves et al. (1998) and Goldfarb et al. (2005), cast into the
//! mineral-system components of McCuaig et al. (2010) and the fuzzy-logic practice of
//! Knox-Robinson (2000) and Nykänen et al. (2008):
//!
//! - *source*: greenstone sequences (mafic–ultramafic volcanics, BIF, sediments) whose
//!   metamorphic devolatilisation yields the auriferous fluid (Phillips & Powell 2010);
//! - *pathway*: shear zones and faults, their intersections and lineament-dense corridors that
//!   focused the fluid (Groves et al. 1998), combined by algebraic sum (each structure adds);
//! - *trap/deposition*: chemically reactive Fe-rich hosts (BIF, dolerite, basalt), the
//!   rheological contrast within a few kilometres of granitoid contacts (Groves et al. 1998), and
//!   magnetite destruction in the alteration halo (magnetic low; Dentith & Mudge 2014),
//!   combined by an index overlay (Bonham-Carter 1994) so one weak indicator does not veto;
//! - the components are joined by fuzzy γ = 0.9: close to the algebraic sum, so strong evidence
//!   reinforces, yet a component with zero membership still gives zero (the product term; the
//!   compromise γ discussed by Bonham-Carter 1994, ch. 9; γ of 0.8–0.95 is usual in practice).
//!
//! Distances are in metres (geological length scales that do not depend on the survey);
//! geophysical and density thresholds are percentiles of the layer so the template carries over
//! between surveys.

use super::keywords::*;
use super::{leaf, linear_pct, node, table, with_weight, Template};
use crate::fuzzy::{Membership, Operator, Threshold};

/// The orogenic-gold template.
pub fn template() -> Template {
    let source = node(
        "source",
        Operator::Or,
        vec![leaf(
            "lithology",
            table(
                &[
                    (GNEISS, 0.2),
                    (ULTRAMAFIC, 1.0),
                    (MAFIC, 1.0),
                    (BIF, 0.9),
                    (FELSIC_VOLCANIC, 0.7),
                    (SEDIMENT, 0.7),
                    (GRANITE, 0.1),
                ],
                0.1,
            ),
            "greenstone sequences are the fluid and metal source (metamorphic devolatilisation; \
             Phillips & Powell 2010); basement gneiss and granites are not",
        )],
    );
    let pathway = node(
        "pathway",
        Operator::Sum,
        vec![
            leaf(
                "dist_faults",
                Membership::Small {
                    midpoint: Threshold::Value(1_000.0),
                    spread: 3.0,
                },
                "deposits lie in or within a few hundred metres of shear zones (Groves et al. \
                 1998): μ = 0.5 at 1 km, 0.04 at 3 km",
            ),
            leaf(
                "fault_intersections",
                Membership::Large {
                    midpoint: Threshold::pct_positive(50.0),
                    spread: 2.0,
                },
                "fault intersections and jogs trap fluid flow (Groves et al. 1998); midpoint = \
                 median of the non-zero densities, so zero density gives 0",
            ),
            leaf(
                "lineament_density",
                linear_pct(75.0, 99.0),
                "structurally complex corridors (top quarter of lineament density) host most \
                 deposits (Knox-Robinson 2000)",
            ),
        ],
    );
    let trap = node(
        "trap/deposition",
        Operator::IndexOverlay,
        vec![
            with_weight(
                leaf(
                    "lithology",
                    table(
                        &[
                            (GNEISS, 0.2),
                            (BIF, 1.0),
                            (ULTRAMAFIC, 0.7),
                            (MAFIC, 0.9),
                            (FELSIC_VOLCANIC, 0.5),
                            (SEDIMENT, 0.5),
                            (GRANITE, 0.1),
                        ],
                        0.1,
                    ),
                    "Fe-rich hosts (BIF, dolerite, basalt) precipitate gold by sulphidation \
                     (Groves et al. 1998)",
                ),
                2.0,
            ),
            with_weight(
                leaf(
                    "dist_intrusions",
                    Membership::Gaussian {
                        midpoint: Threshold::Value(2_500.0),
                        spread: 2.2e-7,
                    },
                    "most deposits sit 1–4 km outside granitoid contacts (rheological contrast; \
                     Groves et al. 1998): Gaussian centred 2.5 km outside, spread 2.2e-7 m⁻² (σ ≈ 1.5 km)",
                ),
                2.0,
            ),
            with_weight(
                leaf(
                    "mag_rtp",
                    linear_pct(50.0, 5.0),
                    "magnetite destruction in the alteration halo (Dentith & Mudge 2014): the \
                     lower half of the RTP anomaly, full membership below the 5th percentile",
                ),
                1.0,
            ),
        ],
    );
    Template {
        name: "orogenic gold".into(),
        commodity: "gold".into(),
        description: "Orogenic (mesothermal) gold in Archaean–Proterozoic granite–greenstone \
                      terranes: greenstone source, shear-zone pathways, Fe-rich and \
                      granite-marginal traps."
            .into(),
        references: vec![
            "Groves, D.I., Goldfarb, R.J., Gebre-Mariam, M., Hagemann, S.G., Robert, F., 1998. \
             Orogenic gold deposits: a proposed classification in the context of their crustal \
             distribution and relationship to other gold deposit types. Ore Geology Reviews 13, 7–27."
                .into(),
            "Goldfarb, R.J., Baker, T., Dubé, B., Groves, D.I., Hart, C.J.R., Gosselin, P., 2005. \
             Distribution, character, and genesis of gold deposits in metamorphic terranes. \
             Economic Geology 100th Anniversary Volume, 407–450."
                .into(),
            "McCuaig, T.C., Beresford, S., Hronsky, J., 2010. Translating the mineral systems \
             approach into an effective exploration targeting system. Ore Geology Reviews 38, 128–138."
                .into(),
            "Knox-Robinson, C.M., 2000. Vectorial fuzzy logic: a novel technique for enhanced \
             mineral prospectivity mapping, with reference to the orogenic gold mineralisation \
             potential of the Kalgoorlie Terrane, Western Australia. Australian Journal of Earth \
             Sciences 47, 929–941."
                .into(),
            "Nykänen, V., Groves, D.I., Ojala, V.J., Gardoll, S.J., 2008. Combined \
             conceptual/empirical prospectivity mapping for orogenic gold in the northern \
             Fennoscandian Shield, Finland. Australian Journal of Earth Sciences 55, 39–59."
                .into(),
            "Phillips, G.N., Powell, R., 2010. Formation of gold deposits: a metamorphic \
             devolatilization model. Journal of Metamorphic Geology 28, 689–718."
                .into(),
            "Dentith, M., Mudge, S.T., 2014. Geophysics for the Mineral Exploration Geoscientist. \
             Cambridge University Press."
                .into(),
            "Bonham-Carter, G.F., 1994. Geographic Information Systems for Geoscientists: \
             Modelling with GIS. Pergamon."
                .into(),
        ],
        root: node(
            "orogenic gold",
            Operator::Gamma { gamma: 0.9 },
            vec![source, pathway, trap],
        ),
    }
}
