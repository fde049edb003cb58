#include "ops/pointwise_loss.h"

namespace strata {

std::string_view pointwise_loss_name(PointwiseLoss k) {
  switch (k) {
    case PointwiseLoss::MSE: return "mse";
    case PointwiseLoss::MAE: return "mae";
    case PointwiseLoss::BCEWithLogits: return "binary_crossentropy";
  }
  return "?";
}

}  // namespace strata
