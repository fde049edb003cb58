#pragma once
// The CPU backend's own SGEMM kernels, one per instruction set, each in its
// own file (cpu_sgemm_avx512.cpp, _avx2.cpp, _portable.cpp) on the blocked
// driver of cpu_gemm_blocked.h. Row-major, cblas_sgemm's arguments, plus the
// packing buffers (kPackAFloats and kPackBFloats floats, any kernel fits).
// Callers go through cpu_sgemm.h, which checks that the CPU can run them.
#include <cstddef>

namespace strata::cpu {

constexpr size_t kPackAFloats = 96 * 256, kPackBFloats = (512 + 32) * 256;

#define STRATA_SGEMM_KERNEL_ARGS                                                                                     \
  bool ta, bool tb, int M, int N, int K, float alpha, const float *A, int lda, const float *B, int ldb, float beta, \
      float *C, int ldc, float *pack_a, float *pack_b

void sgemm_kernel_avx512(STRATA_SGEMM_KERNEL_ARGS);       // 12 x 32 tile in 24 zmm registers
void sgemm_kernel_avx512_8x32(STRATA_SGEMM_KERNEL_ARGS);  // 8 x 32 tile in 16 zmm registers
void sgemm_kernel_avx2(STRATA_SGEMM_KERNEL_ARGS);      // 6 x 16 tile in 12 ymm registers, FMA
void sgemm_kernel_portable(STRATA_SGEMM_KERNEL_ARGS);  // plain C++ (baseline x86-64: SSE2)

}  // namespace strata::cpu
