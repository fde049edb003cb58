#!/usr/bin/env bash
# Installs what Strata needs, builds it and runs the whole test suite (CTest,
# Qt Test executables, Vulkan validation layers on).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/install-node-oracles.sh   # onnxruntime-web for the ONNX export tests
bash scripts/build.sh
ctest --preset release -j 2 "$@"
