#pragma once
// Losses that compare predictions and targets element by element: mean
// squared error, mean absolute error and binary cross-entropy on logits
// (numerically stable: max(z, 0) - z t + log(1 + exp(-|z|))). Predictions and
// targets are [B, F]; the loss of a sample is the mean over its F values, and
// backward gives dpred = scale * d(loss_b)/d(pred) (scale = upstream / B for a
// batch mean). MAE's derivative at a zero difference is 0, as in PyTorch.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace strata {

enum class PointwiseLoss : uint32_t { MSE = 0, MAE = 1, BCEWithLogits = 2 };

std::string_view pointwise_loss_name(PointwiseLoss k);

// Per-element value and derivative in double (the reference).
inline double pointwise_loss_value(PointwiseLoss k, double z, double t) {
  switch (k) {
    case PointwiseLoss::MSE: return (z - t) * (z - t);
    case PointwiseLoss::MAE: return std::fabs(z - t);
    case PointwiseLoss::BCEWithLogits: return std::max(z, 0.0) - z * t + std::log1p(std::exp(-std::fabs(z)));
  }
  return 0;
}
inline double pointwise_loss_derivative(PointwiseLoss k, double z, double t) {
  switch (k) {
    case PointwiseLoss::MSE: return 2 * (z - t);
    case PointwiseLoss::MAE: return z > t ? 1.0 : (z < t ? -1.0 : 0.0);
    case PointwiseLoss::BCEWithLogits: return 1.0 / (1.0 + std::exp(-z)) - t;
  }
  return 0;
}

}  // namespace strata
