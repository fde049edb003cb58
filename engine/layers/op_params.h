#pragma once
// The op parameters a node runs with (batch 1), for code outside its
// executor: exports and fusion read padding, strides and windows from here,
// so those rules live in one place (conv_layers.cpp, pooling_layers.cpp).
#include "core/shape.h"
#include "layers/layer.h"
#include "ops/conv2d.h"
#include "ops/pool.h"

namespace strata {

// A Conv2D node on a [channels, height, width] input.
ConvParams conv2d_op_params(const NodeParams& conv, const Shape& input);
// A MaxPool2D / AvgPool2D (or, with global, GlobalAveragePooling2D) node.
PoolParams pool2d_op_params(const NodeParams& pool, const Shape& input, bool max, bool global);

}  // namespace strata
