#include "cpu/cpu_sgemm.h"

#include <cblas.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/error.h"
#include "cpu/cpu_gemm_planner.h"
#include "cpu/cpu_isa.h"
#include "cpu/cpu_sgemm_kernels.h"

namespace strata::cpu {
namespace {

constexpr int kNone = -1;

int forced_from_environment() {
  const char* env = std::getenv("STRATA_CPU_GEMM");
  if (!env || !*env) return kNone;
  const auto k = parse_kernel(env);
  if (!k || !kernel_available(*k)) {
    std::fprintf(stderr, "strata: STRATA_CPU_GEMM=%s is %s; kernels are chosen as usual\n", env,
                 k ? "not available on this CPU" : "not one of openblas, avx512, avx512-8x32, avx2, portable");
    return kNone;
  }
  return int(*k);
}

std::atomic<int>& forced() {
  static std::atomic<int> kernel{forced_from_environment()};
  return kernel;
}

}  // namespace

const char* kernel_name(GemmKernel kernel) {
  switch (kernel) {
    case GemmKernel::OpenBlas: return "openblas";
    case GemmKernel::Avx512: return "avx512";
    case GemmKernel::Avx512x8: return "avx512-8x32";
    case GemmKernel::Avx2: return "avx2";
    case GemmKernel::Portable: return "portable";
  }
  return "?";
}

std::optional<GemmKernel> parse_kernel(std::string_view name) {
  for (GemmKernel k : kAllGemmKernels)
    if (name == kernel_name(k)) return k;
  return std::nullopt;
}

bool kernel_available(GemmKernel kernel) {
  switch (kernel) {
    case GemmKernel::OpenBlas:
    case GemmKernel::Portable: return true;
    case GemmKernel::Avx512:
    case GemmKernel::Avx512x8: return isa() >= Isa::Avx512;
    case GemmKernel::Avx2: return isa() >= Isa::Avx2;
  }
  return false;
}

std::vector<GemmKernel> candidate_kernels() {
  std::vector<GemmKernel> out{GemmKernel::OpenBlas};
  if (isa() >= Isa::Avx512) out.push_back(GemmKernel::Avx512), out.push_back(GemmKernel::Avx512x8);
  if (isa() >= Isa::Avx2) out.push_back(GemmKernel::Avx2);
  else out.push_back(GemmKernel::Portable);
  return out;
}

GemmKernel default_kernel(bool, bool, int M, int N, int K) {
  // Narrow products waste most of a 32-column panel (a 3x3 kernel's 9
  // columns), tiny ones their packing: OpenBLAS does those better.
  if (isa() >= Isa::Avx512 && N >= 32 && double(M) * N * K >= 65536.0) return GemmKernel::Avx512;
  return GemmKernel::OpenBlas;
}

void force_kernel(std::optional<GemmKernel> kernel) {
  if (kernel && !kernel_available(*kernel))
    throw Error(std::string("the ") + kernel_name(*kernel) + " GEMM kernel needs instructions this CPU lacks (" +
                isa_name(isa()) + ")");
  forced().store(kernel ? int(*kernel) : forced_from_environment(), std::memory_order_relaxed);
}

std::optional<GemmKernel> forced_kernel() {
  const int k = forced().load(std::memory_order_relaxed);
  if (k == kNone) return std::nullopt;
  return GemmKernel(k);
}

void sgemm_with(GemmKernel kernel, bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda,
                const float* B, int ldb, float beta, float* C, int ldc) {
  if (kernel == GemmKernel::OpenBlas) {
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, M, N, K, alpha, A, lda,
                B, ldb, beta, C, ldc);
    return;
  }
  // Packing buffers per thread: the CPU backend's workers live as long as the
  // backend, so these are made once and reused by every later step.
  thread_local std::vector<float> pa(kPackAFloats), pb(kPackBFloats);
  switch (kernel) {
    case GemmKernel::Avx512:
      sgemm_kernel_avx512(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, pa.data(), pb.data());
      break;
    case GemmKernel::Avx512x8:
      sgemm_kernel_avx512_8x32(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, pa.data(), pb.data());
      break;
    case GemmKernel::Avx2:
      sgemm_kernel_avx2(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, pa.data(), pb.data());
      break;
    default: sgemm_kernel_portable(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, pa.data(), pb.data());
  }
}

void sgemm(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
           float beta, float* C, int ldc) {
  const auto f = forced_kernel();
  const GemmKernel k = f && kernel_available(*f) ? *f : GemmPlanner::global().choose({ta, tb, M, N, K});
  sgemm_with(k, ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

}  // namespace strata::cpu
