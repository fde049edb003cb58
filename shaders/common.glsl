// Shared by every Strata compute shader: activation functions used by fused
// epilogues. The numbering matches strata::Activation in engine/ops/activation.h.
#define ACT_NONE 0
#define ACT_RELU 1
#define ACT_LEAKY_RELU 2
#define ACT_SIGMOID 3
#define ACT_TANH 4
#define ACT_GELU 5

// erf through Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7).
float erf_approx(float v) {
  float z = abs(v);
  float t = 1.0 / (1.0 + 0.3275911 * z);
  float y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-z * z);
  return v >= 0.0 ? y : -y;
}

float apply_activation(float x, uint act, float param) {
  if (act == ACT_RELU) return max(x, 0.0);
  if (act == ACT_LEAKY_RELU) return x >= 0.0 ? x : param * x;
  if (act == ACT_SIGMOID) return 1.0 / (1.0 + exp(-x));
  if (act == ACT_TANH) {
    // tanh() of large |x| overflows exp() on some drivers; clamp first.
    float c = clamp(x, -15.0, 15.0);
    float e = exp(2.0 * c);
    return (e - 1.0) / (e + 1.0);
  }
  if (act == ACT_GELU) return 0.5 * x * (1.0 + erf_approx(x * 0.70710678118654752));  // exact GELU
  return x;
}

// act'(x) for y = act(x): ReLU and leaky ReLU from x, sigmoid and tanh from
// y, GELU from x. Kernels that keep only the output pass it as both.
float activation_derivative(float x, float y, uint act, float param) {
  if (act == ACT_RELU) return x > 0.0 ? 1.0 : 0.0;
  if (act == ACT_LEAKY_RELU) return x >= 0.0 ? 1.0 : param;
  if (act == ACT_SIGMOID) return y * (1.0 - y);
  if (act == ACT_TANH) return 1.0 - y * y;
  if (act == ACT_GELU) {
    float cdf = 0.5 * (1.0 + erf_approx(x * 0.70710678118654752));
    return cdf + x * 0.3989422804014327 * exp(-0.5 * x * x);
  }
  return 1.0;
}
