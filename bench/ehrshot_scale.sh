#!/usr/bin/env bash
# Cohort loading at EHRSHOT's size (6,739 patients, ~41.6M events): the synthetic generator writes
# the cohort in EHRSHOT's original CSV layout and as MEDS (zstd), then this times `cohort info` on
# each (load time as the reader reports it, wall time, peak RSS) and the EHR properties of every
# patient. Targets on the 2-core machine: CSV <= 30 s, MEDS <= 20 s, peak RSS <= 2 GB, properties
# <= 10 s. Prints one JSON line per measurement; the generated files (2.5 GB) are kept in WORK.
#
#   bench/ehrshot_scale.sh [build-dir] [work-dir]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
WORK="${2:-/tmp/contextbench-ehrshot-scale}"
CLI="$BUILD/bin/contextbench-cli"
KNOBS=(--patients 6739 --median-visits 236)
mkdir -p "$WORK"
[ -f "$WORK/ehrshot.csv" ] || "$CLI" cohort synth --format femr_csv --out "$WORK/ehrshot.csv" "${KNOBS[@]}" --json 2>/dev/null
[ -d "$WORK/meds" ] || "$CLI" cohort synth --format meds --out "$WORK/meds" "${KNOBS[@]}" --json 2>/dev/null

measure() {  # name target_s command...
    local name=$1 target=$2
    shift 2
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" > "$WORK/out.json" 2>/dev/null
    python3 - "$name" "$target" "$WORK" <<'PY'
import json, os, sys
name, target, work = sys.argv[1], float(sys.argv[2]), sys.argv[3]
out = json.load(open(f"{work}/out.json"))
wall, rss_kb = open(f"{work}/time.txt").read().split()[-2:]
seconds = out.get("seconds", out.get("properties_seconds"))
path = out.get("path", out.get("out"))
row = {"bench": name, "seconds": round(seconds, 3), "target_s": target, "ratio": round(seconds / target, 3),
       "wall_s": float(wall), "peak_rss_mb": round(int(rss_kb) / 1024), "rss_ratio": round(int(rss_kb) / 1024 / 2048, 3)}
if "events" in out:
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs) if os.path.isdir(path) \
        else os.path.getsize(path)
    row.update(events=out["events"], subjects=out["subjects"], mb_per_s=round(size / 2**20 / seconds, 1),
               events_per_s=round(out["events"] / seconds))
else:
    row.update(rows=out["rows"])
print(json.dumps(row))
PY
}

"$CLI" info --json
measure load_femr_csv 30 "$CLI" cohort info "$WORK/ehrshot.csv" --json
measure load_meds 20 "$CLI" cohort info "$WORK/meds" --json
measure properties_every_patient 10 "$CLI" cohort properties "$WORK/meds" --at timeline --out "$WORK/properties.csv"
