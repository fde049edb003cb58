#pragma once
// Softmax as a layer (over the last axis of [rows, cols]), for networks that
// output probabilities. Training a classifier should use the fused softmax
// cross-entropy loss on logits instead (ops/softmax_cross_entropy.h), which is
// exact where this layer's output saturates.
// Backward: dx = y * (dy - sum_j dy_j y_j) per row.
#include <cstdint>
#include <span>

namespace strata {

class Tensor;

struct SoftmaxShape {
  int64_t rows = 1, cols = 1;
};
void check_softmax(SoftmaxShape s, const Tensor& a, const Tensor& b, const Tensor* c = nullptr);

void softmax_forward_reference(SoftmaxShape s, std::span<const double> x, std::span<double> y);
void softmax_backward_reference(SoftmaxShape s, std::span<const double> y, std::span<const double> dy,
                                std::span<double> dx);

}  // namespace strata
