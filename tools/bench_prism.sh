#!/usr/bin/env bash
# Prism forward-modelling benchmark: lode (Rust example bench_prism) vs Harmonica (numba),
# same models and observation points, one run on this machine. Results go to docs/BENCHMARKS.md.
#
# Usage: tools/bench_prism.sh [NX NY]   (default 500 x 50 = 25,000 points for both tools;
#        lode is also run on the full 500 x 500 = 250,000 points)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${LODE_PYTHON:-.venv/bin/python}
NX=${1:-500}
NY=${2:-50}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cargo build --release -q -p lode-geophys --example bench_prism
BIN=target/release/examples/bench_prism
$PY tools/bench_prism.py model "$TMP/block.csv" block 10000
$PY tools/bench_prism.py model "$TMP/random.csv" random 1000
echo "== block model: 10,000 prisms (25 x 20 x 20 voxet of 50 m cells), ${NX} x ${NY} points"
$BIN "$TMP/block.csv" "$NX" "$NY" 100
$PY tools/bench_prism.py run "$TMP/block.csv" "$NX" "$NY" 100
echo "== random prisms: 1,000 separate prisms, ${NX} x ${NY} points"
$BIN "$TMP/random.csv" "$NX" "$NY" 100
$PY tools/bench_prism.py run "$TMP/random.csv" "$NX" "$NY" 100
echo "== lode, full size: 10,000 prisms x 250,000 points"
$BIN "$TMP/block.csv" 500 500 100
