#![no_main]
//! Fuzz the template reader: any text must give a template or an error, and a template must
//! evaluate (or refuse) on a small evidence set without panicking.

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use lode_core::{Grid, GridGeometry};
use lode_prospect::evidence::{EvidenceLayer, EvidenceSet, LayerKind};

fn set() -> &'static EvidenceSet {
    static S: OnceLock<EvidenceSet> = OnceLock::new();
    S.get_or_init(|| {
        let g = GridGeometry::new(6, 5, 0.0, 500.0, 100.0, 100.0).unwrap();
        let mut s = EvidenceSet::new(g, None);
        let layer = |v: Vec<f64>, kind| EvidenceLayer {
            grid: Grid::new_f64(g, v).unwrap(),
            kind,
            units: String::new(),
            source: "fuzz".into(),
        };
        let ramp: Vec<f64> = (0..30).map(|i| i as f64 * 37.0 - 200.0).collect();
        let mut nan = ramp.clone();
        nan[3] = f64::NAN;
        let lith: Vec<f64> = (0..30).map(|i| (i % 5) as f64).collect();
        let legend = vec![
            (0, "basalt".into()),
            (1, "BIF".into()),
            (2, "granite".into()),
        ];
        s.insert("mag_rtp", layer(ramp.clone(), LayerKind::Continuous))
            .unwrap();
        s.insert("dist_faults", layer(nan, LayerKind::Continuous))
            .unwrap();
        s.insert(
            "fault_intersections",
            layer(vec![0.0; 30], LayerKind::Continuous),
        )
        .unwrap();
        s.insert("lithology", layer(lith, LayerKind::Categorical { legend }))
            .unwrap();
        s
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(t) = lode_prospect::templates::from_toml(text) {
        if let Ok(r) = t.evaluate(set()) {
            assert_eq!(r.prospectivity.values.len(), 30);
        }
        let _ = t.to_toml();
    }
});
