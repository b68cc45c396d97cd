#!/usr/bin/env bash
# Build the vector fixtures in tests/data/vector/ with GDAL's ogr2ogr (the peer tool), and dump
# each fixture back to GeoJSON with ogr2ogr as the expected values the lode readers must match.
#
#   tools/make_vector_fixtures.sh        (needs ogr2ogr; GDAL 3.6 was used)
#
# Layers (source GeoJSON written below, coordinates chosen by hand):
#   points   EPSG:32633  Point features, attributes int/float/text/bool/date/null
#   lines    EPSG:32633  LineString + MultiLineString
#   polygons EPSG:32633  Polygon with a hole + MultiPolygon (one part with a hole)
#   gk       EPSG:28404  Pulkovo 1942 / Gauss-Kruger zone 4 points
# Each layer is written as GeoJSON (.geojson), ESRI Shapefile (.shp…), GeoPackage (.gpkg) and
# FlatGeobuf (.fgb); expected/<layer>.<ext>.json is `ogr2ogr -f GeoJSON` of that file.
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/data/vector
rm -rf "$out/src" "$out/expected"
mkdir -p "$out/src" "$out/expected"

crs() { echo "\"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::$1\"}},"; }

cat >"$out/src/points.geojson" <<EOF
{"type": "FeatureCollection", "name": "points", $(crs 32633)
"features": [
{"type": "Feature", "properties": {"id": 1, "mag_nt": 48123.25, "name": "BH-001", "drilled": true, "depth_m": 120, "surveyed": "2024-05-01"}, "geometry": {"type": "Point", "coordinates": [512345.125, 5498765.5]}},
{"type": "Feature", "properties": {"id": 2, "mag_nt": -12.5, "name": "Zürich–Ост", "drilled": false, "depth_m": 85.75, "surveyed": "2023-11-30"}, "geometry": {"type": "Point", "coordinates": [513000.0, 5499000.25]}},
{"type": "Feature", "properties": {"id": 3, "mag_nt": null, "name": null, "drilled": null, "depth_m": null, "surveyed": null}, "geometry": {"type": "Point", "coordinates": [511999.9375, 5501234.0]}},
{"type": "Feature", "properties": {"id": 40000000000, "mag_nt": 0.1, "name": "with, comma \"quoted\"", "drilled": true, "depth_m": 0, "surveyed": "1999-12-31"}, "geometry": {"type": "Point", "coordinates": [510000.0, 5500000.0]}}
]}
EOF

cat >"$out/src/lines.geojson" <<EOF
{"type": "FeatureCollection", "name": "lines", $(crs 32633)
"features": [
{"type": "Feature", "properties": {"line": "L1010", "length_km": 2.5, "flown": true}, "geometry": {"type": "LineString", "coordinates": [[500000.0, 5500000.0], [501000.5, 5500010.25], [502500.0, 5500020.0]]}},
{"type": "Feature", "properties": {"line": "T100", "length_km": 1.25, "flown": false}, "geometry": {"type": "MultiLineString", "coordinates": [[[500100.0, 5499000.0], [500100.0, 5501000.0]], [[500200.0, 5499000.0], [500200.0, 5500500.0], [500250.0, 5501000.0]]]}}
]}
EOF

cat >"$out/src/polygons.geojson" <<EOF
{"type": "FeatureCollection", "name": "polygons", $(crs 32633)
"features": [
{"type": "Feature", "properties": {"target": "A", "score": 0.875, "rank": 1}, "geometry": {"type": "Polygon", "coordinates": [
  [[500000.0, 5500000.0], [500000.0, 5501000.0], [501000.0, 5501000.0], [501000.0, 5500000.0], [500000.0, 5500000.0]],
  [[500200.0, 5500200.0], [500400.0, 5500200.0], [500400.0, 5500400.0], [500200.0, 5500400.0], [500200.0, 5500200.0]]]}},
{"type": "Feature", "properties": {"target": "B", "score": 0.5, "rank": 2}, "geometry": {"type": "MultiPolygon", "coordinates": [
  [[[510000.0, 5510000.0], [510000.0, 5512000.0], [512000.0, 5512000.0], [512000.0, 5510000.0], [510000.0, 5510000.0]],
   [[510500.0, 5510500.0], [511500.0, 5510500.0], [511500.0, 5511500.0], [510500.0, 5511500.0], [510500.0, 5510500.0]]],
  [[[515000.0, 5515000.0], [515000.0, 5515500.5], [515500.25, 5515500.5], [515000.0, 5515000.0]]]]}}
]}
EOF

cat >"$out/src/gk.geojson" <<EOF
{"type": "FeatureCollection", "name": "gk", $(crs 28404)
"features": [
{"type": "Feature", "properties": {"station": "GK-1", "gravity_mgal": 981234.567}, "geometry": {"type": "Point", "coordinates": [4412345.5, 6012345.25]}},
{"type": "Feature", "properties": {"station": "GK-2", "gravity_mgal": 981230.125}, "geometry": {"type": "Point", "coordinates": [4413000.0, 6013000.75]}}
]}
EOF

for layer in points lines polygons gk; do
  src="$out/src/$layer.geojson"
  rm -f "$out/$layer".{geojson,shp,shx,dbf,prj,cpg,gpkg,fgb}
  ogr2ogr -f GeoJSON "$out/$layer.geojson" "$src" -nln "$layer"
  ogr2ogr -f "ESRI Shapefile" "$out/$layer.shp" "$src" -nln "$layer" -lco ENCODING=UTF-8
  # Small pages keep the files small; only `points` keeps GDAL's R-tree spatial index.
  spatial_index=NO; [ "$layer" = points ] && spatial_index=YES
  ogr2ogr -f GPKG "$out/$layer.gpkg" "$src" -nln "$layer" -lco SPATIAL_INDEX=$spatial_index \
    --config OGR_SQLITE_PRAGMA "page_size=1024"
  ogr2ogr -f FlatGeobuf "$out/$layer.fgb" "$src" -nln "$layer"
  for ext in geojson shp gpkg fgb; do
    ogr2ogr -f GeoJSON "$out/expected/$layer.$ext.json" "$out/$layer.$ext" -lco RFC7946=NO -lco WRITE_NAME=NO
  done
done
rm -rf "$out/src"
echo "fixtures written to $out"
