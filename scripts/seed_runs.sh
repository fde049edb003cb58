#!/usr/bin/env bash
# Fills an experiment log with a small sweep of real runs for the Runs tab's
# screenshots: the Fashion-MNIST MLP and CNN on the first 3,000 samples at
# several learning rates and batch sizes, and forks of one of them from
# epoch 1 with other learning rates. Usage: seed_runs.sh DATA_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
export STRATA_DATA_DIR="$1"
strata=./build/release/app/strata
# The examples with a validation split, so every run has validation curves.
projects="$STRATA_DATA_DIR/projects"
mkdir -p "$projects"
for p in fashion_mnist_mlp fashion_mnist_cnn; do
  /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["training"]["validation_split"]=0.1; json.dump(d, open(sys.argv[2], "w"), indent=1)' \
    resources/examples/$p.strata "$projects/$p.strata"
done
train() { "$strata" train "$@" --device cpu --limit-train 3000 --limit-test 1000 --json 2>/dev/null | tail -1 | sed 's/.*"run_id":"\([0-9a-f]*\)".*/\1/'; }
first=""
for lr in 0.0003 0.001 0.003 0.01 0.03; do
  for batch in 32 64 128; do
    id=$(train "$projects/fashion_mnist_mlp.strata" --epochs 3 --lr $lr --batch-size $batch --experiment "MLP sweep")
    [ -z "$first" ] && [ "$lr" = 0.001 ] && first=$id
  done
done
for lr in 0.0005 0.001 0.002; do train "$projects/fashion_mnist_cnn.strata" --epochs 2 --lr $lr --experiment "CNN" >/dev/null; done
for lr in 0.0001 0.003; do
  "$strata" fork "$first" --epoch 1 --set learning_rate=$lr --device cpu --json >/dev/null 2>&1
done
"$strata" runs tag "$first" baseline >/dev/null
"$strata" runs tag "$first" paper >/dev/null
echo "seeded $(ls "$STRATA_DATA_DIR/runs" | wc -l) runs into $STRATA_DATA_DIR"
