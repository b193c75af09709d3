#!/usr/bin/env bash
# Where LIFT's training time goes on a CUDA GPU: a headless build, the Llama-base LIFT of
# bench/lift_bench.sh (bf16 autocast, full fine-tuning) recorded with CONTEXTBENCH_TRACE, and the
# trace summarised per epoch and per kernel family (tools/trace_summary.py).
#
#   bench/lift_gpu_profile.sh OUT_DIR [EPOCHS] [DOC_REPEAT]
# EXTRA_PREFIX=DIR adds a prefix for libraries the machine lacks; PYTHON names the interpreter;
# LIFT_FLAGS adds flags to the timed `lift` command (e.g. "--batch 8").
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:?usage: bench/lift_gpu_profile.sh OUT_DIR [EPOCHS] [DOC_REPEAT]}"
EPOCHS="${2:-3}"
REPEAT="${3:-8}"
PY="${PYTHON:-python3}"
mkdir -p "$OUT"
# shellcheck source=bench/headless_cuda_build.sh
. "$ROOT/bench/headless_cuda_build.sh"
build_headless_cuda "$OUT" contextbench-cli
CLI="$ROOT/build-cuda/bin/contextbench-cli"
WORK="$(mktemp -d)"
# The demo patient's notes (the document does not depend on the demo model's training budget).
"$CLI" lift --demo "$WORK/demo" --demo-budget 20000 --device cuda --mode icl --cloze 1 --json > /dev/null
"$CLI" model create --config "$ROOT/bench/configs/llama-base.json" --out "$WORK/base" > /dev/null
cp "$ROOT/tests/data/text_tokenizers/llama3/tokenizer.json" "$WORK/base/"
for _ in $(seq "$REPEAT"); do cat "$WORK/demo/document.txt"; done > "$WORK/document.txt"
CONTEXTBENCH_TRACE="$OUT/lift_trace.json" "$CLI" lift --model "$WORK/base" --document "$WORK/document.txt" --device cuda \
  --mode lift --segment 2048 --epochs "$EPOCHS" --precision bf16 --full --lr 3e-6 --cloze 1 ${LIFT_FLAGS:-} \
  --out "$OUT/lift_traced.json" --json > /dev/null
"$PY" "$ROOT/tools/trace_summary.py" "$OUT/lift_trace.json" --scope lift_epoch | tee "$OUT/lift_trace_summary.txt"
echo "$WORK"
