#!/usr/bin/env bash
# The README's first command: build popsteer, run the quickstart sweep (the whole PopSteer
# pipeline and every baseline on the built-in synthetic dataset) on 2 MPI ranks, and print
# the validation-selected Pareto / matched-accuracy tables.
# Usage: scripts/quickstart.sh [BUILD_DIR]   (default: build). Rerunning resumes: completed
# tasks are skipped.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
cd "$ROOT"
start=$(date +%s)
scripts/setup.sh "$BUILD"
built=$(date +%s)

# mpirun refuses to start as root unless told; harmless otherwise.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpirun -n 2 --oversubscribe "$BUILD/bin/popsteer" sweep run sweeps/quickstart.toml
swept=$(date +%s)
"$BUILD/bin/popsteer" aggregate results/quickstart
done_=$(date +%s)
echo "[quickstart] build $((built - start))s, sweep $((swept - built))s, aggregate $((done_ - swept))s," \
     "total $((done_ - start))s; report: results/quickstart/aggregate/report.md" >&2
