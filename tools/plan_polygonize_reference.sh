#!/bin/sh
# Reference outlines for lode-plan's target tracing: GDAL's polygonizer on the committed mask,
# 8-connected (-8), written as GeoJSON. Run from the repository root:
#   sh tools/plan_polygonize_reference.sh
set -e
d=tests/data/plan
rm -f "$d/mask_polygons.geojson"
gdal_polygonize.py -q -8 "$d/mask.asc" -f GeoJSON "$d/mask_polygons.geojson" mask DN
