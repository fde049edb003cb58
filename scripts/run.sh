#!/usr/bin/env bash
# Installs what Strata needs, builds it and runs the main job: the editor when a
# display exists, otherwise the headless job (for now the device list).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec ./build/release/app/strata "$@"
else
  exec ./build/release/app/strata devices
fi
