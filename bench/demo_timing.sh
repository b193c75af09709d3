#!/usr/bin/env bash
# Times the embedded demo end to end as a user meets it: the first run computes everything, the
# second must come from the SQLite cache. Prints both times and their ratio to the targets
# (first <= 15 min, cached <= 10 s on a 2-core machine), plus the machine it ran on.
#
#   bench/demo_timing.sh [build-dir] [extra demo flags...]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
shift || true
CLI="$BUILD/bin/contextbench-cli"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

"$CLI" info
now() { date +%s.%N; }
t0=$(now); "$CLI" demo --out "$OUT" "$@" > "$OUT/first.json" 2> "$OUT/first.log"; t1=$(now)
"$CLI" demo --out "$OUT" "$@" > "$OUT/second.json" 2> "$OUT/second.log"; t2=$(now)

python3 - "$OUT" "$t0" "$t1" "$t2" <<'PY'
import json, sys
out, t0, t1, t2 = sys.argv[1], *map(float, sys.argv[2:])
first, second = json.load(open(f"{out}/first.json")), json.load(open(f"{out}/second.json"))
a, b = t1 - t0, t2 - t1
print(f"first run : {a:8.1f} s   target 900 s   ratio {a / 900:.2f}   cached={first['cached']}")
print(f"second run: {b:8.1f} s   target  10 s   ratio {b / 10:.2f}   cached={second['cached']}")
for p in first["contexts"]:
    print(f"  context {p['context']:>6}: mean AUROC {p['mean_auroc']:.3f} [{p['ci_low']:.3f}, {p['ci_high']:.3f}]")
PY
