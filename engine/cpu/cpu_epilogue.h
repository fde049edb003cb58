#pragma once
// The bias-and-activation epilogue after a GEMM on the CPU backend, with
// plain loops for the common cases (no activation, ReLU) that the compiler
// vectorizes; other activations go through activate() per element.
#include <cstdint>

#include "ops/activation.h"
#include "ops/gemm.h"

namespace strata::cpu {

// Rows [r0, r1) and columns [c0, c1) of a row-major C with leading dimension ld.
inline void bias_activation(float* C, int64_t ld, int64_t r0, int64_t r1, int64_t c0, int64_t c1, BiasMode mode,
                            const float* bias, Activation act, float param) {
  if (mode == BiasMode::None && act == Activation::None) return;
  for (int64_t i = r0; i < r1; ++i) {
    float* row = C + i * ld;
    if (mode == BiasMode::PerColumn)
      for (int64_t j = c0; j < c1; ++j) row[j] += bias[j];
    else if (mode == BiasMode::PerRow) {
      const float b = bias[i];
      for (int64_t j = c0; j < c1; ++j) row[j] += b;
    }
    if (act == Activation::ReLU)
      for (int64_t j = c0; j < c1; ++j) row[j] = row[j] > 0.f ? row[j] : 0.f;
    else if (act != Activation::None)
      for (int64_t j = c0; j < c1; ++j) row[j] = activate(act, row[j], param);
  }
}

}  // namespace strata::cpu
