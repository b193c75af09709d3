#!/usr/bin/env bash
# Redraws the reference images of the golden-image tests (tests/app/plot_golden_test.cpp) from
# tests/data/golden/results.sqlite, with the settings the test draws with. Run it after a deliberate
# change to a figure, look at every image, and commit them with the change.
#   tools/update_golden_images.sh [CLI]    (default: build/bin/contextbench-cli, a GUI build)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLI="${1:-$ROOT/build/bin/contextbench-cli}"
DATA="$ROOT/tests/data/golden"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
for figure in auroc ppl delta strata; do
  cp "$DATA/results.sqlite" "$WORK/results.sqlite"  # the fixture itself is never opened (WAL would touch it)
  "$CLI" plot "$figure" --db "$WORK/results.sqlite" --out "$DATA/$figure.png" --size single --dpi 120 --replicates 200
  rm -f "$WORK"/results.sqlite*
done
