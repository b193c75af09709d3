# Sourced by the GPU benchmark scripts: a headless (no Qt) Release build against the machine's torch
# wheel into build-cuda/. EXTRA_PREFIX=DIR adds a prefix (include/, lib/, share/cmake/) for libraries
# the machine lacks (tools/make_gpu_prefix.sh gathers one); PYTHON names the interpreter that has torch.
#
#   build_headless_cuda OUT_DIR TARGET...
build_headless_cuda() {
  local out="$1"
  shift
  local py="${PYTHON:-python3}" prefix
  prefix="$("$py" -c 'import torch; print(torch.utils.cmake_prefix_path)')"
  local extra=()
  if [ -n "${EXTRA_PREFIX:-}" ]; then
    export PKG_CONFIG_PATH="$EXTRA_PREFIX/pkgconfig:${PKG_CONFIG_PATH:-}"
    export LIBRARY_PATH="$EXTRA_PREFIX/lib:${LIBRARY_PATH:-}" LD_LIBRARY_PATH="$EXTRA_PREFIX/lib:${LD_LIBRARY_PATH:-}"
    extra+=(-DCMAKE_CXX_FLAGS="-I$EXTRA_PREFIX/include" -DCMAKE_INCLUDE_PATH="$EXTRA_PREFIX/include"
      -DCMAKE_LIBRARY_PATH="$EXTRA_PREFIX/lib" -DGTEST_ROOT="$EXTRA_PREFIX" -DOPENSSL_ROOT_DIR="$EXTRA_PREFIX")
    [ -f "$EXTRA_PREFIX/lib/libsqlite3.so" ] && extra+=(-DSQLite3_INCLUDE_DIR="$EXTRA_PREFIX/include" -DSQLite3_LIBRARY="$EXTRA_PREFIX/lib/libsqlite3.so")
    prefix="$prefix;$EXTRA_PREFIX"
  fi
  cmake -S "$ROOT" -B "$ROOT/build-cuda" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONTEXTBENCH_GUI=OFF -DCONTEXTBENCH_BENCH=OFF \
    -DCMAKE_PREFIX_PATH="$prefix" "${extra[@]}" > "$out/configure.log" 2>&1 || { tail -30 "$out/configure.log"; return 1; }
  cmake --build "$ROOT/build-cuda" --target "$@" > "$out/build.log" 2>&1 || { grep -m20 error "$out/build.log"; return 1; }
}
