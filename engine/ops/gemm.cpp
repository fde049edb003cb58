#include "ops/gemm.h"

#include <string>
#include <vector>

#include "core/error.h"
#include "core/tensor.h"

namespace strata {

void check_gemm_operands(const GemmArgs& g, const Tensor& a, const Tensor& b, const Tensor& c, const Tensor* bias) {
  auto dims = "m=" + std::to_string(g.m) + " n=" + std::to_string(g.n) + " k=" + std::to_string(g.k);
  if (g.m <= 0 || g.n <= 0 || g.k <= 0) throw Error("gemm: every dimension must be positive (" + dims + ")");
  if (g.m > UINT32_MAX / 2 || g.n > UINT32_MAX / 2 || g.k > UINT32_MAX / 2) throw Error("gemm: dimensions too large (" + dims + ")");
  auto need = [&](const Tensor& t, int64_t count, const char* name) {
    if (!t.defined()) throw Error(std::string("gemm: operand ") + name + " is missing");
    if (t.numel() != count)
      throw Error(std::string("gemm: operand ") + name + " has " + std::to_string(t.numel()) + " elements (shape " +
                  to_string(t.shape()) + "), " + dims + " needs " + std::to_string(count));
  };
  need(a, g.m * g.k, "A");
  need(b, g.k * g.n, "B");
  need(c, g.m * g.n, "C");
  if (g.bias == BiasMode::PerColumn) need(bias ? *bias : Tensor(), g.n, "bias");
  if (g.bias == BiasMode::PerRow) need(bias ? *bias : Tensor(), g.m, "bias");
}

void gemm_reference(const GemmArgs& g, std::span<const float> a, std::span<const float> b, std::span<const float> bias,
                    std::span<float> c) {
  const int64_t M = g.m, N = g.n, K = g.k;
  std::vector<double> row(N);
  for (int64_t i = 0; i < M; ++i) {
    std::fill(row.begin(), row.end(), 0.0);
    for (int64_t p = 0; p < K; ++p) {
      const double av = g.trans_a ? a[p * M + i] : a[i * K + p];
      for (int64_t j = 0; j < N; ++j) row[j] += av * double(g.trans_b ? b[j * K + p] : b[p * N + j]);
    }
    for (int64_t j = 0; j < N; ++j) {
      double v = double(g.alpha) * row[j];
      if (g.beta != 0.f) v += double(g.beta) * double(c[i * N + j]);
      if (g.bias == BiasMode::PerColumn) v += bias[j];
      if (g.bias == BiasMode::PerRow) v += bias[i];
      c[i * N + j] = static_cast<float>(activate(g.act, v, double(g.act_param)));
    }
  }
}

}  // namespace strata
