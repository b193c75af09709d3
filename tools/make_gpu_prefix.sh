#!/usr/bin/env bash
# Gathers, from this Debian machine's packages, the headers and libraries a headless build needs
# that a bare GPU server may lack (SQLite, nlohmann-json, snappy, zstd, OpenSSL's libcrypto,
# GoogleTest, Gloo's headers for c10d), into one prefix the GPU scripts take as EXTRA_PREFIX.
# Nothing of these is part of ContextBench; the folder is ignored by git.
#
#   tools/make_gpu_prefix.sh [DIR]        (default: .gpu-prefix)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${1:-$ROOT/.gpu-prefix}"
ARCH_LIB=/usr/lib/x86_64-linux-gnu
rm -rf "$DIR"
mkdir -p "$DIR/include" "$DIR/lib" "$DIR/share/cmake"
for h in sqlite3.h sqlite3ext.h snappy.h snappy-c.h snappy-sinksource.h snappy-stubs-public.h zstd.h zstd_errors.h zdict.h; do
  cp "/usr/include/$h" "$DIR/include/"
done
cp -r /usr/include/nlohmann /usr/include/gtest /usr/include/gmock /usr/include/gloo /usr/include/openssl "$DIR/include/"
cp /usr/include/x86_64-linux-gnu/openssl/*.h "$DIR/include/openssl/"
cp -r /usr/share/cmake/nlohmann_json "$DIR/share/cmake/"
# Real files under both names: links may not survive the copy to the GPU machine.
for lib in libsqlite3.so.0 libsnappy.so.1 libzstd.so.1 libcrypto.so.3; do
  cp -L "$ARCH_LIB/$lib" "$DIR/lib/$lib"
  cp -L "$ARCH_LIB/$lib" "$DIR/lib/${lib%%.so*}.so"
done
cp "$ARCH_LIB"/libgtest.a "$ARCH_LIB"/libgtest_main.a "$ARCH_LIB"/libgmock.a "$ARCH_LIB"/libgmock_main.a "$DIR/lib/"
du -sh "$DIR"
