// Batch normalization on the native CPU backend (double accumulators per channel).
#include <cmath>

#include "cpu/cpu_backend.h"

namespace strata {

void CpuBackend::batch_norm_forward(const BatchNormParams& p, const Tensor& x, const Tensor& gamma, const Tensor& beta,
                                    const Tensor& running_mean, const Tensor& running_var, const Tensor& y,
                                    const Tensor& saved_mean, const Tensor& saved_invstd) {
  check_batch_norm(p, {&x, &y}, {&gamma, &beta, &running_mean, &running_var, &saved_mean, &saved_invstd});
  const float *in = data(x), *g = data(gamma), *b = data(beta);
  float *out = data(y), *rm = data(running_mean), *rv = data(running_var), *sm = data(saved_mean), *si = data(saved_invstd);
  const int64_t M = p.batch * p.inner;
  for (int64_t c = 0; c < p.channels; ++c) {
    double mean = rm[c], var = rv[c];
    if (p.training) {
      double s = 0, ss = 0;
      for (int64_t n = 0; n < p.batch; ++n) {
        const float* row = in + (n * p.channels + c) * p.inner;
        for (int64_t i = 0; i < p.inner; ++i) s += row[i];
      }
      mean = s / double(M);
      for (int64_t n = 0; n < p.batch; ++n) {
        const float* row = in + (n * p.channels + c) * p.inner;
        for (int64_t i = 0; i < p.inner; ++i) ss += (row[i] - mean) * (row[i] - mean);
      }
      var = ss / double(M);
      const double unbiased = M > 1 ? ss / double(M - 1) : var;
      rm[c] = float((1 - p.momentum) * rm[c] + p.momentum * mean);
      rv[c] = float((1 - p.momentum) * rv[c] + p.momentum * unbiased);
    }
    const float invstd = float(1.0 / std::sqrt(var + double(p.eps))), m = float(mean);
    sm[c] = m;
    si[c] = invstd;
    const float scale = g[c] * invstd, shift = b[c] - m * scale;
    for (int64_t n = 0; n < p.batch; ++n) {
      const float* row = in + (n * p.channels + c) * p.inner;
      float* orow = out + (n * p.channels + c) * p.inner;
      for (int64_t i = 0; i < p.inner; ++i) orow[i] = row[i] * scale + shift;
    }
  }
}

void CpuBackend::batch_norm_backward(const BatchNormParams& p, const Tensor& x, const Tensor& gamma,
                                     const Tensor& saved_mean, const Tensor& saved_invstd, const Tensor& dy,
                                     const Tensor& dx, const Tensor& dgamma, const Tensor& dbeta) {
  check_batch_norm(p, {&x, &dy, &dx}, {&gamma, &saved_mean, &saved_invstd, &dgamma, &dbeta});
  const float *in = data(x), *g = data(gamma), *sm = data(saved_mean), *si = data(saved_invstd), *gy = data(dy);
  float *gx = data(dx), *gg = data(dgamma), *gb = data(dbeta);
  const double M = double(p.batch * p.inner);
  for (int64_t c = 0; c < p.channels; ++c) {
    double sdy = 0, sdyx = 0;
    for (int64_t n = 0; n < p.batch; ++n) {
      const int64_t base = (n * p.channels + c) * p.inner;
      for (int64_t i = 0; i < p.inner; ++i) {
        sdy += gy[base + i];
        sdyx += double(gy[base + i]) * (in[base + i] - sm[c]) * si[c];
      }
    }
    gb[c] = float(sdy);
    gg[c] = float(sdyx);
    const float k = float(g[c] * si[c] / M), a = float(sdy), bsum = float(sdyx), Mf = float(M);
    for (int64_t n = 0; n < p.batch; ++n) {
      const int64_t base = (n * p.channels + c) * p.inner;
      for (int64_t i = 0; i < p.inner; ++i) {
        const float xhat = (in[base + i] - sm[c]) * si[c];
        gx[base + i] = k * (Mf * gy[base + i] - a - xhat * bsum);
      }
    }
  }
}

}  // namespace strata
