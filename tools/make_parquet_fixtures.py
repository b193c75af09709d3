#!/usr/bin/env python3
"""Parquet files written by pyarrow, for ContextBench's own Parquet reader and MEDS reader.

Writes tests/data/parquet/. Run from the repository root with a Python that has pyarrow
(pip install pyarrow):

    python tools/make_parquet_fixtures.py

* types_<codec>_<dict|plain>_<v1|v2>.parquet: one table of every physical type the reader supports
  (nullable columns, timestamps in ms/us/ns, a nested list column the reader must skip), written with
  each codec, with and without dictionary encoding, as data pages v1 and v2, in several row groups of
  several pages. types_expected.json holds the values every one of them must decode to.
* meds-tiny/: a MEDS v0.4 dataset of three subjects in two shards with one task folder, and
  meds-tiny_expected.json with what the MEDS reader must produce from it.

The data is made up here; nothing is copied from elsewhere.
"""
import datetime as dt
import json
import pathlib
import shutil

import pyarrow as pa
import pyarrow.parquet as pq

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "parquet"
ROWS = 160
ROW_GROUP = 64
PAGE_ROWS = 24
CODECS = ["none", "snappy", "gzip", "zstd"]
LABELS = ["alpha", "beta", "gamma", "δέλτα"]
EPOCH = dt.datetime(1970, 1, 1)


def micros(when):
    return (when - EPOCH) // dt.timedelta(microseconds=1)


