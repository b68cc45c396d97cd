//! Plan features for plan.geojson: geochemical sample points, survey lines, collars, drill traces.

use std::collections::BTreeMap;

use geo_types::Geometry;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::geom;

/// One mapped element of the programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanFeature {
    /// "geochem_sample", "survey_line", "collar" or "drill_trace".
    pub kind: String,
    /// Target identifier.
    pub target_id: String,
    /// Phase number (1, 2, 3).
    pub phase: u8,
    /// Geometry in the analysis CRS.
    #[serde(with = "geom::serde_geometry")]
    pub geometry: Geometry<f64>,
    /// Attributes (method, spacing, hole parameters, …).
    pub properties: BTreeMap<String, Value>,
}

impl PlanFeature {
    /// The GeoJSON Feature object (kind, target_id and phase added to the properties).
    pub fn to_geojson(&self) -> Value {
        let mut props = serde_json::Map::new();
        props.insert("kind".into(), json!(self.kind));
        props.insert("target_id".into(), json!(self.target_id));
        props.insert("phase".into(), json!(self.phase));
        for (k, v) in &self.properties {
            props.insert(k.clone(), v.clone());
        }
        json!({
            "type": "Feature",
            "geometry": geom::geometry_to_geojson(&self.geometry),
            "properties": Value::Object(props),
        })
    }
}

/// A GeoJSON FeatureCollection of plan features; `crs_name` (e.g. "urn:ogc:def:crs:EPSG::32735")
/// is written as the legacy named CRS member when given.
pub fn feature_collection(features: &[PlanFeature], crs_name: Option<&str>) -> Value {
    collection(
        features.iter().map(PlanFeature::to_geojson).collect(),
        crs_name,
    )
}

/// A FeatureCollection of GeoJSON features with the legacy named CRS member when given.
fn collection(features: Vec<Value>, crs_name: Option<&str>) -> Value {
    let mut fc = serde_json::Map::new();
    fc.insert("type".into(), json!("FeatureCollection"));
    if let Some(name) = crs_name {
        fc.insert(
            "crs".into(),
            json!({"type": "name", "properties": {"name": name}}),
        );
    }
    fc.insert("features".into(), Value::Array(features));
    Value::Object(fc)
}

/// The GeoJSON Feature of a target: its outline and its attributes (commodity, area,
/// prospectivity statistics, depth, strike, dip, probability, value, cost, EV, rank, and the
/// sources of depth and strike).
pub fn target_feature(t: &crate::targets::Target) -> Value {
    let ev: Vec<Value> = t
        .evidence
        .iter()
        .map(|e| json!({"layer": e.layer, "weight_or_membership": e.weight_or_membership, "value": e.value}))
        .collect();
    json!({
        "type": "Feature",
        "geometry": geom::geometry_to_geojson(&Geometry::MultiPolygon(t.polygon.clone())),
        "properties": {
            "id": t.id,
            "commodity": t.commodity,
            "rank": t.rank,
            "area_km2": t.area_km2,
            "cells": t.cells,
            "centroid_x": t.centroid.0,
            "centroid_y": t.centroid.1,
            "peak": t.peak,
            "mean": t.mean,
            "std": t.std,
            "uncertainty": t.uncertainty,
            "depth_m": t.depth_m,
            "depth_source": t.depth_source,
            "strike_deg": t.strike_deg,
            "strike_source": t.strike_source,
            "dip_deg": t.dip_deg,
            "dip_direction_deg": t.dip_direction_deg,
            "dip_source": t.dip_source,
            "probability": t.probability,
            "value_proxy": t.value_proxy,
            "cost": t.cost,
            "expected_value": t.expected_value,
            "evidence": Value::Array(ev),
        }
    })
}

/// A GeoJSON FeatureCollection of targets (see [`target_feature`]).
pub fn targets_feature_collection(
    targets: &[crate::targets::Target],
    crs_name: Option<&str>,
) -> Value {
    collection(targets.iter().map(target_feature).collect(), crs_name)
}
