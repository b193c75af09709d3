#!/usr/bin/env bash
# Sweeps on one CUDA GPU: a headless build against the machine's torch wheel, then
#  - the c10d tests (Gloo ranks as threads);
#  - forward latency of the llama-base shape at 1K and 16K (bf16, batch 1), eager and as a replayed
#    CUDA graph, next to HF transformers on the same card;
#  - a two-rank launch on the one GPU (Gloo over CUDA tensors) against the same sweep in one process;
#  - the EHRSHOT-scale synthetic sweep (6,739 patients, 4 architectures x 4 contexts, 14 tasks),
#    stopped after SWEEP_SECONDS (default 300); every point is logged as it lands.
#
#   bench/sweep_gpu.sh OUT_DIR
# EXTRA_PREFIX=DIR adds a prefix for libraries the machine lacks (tools/make_gpu_prefix.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:?usage: bench/sweep_gpu.sh OUT_DIR}"
mkdir -p "$OUT"
PY="${PYTHON:-python3}"
# shellcheck source=bench/headless_cuda_build.sh
. "$ROOT/bench/headless_cuda_build.sh"
SECONDS=0
build_headless_cuda "$OUT" contextbench-cli contextbench_core_tests
echo "build: ${SECONDS} s"
CLI="$ROOT/build-cuda/bin/contextbench-cli"
"$CLI" info --json | tee "$OUT/info.json"
"$ROOT/build-cuda/bin/contextbench_core_tests" --gtest_filter='Communicator*:DataParallel*' 2>&1 | tail -3

for graph in "" --cuda-graph; do
  "$CLI" model-bench --config "$ROOT/bench/configs/llama-base.json" --contexts 1024,16384 --device cuda --dtype bf16 --json $graph \
    | sed 's/^{/{"impl":"contextbench","model":"llama-base",/'
done | tee "$OUT/forward.jsonl"
"$PY" "$ROOT/tools/hf_forward_bench.py" --models llama-base --contexts 1024,16384 | tee -a "$OUT/forward.jsonl"

W="$(mktemp -d)"
"$CLI" sweep --config "$ROOT/bench/configs/two_rank_sweep.json" --workspace "$W/one" --device cuda:0 --json 2>"$OUT/one_rank.log" | tee "$OUT/two_rank_sweep.jsonl"
port=$((29500 + RANDOM % 1000))
launch() { env RANK=$1 WORLD_SIZE=2 LOCAL_RANK=$1 MASTER_ADDR=127.0.0.1 MASTER_PORT=$port \
  "$CLI" sweep --config "$ROOT/bench/configs/two_rank_sweep.json" --workspace "$W/two" --device cuda:0 --json; }
launch 1 2>"$OUT/rank1.log" >/dev/null &
launch 0 2>"$OUT/rank0.log" | tee -a "$OUT/two_rank_sweep.jsonl"
wait

echo "before the EHRSHOT-scale sweep: ${SECONDS} s"
timeout "${SWEEP_SECONDS:-300}" "$CLI" sweep --config "$ROOT/bench/configs/ehrshot_scale_sweep.json" --workspace "$W/ehrshot" --json \
  2>"$OUT/ehrshot_sweep.log" | tee "$OUT/ehrshot_sweep.json" || echo "sweep stopped after ${SWEEP_SECONDS:-300} s"
grep '^point ' "$OUT/ehrshot_sweep.log" | sed 's/^point //' > "$OUT/ehrshot_points.jsonl" || true
grep -v '^point ' "$OUT/ehrshot_sweep.log" | tr '\r' '\n' | grep -E "Loading|Generating|Tokenis|error" | tail -5 || true
cat "$OUT/ehrshot_points.jsonl"
echo "total: ${SECONDS} s"
