#!/usr/bin/env bash
# Weights-of-evidence benchmark (docs/BENCHMARKS.md, "Weights of evidence").
#  1. A 1500 x 2000 (3,000,000-cell) study area, 4 classified evidence layers (Float32 COG) and
#     250 deposits (crates/lode-prospect/examples/bench_wofe.rs gen): lode's library path
#     (weights + posterior + standard deviation), `lode wofe` end to end, and eis-toolkit's
#     weights_of_evidence_calculate_weights (x4) + calculate_responses in one script run
#     (tools/bench_wofe.py), with a cell-by-cell comparison of the two posteriors.
#  2. Peak memory (/usr/bin/time -v) of `lode wofe` on a 10000 x 10000 (100,000,000-cell) case.
# Usage: tools/bench_wofe.sh [WORKDIR] [MEM_ROWS MEM_COLS]   (LODE_BENCH_NOBUILD=1: use the built binaries)
# eis-toolkit 1.1.6 declares Python < 3.11; install it with
#   .venv/bin/pip install --no-deps --ignore-requires-python eis_toolkit==1.1.6
#   .venv/bin/pip install rasterio geopandas beartype
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:-/tmp/lode_bench_wofe}
MR=${2:-10000}
MC=${3:-10000}
PY=${LODE_PYTHON:-.venv/bin/python}
if [ -z "${LODE_BENCH_NOBUILD:-}" ]; then
  cargo build --release -p lode-prospect --example bench_wofe
  cargo build --release -p lode-cli
fi
B=target/release/examples/bench_wofe
L=target/release/lode
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
"$B" gen "$W/3m" 1500 2000 250
echo "== lode library, 3,000,000 cells"
"$B" lib "$W/3m" 5
ARGS=(--evidence "$W/3m/ev1.tif:ascending,$W/3m/ev2.tif:descending,$W/3m/ev3.tif:ascending,$W/3m/ev4.tif:categorical"
      --deposits "$W/3m/deposits.geojson" --generalize max-contrast-if:1 --pool-threshold 5
      --round-weights 4 --unit-cell-km2 0.01)
echo "== lode wofe CLI end to end (read 4 GeoTIFFs, fit, write 3 COGs + tables), 3 runs"
for i in 1 2 3; do
  /usr/bin/time -f "lode wofe %e s wall, %M KiB peak RSS" "$L" wofe "${ARGS[@]}" --out "$W/3m/out" 2>&1 | grep -v '^wofe:'
done
echo "== eis-toolkit, 3,000,000 cells"
"$PY" tools/bench_wofe.py "$W/3m" "$W/3m/out"
echo "== peak memory: lode wofe on ${MR} x ${MC}"
"$B" gen "$W/mem" "$MR" "$MC" 250
/usr/bin/time -v "$L" wofe --evidence "$W/mem/ev1.tif:ascending,$W/mem/ev2.tif:descending,$W/mem/ev3.tif:ascending,$W/mem/ev4.tif:categorical" \
  --deposits "$W/mem/deposits.geojson" --generalize max-contrast-if:1 --pool-threshold 5 \
  --round-weights 4 --unit-cell-km2 0.01 --out "$W/mem/out" 2> "$W/mem/time.txt" || { cat "$W/mem/time.txt"; exit 1; }
grep -E "Maximum resident|Elapsed" "$W/mem/time.txt"
