#!/usr/bin/env bash
# Runs the libFuzzer targets (tests/fuzz/) from the `fuzz` build, each for a
# bounded time on a copy of its seed corpus (with its dictionary where there
# is one), and fails if any target finds a crash, a leak, undefined behaviour
# or an exception other than strata::Error.
#
#   bash scripts/fuzz.sh [--seconds N] [--runs N] [--jobs J] [target ...]
#
# Defaults: 20 seconds per target, every target, two at a time (CI's fuzz
# smoke). Long campaigns stop at whichever comes first:
# `--runs 1000000 --seconds 1800 fuzz_csv`. A finding is left in
# build/fuzz/findings/TARGET/ (crash-*, leak-*...); copy it to
# tests/fuzz/regressions/NAME/ once fixed so the normal suite replays it.
# Each target's last libFuzzer status line (executions, coverage, features,
# corpus) is printed; bench/README.md ("Fuzzing") records the campaigns.
# FUZZ_WORK (default build/fuzz) is where the growing corpora, logs and
# findings go, so a smoke run and a campaign can run side by side; FUZZ_BIN
# the folder of the targets (default the `fuzz` preset's).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=20 runs= jobs=2 targets=()
while (($#)); do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    -h|--help) sed -n 2,15p "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
bin=${FUZZ_BIN:-build/fuzz/tests/fuzz}  # the sanitizer pass uses build/sanitize's
work=${FUZZ_WORK:-build/fuzz}
if [[ ! -d $bin ]]; then
  echo "fuzz.sh: no fuzz build; run: cmake --preset fuzz && cmake --build --preset fuzz" >&2
  exit 2
fi
if ((${#targets[@]} == 0)); then
  for f in "$bin"/fuzz_*; do [[ -x $f && -f $f ]] && targets+=("$(basename "$f")"); done
fi
# Leaks in Strata's code are findings; LeakSanitizer stays on.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

run_one() {
  local t="$1" name="${1#fuzz_}"
  local corpus="$work/corpus-work/$name" findings="$work/findings/$name"
  mkdir -p "$corpus" "$findings"
  cp -n tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null || true
  local args=(-max_len=65536 -timeout=20 -rss_limit_mb=2048 -artifact_prefix="$findings/" -print_final_stats=1)
  [[ -f tests/fuzz/dict/$name.dict ]] && args+=(-dict="tests/fuzz/dict/$name.dict")
  args+=(-max_total_time="$seconds")
  [[ -n $runs ]] && args+=(-runs="$runs")
  local log="$work/findings/$name.log" tmp
  # The readers that take a path get a file per input: on tmpfs that costs a
  # quarter of what it costs on disk.
  if [[ -d /dev/shm && -w /dev/shm ]]; then tmp=$(mktemp -d -p /dev/shm); else tmp=$(mktemp -d); fi
  if TMPDIR="$tmp" "$bin/$t" "${args[@]}" "$corpus" >"$log" 2>&1; then
    echo "$t: ok  $(grep -aE '^#[0-9]+' "$log" | tail -1 | tr -s ' ')  $(grep -aE 'stat::number_of_executed_units' "$log" | awk '{print $2}') executions"
    rm -rf "$tmp"
  else
    rm -rf "$tmp"
    echo "$t: FAILED (log: $log, inputs: $findings/)"
    grep -aE 'ERROR|SUMMARY|threw|runtime error' "$log" | head -5
    return 1
  fi
}

failed=0 pids=() names=()
for t in "${targets[@]}"; do
  [[ -x $bin/$t ]] || { echo "fuzz.sh: no target $t in $bin" >&2; exit 2; }
  run_one "$t" >"$work/findings.$t.out" 2>&1 &
  pids+=($!) names+=("$t")
  if ((${#pids[@]} >= jobs)); then
    wait "${pids[0]}" || failed=1
    cat "$work/findings.${names[0]}.out"
    pids=("${pids[@]:1}") names=("${names[@]:1}")
  fi
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || failed=1
  cat "$work/findings.${names[$i]}.out"
done
rm -f "$work"/findings.*.out
exit $failed
