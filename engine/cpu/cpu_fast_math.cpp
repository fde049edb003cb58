#include "cpu/cpu_fast_math.h"

#include <immintrin.h>

#include <cmath>

#include "cpu/cpu_isa.h"
#include "cpu/cpu_lane_mask.h"
#include "ops/activation.h"

#define STRATA_AVX512 __attribute__((target("avx512f")))

namespace strata::cpu {
namespace {

// exp(v) for v <= 0 down to -87 (smaller gives 0): v = n ln2 + r, |r| <= ln2 / 2,
// exp(r) by its Taylor polynomial to r^7 (relative error < 2e-8), times 2^n.
// (The maskz forms with every lane on: gcc 12's plain forms start from an
// undefined vector and warn.)
STRATA_AVX512 inline __m512 exp_nonpositive(__m512 v) {
  constexpr __mmask16 all = 0xFFFF;
  v = _mm512_maskz_max_ps(all, v, _mm512_set1_ps(-87.f));
  const __m512 n =
      _mm512_maskz_roundscale_ps(all, _mm512_mul_ps(v, _mm512_set1_ps(1.44269504f)), _MM_FROUND_TO_NEAREST_INT);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693145752f), v);  // ln2 in two parts: r stays exact
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(1.42860677e-6f), r);
  __m512 p = _mm512_set1_ps(1.f / 5040.f);
  for (float c : {1.f / 720.f, 1.f / 120.f, 1.f / 24.f, 1.f / 6.f, 0.5f, 1.f, 1.f}) p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(c));
  return _mm512_maskz_scalef_ps(all, p, n);
}

// Phi(x) = 0.5 (1 + erf(x / sqrt 2)) and exp(-x^2 / 2), 16 lanes.
STRATA_AVX512 inline void cdf_and_gauss(__m512 x, __m512& cdf, __m512& gauss) {
  const __m512 z = _mm512_mul_ps(_mm512_abs_ps(x), _mm512_set1_ps(0.70710678f));
  const __m512 t = _mm512_div_ps(_mm512_set1_ps(1.f), _mm512_fmadd_ps(z, _mm512_set1_ps(0.3275911f), _mm512_set1_ps(1.f)));
  __m512 p = _mm512_set1_ps(1.061405429f);
  for (float c : {-1.453152027f, 1.421413741f, -0.284496736f, 0.254829592f}) p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(c));
  gauss = exp_nonpositive(_mm512_mul_ps(_mm512_mul_ps(z, z), _mm512_set1_ps(-1.f)));
  const __m512 erf_abs = _mm512_fnmadd_ps(_mm512_mul_ps(p, t), gauss, _mm512_set1_ps(1.f));
  // erf is odd: flip the sign bit of erf(|x|) where x < 0.
  const __m512 erf = _mm512_castsi512_ps(_mm512_or_si512(
      _mm512_castps_si512(erf_abs), _mm512_and_si512(_mm512_castps_si512(x), _mm512_set1_epi32(int(0x80000000u)))));
  cdf = _mm512_mul_ps(_mm512_add_ps(erf, _mm512_set1_ps(1.f)), _mm512_set1_ps(0.5f));
}

STRATA_AVX512 void gelu_forward_avx512(const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; i += 16) {
    const __mmask16 m = first_lanes(n - i);
    const __m512 v = _mm512_maskz_loadu_ps(m, x + i);
    __m512 cdf, gauss;
    cdf_and_gauss(v, cdf, gauss);
    _mm512_mask_storeu_ps(y + i, m, _mm512_mul_ps(v, cdf));
  }
}

STRATA_AVX512 void gelu_backward_avx512(const float* x, const float* g, float* d, int64_t n) {
  for (int64_t i = 0; i < n; i += 16) {
    const __mmask16 m = first_lanes(n - i);
    const __m512 v = _mm512_maskz_loadu_ps(m, x + i);
    __m512 cdf, gauss;
    cdf_and_gauss(v, cdf, gauss);
    // gelu'(x) = Phi(x) + x phi(x), phi(x) = exp(-x^2 / 2) / sqrt(2 pi).
    const __m512 slope = _mm512_fmadd_ps(_mm512_mul_ps(v, gauss), _mm512_set1_ps(0.39894228f), cdf);
    _mm512_mask_storeu_ps(d + i, m, _mm512_mul_ps(_mm512_maskz_loadu_ps(m, g + i), slope));
  }
}

STRATA_AVX512 void exp_shifted_avx512(const float* in, float shift, float* out, int64_t n) {
  const __m512 s = _mm512_set1_ps(shift);
  for (int64_t i = 0; i < n; i += 16) {
    const __mmask16 m = first_lanes(n - i);
    _mm512_mask_storeu_ps(out + i, m, exp_nonpositive(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, in + i), s)));
  }
}

}  // namespace

void exp_shifted(const float* in, float shift, float* out, int64_t n) {
  if (isa() == Isa::Avx512) return exp_shifted_avx512(in, shift, out, n);
  for (int64_t i = 0; i < n; ++i) out[i] = std::exp(in[i] - shift);
}

void gelu_forward(const float* x, float* y, int64_t n) {
  if (isa() == Isa::Avx512) return gelu_forward_avx512(x, y, n);
  for (int64_t i = 0; i < n; ++i) y[i] = activate(Activation::GELU, x[i], 0.f);
}

void gelu_backward(const float* x, const float* g, float* d, int64_t n) {
  if (isa() == Isa::Avx512) return gelu_backward_avx512(x, g, d, n);
  for (int64_t i = 0; i < n; ++i) d[i] = g[i] * activation_derivative(Activation::GELU, x[i], 0.f, 0.f);
}

}  // namespace strata::cpu
