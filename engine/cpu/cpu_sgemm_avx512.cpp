// The AVX-512 SGEMM kernels: a 12 x 32 micro-kernel keeping its C tile in 24
// zmm registers (8 x 32 in 16 for the other), one broadcast of A and two
// loads of B per k. At the small,
// oddly shaped GEMMs of a convolution's samples it does 1.3-1.8x the work of
// OpenBLAS's Haswell kernels on a Zen 5 (bench/README.md); the planner
// (cpu_gemm_planner.h) measures where it wins on the CPU at hand.
#include "cpu/cpu_lane_mask.h"
#include "cpu/cpu_sgemm_kernels.h"

#define STRATA_GEMM_TARGET __attribute__((target("avx512f,avx2,fma")))
#define STRATA_GEMM_AVX_PACK
#include "cpu/cpu_gemm_blocked.h"

namespace strata::cpu {
namespace {

// Mr 12 (24 accumulators: the most FMAs per load of B) or 8 (16: no waste
// where M is a multiple of 8, as a convolution's 32 or 64 filters are).
template <int Mr>
struct Avx512Micro {
  static constexpr int kMr = Mr, kNr = 32, kKc = 256, kMc = 96, kNc = 512;

  // C[0:rows, 0:cols] = alpha * (Ap * Bp) + beta * C over kc steps (beta 0: C is not read).
  STRATA_GEMM_TARGET static void run(int kc, const float* Ap, const float* Bp, float alpha, float beta, float* C,
                                     int ldc, int rows, int cols) {
    // The r loops are unrolled so the 24 accumulators live in registers.
    __m512 c0[kMr], c1[kMr];
#pragma GCC unroll 12
    for (int r = 0; r < kMr; ++r) c0[r] = _mm512_setzero_ps(), c1[r] = _mm512_setzero_ps();
    for (int k = 0; k < kc; ++k) {
      const __m512 b0 = _mm512_loadu_ps(Bp + k * kNr), b1 = _mm512_loadu_ps(Bp + k * kNr + 16);
      const float* a = Ap + k * kMr;
#pragma GCC unroll 12
      for (int r = 0; r < kMr; ++r) {
        const __m512 av = _mm512_set1_ps(a[r]);
        c0[r] = _mm512_fmadd_ps(av, b0, c0[r]);
        c1[r] = _mm512_fmadd_ps(av, b1, c1[r]);
      }
    }
    const __mmask16 m0 = first_lanes(cols), m1 = first_lanes(cols - 16);
    const __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
    for (int r = 0; r < rows; ++r) {
      float* row = C + r * ldc;
      __m512 x0 = _mm512_mul_ps(va, c0[r]), x1 = _mm512_mul_ps(va, c1[r]);
      if (beta != 0.f) {
        x0 = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(m0, row), x0);
        x1 = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(m1, row + 16), x1);
      }
      _mm512_mask_storeu_ps(row, m0, x0);
      _mm512_mask_storeu_ps(row + 16, m1, x1);
    }
  }
};
static_assert(Avx512Micro<12>::kMc * Avx512Micro<12>::kKc <= int(kPackAFloats));
static_assert((Avx512Micro<12>::kNc + Avx512Micro<12>::kNr) * Avx512Micro<12>::kKc <= int(kPackBFloats));
static_assert(Avx512Micro<8>::kMc % 8 == 0 && Avx512Micro<12>::kMc % 12 == 0);

}  // namespace

void sgemm_kernel_avx512(STRATA_SGEMM_KERNEL_ARGS) {
  blocked_sgemm<Avx512Micro<12>>(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, pack_a, pack_b);
}

void sgemm_kernel_avx512_8x32(STRATA_SGEMM_KERNEL_ARGS) {
  blocked_sgemm<Avx512Micro<8>>(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, pack_a, pack_b);
}

}  // namespace strata::cpu