def types_columns():
    """Column values as Python lists; None is null."""
    cols = {}
    cols["id"] = list(range(ROWS))
    cols["small"] = [None if k % 7 == 3 else k * 3 - 200 for k in range(ROWS)]
    cols["ratio"] = [None if k % 5 == 1 else k * 0.25 - 10.0 for k in range(ROWS)]  # exact in float32
    cols["score"] = [k * 1.5 - 100.0 for k in range(ROWS)]
    cols["flag"] = [None if k % 11 == 4 else k % 3 == 0 for k in range(ROWS)]
    cols["label"] = [None if k % 6 == 5 else LABELS[(k * 7) % len(LABELS)] for k in range(ROWS)]
    # Distinct values, some with the characters CSV and JSON care about, so dictionary pages grow past
    # the limit below and pyarrow falls back to PLAIN pages within a chunk.
    cols["note"] = [f"note {k}, \"quoted\"\nline two" + "x" * (k % 4) for k in range(ROWS)]
    base_ms = -86_400_000 * 365  # one year before the epoch: negative times must survive
    cols["ts_ms"] = [base_ms + k * 3_600_001 for k in range(ROWS)]
    cols["ts_us"] = [None if k % 9 == 2 else 1_600_000_000_000_000 + k * 1_000_003 for k in range(ROWS)]
    # Nanoseconds with sub-microsecond parts, before and after the epoch (the reader floors to µs).
    cols["ts_ns"] = [(k - ROWS // 2) * 1_000_000_777 + 123 for k in range(ROWS)]
    cols["tags"] = [None if k % 4 == 0 else [f"t{k % 3}"] * (k % 3) for k in range(ROWS)]
    return cols


def types_table(cols):
    return pa.table({
        "id": pa.array(cols["id"], pa.int64()),
        "small": pa.array(cols["small"], pa.int32()),
        "ratio": pa.array(cols["ratio"], pa.float32()),
        "score": pa.array(cols["score"], pa.float64()),
        "flag": pa.array(cols["flag"], pa.bool_()),
        "label": pa.array(cols["label"], pa.string()),
        "note": pa.array(cols["note"], pa.string()),
        "ts_ms": pa.array(cols["ts_ms"], pa.timestamp("ms")),
        "ts_us": pa.array(cols["ts_us"], pa.timestamp("us")),
        "ts_ns": pa.array(cols["ts_ns"], pa.timestamp("ns")),
        "tags": pa.array(cols["tags"], pa.list_(pa.string())),
    })


def write_types():
    cols = types_columns()
    table = types_table(cols)
    files = []
    for codec in CODECS:
        for dictionary in (True, False):
            for version in ("1.0", "2.0"):
                name = f"types_{codec}_{'dict' if dictionary else 'plain'}_v{version[0]}.parquet"
                pq.write_table(table, OUT / name, row_group_size=ROW_GROUP, compression=codec,
                               use_dictionary=dictionary, data_page_version=version,
                               max_rows_per_page=PAGE_ROWS, dictionary_pagesize_limit=300,
                               write_statistics=False, store_schema=False)
                files.append(name)
    expected = {
        "rows": ROWS,
        "row_groups": (ROWS + ROW_GROUP - 1) // ROW_GROUP,
        "files": files,
        "columns": {
            "id": cols["id"],
            "small": cols["small"],
            "ratio": cols["ratio"],
            "score": cols["score"],
            "flag": cols["flag"],
            "label": cols["label"],
            "note": cols["note"],
            "ts_ms": [v * 1000 for v in cols["ts_ms"]],
            "ts_us": cols["ts_us"],
            "ts_ns": [v // 1000 for v in cols["ts_ns"]],
        },
        "nested": ["tags.list.element"],
    }
    dump("types_expected.json", expected)


# ---- a tiny MEDS dataset ------------------------------------------------------------------------

MEDS_SCHEMA = pa.schema([
    ("subject_id", pa.int64()),
    ("time", pa.timestamp("us")),
    ("code", pa.string()),
    ("numeric_value", pa.float32()),
    ("text_value", pa.string()),
    ("unit", pa.string()),  # an extension column the reader must ignore
])

# subject -> rows of (time or None, code, numeric_value, text_value, unit); static rows first, then by time.
SUBJECTS = {
    3: [
        (None, "GENDER//F", None, None, None),
        (dt.datetime(1961, 5, 2), "MEDS_BIRTH", None, None, None),
        (dt.datetime(2019, 3, 1, 8, 30), "ADMISSION//ER", None, None, None),
        (dt.datetime(2019, 3, 1, 8, 30), "LAB//HR", 88.5, None, "bpm"),
        (dt.datetime(2019, 3, 1, 9, 15), "NOTE//TRIAGE", None, "chest pain, \"sharp\"\nsince morning", None),
        (dt.datetime(2019, 3, 4, 12, 0), "DISCHARGE", None, None, None),
    ],
    7: [
        (None, "GENDER//M", None, None, None),
        (None, "HEIGHT", 181.25, None, "cm"),
        (dt.datetime(1948, 11, 20), "MEDS_BIRTH", None, None, None),
        (dt.datetime(2020, 7, 14, 22, 5, 0, 250), "LAB//HR", 101.0, None, "bpm"),
        (dt.datetime(2020, 7, 14, 22, 5, 0, 250), "LAB//K", 3.75, None, "mmol/L"),
        (dt.datetime(2020, 7, 15, 6, 0), "DIAGNOSIS//I10", None, None, None),
    ],
    12: [
        (dt.datetime(1990, 1, 1), "MEDS_BIRTH", None, None, None),
        (dt.datetime(2021, 2, 2, 2, 2, 2), "LAB//HR", 64.0, None, "bpm"),
        (dt.datetime(2021, 2, 2, 3, 0), "NOTE//TRIAGE", None, "routine", None),
    ],
}
SHARDS = {"train/0.parquet": [3, 7], "held_out/0.parquet": [12]}
SPLITS = {3: "train", 7: "train", 12: "held_out"}
TASK = "long_stay"
TASK_LABELS = [  # subject, prediction time, value
    (3, dt.datetime(2019, 3, 1, 12, 0), True),
    (7, dt.datetime(2020, 7, 15, 0, 0), False),
    (12, dt.datetime(2021, 2, 2, 4, 0), False),
    (3, dt.datetime(2019, 3, 2, 12, 0), True),
]
CODES = [  # code, description, parent codes; one code never occurs in the data
    ("LAB//HR", "Heart rate", ["LOINC/8867-4"]),
    ("LAB//K", "Potassium", ["LOINC/2823-3", "LAB"]),
    ("UNUSED//CODE", None, None),
    ("MEDS_BIRTH", "Birth", []),
]


def write_meds():
    root = OUT / "meds-tiny"
    if root.exists():
        shutil.rmtree(root)
    for shard, subjects in SHARDS.items():
        rows = [(s, *row) for s in subjects for row in SUBJECTS[s]]
        columns = list(zip(*rows))
        table = pa.table({f.name: pa.array(list(columns[i]), f.type) for i, f in enumerate(MEDS_SCHEMA)},
                         schema=MEDS_SCHEMA)
        path = root / "data" / shard
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, path, compression="zstd", row_group_size=4)
    (root / "metadata").mkdir(parents=True)
    (root / "metadata" / "dataset.json").write_text(json.dumps({
        "dataset_name": "meds-tiny", "dataset_version": "1", "etl_name": "tools/make_parquet_fixtures.py",
        "etl_version": "1", "meds_version": "0.4.0"}, indent=1) + "\n")
    pq.write_table(pa.table({
        "code": pa.array([c[0] for c in CODES], pa.string()),
        "description": pa.array([c[1] for c in CODES], pa.string()),
        "parent_codes": pa.array([c[2] for c in CODES], pa.list_(pa.string())),
    }), root / "metadata" / "codes.parquet", compression="snappy")
    pq.write_table(pa.table({
        "subject_id": pa.array(list(SPLITS), pa.int64()),
        "split": pa.array(list(SPLITS.values()), pa.string()),
    }), root / "metadata" / "subject_splits.parquet", compression="snappy")
    labels = root / "task_labels" / TASK
    labels.mkdir(parents=True)
    pq.write_table(pa.table({
        "subject_id": pa.array([l[0] for l in TASK_LABELS], pa.int64()),
        "prediction_time": pa.array([l[1] for l in TASK_LABELS], pa.timestamp("us")),
        "boolean_value": pa.array([l[2] for l in TASK_LABELS], pa.bool_()),
        "integer_value": pa.array([None] * len(TASK_LABELS), pa.int64()),
    }), labels / "0.parquet", compression="gzip")

    order = sorted(SUBJECTS)
    expected = {
        "subjects": order,
        "splits": [SPLITS[s] for s in order],
        "events": {str(s): [[None if t is None else micros(t), c, v, x] for (t, c, v, x, _) in SUBJECTS[s]]
                   for s in order},
        "codes_from_metadata": [c[0] for c in CODES],
        "task": TASK,
        "labels": [[order.index(s), micros(t), int(v)] for (s, t, v) in TASK_LABELS],
    }
    dump("meds-tiny_expected.json", expected)


def dump(name, payload):
    payload["generator"] = f"tools/make_parquet_fixtures.py, pyarrow {pa.__version__}"
    (OUT / name).write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("types_*.parquet"):
        old.unlink()
    write_types()
    write_meds()


if __name__ == "__main__":
    main()
