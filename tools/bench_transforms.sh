#!/usr/bin/env bash
# Benchmark of the lode FFT transforms (docs/BENCHMARKS.md, "FFT transforms").
#  1. 4096 x 4096 grid: rtp, dz, tilt, as, upcont — lode vs Harmonica 0.7 + xrft, both with
#     linear_ramp padding of 1024 cells per side (6144 x 6144 transforms), and lode vs the bare
#     forward + inverse real 2-D FFT of that size.
#  2. Peak memory (/usr/bin/time -v) of one transform (rtp and tilt, default options) of a
#     10000 x 10000 f32 grid.
# Usage: tools/bench_transforms.sh [N] [MEM_N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-4096}
MEM_N=${2:-10000}
PY=${LODE_PYTHON:-.venv/bin/python}
cargo build --release -p lode-geophys --example bench_transforms
BIN=target/release/examples/bench_transforms
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== lode, ${N}x${N}"
"$BIN" time "$N" $((N / 4))
echo "== harmonica, ${N}x${N}"
"$PY" tools/bench_transforms.py "$N"
for op in rtp tilt; do
  echo "== peak memory: $op on ${MEM_N}x${MEM_N} f32"
  /usr/bin/time -v "$BIN" mem "$MEM_N" "$op" 2> /tmp/lode_bench_time.txt
  grep -E "Maximum resident|Elapsed" /tmp/lode_bench_time.txt
done
