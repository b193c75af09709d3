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
# shellcheck source=bench/headless_cuda_build.sh
. "$ROOT/bench/headless_cuda_build.sh"
build_headless_cuda "$OUT" contextbench-cli contextbench_core_tests
CLI="$ROOT/build-cuda/bin/contextbench-cli"
"$CLI" info --json | tee "$OUT/info.json"
"$ROOT/build-cuda/bin/contextbench_core_tests" --gtest_filter='CcaAttention*:Llama*' 2>&1 | tail -3 | tee "$OUT/tests.txt"
"$CLI" attention-bench --device cuda --contexts 1024,2048,4096,8192,16384,32768,65536 --impl full,cca --json | tee "$OUT/attention_cuda.jsonl"
if [ -n "${OFFICIAL_CCA:-}" ]; then
  "$PY" "$ROOT/tools/cca_official_reference.py" --official "$OFFICIAL_CCA" --out "$OUT" --bench | tee "$OUT/official.jsonl"
fi
