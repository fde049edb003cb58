#include "ops/softmax.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/tensor.h"

namespace strata {

void check_softmax(SoftmaxShape s, const Tensor& a, const Tensor& b, const Tensor* c) {
  if (s.rows < 1 || s.cols < 1) throw Error("softmax: empty input");
  for (const Tensor* t : {&a, &b, c})
    if (t && (!t->defined() || t->numel() != s.rows * s.cols))
      throw Error("softmax: operands need " + std::to_string(s.rows * s.cols) + " values");
}

void softmax_forward_reference(SoftmaxShape s, std::span<const double> x, std::span<double> y) {
  for (int64_t r = 0; r < s.rows; ++r) {
    const double* in = x.data() + r * s.cols;
    double* out = y.data() + r * s.cols;
    const double m = *std::max_element(in, in + s.cols);
    double sum = 0;
    for (int64_t c = 0; c < s.cols; ++c) sum += std::exp(in[c] - m);
    for (int64_t c = 0; c < s.cols; ++c) out[c] = std::exp(in[c] - m) / sum;
  }
}

void softmax_backward_reference(SoftmaxShape s, std::span<const double> y, std::span<const double> dy,
                                std::span<double> dx) {
  for (int64_t r = 0; r < s.rows; ++r) {
    double dot = 0;
    for (int64_t c = 0; c < s.cols; ++c) dot += dy[size_t(r * s.cols + c)] * y[size_t(r * s.cols + c)];
    for (int64_t c = 0; c < s.cols; ++c) {
      const auto i = size_t(r * s.cols + c);
      dx[i] = y[i] * (dy[i] - dot);
    }
  }
}

}  // namespace strata
