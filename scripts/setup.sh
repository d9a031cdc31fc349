#!/usr/bin/env bash
# Installs every Debian package popsteer needs (idempotent), then configures and builds
# in Release. Usage: scripts/setup.sh [BUILD_DIR]   (default: build)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}

PACKAGES=(
  build-essential cmake ninja-build ccache git pkg-config
  libtorch-dev            # SASRec, LightGCN, SAE, steering (CPU LibTorch 1.13)
  libopenblas0-pthread    # fast BLAS for LibTorch (reference BLAS is ~35x slower)
  libopenmpi-dev openmpi-bin   # MPI driver (mpirun -n R popsteer sweep run)
  libhdf5-dev             # results, dataset cache, neuron tables
  libtomlplusplus-dev     # strict TOML configs and sweep files
  libfmt-dev              # formatting
  libcli11-dev            # the command line
  libxxhash-dev           # content hashes for caches and task ids
  nlohmann-json3-dev      # JSON output (--json, parameter columns)
  libgtest-dev            # the test suite
  gnuplot-nox             # Pareto figures from `popsteer aggregate`
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "[setup] installing: ${missing[*]}" >&2
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${missing[@]}" >&2
fi

# ccache keys on relative paths below the checkout, so a fresh clone elsewhere reuses
# the compilations of an earlier one (LibTorch translation units take ~20 s each).
export CCACHE_BASEDIR="$ROOT"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
cmake --build "$BUILD" -j "$(nproc)" >&2
echo "[setup] built $BUILD/bin/popsteer" >&2
