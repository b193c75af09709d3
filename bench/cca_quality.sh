#!/usr/bin/env bash
# CCA on the demo cohort's longest-context model: mean AUROC over the 14 tasks and per-position
# perplexity with full attention, with CCA swapped in zero-shot, and with CCA after adapting the
# model to it (continued pretraining with CCA, ADAPT_TOKENS tokens; default: the demo's own
# pretraining budget).
#
#   bench/cca_quality.sh OUT_DIR CLI [G S]        (default g 16, s 1024)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:?usage: bench/cca_quality.sh OUT_DIR CLI [G S]}"
CLI="${2:?usage: bench/cca_quality.sh OUT_DIR CLI [G S]}"
G="${3:-16}" S="${4:-1024}" CONTEXT="${CONTEXT:-4096}" PATIENTS="${PATIENTS:-2000}"
ADAPT="${ADAPT_TOKENS:-$((PATIENTS * 750))}"
mkdir -p "$OUT"
W="$OUT/workspace"
cohort="synthetic:patients=$PATIENTS,seed=42"
variant() {  # name, attention JSON
  echo "{\"attention\": $2}" > "$OUT/$1.sweep.json"
  "$CLI" demo --out "$W" --patients "$PATIENTS" --contexts "$CONTEXT" --sweep-config "$OUT/$1.sweep.json" 2>"$OUT/$1.log" \
    | sed "s/^{/{\"variant\":\"$1\",/" | tee -a "$OUT/auroc.jsonl"
}
: > "$OUT/auroc.jsonl"
variant full '{"kind": "full"}'
variant cca_zero_shot "{\"kind\": \"cca\", \"group_size\": $G, \"local_window\": $S}"
variant cca_adapted "{\"kind\": \"cca\", \"group_size\": $G, \"local_window\": $S, \"adapt_tokens\": $ADAPT}"

# The models: the pretrained one (no adaptation) and the adapted one, read from the workspace.
models="$(python3 - "$W/results.sqlite" "$CONTEXT" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT path, training_json FROM models WHERE context_length = ?", (int(sys.argv[2]),)).fetchall()
base = [p for p, t in rows if "adapted_from" not in json.loads(t)]
adapted = [p for p, t in rows if "adapted_from" in json.loads(t)]
print(base[0], adapted[0])
PY
)"
read -r base adapted <<<"$models"
: > "$OUT/ppl.jsonl"
for run in "full $base full" "cca_zero_shot $base cca:g=$G,s=$S" "cca_adapted $adapted cca:g=$G,s=$S"; do
  read -r name dir attn <<<"$run"
  "$CLI" ppl --cohort "$cohort" --model "$dir" --context "$CONTEXT" --attn "$attn" --json 2>/dev/null \
    | sed "s/^{/{\"variant\":\"$name\",/" >> "$OUT/ppl.jsonl"
done
python3 - "$OUT" "$S" <<'PY'
import json, statistics, sys
out, s = sys.argv[1], int(sys.argv[2])
auroc = {r["variant"]: r["contexts"][0] for r in map(json.loads, open(f"{out}/auroc.jsonl"))}
for r in map(json.loads, open(f"{out}/ppl.jsonl")):
    beyond = [m for i, m in zip(r["index"], r["median"]) if i >= s]
    a = auroc[r["variant"]]
    print(json.dumps({"variant": r["variant"], "mean_auroc": a["mean_auroc"], "ci_low": a["ci_low"], "ci_high": a["ci_high"],
                      "ppl_first": r["median"][0] if r["median"] else None,
                      "ppl_mean_beyond_window": statistics.mean(beyond) if beyond else None,
                      "positions_beyond_window": len(beyond), "positions": len(r["index"])}))
PY
