#!/usr/bin/env bash
# LIFT training cost, seconds per 1K document tokens, for the demo notes model and a Llama-base-sized
# model (768 hidden, 8 layers; random weights), in ContextBench and in an HF Trainer loop doing the
# same LIFT (same segments, epochs, optimizer steps; full fine-tuning, fp32) on the same device.
#
#   bench/lift_bench.sh OUT_DIR DEVICE CLI [EPOCHS] [DOC_REPEAT]
# DEVICE is cpu or cuda; CLI the contextbench-cli to time. DOC_REPEAT makes the Llama-base document
# that many copies of the demo patient's notes; DEMO_BUDGET overrides the demo model's pretraining tokens. PYTHON names an interpreter with torch, transformers
# and tokenizers. Writes OUT_DIR/lift_bench.jsonl, one line per measurement.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:?usage: bench/lift_bench.sh OUT_DIR DEVICE CLI [EPOCHS] [DOC_REPEAT]}"
DEVICE="${2:?device}"
CLI="${3:?contextbench-cli}"
EPOCHS="${4:-3}"
REPEAT="${5:-4}"
PY="${PYTHON:-python3}"
mkdir -p "$OUT"
RESULTS="$OUT/lift_bench.jsonl"
: > "$RESULTS"

# One JSONL line from a `lift --json` report: the training cost only.
summarise() {
  "$PY" -c 'import json, sys
r = json.load(open(sys.argv[1]))
print(json.dumps({"model": sys.argv[2], "impl": "contextbench", "method": sys.argv[3], "device": r["device"],
                  "document_tokens": r["document_tokens"], "segments": r["training"]["segments"],
                  "epochs": len(r["training"]["epochs"]), "seconds": r["training"]["seconds"],
                  "seconds_per_1k_tokens": r["seconds_per_1k_tokens"], "peak_memory_mb": r["peak_memory_mb"],
                  "precision": r["config"]["precision"], "epoch_loss": [e["segment_loss"] for e in r["training"]["epochs"]]}))' "$@" >> "$RESULTS"
}

# The demo: notes model pretrained here (cached in OUT/demo), one patient's notes as the document.
"$CLI" lift --demo "$OUT/demo" ${DEMO_BUDGET:+--demo-budget "$DEMO_BUDGET"} --device "$DEVICE" --mode lift --segment 512 --epochs "$EPOCHS" --full --lr 1e-3 --precision fp32 \
  --out "$OUT/demo_full.json" --json > /dev/null
summarise "$OUT/demo_full.json" demo full
"$PY" "$ROOT/tools/hf_lift_baseline.py" --model "$OUT/demo/model" --document "$OUT/demo/document.txt" --segment 512 \
  --epochs "$EPOCHS" --lr 1e-3 --device "$DEVICE" | grep '"impl"' | sed 's/^{/{"model": "demo", "method": "full", /' >> "$RESULTS"

# Llama-base: random weights, the Llama-3-style test tokenizer, the demo document repeated.
BASE="$OUT/llama-base"
rm -rf "$BASE"
"$CLI" model create --config "$ROOT/bench/configs/llama-base.json" --out "$BASE" > /dev/null
cp "$ROOT/tests/data/text_tokenizers/llama3/tokenizer.json" "$BASE/"
DOC="$OUT/llama_base_document.txt"
: > "$DOC"
for _ in $(seq "$REPEAT"); do cat "$OUT/demo/document.txt" >> "$DOC"; done
# ContextBench: full fine-tuning in fp32 and bf16 autocast, LoRA in bf16; HF Trainer: the same full
# fine-tuning, one segment per micro-batch (as the LIFT code) and four (as ContextBench batches them).
for run in full:fp32 full:bf16 lora:bf16; do
  method="${run%%:*}" precision="${run##*:}"
  flags=(--full --lr 3e-6)
  [ "$method" = lora ] && flags=(--lora-rank 16 --lr 2e-4)
  "$CLI" lift --model "$BASE" --document "$DOC" --device "$DEVICE" --mode lift --segment 2048 --epochs "$EPOCHS" \
    --precision "$precision" "${flags[@]}" --cloze 1 --out "$OUT/base_${method}_$precision.json" --json > /dev/null
  summarise "$OUT/base_${method}_$precision.json" llama-base "$method"
done
for run in 1:fp32 1:bf16 4:bf16; do
  "$PY" "$ROOT/tools/hf_lift_baseline.py" --model "$BASE" --document "$DOC" --segment 2048 --epochs "$EPOCHS" \
    --lr 3e-6 --batch "${run%%:*}" --precision "${run##*:}" --device "$DEVICE" | grep '"impl"' \
    | sed 's/^{/{"model": "llama-base", "method": "full", /' >> "$RESULTS"
done
cat "$RESULTS"
