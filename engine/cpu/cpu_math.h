#pragma once
// Vectorizable float exp, sigmoid and tanh for the CPU backend's hot loops
// (recurrent cells). glibc's expf is a scalar call the compiler cannot
// vectorize without -ffast-math; this is Cephes' expf (range reduction by
// ln 2, degree-5 polynomial, exponent built in the float's bits), which gcc
// turns into SIMD code (the CPU sources build with -fno-trapping-math, which
// lets gcc turn the clamp into vector min/max). Relative error about 2e-7
// over the clamped range.
#include <algorithm>
#include <cstdint>
#include <cstring>

namespace strata::cpu_math {

inline float exp(float x) {
  x = std::min(std::max(x, -87.3f), 88.3f);
  // n = round(x / ln 2) by the 1.5 * 2^23 trick (no rounding instruction needed).
  const float n = (x * 1.44269504088896341f + 12582912.f) - 12582912.f;
  const float r = x - n * 0.693359375f + n * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float e = p * r * r + r + 1.f;
  const int32_t bits = (int32_t(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return e * scale;
}

inline float sigmoid(float x) { return 1.f / (1.f + exp(-x)); }
inline float tanh(float x) { return 2.f / (1.f + exp(-2.f * x)) - 1.f; }

}  // namespace strata::cpu_math
