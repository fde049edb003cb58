#!/usr/bin/env bash
# Trains an example for one epoch in Strata (on DEVICE, default cpu) and the
# same network in PyTorch on the CPU in the same run (MODEL: cnn,
# fashion_mnist_cnn.strata, the default; or transformer, transformer_text.strata), PyTorch at its best here (1 and 2
# threads tried, OPENBLAS_NUM_THREADS=1, glibc malloc thresholds raised), and
# prints both throughputs (best of ROUNDS interleaved rounds each, default 3)
# and their ratio.
# Usage: [ROUNDS=N] bench/train_vs_pytorch.sh [DEVICE] [LIMIT] [MODEL]   (LIMIT: training samples, 0 = all)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
device="${1:-cpu}"
limit="${2:-0}"
model="${3:-cnn}"
case "$model" in
  cnn) project=fashion_mnist_cnn baseline=pytorch_fashion_mnist_cnn.py ;;
  transformer) project=transformer_text baseline=pytorch_transformer_text.py ;;
  *) echo "unknown MODEL '$model' (cnn, transformer)" >&2; exit 2 ;;
esac
strata="${STRATA_BIN:-$root/build/release/app/strata}"
limit_args=()
[ "$limit" != 0 ] && limit_args=(--limit-train "$limit")

# This machine's run-to-run spread is 20-30 % (shared cores), so both sides
# get ROUNDS interleaved rounds and the best of each is compared.
rounds="${ROUNDS:-3}"
strata_json="" best_strata=0 best=0
for ((round = 1; round <= rounds; ++round)); do
  s_json="$("$strata" bench train "$root/resources/examples/$project.strata" --device "$device" \
    "${limit_args[@]}" --json | tail -1)"
  s_rate="$(/usr/bin/python3 -c 'import json,sys; print(json.loads(sys.argv[1])["samples_per_s"])' "$s_json")"
  if /usr/bin/python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) > float(sys.argv[2]) else 1)' "$s_rate" "$best_strata"; then
    best_strata="$s_rate" strata_json="$s_json"
  fi
  for threads in 1 2; do
    t_json="$(OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS="$threads" \
      GLIBC_TUNABLES=glibc.malloc.mmap_threshold=4294967295:glibc.malloc.trim_threshold=4294967295 \
      /usr/bin/python3 "$here/$baseline" "$limit" "$threads" | tail -1)"
    best="$(/usr/bin/python3 -c 'import json,sys; a=float(sys.argv[1]); b=json.loads(sys.argv[2]); print(max(a, b["samples_per_s"]))' "$best" "$t_json")"
  done
  echo "round $round: strata $s_rate, pytorch best so far $best" >&2
done
/usr/bin/python3 - "$strata_json" "$best" "$project" <<'PY'
import json, sys
s = json.loads(sys.argv[1]); t = float(sys.argv[2])
print(f"strata  {s['device']:<40} {s['samples_per_s']:8.0f} samples/s")
print(f"pytorch {'CPU, best of 1 and 2 threads':<40} {t:8.0f} samples/s")
print(f"ratio   {s['samples_per_s'] / t:.3f}")
print(json.dumps({"bench": "train_vs_pytorch", "model": sys.argv[3], "device": s["device"], "samples_per_s": s["samples_per_s"],
                  "pytorch_samples_per_s": t, "ratio": s["samples_per_s"] / t}))
PY
