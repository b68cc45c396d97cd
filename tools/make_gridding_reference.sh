#!/usr/bin/env bash
# Reference for the minimum-curvature gridder: a cut of the real Britain aeromagnetic data
# (BGS, Open Government Licence) projected to WGS 84 / UTM 30N with PROJ's cs2cs, gridded by
# GMT `blockmean` + `surface` at 1 km with tension 0.25 and the default convergence limit.
# Needs: xz, cs2cs (proj-bin), gmt. Usage: tools/make_gridding_reference.sh BRITAIN.csv.xz
set -euo pipefail
src=${1:?path to britain-magnetic.csv.xz}
out=$(dirname "$0")/../tests/data/gridding
mkdir -p "$out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
xz -dc "$src" | tr -d '\r' | awk -F, 'NR>1 && $3>-2.6 && $3<-1.6 && $4>53.2 && $4<53.75 {print $3, $4, $6, $2}' > "$tmp/ll.txt"
awk '{print $2, $1}' "$tmp/ll.txt" | cs2cs -f %.2f EPSG:4326 EPSG:32630 | awk '{print $1, $2}' > "$tmp/xy.txt"
paste -d' ' "$tmp/xy.txt" "$tmp/ll.txt" | awk 'BEGIN{print "x,y,tmi_nt,line"} {printf "%s,%s,%s,%s\n", $1, $2, $5, $6}' > "$out/britain_cut_utm30n.csv"
R=-R530000/590000/5900000/5955000
awk -F, 'NR>1 {print $1, $2, $3}' "$out/britain_cut_utm30n.csv" | gmt blockmean $R -I1000 > "$tmp/bm.txt"
gmt surface "$tmp/bm.txt" $R -I1000 -T0.25 -G"$tmp/s.nc"
gmt grd2xyz "$tmp/s.nc" | awk 'BEGIN{print "x,y,z"} {printf "%s,%s,%.6f\n", $1, $2, $3}' > "$out/gmt_surface_t025_1km.csv"
wc -l "$out"/*.csv
