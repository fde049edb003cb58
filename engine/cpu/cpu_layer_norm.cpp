// Layer normalization on the native CPU backend.
#include <cmath>
#include <vector>

#include "cpu/cpu_backend.h"

namespace strata {

void CpuBackend::layer_norm_forward(const LayerNormParams& p, const Tensor& x, const Tensor& gamma, const Tensor& beta,
                                    const Tensor& y, const Tensor& mean, const Tensor& invstd) {
  check_layer_norm(p, {&x, &y}, {&gamma, &beta}, {&mean, &invstd});
  const float *in = data(x), *g = data(gamma), *b = data(beta);
  float *out = data(y), *m = data(mean), *is = data(invstd);
  for (int64_t r = 0; r < p.rows; ++r) {
    const float* row = in + r * p.dim;
    double s = 0, ss = 0;
    for (int64_t d = 0; d < p.dim; ++d) s += row[d];
    const double mu = s / double(p.dim);
    for (int64_t d = 0; d < p.dim; ++d) ss += (row[d] - mu) * (row[d] - mu);
    const float inv = float(1.0 / std::sqrt(ss / double(p.dim) + double(p.eps))), muf = float(mu);
    m[r] = muf, is[r] = inv;
    for (int64_t d = 0; d < p.dim; ++d) out[r * p.dim + d] = g[d] * (row[d] - muf) * inv + b[d];
  }
}

void CpuBackend::layer_norm_backward(const LayerNormParams& p, const Tensor& x, const Tensor& gamma,
                                     const Tensor& mean, const Tensor& invstd, const Tensor& dy, const Tensor& dx,
                                     const Tensor& dgamma, const Tensor& dbeta) {
  check_layer_norm(p, {&x, &dy, &dx}, {&gamma, &dgamma, &dbeta}, {&mean, &invstd});
  const float *in = data(x), *g = data(gamma), *m = data(mean), *is = data(invstd), *gy = data(dy);
  float *gx = data(dx), *gg = data(dgamma), *gb = data(dbeta);
  std::vector<double> acc_g(size_t(p.dim), 0.0), acc_b(size_t(p.dim), 0.0);
  const float D = float(p.dim);
  for (int64_t r = 0; r < p.rows; ++r) {
    double sg = 0, sgx = 0;
    for (int64_t d = 0; d < p.dim; ++d) {
      const int64_t i = r * p.dim + d;
      const float xhat = (in[i] - m[r]) * is[r], gi = gy[i] * g[d];
      sg += gi, sgx += double(gi) * xhat;
      acc_g[size_t(d)] += double(gy[i]) * xhat;
      acc_b[size_t(d)] += gy[i];
    }
    for (int64_t d = 0; d < p.dim; ++d) {
      const int64_t i = r * p.dim + d;
      const float xhat = (in[i] - m[r]) * is[r];
      gx[i] = is[r] / D * (D * gy[i] * g[d] - float(sg) - xhat * float(sgx));
    }
  }
  for (int64_t d = 0; d < p.dim; ++d) gg[d] = float(acc_g[size_t(d)]), gb[d] = float(acc_b[size_t(d)]);
}

}  // namespace strata
