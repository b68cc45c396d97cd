#!/usr/bin/env bash
# Reference for lode's inverse-distance gridding (lode_prospect::evidence::geochem::idw):
# GDAL gdal_grid -a invdist on the southern-Africa gravity stations of tests/data/gravity
# (x = longitude, y = latitude, value = elevation in m, a positive, skewed variable like a
# concentration). Writes tests/data/geochem/idw_gdal.tif.
set -euo pipefail
cd "$(dirname "$0")/.."
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
awk 'BEGIN { print "x,y,v" } { printf "%s,%s,%s\n", $2, $1, $3 }' tests/data/gravity/bushveld.txt > "$TMP/pts.csv"
cat > "$TMP/pts.vrt" <<VRT
<OGRVRTDataSource>
  <OGRVRTLayer name="pts">
    <SrcDataSource>$TMP/pts.csv</SrcDataSource>
    <GeometryType>wkbPoint</GeometryType>
    <GeometryField encoding="PointFromColumns" x="x" y="y" z="v"/>
  </OGRVRTLayer>
</OGRVRTDataSource>
VRT
# 55 x 30 cells of 0.1 degree over 25.5-31 E, 26.5-23.5 S; search radius 0.25 degree
gdal_grid -q -a invdist:power=2.0:smoothing=0.0:radius1=0.25:radius2=0.25:angle=0.0:max_points=0:min_points=1:nodata=-9999 \
  -txe 25.5 31.0 -tye -23.5 -26.5 -outsize 55 30 -ot Float64 -of GTiff -co COMPRESS=DEFLATE \
  -a_srs EPSG:4326 -l pts "$TMP/pts.vrt" tests/data/geochem/idw_gdal.tif
gdal_grid --version
