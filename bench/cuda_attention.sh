#!/usr/bin/env bash
# Attention latency on a CUDA GPU: a headless build (no Qt) against the machine's torch wheel, then
# full (SDPA flash) versus CCA from 1K to 64K tokens in bf16, Llama-base attention shape, one process.
# With OFFICIAL_CCA=DIR (a folder holding the official CCA-Attention cca.py and cca_pooling.py, not
# part of ContextBench) it also writes the official parity fixture and times the official kernel.
#
#   bench/cuda_attention.sh OUT_DIR
# EXTRA_PREFIX=DIR adds a prefix (include/, lib/, pkgconfig/) for libraries the machine lacks.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:?usage: bench/cuda_attention.sh OUT_DIR}"
mkdir -p "$OUT"
PY="${PYTHON:-python3}"
PREFIX="$("$PY" -c 'import torch; print(torch.utils.cmake_prefix_path)')"
extra=()
if [ -n "${EXTRA_PREFIX:-}" ]; then
  export PKG_CONFIG_PATH="$EXTRA_PREFIX/pkgconfig:${PKG_CONFIG_PATH:-}"
  export LIBRARY_PATH="$EXTRA_PREFIX/lib:${LIBRARY_PATH:-}" LD_LIBRARY_PATH="$EXTRA_PREFIX/lib:${LD_LIBRARY_PATH:-}"
  extra+=(-DCMAKE_CXX_FLAGS="-I$EXTRA_PREFIX/include")
  [ -f "$EXTRA_PREFIX/lib/libsqlite3.so" ] && extra+=(-DSQLite3_INCLUDE_DIR="$EXTRA_PREFIX/include" -DSQLite3_LIBRARY="$EXTRA_PREFIX/lib/libsqlite3.so")
fi
cmake -S "$ROOT" -B "$ROOT/build-cuda" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONTEXTBENCH_GUI=OFF -DCONTEXTBENCH_BENCH=OFF \
  -DCMAKE_PREFIX_PATH="$PREFIX" "${extra[@]}" > "$OUT/configure.log" 2>&1 || { tail -30 "$OUT/configure.log"; exit 1; }
cmake --build "$ROOT/build-cuda" --target contextbench-cli contextbench_core_tests > "$OUT/build.log" 2>&1 || { grep -m20 error "$OUT/build.log"; exit 1; }
CLI="$ROOT/build-cuda/bin/contextbench-cli"
"$CLI" info --json | tee "$OUT/info.json"
"$ROOT/build-cuda/bin/contextbench_core_tests" --gtest_filter='CcaAttention*:Llama*' 2>&1 | tail -3 | tee "$OUT/tests.txt"
"$CLI" attention-bench --device cuda --contexts 1024,2048,4096,8192,16384,32768,65536 --impl full,cca --json | tee "$OUT/attention_cuda.jsonl"
if [ -n "${OFFICIAL_CCA:-}" ]; then
  "$PY" "$ROOT/tools/cca_official_reference.py" --official "$OFFICIAL_CCA" --out "$OUT" --bench | tee "$OUT/official.jsonl"
fi
