#!/bin/sh
# Regenerate the GDAL-written grid fixtures of lode-io's ESRI ASCII, Surfer and ER Mapper tests.
#
# A 23 × 17 Float32 grid in WGS 84 / UTM 33N (EPSG:32633), 25 m cells, with no-data holes, is
# written by GDAL (gdal_translate) as AAIGrid (+.prj), GSAG, GSBG, GS7BG and ERS. For every
# file GDAL's own reading is dumped as `<file>.xyz` (gdal_translate -of XYZ: cell-centre x, y,
# value, north row first) and `<file>.json` (gdalinfo -json: size, geotransform, CRS, no-data).
# The tests read each file with lode and compare every value, the geometry and the CRS.
#
# Usage: tools/make_raster_fixtures.sh   (from the repository root; needs GDAL ≥ 3.4)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cols=23
rows=17
src="$work/src.asc"
{
  echo "ncols $cols"
  echo "nrows $rows"
  echo "xllcorner 500123.5"
  echo "yllcorner 4100456.25"
  echo "cellsize 25"
  echo "NODATA_value -99999"
  awk -v C=$cols -v R=$rows 'BEGIN {
    for (r = 0; r < R; r++) {
      line = ""
      for (c = 0; c < C; c++) {
        v = 1234.5678 + 150 * sin(c / 3.1) * cos(r / 4.3) + 0.37 * c - 1.3 * r
        if ((c * 7 + r * 3) % 11 == 0 || (c >= 15 && c <= 17 && r >= 4 && r <= 6)) v = -99999
        line = line (c ? " " : "") sprintf("%.6f", v)
      }
      print line
    }
  }'
} > "$src"

t() { gdal_translate -q -ot Float32 -a_srs EPSG:32633 -a_nodata -99999 "$@"; }
dump() {
  gdal_translate -q -of XYZ "$1" "$1.xyz"
  gdalinfo -json "$1" > "$1.json"
  rm -f "$1.aux.xml"
}

d="$root/tests/data/esri_ascii"
mkdir -p "$d"
t -of AAIGrid "$src" "$d/utm33.asc"
dump "$d/utm33.asc"

d="$root/tests/data/surfer"
mkdir -p "$d"
t -of GSAG "$src" "$d/utm33_gsag.grd"
t -of GSBG "$src" "$d/utm33_gsbg.grd"
t -of GS7BG "$src" "$d/utm33_gs7bg.grd"
for f in gsag gsbg gs7bg; do dump "$d/utm33_$f.grd"; done

d="$root/tests/data/ermapper"
mkdir -p "$d"
t -of ERS "$src" "$d/utm33.ers"
dump "$d/utm33.ers"
# A 16-bit integer variant in the southern hemisphere (WGS 84 / UTM 55S).
gdal_translate -q -ot Int16 -a_srs EPSG:32755 -a_nodata -32768 -scale 1000 1500 0 5000 \
  -of ERS "$src" "$d/int16_sutm55.ers"
dump "$d/int16_sutm55.ers"
find "$root/tests/data" -name '*.aux.xml' -delete
echo "fixtures written"
