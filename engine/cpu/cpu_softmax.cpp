// Softmax layer on the native CPU backend (float, same formulas as the shader).
#include <algorithm>
#include <cmath>

#include "cpu/cpu_backend.h"

namespace strata {

void CpuBackend::softmax_forward(SoftmaxShape s, const Tensor& x, const Tensor& y) {
  check_softmax(s, x, y);
  const float* in = data(x);
  float* out = data(y);
  for (int64_t r = 0; r < s.rows; ++r) {
    const float* a = in + r * s.cols;
    float* o = out + r * s.cols;
    const float m = *std::max_element(a, a + s.cols);
    float sum = 0.f;
    for (int64_t c = 0; c < s.cols; ++c) sum += std::exp(a[c] - m);
    const float inv = 1.f / sum;
    for (int64_t c = 0; c < s.cols; ++c) o[c] = std::exp(a[c] - m) * inv;
  }
}

void CpuBackend::softmax_backward(SoftmaxShape s, const Tensor& y, const Tensor& dy, const Tensor& dx) {
  check_softmax(s, y, dy, &dx);
  const float *py = data(y), *pd = data(dy);
  float* out = data(dx);
  // Attention runs this over every head's rows: large enough to split.
  const int parts = s.rows * s.cols >= (1 << 15) ? workers_->size() : 1;
  workers_->run(parts, [&](int part) {
    for (int64_t r = s.rows * part / parts, last = s.rows * (part + 1) / parts; r < last; ++r) {
      const float *a = py + r * s.cols, *g = pd + r * s.cols;
      float* o = out + r * s.cols;
      float dot = 0.f;
      for (int64_t c = 0; c < s.cols; ++c) dot += a[c] * g[c];
      for (int64_t c = 0; c < s.cols; ++c) o[c] = a[c] * (g[c] - dot);
    }
  });
}

}  // namespace strata
