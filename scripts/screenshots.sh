#!/usr/bin/env bash
# Screenshots of the editor at 1600x1000, light and dark, English and
# Chinese, into docs/screenshots/ (or the folder given). Needs a build
# (scripts/build.sh) and xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A sweep of real runs for the Runs tab, made once and copied into each pass.
seed=$(mktemp -d)
trap 'rm -rf "$tmp" "$seed"' EXIT
bash scripts/seed_runs.sh "$seed/strata" >/dev/null
for args in "--theme light" "--theme dark" "--theme light --lang zh_CN" "--theme dark --lang zh_CN"; do
  # Fresh settings for every run: no remembered window layout or recent files.
  rm -rf "$tmp"/*
  mkdir -p "$tmp/strata" && cp "$seed/strata/runs.db" "$tmp/strata/"
  XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" STRATA_DATA_DIR="$tmp/strata" \
    xvfb-run -a -s "-screen 0 1600x1000x24" ./build/release/ui/strata_screenshots "$out" $args
done
