#!/usr/bin/env bash
# The model zoo on a CUDA GPU: a headless build against the machine's torch wheel, then
#  - parity: last-position logits on CUDA (fp32, bf16) against the CPU fp32 references;
#  - forward latency of llama-base, gpt-base, mamba-tiny and hyena-large (random weights, bf16,
#    batch 1) in ContextBench and in the HF reference implementations on the same card.
#
#   bench/model_zoo_gpu.sh OUT_DIR
# EXTRA_PREFIX=DIR adds a prefix (include/, lib/, pkgconfig/) for libraries the machine lacks;
# HYENA_SRC=DIR holds HyenaDNA's HF port (modeling_hyena.py, configuration_hyena.py) for its HF timing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:?usage: bench/model_zoo_gpu.sh OUT_DIR}"
mkdir -p "$OUT"
PY="${PYTHON:-python3}"
# shellcheck source=bench/headless_cuda_build.sh
. "$ROOT/bench/headless_cuda_build.sh"
build_headless_cuda "$OUT" contextbench-cli contextbench_core_tests
CLI="$ROOT/build-cuda/bin/contextbench-cli"
"$CLI" info --json | tee "$OUT/info.json"
"$ROOT/build-cuda/bin/contextbench_core_tests" --gtest_filter='HfParity*:SelectiveScan*:ModelZoo.Gpt*' --gtest_print_time=0 2>&1 | grep -E "OK|FAIL|SKIP|Failure|PASSED" | tee "$OUT/tests.txt"
"$PY" "$ROOT/tools/cuda_parity.py" "$CLI" | tee "$OUT/cuda_parity.jsonl"
for model in llama-base gpt-base mamba-tiny hyena-large; do
  contexts=1024,4096,16384
  [ "$model" = gpt-base ] && contexts=1024,4096
  "$CLI" model-bench --config "$ROOT/bench/configs/$model.json" --contexts "$contexts" --device cuda --dtype bf16 --json \
    | sed "s/^{/{\"impl\":\"contextbench\",\"model\":\"$model\",/" | tee -a "$OUT/forward.jsonl"
done
"$PY" "$ROOT/tools/hf_forward_bench.py" ${HYENA_SRC:+--hyena-src "$HYENA_SRC"} | tee -a "$OUT/forward.jsonl"
