#!/usr/bin/env bash
# Data-parallel scaling of a sweep on one host: pretraining (llama-base shape, 4K context) and
# featurisation (EHRSHOT-sized synthetic cohort, 16K context), each launched at every rank count
# given (one GPU a rank on a CUDA machine, Gloo processes on a CPU one), then tokens/s and scaling
# efficiency against the one-rank run, with the mean AUROC of each (tools/scaling_report.py).
#
#   bench/sweep_scaling.sh OUT_DIR CLI [RANKS...]      (default ranks: 1 2 4)
# PRETRAIN_CONFIG / FEATURIZE_CONFIG replace the sweep files (bench/configs/scaling_*_sweep.json).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:?usage: bench/sweep_scaling.sh OUT_DIR CLI [RANKS...]}"
CLI="${2:?usage: bench/sweep_scaling.sh OUT_DIR CLI [RANKS...]}"
shift 2
RANKS=("$@")
[ ${#RANKS[@]} -gt 0 ] || RANKS=(1 2 4)
mkdir -p "$OUT"
WORK="$(mktemp -d)"
declare -A CONFIG=([pretrain]="${PRETRAIN_CONFIG:-$ROOT/bench/configs/scaling_pretrain_sweep.json}"
                   [featurize]="${FEATURIZE_CONFIG:-$ROOT/bench/configs/scaling_featurize_sweep.json}")
for what in pretrain featurize; do
  for n in "${RANKS[@]}"; do
    port=$((29500 + RANDOM % 2000))
    pids=()
    for ((r = 1; r < n; r++)); do
      env RANK=$r WORLD_SIZE=$n LOCAL_RANK=$r MASTER_ADDR=127.0.0.1 MASTER_PORT=$port \
        "$CLI" sweep --config "${CONFIG[$what]}" --workspace "$WORK/$what-$n" --json >/dev/null 2>"$OUT/${what}_${n}_rank$r.log" &
      pids+=($!)
    done
    env RANK=0 WORLD_SIZE=$n LOCAL_RANK=0 MASTER_ADDR=127.0.0.1 MASTER_PORT=$port \
      "$CLI" sweep --config "${CONFIG[$what]}" --workspace "$WORK/$what-$n" --json >"$OUT/${what}_${n}.json" 2>"$OUT/${what}_${n}_rank0.log"
    for pid in "${pids[@]}"; do wait "$pid"; done
    echo "$what at $n ranks: done"
  done
done
python3 "$ROOT/tools/scaling_report.py" "$OUT" | tee "$OUT/scaling.jsonl"
