#pragma once
// Sums that gradients need: per-channel sums over a tensor viewed as
// [outer, channels, inner] (the bias gradient of Dense: [batch, units, 1]; of
// Conv2D in NCHW: [batch, channels, height*width]).
#include <cstdint>
#include <span>

namespace strata {

struct ChannelSumShape {
  int64_t outer = 1, channels = 1, inner = 1;
};

// out[c] = beta * out[c] + sum_{o,i} x[o, c, i]; reference in double.
void channel_sum_reference(ChannelSumShape s, std::span<const float> x, float beta, std::span<double> out);

}  // namespace strata
