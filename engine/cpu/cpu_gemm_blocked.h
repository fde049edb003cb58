#pragma once
// The blocked SGEMM shared by the CPU backend's own kernels (after
// GotoBLAS/BLIS): B packed in panels of Nr columns and Kc rows, A in panels of
// Mr rows, a micro-kernel that keeps an Mr x Nr tile of C in registers. Each
// kernel file (cpu_sgemm_avx512.cpp, _avx2.cpp, _portable.cpp) includes this
// after defining STRATA_GEMM_TARGET (its target attribute) and instantiates
// blocked_sgemm with its micro-kernel, so the packing is compiled for that
// file's instruction set. Everything here has internal linkage: the three
// instantiations must never be merged by the linker (a portable caller
// handed the AVX-512 copy would fault on older CPUs).
//
// The summation order is fixed (k-blocks in order), so results do not vary
// from run to run or with the thread a call runs on.
#ifndef STRATA_GEMM_TARGET
#error "define STRATA_GEMM_TARGET before including cpu_gemm_blocked.h"
#endif

#include <immintrin.h>

namespace strata::cpu {
namespace {

inline int imin(int a, int b) { return a < b ? a : b; }

#if defined(STRATA_GEMM_AVX_PACK)
// dst[j * ldd + i] = src[i * lds + j] for an 8 x 8 block (unpack/shuffle/permute).
STRATA_GEMM_TARGET inline void transpose_8x8(const float* src, int lds, float* dst, int ldd) {
  __m256 r[8], t[8], u[8];
  for (int i = 0; i < 8; ++i) r[i] = _mm256_loadu_ps(src + i * lds);
  for (int i = 0; i < 8; i += 2) t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]), t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
  for (int i = 0; i < 8; i += 4) {
    u[i] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(1, 0, 1, 0));
    u[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(3, 2, 3, 2));
    u[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(1, 0, 1, 0));
    u[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(3, 2, 3, 2));
  }
  for (int i = 0; i < 4; ++i) {
    _mm256_storeu_ps(dst + i * ldd, _mm256_permute2f128_ps(u[i], u[i + 4], 0x20));
    _mm256_storeu_ps(dst + (i + 4) * ldd, _mm256_permute2f128_ps(u[i], u[i + 4], 0x31));
  }
}
constexpr bool kTransposeInRegisters = true;
#else
inline void transpose_8x8(const float* src, int lds, float* dst, int ldd) {
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 8; ++j) dst[j * ldd + i] = src[i * lds + j];
}
constexpr bool kTransposeInRegisters = false;
#endif

// A's rows [i0, i0 + mc) and columns [k0, k0 + kc) as panels of Mr rows
// (zero-padded): panel p, step k holds A(i0 + p*Mr + r, k0 + k) at r.
template <int Mr>
STRATA_GEMM_TARGET void pack_a(const float* A, int lda, bool ta, int i0, int mc, int k0, int kc, float* out) {
  for (int p = 0; p < mc; p += Mr) {
    const int rows = imin(Mr, mc - p);
    float* panel = out + (p / Mr) * Mr * kc;
    if (!ta) {
      // Rows 0-7 of the panel as 8 x 8 transposes (where the panel has 8
      // rows and registers do them), the rest one by one. A row-major A read
      // one float per row would touch a new cache line for every value.
      const int r8 = kTransposeInRegisters && Mr >= 8 && rows >= 8 ? 8 : 0, k8 = kc / 8 * 8;
      for (int k = 0; k < k8 && r8; k += 8) transpose_8x8(A + (i0 + p) * lda + k0 + k, lda, panel + k * Mr, Mr);
      for (int r = 0; r < rows; ++r) {
        const float* src = A + (i0 + p + r) * lda + k0;
        for (int k = r < r8 ? k8 : 0; k < kc; ++k) panel[k * Mr + r] = src[k];
      }
      for (int k = 0; k < kc; ++k)
        for (int r = rows; r < Mr; ++r) panel[k * Mr + r] = 0.f;
    } else {
      for (int k = 0; k < kc; ++k) {
        const float* src = A + (k0 + k) * lda + i0 + p;
        float* dst = panel + k * Mr;
        int r = 0;
        for (; r < rows; ++r) dst[r] = src[r];
        for (; r < Mr; ++r) dst[r] = 0.f;
      }
    }
  }
}

