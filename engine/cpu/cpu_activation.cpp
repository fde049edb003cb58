// Elementwise activations on the native CPU backend. ReLU, the common case,
// has plain loops the compiler vectorizes; large tensors are split across the
// backend's workers.
#include "cpu/cpu_backend.h"
#include "cpu/cpu_fast_math.h"

namespace strata {
namespace {
constexpr int64_t kParallelMin = 1 << 16;  // below this a hand-off costs more than it saves
}

void CpuBackend::activation_forward(Activation act, float param, const Tensor& x, const Tensor& y) {
  check_same_size("activation", {&x, &y});
  const float* in = data(x);
  float* out = data(y);
  const int64_t n = x.numel();
  const int parts = n >= kParallelMin ? workers_->size() : 1;
  workers_->run(parts, [&](int part) {
    const int64_t lo = n * part / parts, hi = n * (part + 1) / parts;
    if (act == Activation::ReLU)
      for (int64_t i = lo; i < hi; ++i) out[i] = in[i] > 0.f ? in[i] : 0.f;
    else if (act == Activation::GELU)
      cpu::gelu_forward(in + lo, out + lo, hi - lo);
    else
      for (int64_t i = lo; i < hi; ++i) out[i] = activate(act, in[i], param);
  });
}

void CpuBackend::activation_backward(Activation act, float param, const Tensor& x, const Tensor& y, const Tensor& dy,
                                     const Tensor& dx) {
  check_same_size("activation backward", {&x, &y, &dy, &dx});
  const float *in = data(x), *out = data(y), *g = data(dy);
  float* d = data(dx);
  const int64_t n = x.numel();
  const int parts = n >= kParallelMin ? workers_->size() : 1;
  workers_->run(parts, [&](int part) {
    const int64_t lo = n * part / parts, hi = n * (part + 1) / parts;
    if (act == Activation::ReLU)
      for (int64_t i = lo; i < hi; ++i) {
        const float gi = g[i];  // unconditional load: the loop vectorizes
        d[i] = in[i] > 0.f ? gi : 0.f;
      }
    else if (act == Activation::GELU)
      cpu::gelu_backward(in + lo, g + lo, d + lo, hi - lo);
    else
      for (int64_t i = lo; i < hi; ++i) d[i] = g[i] * activation_derivative(act, in[i], out[i], param);
  });
}

}  // namespace strata
