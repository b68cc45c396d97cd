//! Rare metals: carbonatite–alkaline REE–Nb and rare-element (Li–Cs–Ta) granitic pegmatites.
//!
//! Two styles joined by fuzzy OR, each a mineral system (McCuaig et al. 2010):
//!
//! - *Carbonatite–alkaline* (Woolley & Kjarsgaard 2008; Verplanck & Van Gosen 2011):
//!   source = carbonatite and alkaline silicate units (syenite, ijolite, …); trap/deposition
//!   signature = Th and U highs and high Th/K (thorium-rich, potassium-poor carbonatite) and the
//!   circular, high analytic-signal magnetic anomaly of the complex (Thomas et al. 2016); the
//!   signature indicators join by algebraic sum, source and signature by fuzzy γ = 0.5.
//! - *Pegmatite* (Černý 1991; London 2008): source = a fertile granite within a few kilometres
//!   (pegmatite fields are zoned around their parent granite, rare-element pegmatites out to a
//!   few km); trap/deposition = the metamorphosed supracrustal host (greenstones, schists)
//!   that the pegmatites intrude; fuzzy AND.
//!
//! Radiometric and magnetic thresholds are percentiles of the layer (the signature is the top
//! few per cent of any survey); distances are in metres.

use super::keywords::*;
use super::{leaf, linear_pct, node, optional, table, Template};
use crate::fuzzy::{Membership, Operator, Threshold};

/// The rare-metals template.
pub fn template() -> Template {
    let carbonatite = optional(
        "carbonatite–alkaline REE–Nb",
        Operator::Gamma { gamma: 0.5 },
        vec![
            node(
                "carbonatite: source",
                Operator::Or,
                vec![leaf(
                    "lithology",
                    table(&[(CARBONATITE, 1.0), (ALKALINE, 0.7)], 0.02),
                    "REE–Nb deposits are hosted by carbonatites and their alkaline silicate \
                     companions (Woolley & Kjarsgaard 2008)",
                )],
            ),
            node(
                "carbonatite: trap/deposition",
                Operator::Sum,
                vec![
                    leaf(
                        "th_ppm",
                        linear_pct(90.0, 99.5),
                        "thorium high: top 10 %, full membership in the top 0.5 %",
                    ),
                    leaf(
                        "u_ppm",
                        linear_pct(90.0, 99.5),
                        "uranium high (pyrochlore, REE minerals): top 10 %, full in the top 0.5 %",
                    ),
                    leaf(
                        "th_k",
                        linear_pct(90.0, 99.5),
                        "Th-rich, K-poor carbonatite against K-rich granites: top 10 % of Th/K",
                    ),
                    leaf(
                        "mag_as",
                        linear_pct(75.0, 99.0),
                        "circular magnetic anomalies of alkaline complexes (Thomas et al. 2016): \
                         top quarter of the analytic signal, full in the top 1 %",
                    ),
                ],
            ),
        ],
    );
    let pegmatite = optional(
        "rare-element pegmatite",
        Operator::And,
        vec![
            node(
                "pegmatite: source",
                Operator::Or,
                vec![leaf(
                    "dist_intrusions",
                    Membership::Gaussian {
                        midpoint: Threshold::Value(1_000.0),
                        spread: 3.5e-7,
                    },
                    "rare-element pegmatites lie in the outer zones of fields around a fertile \
                     granite (Černý 1991): Gaussian centred 1 km outside the contact, spread 3.5e-7 m⁻² (σ ≈ 1.2 km)",
                )],
            ),
            node(
                "pegmatite: trap/deposition",
                Operator::Or,
                vec![leaf(
                    "lithology",
                    table(
                        &[
                            (GNEISS, 0.4),
                            (ULTRAMAFIC, 0.8),
                            (MAFIC, 1.0),
                            (SEDIMENT, 1.0),
                            (FELSIC_VOLCANIC, 0.8),
                            (BIF, 0.5),
                            (GRANITE, 0.3),
                        ],
                        0.2,
                    ),
                    "pegmatites intrude metamorphosed supracrustal hosts (amphibolite, schist) \
                     around their parent granite (London 2008)",
                )],
            ),
        ],
    );
    Template {
        name: "rare metals".into(),
        commodity: "rare_metals".into(),
        description: "Rare metals: REE–Nb in carbonatite–alkaline complexes and Li–Cs–Ta in \
                      rare-element pegmatites around fertile granites."
            .into(),
        references: vec![
            "Woolley, A.R., Kjarsgaard, B.A., 2008. Paragenetic types of carbonatite as \
             indicated by the diversity and relative abundances of associated silicate rocks: \
             evidence from a global database. Canadian Mineralogist 46, 741–752."
                .into(),
            "Verplanck, P.L., Van Gosen, B.S., 2011. Carbonatite and alkaline intrusion-related \
             rare earth element deposits — a deposit model. U.S. Geological Survey Open-File \
             Report 2011-1256."
                .into(),
            "Černý, P., 1991. Rare-element granitic pegmatites. Part I: anatomy and internal \
             evolution of pegmatite deposits; Part II: regional to global environments and \
             petrogenesis. Geoscience Canada 18, 49–67, 68–81."
                .into(),
            "London, D., 2008. Pegmatites. Canadian Mineralogist Special Publication 10.".into(),
            "Thomas, M.D., Ford, K.L., Keating, P., 2016. Exploration geophysics for \
             intrusion-hosted rare metals. Geophysical Prospecting 64, 1275–1304."
                .into(),
            "McCuaig, T.C., Beresford, S., Hronsky, J., 2010. Translating the mineral systems \
             approach into an effective exploration targeting system. Ore Geology Reviews 38, 128–138."
                .into(),
        ],
        root: node(
            "rare metals",
            Operator::Or,
            vec![carbonatite, pegmatite],
        ),
    }
}
