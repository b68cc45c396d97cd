#!/usr/bin/env bash
# Benchmark: grid the full Britain aeromagnetic dataset (541,509 points) at 1 km with tension
# 0.25 and the default convergence limit — lode vs GMT (blockmean + surface), same input, same
# machine, one run. Needs xz, cs2cs, gmt and a release build of lode.
# Usage: tools/bench_gridding.sh PATH/TO/britain-magnetic.csv.xz
set -euo pipefail
src=${1:?path to britain-magnetic.csv.xz}
root=$(cd "$(dirname "$0")/.." && pwd)
lode=$root/target/release/lode
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# Project once with PROJ to British National Grid (EPSG:27700) so both tools grid the same x, y.
xz -dc "$src" | tr -d '\r' | awk -F, 'NR>1 {print $4, $3, $6}' \
  | cs2cs -f %.1f EPSG:4326 EPSG:27700 | awk '{print $1, $2}' > "$tmp/xy.txt"
xz -dc "$src" | tr -d '\r' | awk -F, 'NR>1 {print $6}' > "$tmp/z.txt"
paste -d' ' "$tmp/xy.txt" "$tmp/z.txt" > "$tmp/xyz.txt"
{ echo "x,y,z"; tr ' ' ',' < "$tmp/xyz.txt"; } > "$tmp/xyz.csv"
R=-R0/700000/0/1250000
echo "points: $(wc -l < "$tmp/xyz.txt")"
t0=$(date +%s.%N)
gmt blockmean "$tmp/xyz.txt" $R -I1000 > "$tmp/bm.txt"
gmt surface "$tmp/bm.txt" $R -I1000 -T0.25 -G"$tmp/gmt.nc"
t1=$(date +%s.%N)
"$lode" grid "$tmp/xyz.csv" "$tmp/lode.tif" --z z --cell 1000 --tension 0.25 --region=0,700000,0,1250000 --blank 3000 >/dev/null
t2=$(date +%s.%N)
printf 'gmt blockmean+surface: %.1f s\nlode grid:             %.1f s\n' "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)"
# Agreement of the two grids within 3 km of the data (lode blanks beyond; GMT extrapolates).
gmt grd2xyz "$tmp/gmt.nc" > "$tmp/g.xyz"
gdal_translate -q -of XYZ "$tmp/lode.tif" "$tmp/l.xyz"
paste -d' ' "$tmp/g.xyz" "$tmp/l.xyz" | awk 'tolower($3) !~ /nan/ && tolower($6) !~ /nan/ {n++; a+=$3; b+=$6; aa+=$3*$3; bb+=$6*$6; ab+=$3*$6; d+=($3-$6)^2}
  END {ma=a/n; mb=b/n; c=(ab/n-ma*mb)/sqrt((aa/n-ma*ma)*(bb/n-mb*mb)); printf "nodes %d, correlation %.5f, relative RMS difference %.4f\n", n, c, sqrt(d/n)/sqrt(aa/n-ma*ma)}'
