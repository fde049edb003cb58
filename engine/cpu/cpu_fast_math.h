#pragma once
// Transcendental functions over arrays where libm per element was the cost:
// GELU, 0.5 x (1 + erf(x / sqrt 2)), and its derivative for the activation
// ops, and exp for softmax rows. libm's erff per element was a quarter of a
// Transformer's training step (bench/README.md); on AVX-512 these run 16
// lanes at once with erf by Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7, the
// formula the shaders use) and exp by a range-reduced polynomial. Elsewhere
// (or with STRATA_CPU_ISA below avx512) they use libm per element.
#include <cstdint>

namespace strata::cpu {

void gelu_forward(const float* x, float* y, int64_t n);
// d = g * gelu'(x).
void gelu_backward(const float* x, const float* g, float* d, int64_t n);
// out[i] = exp(in[i] - shift) for in[i] <= shift (softmax rows; the same
// polynomial exp on AVX-512, libm elsewhere). out may be in.
void exp_shifted(const float* in, float shift, float* out, int64_t n);

}  // namespace strata::cpu
