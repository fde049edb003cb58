#!/usr/bin/env bash
# Installs what Strata needs, builds it and runs the whole test suite (CTest,
# Qt Test executables, Vulkan validation layers on), then the sanitizer pass.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/install-node-oracles.sh   # onnxruntime-web for the ONNX export tests
bash scripts/build.sh
ctest --preset release -j 2 "$@"
# The readers, the log and the trainer under ASan, UBSan and LeakSanitizer,
# and every fuzz target for a few seconds (STRATA_SKIP_SANITIZERS=1 skips it).
if [[ -z ${STRATA_SKIP_SANITIZERS:-} ]]; then bash scripts/sanitize-check.sh; fi
