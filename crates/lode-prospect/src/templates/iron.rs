//! Iron: banded-iron-formation-hosted ore, magnetite skarn and iron oxide–copper–gold (IOCG).
//!
//! Three styles, each a mineral system (McCuaig et al. 2010) whose components are joined by fuzzy
//! AND (every component is essential), the styles joined by fuzzy OR:
//!
//! - *BIF-hosted* (Clout & Simonson 2005): source/host = the iron formation itself;
//!   trap/deposition = magnetite-rich and dense rock, i.e. coincident magnetic (RTP) and gravity
//!   (Bouguer) highs (fuzzy γ = 0.5 between the two).
//! - *Magnetite skarn* (Meinert et al. 2005): source = reactive carbonate or mafic hosts;
//!   pathway = within a few hundred metres of an intrusive contact; trap/deposition = magnetic
//!   high.
//! - *IOCG* (Hitzman et al. 1992; Groves et al. 2010; the fuzzy model of Nykänen et al. 2008):
//!   pathway = crustal-scale faults; trap/deposition = coincident magnetic and gravity highs
//!   (fuzzy AND, both needed), with stricter percentiles than the BIF style because no lithology
//!   constrains it.
//!
//! Geophysical thresholds are percentiles of the layer (portable between surveys); distances are
//! in metres.

use super::keywords::*;
use super::{leaf, linear_pct, node, optional, table, Template};
use crate::fuzzy::{Membership, Operator, Threshold};

/// The iron template.
pub fn template() -> Template {
    let bif = optional(
        "BIF-hosted iron",
        Operator::And,
        vec![
            node(
                "BIF-hosted: source",
                Operator::Or,
                vec![leaf(
                    "lithology",
                    table(&[(BIF, 1.0)], 0.0),
                    "iron formations are both the iron source and the host of BIF-hosted ore \
                     (Clout & Simonson 2005)",
                )],
            ),
            node(
                "BIF-hosted: trap/deposition",
                Operator::Gamma { gamma: 0.5 },
                vec![
                    leaf(
                        "mag_rtp",
                        linear_pct(50.0, 98.0),
                        "magnetite-rich iron formation and ore: RTP above the median, full \
                         membership in the top 2 %",
                    ),
                    leaf(
                        "grav_bouguer",
                        linear_pct(50.0, 95.0),
                        "iron ore is dense (> 3.5 t/m³): Bouguer above the median, full \
                         membership in the top 5 %",
                    ),
                ],
            ),
        ],
    );
    let skarn = optional(
        "magnetite skarn",
        Operator::And,
        vec![
            node(
                "skarn: source",
                Operator::Or,
                vec![leaf(
                    "lithology",
                    table(
                        &[
                            (CARBONATE, 1.0),
                            (ULTRAMAFIC, 0.6),
                            (MAFIC, 0.7),
                            (BIF, 0.5),
                            (SEDIMENT, 0.4),
                            (FELSIC_VOLCANIC, 0.3),
                        ],
                        0.05,
                    ),
                    "reactive hosts: carbonates first, then mafic–ultramafic rocks (Meinert et \
                     al. 2005)",
                )],
            ),
            node(
                "skarn: pathway",
                Operator::Or,
                vec![leaf(
                    "dist_intrusions",
                    Membership::Gaussian {
                        midpoint: Threshold::Value(200.0),
                        spread: 3.125e-6,
                    },
                    "exoskarn forms within a few hundred metres outside the intrusive contact \
                     (Meinert et al. 2005): Gaussian centred 200 m outside, spread 3.125e-6 m⁻² (σ = 400 m)",
                )],
            ),
            node(
                "skarn: trap/deposition",
                Operator::Or,
                vec![leaf(
                    "mag_rtp",
                    linear_pct(50.0, 98.0),
                    "magnetite: RTP above the median, full membership in the top 2 %",
                )],
            ),
        ],
    );
    let iocg = optional(
        "IOCG",
        Operator::And,
        vec![
            node(
                "IOCG: pathway",
                Operator::Or,
                vec![leaf(
                    "dist_faults",
                    Membership::Small {
                        midpoint: Threshold::Value(3_000.0),
                        spread: 2.0,
                    },
                    "IOCG systems follow crustal-scale faults (Groves et al. 2010): μ = 0.5 at 3 km",
                )],
            ),
            node(
                "IOCG: trap/deposition",
                Operator::And,
                vec![
                    leaf(
                        "mag_rtp",
                        linear_pct(75.0, 99.0),
                        "magnetite-rich alteration: top quarter of RTP, full membership in the \
                         top 1 %",
                    ),
                    leaf(
                        "grav_bouguer",
                        linear_pct(75.0, 99.0),
                        "dense iron oxide bodies: top quarter of Bouguer, full membership in the \
                         top 1 % (coincident highs; Groves et al. 2010)",
                    ),
                ],
            ),
        ],
    );
    Template {
        name: "iron".into(),
        commodity: "iron".into(),
        description: "Iron ore: BIF-hosted enrichments, magnetite skarns at intrusive contacts \
                      and IOCG systems marked by coincident magnetic and gravity highs."
            .into(),
        references: vec![
            "Clout, J.M.F., Simonson, B.M., 2005. Precambrian iron formations and iron \
             formation-hosted iron ore deposits. Economic Geology 100th Anniversary Volume, 643–679."
                .into(),
            "Meinert, L.D., Dipple, G.M., Nicolescu, S., 2005. World skarn deposits. Economic \
             Geology 100th Anniversary Volume, 299–336."
                .into(),
            "Hitzman, M.W., Oreskes, N., Einaudi, M.T., 1992. Geological characteristics and \
             tectonic setting of Proterozoic iron oxide (Cu–U–Au–REE) deposits. Precambrian \
             Research 58, 241–287."
                .into(),
            "Groves, D.I., Bierlein, F.P., Meinert, L.D., Hitzman, M.W., 2010. Iron oxide \
             copper-gold (IOCG) deposits through Earth history. Economic Geology 105, 641–654."
                .into(),
            "Nykänen, V., Groves, D.I., Ojala, V.J., Eilu, P., Gardoll, S.J., 2008. \
             Reconnaissance-scale conceptual fuzzy-logic prospectivity modelling for iron oxide \
             copper–gold deposits in the northern Fennoscandian Shield, Finland. Australian \
             Journal of Earth Sciences 55, 25–38."
                .into(),
            "McCuaig, T.C., Beresford, S., Hronsky, J., 2010. Translating the mineral systems \
             approach into an effective exploration targeting system. Ore Geology Reviews 38, 128–138."
                .into(),
        ],
        root: node(
            "iron",
            Operator::Or,
            vec![bif, skarn, iocg],
        ),
    }
}
