// Elementwise activations on the native CPU backend.
#include "cpu/cpu_backend.h"

namespace strata {

void CpuBackend::activation_forward(Activation act, float param, const Tensor& x, const Tensor& y) {
  check_same_size("activation", {&x, &y});
  const float* in = data(x);
  float* out = data(y);
  const int64_t n = x.numel();
  for (int64_t i = 0; i < n; ++i) out[i] = activate(act, in[i], param);
}

void CpuBackend::activation_backward(Activation act, float param, const Tensor& x, const Tensor& y, const Tensor& dy,
                                     const Tensor& dx) {
  check_same_size("activation backward", {&x, &y, &dy, &dx});
  const float *in = data(x), *out = data(y), *g = data(dy);
  float* d = data(dx);
  const int64_t n = x.numel();
  for (int64_t i = 0; i < n; ++i) d[i] = g[i] * activation_derivative(act, in[i], out[i], param);
}

}  // namespace strata
