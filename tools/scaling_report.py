#!/usr/bin/env python3
"""Throughput and scaling efficiency of sweep launches at several rank counts.

Reads the JSON lines that `contextbench-cli sweep --json` printed (one file per launch, named
<what>_<ranks>.json) and prints, per kind of work, tokens/s and efficiency = rate(N) / (N * rate(1)),
with the mean AUROC of every point next to the one-rank run's.

    tools/scaling_report.py OUT_DIR
"""
import glob
import json
import os
import re
import sys


def load(path):
    with open(path) as f:
        lines = [line for line in f if line.startswith("{")]
    return json.loads(lines[-1]) if lines else None


def main():
    out = sys.argv[1]
    runs = {}
    for path in glob.glob(os.path.join(out, "*_*.json")):
        m = re.match(r"(pretrain|featurize)_(\d+)\.json$", os.path.basename(path))
        if m and (result := load(path)):
            runs.setdefault(m.group(1), {})[int(m.group(2))] = result
    for what, by_ranks in sorted(runs.items()):
        key = ("model_tokens", "model_seconds") if what == "pretrain" else ("featurize_tokens", "featurize_seconds")
        base = None
        for ranks in sorted(by_ranks):
            point = by_ranks[ranks]["points"][0]
            timing = point["timing"]
            rate = timing[key[0]] / timing[key[1]]
            if base is None and ranks == 1:
                base = (rate, point["mean_auroc"])
            efficiency = rate / (ranks * base[0]) if base else float("nan")
            record = {"work": what, "ranks": ranks, "tokens": timing[key[0]], "seconds": timing[key[1]],
                      "tokens_per_s": rate, "efficiency": efficiency, "mean_auroc": point["mean_auroc"],
                      "mean_auroc_one_rank": base[1] if base else None,
                      "backend": by_ranks[ranks]["backend"], "device": by_ranks[ranks]["device"]}
            print(json.dumps(record))


if __name__ == "__main__":
    main()
