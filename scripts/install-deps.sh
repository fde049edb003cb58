#!/usr/bin/env bash
# Installs every Debian package Strata needs to build, run, test and benchmark.
# Idempotent: packages already installed are skipped; `apt-get update` runs once,
# and only when something is missing.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # the sanitizer pass and fuzzing: clang with libFuzzer and the sanitizer
  # runtimes, llvm-symbolizer for readable reports
  clang-14 libclang-rt-14-dev llvm-14
  # Qt 6 (Charts needs libqt6opengl6-dev to configure)
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev qt6-tools-dev
  qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n libqt6opengl6-dev libgl-dev
  # editor: automatic graph layout (Graphviz dot), CJK fonts for the Chinese UI
  libgraphviz-dev fonts-noto-cjk
  # Vulkan: loader, headers, lavapipe, shader compiler, validation layers
  libvulkan-dev vulkan-tools mesa-vulkan-drivers glslang-tools vulkan-validationlayers
  # engine libraries
  libsqlite3-dev libopenblas-dev libopenblas0-pthread zlib1g-dev nlohmann-json3-dev libcli11-dev
  libpng-dev libjpeg-dev
  # ONNX export: generated protobuf classes and the checker
  libonnx-dev libprotobuf-dev protobuf-compiler
  # headless GUI runs and screenshots
  xvfb xauth
  # data and outside oracles for tests
  dataset-fashion-mnist python3-sklearn python3-numpy python3-torch python3-onnx
  # onnxruntime-web (npm) runs exported ONNX files in the tests
  nodejs
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# Debian's nodejs comes without npm (NodeSource's bundles it): add Debian's npm
# only when there is no npm at all, so the two never conflict.
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
