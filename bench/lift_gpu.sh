#!/usr/bin/env bash
# LIFT cost on a CUDA GPU: a headless build against the machine's torch wheel, then
# bench/lift_bench.sh on cuda (ContextBench against an HF Trainer doing the same LIFT).
#
#   bench/lift_gpu.sh OUT_DIR
# EXTRA_PREFIX=DIR adds a prefix for libraries the machine lacks; PYTHON names the interpreter.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:?usage: bench/lift_gpu.sh OUT_DIR}"
mkdir -p "$OUT"
# shellcheck source=bench/headless_cuda_build.sh
. "$ROOT/bench/headless_cuda_build.sh"
build_headless_cuda "$OUT" contextbench-cli
CLI="$ROOT/build-cuda/bin/contextbench-cli"
"$CLI" info --json > "$OUT/info.json"
"$ROOT/bench/lift_bench.sh" "$OUT" cuda "$CLI" "${EPOCHS:-3}" "${DOC_REPEAT:-8}"
