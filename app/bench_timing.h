#pragma once
// Timing helper shared by the benchmarks.
#include <algorithm>
#include <chrono>
#include <vector>

#include "cpu/cpu_peak.h"

namespace strata::cli {

// Median seconds of `runs` timed calls after `warmup` untimed ones.
template <class F>
double median_seconds(int runs, F&& f, int warmup = 1) {
  for (int i = 0; i < warmup; ++i) f();
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

// This machine's FMA peak over all threads (the wider of 256- and 512-bit),
// measured once per process in about half a second: the denominator of the
// "fraction of peak" the CPU benchmarks print.
inline double cpu_fma_peak_gflops() {
  static const double peak = cpu::measure_peak(0.03, false).best_fma_gflops_all();
  return peak;
}

}  // namespace strata::cli
