#!/usr/bin/env bash
# Prism forward-modelling benchmark: lode (Rust example bench_prism) vs Harmonica (numba),
# same models and observation points, one run on this machine. Results go to docs/BENCHMARKS.md.
#
# Usage: tools/bench_prism.sh [NX NY] [--full]
#   Both models have 10,000 prisms: a block model (voxet, shared vertices) and separate random
#   prisms. Both tools run on NX x NY points (default 500 x 10); lode also on the full
#   500 x 500 = 250,000 points. --full adds Harmonica's g_z of the block model on the full
#   250,000 points (about 15 minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${LODE_PYTHON:-.venv/bin/python}
NX=500
NY=10
FULL=0
ARGS=()
for a in "$@"; do
  if [ "$a" = --full ]; then FULL=1; else ARGS+=("$a"); fi
done
if [ ${#ARGS[@]} -ge 2 ]; then NX=${ARGS[0]}; NY=${ARGS[1]}; fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cargo build --release -q -p lode-geophys --example bench_prism
BIN=target/release/examples/bench_prism
$PY tools/bench_prism.py model "$TMP/block.csv" block 10000
$PY tools/bench_prism.py model "$TMP/random.csv" random 10000
echo "== block model: 10,000 prisms (25 x 20 x 20 voxet of 50 m cells), ${NX} x ${NY} points"
$BIN "$TMP/block.csv" "$NX" "$NY" 100
$PY tools/bench_prism.py run "$TMP/block.csv" "$NX" "$NY" 100
echo "== random prisms: 10,000 separate prisms, ${NX} x ${NY} points"
$BIN "$TMP/random.csv" "$NX" "$NY" 100
$PY tools/bench_prism.py run "$TMP/random.csv" "$NX" "$NY" 100
echo "== lode, full size: 10,000 prisms x 250,000 points"
$BIN "$TMP/block.csv" 500 500 100
$BIN "$TMP/random.csv" 500 500 100
if [ "$FULL" = 1 ]; then
  echo "== harmonica, full size: block model g_z, 10,000 prisms x 250,000 points"
  $PY tools/bench_prism.py run "$TMP/block.csv" 500 500 100 gz
fi
