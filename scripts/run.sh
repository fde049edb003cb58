#!/usr/bin/env bash
# Installs what Strata needs, builds it and runs the main job: the editor when
# a display exists; without one, a short headless training of the
# Fashion-MNIST CNN (one epoch on 10,000 samples, on the best device) with its
# progress and test metrics.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec ./build/release/app/strata "$@"
else
  ./build/release/app/strata devices
  exec ./build/release/app/strata train resources/examples/fashion_mnist_cnn.strata \
    --epochs 1 --limit-train 10000 --limit-test 2000 "$@"
fi
