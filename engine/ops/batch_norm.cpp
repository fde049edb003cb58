#include "ops/batch_norm.h"

#include <cmath>

namespace strata {

void batch_norm_forward_reference(const BatchNormParams& p, std::span<const double> x, std::span<const double> gamma,
                                  std::span<const double> beta, std::span<double> running_mean,
                                  std::span<double> running_var, std::span<double> y, std::span<double> saved_mean,
                                  std::span<double> saved_invstd) {
  const int64_t M = p.batch * p.inner;
  auto at = [&](int64_t n, int64_t c, int64_t i) { return (n * p.channels + c) * p.inner + i; };
  for (int64_t c = 0; c < p.channels; ++c) {
    double mean = running_mean[c], var = running_var[c];
    if (p.training) {
      double s = 0;
      for (int64_t n = 0; n < p.batch; ++n)
        for (int64_t i = 0; i < p.inner; ++i) s += x[at(n, c, i)];
      mean = s / double(M);
      double ss = 0;
      for (int64_t n = 0; n < p.batch; ++n)
        for (int64_t i = 0; i < p.inner; ++i) ss += (x[at(n, c, i)] - mean) * (x[at(n, c, i)] - mean);
      var = ss / double(M);
      const double unbiased = M > 1 ? ss / double(M - 1) : var;
      running_mean[c] = (1 - p.momentum) * running_mean[c] + p.momentum * mean;
      running_var[c] = (1 - p.momentum) * running_var[c] + p.momentum * unbiased;
    }
    const double invstd = 1.0 / std::sqrt(var + double(p.eps));
    saved_mean[c] = mean;
    saved_invstd[c] = invstd;
    for (int64_t n = 0; n < p.batch; ++n)
      for (int64_t i = 0; i < p.inner; ++i) y[at(n, c, i)] = gamma[c] * (x[at(n, c, i)] - mean) * invstd + beta[c];
  }
}

void batch_norm_backward_reference(const BatchNormParams& p, std::span<const double> x, std::span<const double> gamma,
                                   std::span<const double> saved_mean, std::span<const double> saved_invstd,
                                   std::span<const double> dy, std::span<double> dx, std::span<double> dgamma,
                                   std::span<double> dbeta) {
  const double M = double(p.batch * p.inner);
  auto at = [&](int64_t n, int64_t c, int64_t i) { return (n * p.channels + c) * p.inner + i; };
  for (int64_t c = 0; c < p.channels; ++c) {
    double sdy = 0, sdyx = 0;
    for (int64_t n = 0; n < p.batch; ++n)
      for (int64_t i = 0; i < p.inner; ++i) {
        const double xhat = (x[at(n, c, i)] - saved_mean[c]) * saved_invstd[c];
        sdy += dy[at(n, c, i)];
        sdyx += dy[at(n, c, i)] * xhat;
      }
    dbeta[c] = sdy;
    dgamma[c] = sdyx;
    const double k = gamma[c] * saved_invstd[c] / M;
    for (int64_t n = 0; n < p.batch; ++n)
      for (int64_t i = 0; i < p.inner; ++i) {
        const double xhat = (x[at(n, c, i)] - saved_mean[c]) * saved_invstd[c];
        dx[at(n, c, i)] = k * (M * dy[at(n, c, i)] - sdy - xhat * sdyx);
      }
  }
}

}  // namespace strata
