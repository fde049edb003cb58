// Channel sums, dropout and elementwise products on the native CPU backend.
#include <vector>

#include "core/error.h"
#include "cpu/cpu_backend.h"
#include "ops/dropout.h"

namespace strata {

void CpuBackend::channel_sum(const Tensor& x, ChannelSumShape s, float beta, const Tensor& out) {
  check_channel_sum(x, s, out);
  const float* in = data(x);
  float* o = data(out);
  // Accumulate in double per channel: batches of thousands of terms stay
  // exact enough. The accumulator is kept between calls (no allocation per step).
  thread_local std::vector<double> acc;
  acc.assign(size_t(s.channels), 0.0);
  if (s.inner == 1) {  // bias gradients of [rows, features]: whole rows at a time (vectorizes)
    for (int64_t b = 0; b < s.outer; ++b) {
      const float* row = in + b * s.channels;
      for (int64_t c = 0; c < s.channels; ++c) acc[size_t(c)] += double(row[c]);
    }
  } else {
    for (int64_t b = 0; b < s.outer; ++b)
      for (int64_t c = 0; c < s.channels; ++c) {
        const float* row = in + (b * s.channels + c) * s.inner;
        double sum = 0;
        for (int64_t i = 0; i < s.inner; ++i) sum += row[i];
        acc[size_t(c)] += sum;
      }
  }
  for (int64_t c = 0; c < s.channels; ++c) o[c] = float(double(beta == 0.f ? 0.f : beta * o[c]) + acc[size_t(c)]);
}

void CpuBackend::set_clip_scale(const Tensor& total, float max_norm, const Tensor& hyper) {
  if (!(max_norm > 0.f)) throw Error("gradient clipping: the maximum norm must be positive");
  if (!hyper.defined() || hyper.numel() != kHyperCount) throw Error("gradient clipping: bad hyperparameter tensor");
  data(hyper)[kHyperGradScale] = clip_scale_reference(data(total)[0], max_norm);
}

void CpuBackend::dropout_forward(const Tensor& x, float rate, uint32_t seed, uint32_t step, const Tensor& y,
                                 const Tensor& mask) {
  check_dropout_rate(rate);
  check_same_size("dropout", {&x, &y, &mask});
  const float keep_scale = 1.f / (1.f - rate);
  const float* in = data(x);
  float *out = data(y), *m = data(mask);
  const int64_t n = x.numel();
  for (int64_t i = 0; i < n; ++i) {
    m[i] = dropout_uniform(seed, step, uint32_t(i)) >= rate ? keep_scale : 0.f;
    out[i] = in[i] * m[i];
  }
}

void CpuBackend::multiply(const Tensor& a, const Tensor& b, const Tensor& out) {
  check_same_size("multiply", {&a, &b, &out});
  const float *pa = data(a), *pb = data(b);
  float* po = data(out);
  const int64_t n = a.numel();
  for (int64_t i = 0; i < n; ++i) po[i] = pa[i] * pb[i];
}

}  // namespace strata
