// Single-precision GEMM with AVX-512 for the CPU backend, used where the CPU
// has AVX-512F and the product fills the micro-kernel; OpenBLAS otherwise.
// The environment may pin OpenBLAS to its AVX2 (Haswell) kernels; at the
// small, oddly shaped GEMMs of a convolution's samples this kernel does
// 1.3-1.8x their work (bench/README.md).
//
// Structure after GotoBLAS/BLIS: B is packed in panels of kNr columns and
// kKc rows, A in panels of kMr rows; a 12 x 32 micro-kernel keeps its C tile
// in 24 zmm registers, one broadcast of A and two loads of B per k. The
// summation order is fixed (k-blocks in order), so results do not vary from
// run to run or with the thread a call runs on.
#include "cpu/cpu_sgemm.h"

#include <cblas.h>

#include <immintrin.h>

#include <algorithm>
#include <vector>

namespace strata::cpu {
namespace {

constexpr int kMr = 12, kNr = 32;
constexpr int kKc = 256, kMc = 96, kNc = 512;

#define STRATA_AVX512 __attribute__((target("avx512f")))

// dst[j * ldd + i] = src[i * lds + j] for an 8 x 8 block (unpack/shuffle/permute).
STRATA_AVX512 inline void transpose_8x8(const float* src, int lds, float* dst, int ldd) {
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

// A's rows [i0, i0 + mc) and columns [k0, k0 + kc) as panels of kMr rows
// (zero-padded): panel p, step k holds A(i0 + p*kMr + r, k0 + k) at r.
STRATA_AVX512 void pack_a(const float* A, int lda, bool ta, int i0, int mc, int k0, int kc, float* out) {
  for (int p = 0; p < mc; p += kMr) {
    const int rows = std::min(kMr, mc - p);
    float* panel = out + (p / kMr) * kMr * kc;
    if (!ta) {  // rows 0-7 of the panel as 8 x 8 transposes, the rest one by one
      const int r8 = rows >= 8 ? 8 : 0, k8 = kc / 8 * 8;
      for (int k = 0; k < k8 && r8; k += 8) transpose_8x8(A + (i0 + p) * lda + k0 + k, lda, panel + k * kMr, kMr);
      for (int r = 0; r < rows; ++r) {
        const float* src = A + (i0 + p + r) * lda + k0;
        for (int k = r < r8 ? k8 : 0; k < kc; ++k) panel[k * kMr + r] = src[k];
      }
      for (int k = 0; k < kc; ++k)
        for (int r = rows; r < kMr; ++r) panel[k * kMr + r] = 0.f;
    } else {
      for (int k = 0; k < kc; ++k) {
        const float* src = A + (k0 + k) * lda + i0 + p;
        float* dst = panel + k * kMr;
        int r = 0;
        for (; r < rows; ++r) dst[r] = src[r];
        for (; r < kMr; ++r) dst[r] = 0.f;
      }
    }
  }
}

// B's rows [k0, k0 + kc) and columns [j0, j0 + nc) as panels of kNr columns
// (zero-padded): panel q, step k holds B(k0 + k, j0 + q*kNr + c) at c.
STRATA_AVX512 void pack_b(const float* B, int ldb, bool tb, int k0, int kc, int j0, int nc, float* out) {
  for (int q = 0; q < nc; q += kNr) {
    const int cols = std::min(kNr, nc - q);
    float* panel = out + (q / kNr) * kNr * kc;
    if (!tb) {
      for (int k = 0; k < kc; ++k) {
        const float* src = B + (k0 + k) * ldb + j0 + q;
        float* dst = panel + k * kNr;
        int c = 0;
        for (; c < cols; ++c) dst[c] = src[c];
        for (; c < kNr; ++c) dst[c] = 0.f;
      }
    } else {  // B^T: 8 x 8 blocks transposed in registers, the rest one by one
      const int c8 = cols / 8 * 8, k8 = kc / 8 * 8;
      for (int c = 0; c < c8; c += 8)
        for (int k = 0; k < k8; k += 8) transpose_8x8(B + (j0 + q + c) * ldb + k0 + k, ldb, panel + k * kNr + c, kNr);
      for (int c = 0; c < cols; ++c) {
        const float* src = B + (j0 + q + c) * ldb + k0;
        for (int k = c < c8 ? k8 : 0; k < kc; ++k) panel[k * kNr + c] = src[k];
      }
      for (int k = 0; k < kc; ++k)
        for (int c = cols; c < kNr; ++c) panel[k * kNr + c] = 0.f;
    }
  }
}

// C[0:rows, 0:cols] = alpha * (Ap * Bp) + beta * C over kc steps (beta 0: C is not read).
STRATA_AVX512 void micro_kernel(int kc, const float* Ap, const float* Bp, float alpha, float beta, float* C, int ldc,
                                int rows, int cols) {
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
  const __mmask16 m0 = cols >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << cols) - 1);
  const __mmask16 m1 = cols >= 32 ? __mmask16(0xFFFF) : cols <= 16 ? __mmask16(0) : __mmask16((1u << (cols - 16)) - 1);
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

}  // namespace

bool avx512_gemm_available() {
  static const bool yes = __builtin_cpu_supports("avx512f");
  return yes;
}

void sgemm_avx512(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
                  float beta, float* C, int ldc) {
  if (M <= 0 || N <= 0) return;
  // Packing buffers per thread: the CPU backend's workers live as long as the
  // backend, so these grow once and are reused by every later step.
  thread_local std::vector<float> pa, pb;
  const size_t need_a = size_t(kMc) * kKc, need_b = size_t(kNc + kNr) * kKc;
  if (pa.size() < need_a) pa.resize(need_a);
  if (pb.size() < need_b) pb.resize(need_b);
  if (K <= 0) {  // C = beta * C
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < N; ++j) C[i * ldc + j] = beta == 0.f ? 0.f : beta * C[i * ldc + j];
    return;
  }
  for (int j0 = 0; j0 < N; j0 += kNc) {
    const int nc = std::min(kNc, N - j0);
    for (int k0 = 0; k0 < K; k0 += kKc) {
      const int kc = std::min(kKc, K - k0);
      const float b = k0 == 0 ? beta : 1.f;  // later k-blocks add to what the first wrote
      pack_b(B, ldb, tb, k0, kc, j0, nc, pb.data());
      for (int i0 = 0; i0 < M; i0 += kMc) {
        const int mc = std::min(kMc, M - i0);
        pack_a(A, lda, ta, i0, mc, k0, kc, pa.data());
        for (int q = 0; q < nc; q += kNr)
          for (int p = 0; p < mc; p += kMr)
            micro_kernel(kc, pa.data() + (p / kMr) * kMr * kc, pb.data() + (q / kNr) * kNr * kc, alpha, b,
                         C + (i0 + p) * ldc + j0 + q, ldc, std::min(kMr, mc - p), std::min(kNr, nc - q));
      }
    }
  }
}

void sgemm(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
           float beta, float* C, int ldc) {
  // Narrow products waste most of a 32-column panel (a 3x3 kernel's 9 columns),
  // tiny ones their packing: OpenBLAS does those better.
  if (avx512_gemm_available() && N >= kNr && double(M) * N * K >= 65536.0) {
    sgemm_avx512(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    return;
  }
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, M, N, K, alpha, A, lda, B,
              ldb, beta, C, ldc);
}

}  // namespace strata::cpu
