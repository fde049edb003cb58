#include "ops/pool.h"

#include <algorithm>
#include <limits>

#include "core/error.h"

namespace strata {

void check_pool_params(const PoolParams& p, const std::string& what) {
  auto fail = [&](const std::string& field, const std::string& why) { throw Error(what + ": " + field + " " + why); };
  if (p.kh < 1 || p.kw < 1) fail("pool size", "must be at least 1x1");
  if (p.sh < 1 || p.sw < 1) fail("stride", "must be at least 1");
  if (p.ph < 0 || p.pw < 0) fail("padding", "cannot be negative");
  if (p.ph >= p.kh || p.pw >= p.kw) fail("padding", "must be smaller than the pool size (a window would hold only padding)");
  if (p.batch < 1 || p.channels < 1 || p.height < 1 || p.width < 1) fail("input", "is empty");
  if (p.height + 2 * p.ph < p.kh || p.width + 2 * p.pw < p.kw)
    fail("pool size", std::to_string(p.kh) + "x" + std::to_string(p.kw) + " is larger than the padded input " +
                          std::to_string(p.height + 2 * p.ph) + "x" + std::to_string(p.width + 2 * p.pw));
}

void pool_forward_reference(const PoolParams& p, std::span<const double> x, std::span<double> y, std::span<double> argmax) {
  const int64_t OH = p.out_height(), OW = p.out_width();
  for (int64_t nc = 0; nc < p.batch * p.channels; ++nc)
    for (int64_t oh = 0; oh < OH; ++oh)
      for (int64_t ow = 0; ow < OW; ++ow) {
        double best = -std::numeric_limits<double>::infinity(), sum = 0;
        int64_t best_at = 0, count = 0;
        for (int64_t i = 0; i < p.kh; ++i)
          for (int64_t j = 0; j < p.kw; ++j) {
            const int64_t h = oh * p.sh - p.ph + i, w = ow * p.sw - p.pw + j;
            if (h < 0 || h >= p.height || w < 0 || w >= p.width) continue;
            const double v = x[(nc * p.height + h) * p.width + w];
            if (v > best) best = v, best_at = h * p.width + w;
            sum += v, ++count;
          }
        const int64_t o = (nc * OH + oh) * OW + ow;
        y[o] = p.max ? best : sum / double(count);
        if (p.max) argmax[o] = double(best_at);
      }
}

void pool_backward_reference(const PoolParams& p, std::span<const double> dy, std::span<const double> argmax,
                             std::span<double> dx) {
  const int64_t OH = p.out_height(), OW = p.out_width();
  std::fill(dx.begin(), dx.end(), 0.0);
  for (int64_t nc = 0; nc < p.batch * p.channels; ++nc)
    for (int64_t oh = 0; oh < OH; ++oh)
      for (int64_t ow = 0; ow < OW; ++ow) {
        const int64_t o = (nc * OH + oh) * OW + ow;
        if (p.max) {
          dx[nc * p.height * p.width + int64_t(argmax[o])] += dy[o];
          continue;
        }
        int64_t count = 0;
        for (int pass = 0; pass < 2; ++pass)
          for (int64_t i = 0; i < p.kh; ++i)
            for (int64_t j = 0; j < p.kw; ++j) {
              const int64_t h = oh * p.sh - p.ph + i, w = ow * p.sw - p.pw + j;
              if (h < 0 || h >= p.height || w < 0 || w >= p.width) continue;
              if (pass == 0) ++count;
              else dx[(nc * p.height + h) * p.width + w] += dy[o] / double(count);
            }
      }
}

}  // namespace strata
