#pragma once
// Layer pairs the model runs as one op where the backend says it pays
// (Backend::fuses_conv_max_pool): a Conv2D whose only consumer is a
// MaxPool2D, so each sample's convolution output is pooled while in cache.
#include <optional>
#include <string>

#include "layers/layer.h"
#include "ops/pool.h"

namespace strata {

// The pool's parameters (batch 1) when `conv` (a Conv2D) and `pool` (its only
// consumer, of type pool_type, on conv_output) can run fused: a MaxPool2D and
// an activation whose derivative comes from its output.
std::optional<PoolParams> conv_max_pool_fusion(const NodeParams& conv, const std::string& pool_type,
                                               const NodeParams& pool, const Shape& conv_output);

}  // namespace strata
