#!/usr/bin/env bash
# The GPU out-of-memory path of a sweep, on a CUDA machine: a model whose weights fit the host but not
# the share of the GPU this process may use (CONTEXTBENCH_CUDA_MEMORY_FRACTION) must stop the sweep
# with a message naming the architecture, the context length, the device and the allocation, and with
# continue_on_error the sweep must go on to the next point and list both failures.
#   bench/gpu_oom_check.sh OUT_DIR CLI
set -uo pipefail
OUT="${1:?usage: bench/gpu_oom_check.sh OUT_DIR CLI}"
CLI="${2:?usage: bench/gpu_oom_check.sh OUT_DIR CLI}"
mkdir -p "$OUT"
sweep() {  # name, continue_on_error
  cat > "$OUT/$1.json" <<JSON
{"cohort": "synthetic:patients=200,seed=3", "workspace": "$OUT/$1-workspace", "contexts": [64, 128],
 "tasks": ["new_hypertension"], "model_shape": {"intermediate_size": 1000000},
 "pretrain": {"token_budget": 2048, "tokens_per_step": 512}, "featurize_tokens_per_batch": 1024,
 "probe": {"bootstrap_replicates": 50}, "continue_on_error": $2}
JSON
}
sweep stop false
sweep go_on true
export CONTEXTBENCH_CUDA_MEMORY_FRACTION=0.005  # about 0.7 GB of an H200; the weights alone are 1.5 GB
"$CLI" sweep --config "$OUT/stop.json" --device cuda > "$OUT/stop.log" 2>&1
echo "stop: exit $? (expected 1)" | tee "$OUT/summary.txt"
grep -m1 "ran out of memory" "$OUT/stop.log" | tee -a "$OUT/summary.txt"
"$CLI" sweep --config "$OUT/go_on.json" --device cuda --json > "$OUT/go_on.log" 2>&1
echo "go_on: exit $? (expected 3)" | tee -a "$OUT/summary.txt"
tail -1 "$OUT/go_on.log" | python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); print(json.dumps({"failures": r["failures"], "points": len(r["points"])}))' \
  | tee -a "$OUT/summary.txt"
# Without the cap the same sweep runs: the failure was the memory, not the config.
unset CONTEXTBENCH_CUDA_MEMORY_FRACTION
"$CLI" sweep --config "$OUT/go_on.json" --device cuda --json > "$OUT/uncapped.log" 2>&1
echo "uncapped: exit $? (expected 0)" | tee -a "$OUT/summary.txt"
