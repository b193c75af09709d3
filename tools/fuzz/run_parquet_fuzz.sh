#!/usr/bin/env bash
# Builds the Parquet fuzz targets with clang's libFuzzer and AddressSanitizer + UBSan and runs each
# for RUNS inputs (default 1,000,000), seeded with the Parquet fixtures of tests/data. Not part of CI:
# it takes minutes. A finding leaves a crash-* file in WORK and a non-zero exit.
#
#   tools/fuzz/run_parquet_fuzz.sh [runs] [work-dir]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RUNS="${1:-1000000}"
WORK="${2:-/tmp/contextbench-fuzz}"
mkdir -p "$WORK/seeds-file" "$WORK/seeds-meta"
CXX="${CXX:-clang++}"
FLAGS=(-std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I"$ROOT")
SOURCES=("$ROOT"/core/io/{parquet_reader,parquet_thrift,rle_bitpacked,compression,mapped_file}.cpp)
LIBS=($(pkg-config --libs snappy libzstd zlib))

for p in "$ROOT"/tests/data/parquet/*.parquet "$ROOT"/tests/data/meds/*/data/*.parquet "$ROOT"/tests/data/meds/*/data/*/*.parquet; do
    [ -f "$p" ] || continue
    cp "$p" "$WORK/seeds-file/$(echo "$p" | sha1sum | cut -c1-12).parquet"
    # The footer alone (between the last 8 bytes and its length) seeds the metadata target.
    python3 - "$p" "$WORK/seeds-meta" <<'PY'
import hashlib, os, struct, sys
data = open(sys.argv[1], "rb").read()
n = struct.unpack("<I", data[-8:-4])[0]
footer = data[-8 - n:-8]
open(os.path.join(sys.argv[2], hashlib.sha1(footer).hexdigest()[:12]), "wb").write(footer)
PY
done

for target in parquet_metadata_fuzz parquet_file_fuzz; do
    "$CXX" "${FLAGS[@]}" "$ROOT/tools/fuzz/$target.cpp" "${SOURCES[@]}" "${LIBS[@]}" -o "$WORK/$target"
done
cd "$WORK"
./parquet_metadata_fuzz -runs="$RUNS" -max_len=4096 -print_final_stats=1 seeds-meta 2>&1 | tail -12
./parquet_file_fuzz -runs="$RUNS" -max_len=65536 -print_final_stats=1 seeds-file 2>&1 | tail -12
