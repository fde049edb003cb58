#pragma once
// Elementwise sums and the L1/L2 weight penalties. Add layers and gradient
// accumulation use out = alpha * a + beta * b. A layer's penalty adds
// l1 * sum|w| + l2 * sum w^2 to the loss (the Keras convention) and
// l1 * sign(w) + 2 * l2 * w to the weight gradient.
#include <cmath>

namespace strata {

inline double norm_penalty_reference(double w, double l1, double l2) { return l1 * std::fabs(w) + l2 * w * w; }
inline double norm_penalty_derivative(double w, double l1, double l2) {
  return l1 * (w > 0 ? 1.0 : w < 0 ? -1.0 : 0.0) + 2.0 * l2 * w;
}

}  // namespace strata
