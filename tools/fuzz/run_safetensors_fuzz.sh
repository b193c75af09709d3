#!/usr/bin/env bash
# Builds the safetensors-header / config.json fuzz target with clang's libFuzzer, AddressSanitizer
# and UBSan, and runs it for RUNS inputs (default 1,000,000), seeded with the model fixtures of
# tests/data. Not part of CI. A finding leaves a crash-* file in WORK and a non-zero exit.
#
#   tools/fuzz/run_safetensors_fuzz.sh [runs] [work-dir]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RUNS="${1:-1000000}"
WORK="${2:-/tmp/contextbench-fuzz-safetensors}"
mkdir -p "$WORK/seeds"
CXX="${CXX:-clang++}"
for f in "$ROOT"/tests/data/models/*/config.json; do cp "$f" "$WORK/seeds/$(echo "$f" | sha1sum | cut -c1-12).json"; done
# Headers only (the first 8 + n bytes) keep the seeds small; the data section is irrelevant here.
for f in "$ROOT"/tests/data/models/*/model*.safetensors; do
    python3 -c "import struct,sys; d=open(sys.argv[1],'rb').read(); n=struct.unpack('<Q',d[:8])[0]; open(sys.argv[2],'wb').write(d[:8+n])" \
        "$f" "$WORK/seeds/$(echo "$f" | sha1sum | cut -c1-12).st"
done
"$CXX" -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I"$ROOT" \
    "$ROOT/tools/fuzz/safetensors_config_fuzz.cpp" "$ROOT"/core/io/{safetensors,mapped_file,atomic_file}.cpp \
    "$ROOT"/core/models/{llama_config,gpt2_config,mamba_config,hyena_config}.cpp "$ROOT/core/common/json_file.cpp" \
    -o "$WORK/safetensors_config_fuzz"
cd "$WORK"
./safetensors_config_fuzz -runs="$RUNS" -max_len=8192 -print_final_stats=1 seeds 2>&1 | tail -8
