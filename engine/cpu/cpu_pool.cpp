// Pooling on the native CPU backend.
#include <algorithm>
#include <limits>

#include "cpu/cpu_backend.h"

namespace strata {

void CpuBackend::pool_forward(const PoolParams& p, const Tensor& x, const Tensor& y, const Tensor& argmax) {
  check_pool_operands(p, x, y, argmax);
  const int64_t OH = p.out_height(), OW = p.out_width();
  const float* in = data(x);
  float* out = data(y);
  float* am = p.max ? data(argmax) : nullptr;
  const int64_t planes = p.batch * p.channels;
  // Planes are independent: split them across the workers when there is enough work.
  const int parts = p.in_count() >= (1 << 16) ? workers_->size() : 1;
  workers_->run(parts, [&](int part) {
  for (int64_t nc = planes * part / parts; nc < planes * (part + 1) / parts; ++nc) {
    const float* plane = in + nc * p.height * p.width;
    for (int64_t oh = 0; oh < OH; ++oh)
      for (int64_t ow = 0; ow < OW; ++ow) {
        const int64_t h0 = std::max<int64_t>(0, oh * p.sh - p.ph), h1 = std::min(p.height, oh * p.sh - p.ph + p.kh);
        const int64_t w0 = std::max<int64_t>(0, ow * p.sw - p.pw), w1 = std::min(p.width, ow * p.sw - p.pw + p.kw);
        const int64_t o = (nc * OH + oh) * OW + ow;
        if (p.max) {
          float best = -std::numeric_limits<float>::infinity();
          int64_t at = h0 * p.width + w0;
          for (int64_t h = h0; h < h1; ++h)
            for (int64_t w = w0; w < w1; ++w)
              if (plane[h * p.width + w] > best) best = plane[h * p.width + w], at = h * p.width + w;
          out[o] = best;
          am[o] = float(at);
        } else {
          float sum = 0;
          for (int64_t h = h0; h < h1; ++h)
            for (int64_t w = w0; w < w1; ++w) sum += plane[h * p.width + w];
          out[o] = sum / float((h1 - h0) * (w1 - w0));
        }
      }
  }
  });
}

void CpuBackend::pool_backward(const PoolParams& p, const Tensor& dy, const Tensor& argmax, const Tensor& dx) {
  check_pool_operands(p, dx, dy, argmax);
  const int64_t OH = p.out_height(), OW = p.out_width();
  const float* g = data(dy);
  const float* am = p.max ? data(argmax) : nullptr;
  float* d = data(dx);
  std::fill(d, d + dx.numel(), 0.f);
  for (int64_t nc = 0; nc < p.batch * p.channels; ++nc) {
    float* plane = d + nc * p.height * p.width;
    for (int64_t oh = 0; oh < OH; ++oh)
      for (int64_t ow = 0; ow < OW; ++ow) {
        const int64_t o = (nc * OH + oh) * OW + ow;
        if (p.max) {
          plane[int64_t(am[o])] += g[o];
          continue;
        }
        const int64_t h0 = std::max<int64_t>(0, oh * p.sh - p.ph), h1 = std::min(p.height, oh * p.sh - p.ph + p.kh);
        const int64_t w0 = std::max<int64_t>(0, ow * p.sw - p.pw), w1 = std::min(p.width, ow * p.sw - p.pw + p.kw);
        const float share = g[o] / float((h1 - h0) * (w1 - w0));
        for (int64_t h = h0; h < h1; ++h)
          for (int64_t w = w0; w < w1; ++w) plane[h * p.width + w] += share;
      }
  }
}

}  // namespace strata
