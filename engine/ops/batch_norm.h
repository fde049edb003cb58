#pragma once
// Batch normalization over [N, C, inner] (NCHW convolution outputs have inner =
// H*W, Dense outputs inner = 1), per channel c:
//   training:   mean, var over N*inner (biased var normalizes; running_var is
//               updated with the unbiased one, as PyTorch does);
//               running = (1 - momentum) * running + momentum * batch
//   evaluation: the running statistics
//   y = gamma * (x - mean) / sqrt(var + eps) + beta
// Forward saves mean and 1/sqrt(var + eps) per channel for backward:
//   dbeta = sum dy, dgamma = sum dy * xhat,
//   dx = gamma * invstd / M * (M * dy - dbeta - xhat * dgamma)   (M = N * inner).
#include <cstdint>
#include <span>

namespace strata {

struct BatchNormParams {
  int64_t batch = 1, channels = 1, inner = 1;
  float eps = 1e-5f, momentum = 0.1f;
  bool training = true;
  int64_t count() const { return batch * channels * inner; }
};

// References in double. Training updates running_mean/var in place.
void batch_norm_forward_reference(const BatchNormParams& p, std::span<const double> x, std::span<const double> gamma,
                                  std::span<const double> beta, std::span<double> running_mean,
                                  std::span<double> running_var, std::span<double> y, std::span<double> saved_mean,
                                  std::span<double> saved_invstd);
// Backward of the training-mode forward.
void batch_norm_backward_reference(const BatchNormParams& p, std::span<const double> x, std::span<const double> gamma,
                                   std::span<const double> saved_mean, std::span<const double> saved_invstd,
                                   std::span<const double> dy, std::span<double> dx, std::span<double> dgamma,
                                   std::span<double> dbeta);

}  // namespace strata
