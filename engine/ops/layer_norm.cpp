#include "ops/layer_norm.h"

#include <algorithm>
#include <cmath>

namespace strata {

void layer_norm_forward_reference(const LayerNormParams& p, std::span<const double> x, std::span<const double> gamma,
                                  std::span<const double> beta, std::span<double> y, std::span<double> mean,
                                  std::span<double> invstd) {
  for (int64_t r = 0; r < p.rows; ++r) {
    const double* row = x.data() + r * p.dim;
    double m = 0, v = 0;
    for (int64_t d = 0; d < p.dim; ++d) m += row[d];
    m /= double(p.dim);
    for (int64_t d = 0; d < p.dim; ++d) v += (row[d] - m) * (row[d] - m);
    v /= double(p.dim);
    const double is = 1.0 / std::sqrt(v + double(p.eps));
    mean[r] = m, invstd[r] = is;
    for (int64_t d = 0; d < p.dim; ++d) y[r * p.dim + d] = gamma[d] * (row[d] - m) * is + beta[d];
  }
}

void layer_norm_backward_reference(const LayerNormParams& p, std::span<const double> x, std::span<const double> gamma,
                                   std::span<const double> mean, std::span<const double> invstd,
                                   std::span<const double> dy, std::span<double> dx, std::span<double> dgamma,
                                   std::span<double> dbeta) {
  std::fill(dgamma.begin(), dgamma.end(), 0.0);
  std::fill(dbeta.begin(), dbeta.end(), 0.0);
  const double D = double(p.dim);
  for (int64_t r = 0; r < p.rows; ++r) {
    double sg = 0, sgx = 0;
    for (int64_t d = 0; d < p.dim; ++d) {
      const int64_t i = r * p.dim + d;
      const double xhat = (x[i] - mean[r]) * invstd[r], g = dy[i] * gamma[d];
      sg += g, sgx += g * xhat;
      dgamma[d] += dy[i] * xhat;
      dbeta[d] += dy[i];
    }
    for (int64_t d = 0; d < p.dim; ++d) {
      const int64_t i = r * p.dim + d;
      const double xhat = (x[i] - mean[r]) * invstd[r];
      dx[i] = invstd[r] / D * (D * dy[i] * gamma[d] - sg - xhat * sgx);
    }
  }
}

}  // namespace strata
