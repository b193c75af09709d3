#!/usr/bin/env bash
# The LIFT demo on more than its one document: the same demo model and settings on the notes of the
# N held-out patients closest in size to the demo's (rank 0 is the demo's own), and the exact matches
# of ICL, LIFT only and LIFT+ICL per patient and summed. One document has 24 questions, too few to
# tell the modes apart by exact match alone.
#
#   bench/lift_demo_patients.sh DEMO_DIR OUT_DIR [N] [CLI]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEMO="${1:?usage: bench/lift_demo_patients.sh DEMO_DIR OUT_DIR [N] [CLI]}"
OUT="${2:?out dir}"
N="${3:-6}"
CLI="${4:-$ROOT/build/bin/contextbench-cli}"
mkdir -p "$OUT"
for rank in $(seq 0 $((N - 1))); do
  "$CLI" lift --demo "$DEMO" --demo-document "$rank" --device "${DEVICE:-cpu}" --out "$OUT/patient-$rank.json" --json > /dev/null
done
python3 - "$OUT" "$N" <<'PY'
import json, sys
out, n = sys.argv[1], int(sys.argv[2])
modes = ["icl", "lift", "lift+icl"]
total = {m: [0, 0, 0, 0] for m in modes}  # correct, asked, correct outside, outside
rows = []
for rank in range(n):
    r = json.load(open(f"{out}/patient-{rank}.json"))
    row = {"rank": rank, "document_tokens": r["document_tokens"]}
    for m in modes:
        answers = r[m]["questions"]
        outside = [a for a in answers if a.get("evidence_in_window") is False]
        c, co = sum(a["exact_match"] for a in answers), sum(a["exact_match"] for a in outside)
        row[m] = f"{c}/{len(answers)} ({co}/{len(outside)} outside)"
        row[m + "_ll"] = round(r[m]["mean_log_likelihood"], 3)
        for i, v in enumerate((c, len(answers), co, len(outside))):
            total[m][i] += v
    rows.append(row)
    print(json.dumps(row))
print(json.dumps({"total": {m: f"{t[0]}/{t[1]} ({t[2]}/{t[3]} outside)" for m, t in total.items()}}))
PY
