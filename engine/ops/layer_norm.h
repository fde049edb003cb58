#pragma once
// Layer normalization over the last dimension: x is [rows, dim],
//   y = gamma * (x - mean_r) * invstd_r + beta,  invstd_r = 1 / sqrt(var_r + eps)
// with biased variance per row; gamma and beta are [dim]. Forward saves
// mean and invstd per row. Backward, with g = dy * gamma:
//   dx = invstd / dim * (dim * g - sum_d g - xhat * sum_d g * xhat)
//   dgamma = sum_r dy * xhat,  dbeta = sum_r dy
#include <cstdint>
#include <span>

namespace strata {

struct LayerNormParams {
  int64_t rows = 1, dim = 1;
  float eps = 1e-5f;
};

void layer_norm_forward_reference(const LayerNormParams& p, std::span<const double> x, std::span<const double> gamma,
                                  std::span<const double> beta, std::span<double> y, std::span<double> mean,
                                  std::span<double> invstd);
void layer_norm_backward_reference(const LayerNormParams& p, std::span<const double> x, std::span<const double> gamma,
                                   std::span<const double> mean, std::span<const double> invstd,
                                   std::span<const double> dy, std::span<double> dx, std::span<double> dgamma,
                                   std::span<double> dbeta);

}  // namespace strata
