#!/usr/bin/env python3
"""Reference EHR properties and quartiles computed with pandas, for tests/core/analysis.

For every label of tests/data/meds/femr-synthetic/labels.parquet and for every subject of
tests/data/meds/meds-transforms-example at its last event, computes the Context Clues properties
over the subject's events with time <= the cut-off (static rows, whose time is null, included):
  rr_n        (#distinct n-grams of codes occurring more than once) / (#distinct n-grams), n = 1..4
  gap_*       std (ddof=1), mean and IQR (quantile .75 - .25) of the gaps in seconds between
              consecutive timed events, zero gaps included
and the quartile of each row by rr_1 and by gap std: qcut(rank(method="min"), 4, labels=False,
duplicates="drop"). Writes tests/data/properties/expected.json.

Run from the repository root: .venv/bin/python tools/make_property_fixtures.py
"""
import collections
import json
import math
import pathlib

import pandas as pd
import pyarrow.parquet as pq

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def read_events(folder):
    frames = [pq.read_table(p, columns=["subject_id", "time", "code"]).to_pandas()
              for p in sorted((folder / "data").rglob("*.parquet"))]
    return pd.concat(frames, ignore_index=True)


def repetition(codes, n):
    grams = collections.Counter(tuple(codes[i:i + n]) for i in range(len(codes) - n + 1))
    if not grams:
        return 0.0
    return sum(1 for c in grams.values() if c > 1) / len(grams)


def nan_to_none(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def properties(events, cutoff):
    prefix = events[events["time"].isna() | (events["time"] <= cutoff)]
    codes = list(prefix["code"])
    rr = [repetition(codes, n) for n in range(1, 5)]
    gaps = prefix["time"].dropna().diff().dropna().dt.total_seconds()
    return {
        "events": len(codes),
        "rr": rr,
        "gap_std": nan_to_none(gaps.std(ddof=1)),
        "gap_mean": nan_to_none(gaps.mean()),
        "gap_iqr": nan_to_none(gaps.quantile(0.75) - gaps.quantile(0.25)),
    }


def quartiles(values):
    ranks = pd.Series(values, dtype="float64").rank(method="min")
    bins = pd.qcut(ranks, 4, labels=False, duplicates="drop")
    return [None if pd.isna(b) else int(b) for b in bins]


def to_us(ts):
    return int(pd.Timestamp(ts).value // 1000)


def main():
    out = {}
    events = read_events(DATA / "meds" / "femr-synthetic")
    by_subject = {s: g for s, g in events.groupby("subject_id", sort=False)}
    labels = pq.read_table(DATA / "meds" / "femr-synthetic" / "labels.parquet").to_pandas()
    rows = []
    for s, t in sorted(set(zip(labels["subject_id"], labels["prediction_time"]))):
        row = properties(by_subject[s], t)
        row.update(subject_id=int(s), time_us=to_us(t))
        rows.append(row)
    out["femr_synthetic_labels"] = rows

    events = read_events(DATA / "meds" / "meds-transforms-example")
    rows = []
    for s, g in sorted(events.groupby("subject_id"), key=lambda x: x[0]):
        last = g["time"].dropna().max()
        row = properties(g, last)
        row.update(subject_id=int(s), time_us=to_us(last))
        rows.append(row)
    out["meds_transforms_timeline"] = rows

    labelled = out["femr_synthetic_labels"]
    out["quartiles"] = {
        "rr1": {"values": [r["rr"][0] for r in labelled], "bins": quartiles([r["rr"][0] for r in labelled])},
        "gap_std": {
            "values": [r["gap_std"] for r in labelled],
            "bins": quartiles([math.nan if r["gap_std"] is None else r["gap_std"] for r in labelled]),
        },
        "ties": {"values": [3, 1, 1, 1, 1, 2, 5, 5, 4, 1],
                 "bins": quartiles([3, 1, 1, 1, 1, 2, 5, 5, 4, 1])},
    }
    # Disease-progression summary: per-index medians of seeded per-token perplexities (indices with
    # fewer than 30 values dropped), smoothed with pandas' ewm(span=20).mean().
    import numpy as np
    rng = np.random.default_rng(7)
    by_index = [list(rng.lognormal(1.0 + 0.01 * i, 0.5, size=int(rng.integers(10, 60)))) for i in range(80)]
    kept = [i for i, v in enumerate(by_index) if len(v) >= 30]
    medians = pd.Series([float(np.median(by_index[i])) for i in kept])
    out["position_statistics"] = {
        "values": by_index,
        "kept": kept,
        "raw_median": medians.tolist(),
        "ema_median": medians.ewm(span=20).mean().tolist(),
    }
    out["versions"] = {"pandas": pd.__version__}
    path = DATA / "properties" / "expected.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {path}: {len(labelled)} labelled rows, {len(rows)} timeline rows")


if __name__ == "__main__":
    main()
