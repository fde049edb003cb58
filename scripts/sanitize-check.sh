#!/usr/bin/env bash
# CI's sanitizer pass, after the suite (scripts/test.sh): one clang build with
# AddressSanitizer, UndefinedBehaviorSanitizer and LeakSanitizer (the
# `sanitize` preset: the `fuzz` preset at -O0, which halves its build) that
#   - runs every libFuzzer target for a bounded time on its corpus, so a
#     reader that regresses fails CI (scripts/fuzz.sh), and
#   - runs the tests that cover every reader, the experiment log, the
#     trainer (on the CPU backend and lavapipe) and every CPU GEMM kernel
#     (test_cpu_planner: each candidate on edge shapes) and the padding-mask,
#     pooling-over-time and attention-softmax kernels (test_sequence) under
#     the sanitizers.
# LeakSanitizer suppresses only the Vulkan loader, the validation layer and
# the driver (tests/lsan.supp, each line explained). Any report fails.
#
#   bash scripts/sanitize-check.sh [--fuzz-seconds N]
set -euo pipefail
cd "$(dirname "$0")/.."
fuzz_seconds=8
[[ ${1:-} == --fuzz-seconds ]] && fuzz_seconds=$2
tests=(test_datasets test_fuzz_regressions test_graph test_run_log test_training test_run_service test_range_allocator test_cpu_planner test_sequence)
fuzzers=(fuzz_project fuzz_npy fuzz_weights fuzz_csv fuzz_idx fuzz_cifar fuzz_text fuzz_image fuzz_run_log)
t0=$SECONDS
cmake --preset sanitize >/dev/null
cmake --build --preset sanitize --target "${fuzzers[@]}" "${tests[@]}"
echo "sanitizer build: $((SECONDS - t0)) s"

[[ -x /usr/bin/llvm-symbolizer-14 ]] && export ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer-14
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1:abort_on_error=0"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"

# LeakSanitizer stops the process's threads with ptrace at exit; a sandbox
# that forbids it makes every program fail with "LeakSanitizer has
# encountered a fatal error". Then leaks cannot be checked here: say so loudly
# and run the rest with ASan and UBSan alone rather than fail every test.
if build/sanitize/tests/test_range_allocator >/tmp/strata-lsan-probe.txt 2>&1 ||
   ! grep -q "LeakSanitizer has encountered a fatal error" /tmp/strata-lsan-probe.txt; then
  echo "LeakSanitizer: on"
else
  echo "WARNING: LeakSanitizer cannot run in this environment (ptrace denied); leaks are NOT checked in this pass"
  export ASAN_OPTIONS="${ASAN_OPTIONS/detect_leaks=1/detect_leaks=0}"
fi

t1=$SECONDS
mkdir -p build/sanitize/smoke
FUZZ_BIN=build/sanitize/tests/fuzz FUZZ_WORK=build/sanitize/smoke bash scripts/fuzz.sh --seconds "$fuzz_seconds" "${fuzzers[@]}"
echo "fuzz smoke: $((SECONDS - t1)) s"

t2=$SECONDS
regex="^($(IFS='|'; echo "${tests[*]}"))\$"
ctest --test-dir build/sanitize -R "$regex" -j 2 --output-on-failure
echo "sanitizer tests: $((SECONDS - t2)) s"
