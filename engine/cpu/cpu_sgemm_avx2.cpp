// The AVX2 + FMA SGEMM kernel (x86-64-v3: most laptops, and AVX-512 CPUs
// where 256-bit FMAs issue faster than 512-bit ones): a 6 x 16 micro-kernel,
// 12 ymm accumulators, one broadcast of A and two loads of B per k. Its
// k-blocks are the AVX-512 kernel's, so the two give the same bits.
#include "cpu/cpu_sgemm_kernels.h"

#define STRATA_GEMM_TARGET __attribute__((target("avx2,fma")))
#define STRATA_GEMM_AVX_PACK
#include "cpu/cpu_gemm_blocked.h"

namespace strata::cpu {
namespace {

struct Avx2Micro {
  static constexpr int kMr = 6, kNr = 16, kKc = 256, kMc = 72, kNc = 512;

  STRATA_GEMM_TARGET static void run(int kc, const float* Ap, const float* Bp, float alpha, float beta, float* C,
                                     int ldc, int rows, int cols) {
    __m256 c0[kMr], c1[kMr];
#pragma GCC unroll 6
    for (int r = 0; r < kMr; ++r) c0[r] = _mm256_setzero_ps(), c1[r] = _mm256_setzero_ps();
    for (int k = 0; k < kc; ++k) {
      const __m256 b0 = _mm256_loadu_ps(Bp + k * kNr), b1 = _mm256_loadu_ps(Bp + k * kNr + 8);
      const float* a = Ap + k * kMr;
#pragma GCC unroll 6
      for (int r = 0; r < kMr; ++r) {
        const __m256 av = _mm256_broadcast_ss(a + r);
        c0[r] = _mm256_fmadd_ps(av, b0, c0[r]);
        c1[r] = _mm256_fmadd_ps(av, b1, c1[r]);
      }
    }
    const __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
    if (rows == kMr && cols == kNr) {
#pragma GCC unroll 6
      for (int r = 0; r < kMr; ++r) {
        float* row = C + r * ldc;
        __m256 x0 = _mm256_mul_ps(va, c0[r]), x1 = _mm256_mul_ps(va, c1[r]);
        if (beta != 0.f) {
          x0 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(row), x0);
          x1 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(row + 8), x1);
        }
        _mm256_storeu_ps(row, x0);
        _mm256_storeu_ps(row + 8, x1);
      }
      return;
    }
    // A tile cut short by M or N: through a buffer, so nothing outside C is touched.
    alignas(32) float tile[kMr * kNr];
    for (int r = 0; r < kMr; ++r) {
      _mm256_store_ps(tile + r * kNr, _mm256_mul_ps(va, c0[r]));
      _mm256_store_ps(tile + r * kNr + 8, _mm256_mul_ps(va, c1[r]));
    }
    for (int r = 0; r < rows; ++r) {
      float* row = C + r * ldc;
      for (int c = 0; c < cols; ++c) row[c] = beta == 0.f ? tile[r * kNr + c] : tile[r * kNr + c] + beta * row[c];
    }
  }
};
static_assert(Avx2Micro::kMc * Avx2Micro::kKc <= int(kPackAFloats));
static_assert((Avx2Micro::kNc + Avx2Micro::kNr) * Avx2Micro::kKc <= int(kPackBFloats));

}  // namespace

void sgemm_kernel_avx2(STRATA_SGEMM_KERNEL_ARGS) {
  blocked_sgemm<Avx2Micro>(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, pack_a, pack_b);
}

}  // namespace strata::cpu
