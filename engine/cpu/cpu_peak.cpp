#include "cpu/cpu_peak.h"

#include <immintrin.h>

#include <algorithm>
#include <cstdint>
#include <atomic>
#include <chrono>
#include <cstring>
#include <functional>
#include <thread>
#include <vector>

#include "cpu/cpu_isa.h"

namespace strata::cpu {
namespace {

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

// Twelve independent FMA chains: enough to cover the FMA latency (4 cycles)
// on two ports. Returns a value so the compiler keeps the work.
constexpr int kChains = 12;
constexpr long kInner = 1000;

__attribute__((target("avx2,fma"))) float fma256_loop(long reps) {
  __m256 acc[kChains];
  for (int i = 0; i < kChains; ++i) acc[i] = _mm256_set1_ps(float(i) * 1e-3f);
  const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
  for (long r = 0; r < reps; ++r)
    for (long i = 0; i < kInner; ++i)
#pragma GCC unroll 12
      for (int c = 0; c < kChains; ++c) acc[c] = _mm256_fmadd_ps(acc[c], a, b);
  __m256 s = acc[0];
  for (int i = 1; i < kChains; ++i) s = _mm256_add_ps(s, acc[i]);
  return _mm256_cvtss_f32(s);
}

__attribute__((target("avx512f"))) float fma512_loop(long reps) {
  __m512 acc[kChains];
  for (int i = 0; i < kChains; ++i) acc[i] = _mm512_set1_ps(float(i) * 1e-3f);
  const __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
  for (long r = 0; r < reps; ++r)
    for (long i = 0; i < kInner; ++i)
#pragma GCC unroll 12
      for (int c = 0; c < kChains; ++c) acc[c] = _mm512_fmadd_ps(acc[c], a, b);
  __m512 s = acc[0];
  for (int i = 1; i < kChains; ++i) s = _mm512_add_ps(s, acc[i]);  // every chain is used: none is optimised away
  // Summed through memory: gcc 12's _mm512_reduce_add_ps trips its own -Wuninitialized.
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, s);
  float sum = 0.f;
  for (float x : lanes) sum += x;
  return sum;
}

std::atomic<float> g_sink{0.f};

// Runs work(thread) on `threads` threads at once (started together) and
// returns the wall time of the slowest.
double run_threads(int threads, const std::function<void(int)>& work) {
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> pool;
  std::vector<double> took(size_t(threads), 0);
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      ++ready;
      while (!go.load()) std::this_thread::yield();
      const double t0 = now();
      work(t);
      took[size_t(t)] = now() - t0;
    });
  while (ready.load() < threads) std::this_thread::yield();
  go = true;
  for (auto& th : pool) th.join();
  return *std::max_element(took.begin(), took.end());
}

// GFLOP/s of `loop` on `threads` threads: calibrated to about `seconds`,
// best of three.
double fma_gflops(float (*loop)(long), int lanes, int threads, double seconds) {
  long reps = 1;
  for (;;) {  // calibrate on one thread
    const double t0 = now();
    g_sink = g_sink + loop(reps);
    if (now() - t0 > seconds / 4 || reps > (1l << 30)) break;
    reps *= 2;
  }
  reps *= 4;
  double best = 0;
  for (int tries = 0; tries < 3; ++tries) {
    const double t = run_threads(threads, [&](int) { g_sink = g_sink + loop(reps); });
    best = std::max(best, double(reps) * kInner * kChains * lanes * 2.0 * threads / t * 1e-9);
  }
  return best;
}

// Memory figures on buffers far larger than any cache (64 MiB per thread and
// array), touched once before timing so no page fault is measured.
constexpr size_t kFloats = size_t(16) << 20;

// Integer sums vectorize (float sums would not, without reassociation), so
// the loop is limited by memory, not by adds.
uint32_t read_pass(const uint32_t* p, size_t n) {
  uint32_t s = 0;
  for (size_t i = 0; i < n; ++i) s += p[i];
  return s;
}

void measure_memory(MachinePeak& peak) {
  const int threads = peak.threads;
  std::vector<std::vector<uint32_t>> src(static_cast<size_t>(threads)), dst(static_cast<size_t>(threads));
  for (int t = 0; t < threads; ++t) src[size_t(t)].assign(kFloats, 1u), dst[size_t(t)].assign(kFloats, 0u);
  auto best_of = [&](int n, const std::function<void(int)>& work) {
    double best = 1e30;
    for (int tries = 0; tries < 3; ++tries) best = std::min(best, run_threads(n, work));
    return best;
  };
  const double bytes = double(kFloats) * sizeof(uint32_t);
  auto read = [&](int t) { g_sink = g_sink + float(read_pass(src[size_t(t)].data(), kFloats)); };
  auto copy = [&](int t) { std::memcpy(dst[size_t(t)].data(), src[size_t(t)].data(), kFloats * sizeof(uint32_t)); };
  peak.read_gbs_1 = bytes / best_of(1, read) * 1e-9;
  peak.read_gbs_all = threads * bytes / best_of(threads, read) * 1e-9;
  peak.copy_gbs_1 = 2 * bytes / best_of(1, copy) * 1e-9;
  peak.copy_gbs_all = threads * 2 * bytes / best_of(threads, copy) * 1e-9;
}

}  // namespace

MachinePeak measure_peak(double seconds, bool with_memory) {
  MachinePeak peak;
  peak.threads = int(std::max(1u, std::thread::hardware_concurrency()));
  if (detected_isa() >= Isa::Avx2) {
    peak.fma256_gflops_1 = fma_gflops(fma256_loop, 8, 1, seconds);
    peak.fma256_gflops_all = fma_gflops(fma256_loop, 8, peak.threads, seconds);
  }
  if (detected_isa() >= Isa::Avx512) {
    peak.fma512_gflops_1 = fma_gflops(fma512_loop, 16, 1, seconds);
    peak.fma512_gflops_all = fma_gflops(fma512_loop, 16, peak.threads, seconds);
  }
  if (with_memory) measure_memory(peak);
  return peak;
}

}  // namespace strata::cpu
