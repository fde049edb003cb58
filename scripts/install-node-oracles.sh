#!/usr/bin/env bash
# Installs the Node.js outside oracles (tests/oracles/onnxweb: onnxruntime-web) from
# their package-lock.json. Idempotent: does nothing, silently, when node_modules is
# already there and newer than package-lock.json.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/tests/oracles/onnxweb"
lock="$dir/package-lock.json"
stamp="$dir/node_modules/.package-lock.json"   # written by npm at the end of every install

if [[ -f "$stamp" && ! "$lock" -nt "$stamp" ]]; then
  exit 0
fi

command -v npm >/dev/null || { echo "install-node-oracles: npm not found (apt-get install npm)" >&2; exit 1; }

# --ignore-scripts: no package here needs one (protobufjs's postinstall only checks its CLI).
(cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
touch "$stamp"
version="$(node -p "require(process.argv[1]).version" "$dir/node_modules/onnxruntime-web/package.json" 2>/dev/null || echo '?')"
echo "install-node-oracles: npm ci in tests/oracles/onnxweb (onnxruntime-web $version)"
