// Pointwise losses on the native CPU backend.
#include "cpu/cpu_backend.h"

namespace strata {

void CpuBackend::pointwise_loss(PointwiseLoss kind, const Tensor& pred, const Tensor& target, int64_t batch,
                                const Tensor& loss) {
  const int64_t F = check_pointwise_loss(kind, pred, target, batch, loss, batch);
  const float *z = data(pred), *t = data(target);
  float* l = data(loss);
  for (int64_t b = 0; b < batch; ++b) {
    double acc = 0;
    for (int64_t f = 0; f < F; ++f) acc += pointwise_loss_value(kind, z[b * F + f], t[b * F + f]);
    l[b] = float(acc / double(F));
  }
}

void CpuBackend::pointwise_loss_backward(PointwiseLoss kind, const Tensor& pred, const Tensor& target, int64_t batch,
                                         float scale, const Tensor& dpred) {
  const int64_t F = check_pointwise_loss(kind, pred, target, batch, dpred, pred.numel());
  const float *z = data(pred), *t = data(target);
  float* d = data(dpred);
  const double k = double(scale) / double(F);
  for (int64_t i = 0; i < pred.numel(); ++i) d[i] = float(k * pointwise_loss_derivative(kind, z[i], t[i]));
}

}  // namespace strata
