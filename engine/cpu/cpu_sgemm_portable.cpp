// The portable SGEMM kernel: the same blocked driver with a plain C++ 4 x 8
// micro-kernel that the compiler vectorizes for baseline x86-64 (SSE2). For
// CPUs without AVX2 + FMA, and as the reference path every other kernel is
// tested beside.
#include "cpu/cpu_sgemm_kernels.h"

#define STRATA_GEMM_TARGET
#include "cpu/cpu_gemm_blocked.h"

namespace strata::cpu {
namespace {

struct PortableMicro {
  static constexpr int kMr = 4, kNr = 8, kKc = 256, kMc = 64, kNc = 256;

  static void run(int kc, const float* Ap, const float* Bp, float alpha, float beta, float* C, int ldc, int rows,
                  int cols) {
    float acc[kMr][kNr] = {};
    for (int k = 0; k < kc; ++k) {
      const float* a = Ap + k * kMr;
      const float* b = Bp + k * kNr;
      for (int r = 0; r < kMr; ++r)
        for (int c = 0; c < kNr; ++c) acc[r][c] += a[r] * b[c];
    }
    for (int r = 0; r < rows; ++r) {
      float* row = C + r * ldc;
      for (int c = 0; c < cols; ++c) row[c] = beta == 0.f ? alpha * acc[r][c] : alpha * acc[r][c] + beta * row[c];
    }
  }
};
static_assert(PortableMicro::kMc * PortableMicro::kKc <= int(kPackAFloats));
static_assert((PortableMicro::kNc + PortableMicro::kNr) * PortableMicro::kKc <= int(kPackBFloats));

}  // namespace

void sgemm_kernel_portable(STRATA_SGEMM_KERNEL_ARGS) {
  blocked_sgemm<PortableMicro>(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, pack_a, pack_b);
}

}  // namespace strata::cpu
