#!/usr/bin/env python3
"""Materialises meds_testing_helpers' sample dataset `simple_static_sharded_by_split_with_tasks`
(CSV-in-YAML, ../shared/data/meds-testing-helpers/) as the MEDS parquet files it stands for, the way
that package does: data shards with subject_id int64, time timestamp[us] (null for static rows),
code string, numeric_value float32; metadata/codes.parquet with a parent_codes list<string> column;
metadata/subject_splits.parquet; task label files with the four MEDS value columns. Writes
tests/data/meds/meds-testing-helpers/.

  .venv/bin/python tools/make_meds_testing_helpers_fixture.py [SOURCE_YAML]
"""
import datetime
import io
import pathlib
import shutil
import sys

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared/data/meds-testing-helpers/simple_static_sharded_by_split_with_tasks.yaml"
OUT = ROOT / "tests/data/meds/meds-testing-helpers"


def parse_time(text):
    return None if not text else datetime.datetime.strptime(text, "%m/%d/%Y, %H:%M:%S")


def read_csv(text):
    table = pacsv.read_csv(io.BytesIO(text.encode()), convert_options=pacsv.ConvertOptions(strings_can_be_null=True,
                                                                                       column_types={"time": pa.string(), "prediction_time": pa.string()}))
    return table.to_pylist()


def data_shard(rows):
    return pa.table({
        "subject_id": pa.array([r["subject_id"] for r in rows], pa.int64()),
        "time": pa.array([parse_time(r["time"]) for r in rows], pa.timestamp("us")),
        "code": pa.array([r["code"] for r in rows], pa.string()),
        "numeric_value": pa.array([r["numeric_value"] for r in rows], pa.float32()),
    })


def codes(rows):
    return pa.table({
        "code": pa.array([r["code"] for r in rows], pa.string()),
        "description": pa.array([r["description"] for r in rows], pa.string()),
        "parent_codes": pa.array([[r["parent_codes"]] if r["parent_codes"] else None for r in rows], pa.list_(pa.string())),
    })


def labels(rows):
    return pa.table({
        "subject_id": pa.array([r["subject_id"] for r in rows], pa.int64()),
        "prediction_time": pa.array([parse_time(r["prediction_time"]) for r in rows], pa.timestamp("us")),
        "boolean_value": pa.array([r["boolean_value"] for r in rows], pa.bool_()),
        "integer_value": pa.array([r["integer_value"] for r in rows], pa.int64()),
        "float_value": pa.array([r["float_value"] for r in rows], pa.float64()),
        "categorical_value": pa.array([r["categorical_value"] for r in rows], pa.string()),
    })


def main():
    source = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    spec = yaml.safe_load(source.read_text())
    shutil.rmtree(OUT, ignore_errors=True)
    for name, body in spec.items():
        if name == "task_labels":
            for task, files in body.items():
                for file, text in files.items():
                    path = OUT / "task_labels" / task / file
                    path.parent.mkdir(parents=True, exist_ok=True)
                    pq.write_table(labels(read_csv(text)), path)
            continue
        path = OUT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = read_csv(body)
        if name.startswith("data/"):
            pq.write_table(data_shard(rows), path)
        elif name.endswith("codes.parquet"):
            pq.write_table(codes(rows), path)
        else:
            pq.write_table(pa.Table.from_pylist(rows), path)
    shutil.copy(source.parent / "LICENSE", OUT / "LICENSE")
    (OUT / "PROVENANCE").write_text(
        "Medical-Event-Data-Standard/meds_testing_helpers @ 07f9995, static_sample_data/"
        "simple_static_sharded_by_split_with_tasks.yaml (MIT), materialised as parquet by "
        "tools/make_meds_testing_helpers_fixture.py with pyarrow " + pa.__version__ + ".\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
