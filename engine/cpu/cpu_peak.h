#pragma once
// This machine's limits, measured: the single-precision FMA peak with 256-
// and 512-bit vectors (one thread, and every thread at once) and the memory
// bandwidth (read, copy), so benchmarks can say what fraction of the machine
// they reach (`strata bench peak`, and the CPU figures of bench gemm/train).
namespace strata::cpu {

struct MachinePeak {
  double fma256_gflops_1 = 0, fma256_gflops_all = 0;  // 0: no AVX2 + FMA
  double fma512_gflops_1 = 0, fma512_gflops_all = 0;  // 0: no AVX-512
  double read_gbs_1 = 0, read_gbs_all = 0;
  double copy_gbs_1 = 0, copy_gbs_all = 0;            // bytes read + bytes written
  int threads = 1;
  double best_fma_gflops_all() const { return fma512_gflops_all > fma256_gflops_all ? fma512_gflops_all : fma256_gflops_all; }
};

// About `seconds_per_figure` of timing each (best of several tries).
// with_memory false skips the bandwidth figures (its buffers cost page faults).
MachinePeak measure_peak(double seconds_per_figure = 0.05, bool with_memory = true);

}  // namespace strata::cpu