// B's rows [k0, k0 + kc) and columns [j0, j0 + nc) as panels of Nr columns
// (zero-padded): panel q, step k holds B(k0 + k, j0 + q*Nr + c) at c.
template <int Nr>
STRATA_GEMM_TARGET void pack_b(const float* B, int ldb, bool tb, int k0, int kc, int j0, int nc, float* out) {
  for (int q = 0; q < nc; q += Nr) {
    const int cols = imin(Nr, nc - q);
    float* panel = out + (q / Nr) * Nr * kc;
    if (!tb) {
      for (int k = 0; k < kc; ++k) {
        const float* src = B + (k0 + k) * ldb + j0 + q;
        float* dst = panel + k * Nr;
        int c = 0;
        for (; c < cols; ++c) dst[c] = src[c];
        for (; c < Nr; ++c) dst[c] = 0.f;
      }
    } else {  // B^T: 8 x 8 blocks transposed in registers, the rest one by one
      const int c8 = kTransposeInRegisters ? cols / 8 * 8 : 0, k8 = kc / 8 * 8;
      for (int c = 0; c < c8; c += 8)
        for (int k = 0; k < k8; k += 8) transpose_8x8(B + (j0 + q + c) * ldb + k0 + k, ldb, panel + k * Nr + c, Nr);
      for (int c = 0; c < cols; ++c) {
        const float* src = B + (j0 + q + c) * ldb + k0;
        for (int k = c < c8 ? k8 : 0; k < kc; ++k) panel[k * Nr + c] = src[k];
      }
      for (int k = 0; k < kc; ++k)
        for (int c = cols; c < Nr; ++c) panel[k * Nr + c] = 0.f;
    }
  }
}

// C = alpha * op(A) op(B) + beta * C with Micro's tile and blocking; pa and pb
// hold Micro::kMc * Micro::kKc and (Micro::kNc + Micro::kNr) * Micro::kKc floats.
template <class Micro>
STRATA_GEMM_TARGET void blocked_sgemm(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda,
                                      const float* B, int ldb, float beta, float* C, int ldc, float* pa, float* pb) {
  constexpr int Mr = Micro::kMr, Nr = Micro::kNr;
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {  // C = beta * C (beta 0: C is not read)
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < N; ++j) C[i * ldc + j] = beta == 0.f ? 0.f : beta * C[i * ldc + j];
    return;
  }
  for (int j0 = 0; j0 < N; j0 += Micro::kNc) {
    const int nc = imin(Micro::kNc, N - j0);
    for (int k0 = 0; k0 < K; k0 += Micro::kKc) {
      const int kc = imin(Micro::kKc, K - k0);
      const float b = k0 == 0 ? beta : 1.f;  // later k-blocks add to what the first wrote
      pack_b<Nr>(B, ldb, tb, k0, kc, j0, nc, pb);
      for (int i0 = 0; i0 < M; i0 += Micro::kMc) {
        const int mc = imin(Micro::kMc, M - i0);
        pack_a<Mr>(A, lda, ta, i0, mc, k0, kc, pa);
        for (int q = 0; q < nc; q += Nr)
          for (int p = 0; p < mc; p += Mr)
            Micro::run(kc, pa + (p / Mr) * Mr * kc, pb + (q / Nr) * Nr * kc, alpha, b, C + (i0 + p) * ldc + j0 + q,
                       ldc, imin(Mr, mc - p), imin(Nr, nc - q));
      }
    }
  }
}

}  // namespace
}  // namespace strata::cpu
