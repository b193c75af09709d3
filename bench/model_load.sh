#!/usr/bin/env bash
# Loading a 125M-parameter checkpoint (llama-base shape, fp32, 493 MB) against reading its file,
# cold (page cache dropped, when this user may) and warm. Target: load <= 2x read.
#
#   bench/model_load.sh [build-dir] [work-dir]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
WORK="${2:-/tmp/contextbench-model-load}"
CLI="$BUILD/bin/contextbench-cli"
[ -f "$WORK/llama-base/model.safetensors" ] || "$CLI" model create --config "$ROOT/bench/configs/llama-base.json" --out "$WORK/llama-base" --seed 1 > /dev/null
FILE="$WORK/llama-base/model.safetensors"
drop() { sync; echo 3 > /proc/sys/vm/drop_caches 2> /dev/null; }
seconds() { python3 -c 'import json,sys; print(json.load(sys.stdin)["load_seconds"])'; }
readtime() { local t0 t1; t0=$(date +%s.%N); cat "$FILE" > /dev/null; t1=$(date +%s.%N); python3 -c "print($t1 - $t0)"; }
for mode in cold warm; do
    for i in 1 2 3; do
        [ "$mode" = cold ] && drop
        r=$(readtime)
        [ "$mode" = cold ] && drop
        l=$("$CLI" model info "$WORK/llama-base" --json | seconds)
        python3 -c "import json; print(json.dumps({'bench': 'model_load', 'cache': '$mode', 'bytes': $(stat -c %s "$FILE"), 'read_s': round($r, 3), 'load_s': round($l, 3), 'ratio': round($l / $r, 2)}))"
    done
done
