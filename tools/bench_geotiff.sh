#!/usr/bin/env bash
# GeoTIFF benchmark: lode's reader + COG writer against GDAL on a 10,000 × 10,000 Float32
# tiled Deflate GeoTIFF of a smooth synthetic field. Heavy (≈1 GB of disk, a few minutes).
# Usage: tools/bench_geotiff.sh [N=10000] [WORKDIR=/tmp/lode-bench-geotiff]
set -euo pipefail
N=${1:-10000}
W=${2:-/tmp/lode-bench-geotiff}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${LODE_PYTHON:-$ROOT/.venv/bin/python}
mkdir -p "$W"
cd "$ROOT"
cargo build --release -q -p lode-io --example geotiff_bench
B=$ROOT/target/release/examples/geotiff_bench

# Input: 48000 nT + smooth anomalies, float32, 256×256 Deflate tiles (GDAL).
"$PY" - "$N" "$W/field" <<'PY'
import sys, numpy as np
n, out = int(sys.argv[1]), sys.argv[2]
x = np.arange(n, dtype=np.float64)
with open(out + ".bin", "wb") as f:
    for r0 in range(0, n, 500):
        y = np.arange(r0, min(n, r0 + 500), dtype=np.float64)[:, None]
        v = 48000 + 200*np.sin(x/700)*np.cos(y/500) + 50*np.sin((x + 2*y)/97) + 3*np.cos(x*y/1e5)
        v.astype("<f4").tofile(f)
open(out + ".vrt", "w").write(
    f'<VRTDataset rasterXSize="{n}" rasterYSize="{n}"><SRS>EPSG:32652</SRS>'
    f'<GeoTransform>500000,10,0,4600000,0,-10</GeoTransform>'
    f'<VRTRasterBand dataType="Float32" band="1" subClass="VRTRawRasterBand">'
    f'<SourceFilename relativetoVRT="1">field.bin</SourceFilename><ImageOffset>0</ImageOffset>'
    f'<PixelOffset>4</PixelOffset><LineOffset>{4*n}</LineOffset><ByteOrder>LSB</ByteOrder>'
    f'</VRTRasterBand></VRTDataset>')
PY
gdal_translate -q -co TILED=YES -co COMPRESS=DEFLATE "$W/field.vrt" "$W/in.tif"
rm -f "$W/field.bin" "$W/field.vrt"
sync

run() { # label, command…
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$W/time.txt" "$@" >/dev/null
    read -r secs kb <"$W/time.txt"
    local out=${OUT:-}
    local size=""
    [ -n "$out" ] && size=$(stat -c %s "$out")
    printf '| %-58s | %7.2f | %8.0f | %12s |\n' "$label" "$secs" "$((kb / 1024))" "$size"
}
echo "input: $(stat -c %s "$W/in.tif") bytes, $N x $N Float32, $(nproc) cores, $(gdalinfo --version)"
echo "| command | wall s | peak RSS MiB | output bytes |"
echo "|---|---:|---:|---:|"
OUT= run "lode read (geotiff::read)" "$B" read "$W/in.tif"
OUT=$W/lode.tif run "lode read + write COG (Deflate 6, predictor 3, overviews)" "$B" copy "$W/in.tif" "$W/lode.tif"
OUT=$W/lode_novr.tif run "lode read + write tiled Deflate 6, predictor 3, no overviews" "$B" copy "$W/in.tif" "$W/lode_novr.tif" 6 1 0
OUT=$W/lode_plain.tif run "lode read + write tiled Deflate 6, no predictor, no overviews" "$B" copy "$W/in.tif" "$W/lode_plain.tif" 6 0 0
OUT=$W/gdal.tif run "gdal_translate -co TILED=YES -co COMPRESS=DEFLATE" gdal_translate -q -co TILED=YES -co COMPRESS=DEFLATE "$W/in.tif" "$W/gdal.tif"
OUT=$W/gdal_cog.tif run "gdal_translate -of COG -co COMPRESS=DEFLATE -co PREDICTOR=YES" gdal_translate -q -of COG -co COMPRESS=DEFLATE -co PREDICTOR=YES "$W/in.tif" "$W/gdal_cog.tif"
gdalinfo "$W/lode.tif" | grep -E "LAYOUT|Overviews" | sed 's/^/gdalinfo lode.tif: /'
rm -rf "$W"
