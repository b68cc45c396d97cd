#!/usr/bin/env bash
# Random forest on N samples × 20 features: lode_prospect::ml vs scikit-learn
# RandomForestClassifier (n_jobs=2) on the same data in one run (docs/BENCHMARKS.md).
# Usage: tools/bench_ml.sh [N_TRAIN=1000000] [N_TREES=100] [MAX_DEPTH=12]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}; TREES=${2:-100}; DEPTH=${3:-12}; P=20
PY=${LODE_PYTHON:-.venv/bin/python}
D=$(mktemp -d); trap 'rm -rf "$D"' EXIT
$PY tools/bench_ml.py make "$D" "$N" 200000 $P
cargo build --release -q -p lode-prospect --example bench_ml
T=(/usr/bin/time -f "  (process: %e s wall, %U s user, %S s sys)")
RAYON_NUM_THREADS=2 "${T[@]}" ./target/release/examples/bench_ml "$D"/train_x.f32 "$D"/train_y.u8 \
    "$D"/test_x.f32 "$D"/test_y.u8 $P "$TREES" "$DEPTH"
"${T[@]}" $PY tools/bench_ml.py sklearn "$D" $P "$TREES" "$DEPTH" 2
