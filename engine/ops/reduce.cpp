#include "ops/reduce.h"

namespace strata {

void channel_sum_reference(ChannelSumShape s, std::span<const float> x, float beta, std::span<double> out) {
  for (int64_t c = 0; c < s.channels; ++c) {
    double acc = 0;
    for (int64_t o = 0; o < s.outer; ++o)
      for (int64_t i = 0; i < s.inner; ++i) acc += x[(o * s.channels + c) * s.inner + i];
    out[c] = double(beta) * out[c] + acc;
  }
}

}  // namespace strata
