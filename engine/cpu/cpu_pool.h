#pragma once
// Pooling loops of the CPU backend shared with the fused convolution + max
// pool (cpu_conv.cpp).
#include <cstdint>

#include "ops/pool.h"

namespace strata {

// Planes [nc0, nc1) (sample * channels + channel) of a pooling forward: out
// and (max pooling) argmax, the flat index of the maximum in its plane.
void pool_planes_forward(const PoolParams& p, const float* in, float* out, float* argmax, int64_t nc0, int64_t nc1);

}  // namespace strata
