#pragma once
// The CPU backend's SGEMM, row-major with cblas_sgemm's arguments:
// C = alpha * op(A) * op(B) + beta * C, op(X) = X or X^T. Several kernels can
// compute it: OpenBLAS, and Strata's own for AVX-512, AVX2 + FMA and plain
// C++ (cpu_sgemm_kernels.h). sgemm() runs the one the planner chose for this
// shape on this machine (cpu_gemm_planner.h), or a fixed rule where nothing
// was planned. STRATA_CPU_GEMM=openblas|avx512|avx512-8x32|avx2|portable forces one.
#include <optional>
#include <string_view>
#include <vector>

namespace strata::cpu {

enum class GemmKernel { OpenBlas, Avx512, Avx512x8, Avx2, Portable };
// Every kernel, for loops over them.
inline constexpr GemmKernel kAllGemmKernels[] = {GemmKernel::OpenBlas, GemmKernel::Avx512, GemmKernel::Avx512x8,
                                                 GemmKernel::Avx2, GemmKernel::Portable};

const char* kernel_name(GemmKernel kernel);
std::optional<GemmKernel> parse_kernel(std::string_view name);
// Whether the CPU (at the instruction set in use, cpu_isa.h) can run it.
bool kernel_available(GemmKernel kernel);
// The kernels worth timing here: OpenBLAS and Strata's own for the widest
// instruction sets in use (AVX-512 CPUs get the AVX2 kernel too: some issue
// 256-bit FMAs faster). The portable kernel only where nothing wider runs.
std::vector<GemmKernel> candidate_kernels();

// The kernel a shape gets without a plan: Strata's AVX-512 kernel where it
// fills its 32-column panels and the product is large enough to pay for
// packing, OpenBLAS otherwise.
GemmKernel default_kernel(bool trans_a, bool trans_b, int M, int N, int K);

// Tests and benchmarks: every sgemm() call uses `kernel` (nullopt: back to
// STRATA_CPU_GEMM, else the plans). Throws if the CPU cannot run it.
void force_kernel(std::optional<GemmKernel> kernel);
std::optional<GemmKernel> forced_kernel();

void sgemm(bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
           int ldb, float beta, float* C, int ldc);
// One kernel, whatever the plan says (the kernel must be available).
void sgemm_with(GemmKernel kernel, bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float* A,
                int lda, const float* B, int ldb, float beta, float* C, int ldc);

}  // namespace strata::cpu
