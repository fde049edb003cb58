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

// d = g * act'(y) from the output y (activations with derivative_from_output).
inline void activation_grad_from_output(Activation act, float param, const float* y, const float* g, float* d,
                                        int64_t n) {
  // g[i] is loaded unconditionally: a load under a condition is one the
  // compiler may not speculate, and the loop would stay scalar with a branch.
  if (act == Activation::ReLU)
    for (int64_t i = 0; i < n; ++i) {
      const float gi = g[i];
      d[i] = y[i] > 0.f ? gi : 0.f;
    }
  else if (act == Activation::LeakyReLU)
    for (int64_t i = 0; i < n; ++i) {
      const float gi = g[i];
      d[i] = y[i] >= 0.f ? gi : gi * param;
    }
  else
    for (int64_t i = 0; i < n; ++i) d[i] = g[i] * activation_derivative(act, y[i], y[i], param);
}

// A float sum in 16 interleaved partial sums: the compiler vectorizes it
// (a single running sum is a dependency chain it may not reorder), and the
// order is fixed, so results do not vary between runs.
inline float sum(const float* v, int64_t n) {
  float acc[16] = {};
  int64_t j = 0;
  for (; j + 16 <= n; j += 16)
    for (int k = 0; k < 16; ++k) acc[k] += v[j + k];
  float s = 0.f;
  for (int k = 0; k < 16; ++k) s += acc[k];
  for (; j < n; ++j) s += v[j];
  return s;
}

}  // namespace strata::cpu
