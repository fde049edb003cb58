#pragma once
// C = act(alpha * op(A) * op(B) + beta * C + bias), the kernel that dense,
// convolution and recurrent layers all reduce to, forward and backward:
// dX = dY * W^T and dW = X^T * dY are GEMMs with a transpose flag.
// Matrices are row-major and contiguous: A is [M,K] ([K,M] when trans_a),
// B is [K,N] ([N,K] when trans_b), C is [M,N].
#include <cstdint>
#include <span>

#include "ops/activation.h"

namespace strata {

enum class BiasMode : uint32_t { None = 0, PerColumn = 1, PerRow = 2 };

struct GemmArgs {
  int64_t m = 0, n = 0, k = 0;
  bool trans_a = false, trans_b = false;
  float alpha = 1.f, beta = 0.f;
  BiasMode bias = BiasMode::None;  // PerColumn: length N; PerRow: length M
  Activation act = Activation::None;
  float act_param = 0.01f;
};

// `count` GEMMs of one shape whose operands start a fixed number of floats
// apart, each of A, B and C its own stride (attention's products per head and
// sample, Backend::gemm_batched).
struct GemmBatch {
  int64_t count = 1, stride_a = 0, stride_b = 0, stride_c = 0;
};

class Tensor;
// Throws strata::Error naming the operand whose size does not fit.
void check_gemm_operands(const GemmArgs& g, const Tensor& a, const Tensor& b, const Tensor& c, const Tensor* bias);

// Plain double-precision reference (accumulates in double, rounds once).
void gemm_reference(const GemmArgs& g, std::span<const float> a, std::span<const float> b,
                    std::span<const float> bias, std::span<float> c);

inline double gemm_flops(const GemmArgs& g) { return 2.0 * double(g.m) * double(g.n) * double(g.k); }

}  // namespace strata
