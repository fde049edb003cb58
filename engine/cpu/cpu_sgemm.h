#pragma once
// The CPU backend's SGEMM, row-major with cblas_sgemm's arguments:
// C = alpha * op(A) * op(B) + beta * C, op(X) = X or X^T. Where the CPU has
// AVX-512F and the product is large enough to fill the micro-kernel, its own
// AVX-512 kernel (cpu_sgemm.cpp) runs; otherwise OpenBLAS.
namespace strata::cpu {

void sgemm(bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
           int ldb, float beta, float* C, int ldc);

// The AVX-512 kernel itself (tests and benchmarks call it directly); only
// where avx512_gemm_available().
bool avx512_gemm_available();
void sgemm_avx512(bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
                  int ldb, float beta, float* C, int ldc);

}  // namespace strata::cpu
