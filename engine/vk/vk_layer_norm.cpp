// Layer normalization dispatch for the Vulkan backend.
#include "vk/vk_backend.h"

namespace strata::vk {

void VulkanBackend::layer_norm_forward(const LayerNormParams& p, const Tensor& x, const Tensor& gamma,
                                       const Tensor& beta, const Tensor& y, const Tensor& mean, const Tensor& invstd) {
  check_layer_norm(p, {&x, &y}, {&gamma, &beta}, {&mean, &invstd});
  struct {
    uint32_t rows, dim;
    float eps;
  } push{uint32_t(p.rows), uint32_t(p.dim), p.eps};
  const Kernel& k = pipelines_->get("layer_norm_forward", {}, 6, sizeof push);
  const Binding b[] = {binding(x, false), binding(gamma, false), binding(beta, false),
                       binding(y, true),  binding(mean, true),   binding(invstd, true)};
  dispatch_1d(k, b, &push, uint64_t(p.rows));
}

void VulkanBackend::layer_norm_backward(const LayerNormParams& p, const Tensor& x, const Tensor& gamma,
                                        const Tensor& mean, const Tensor& invstd, const Tensor& dy, const Tensor& dx,
                                        const Tensor& dgamma, const Tensor& dbeta) {
  check_layer_norm(p, {&x, &dy, &dx}, {&gamma, &dgamma, &dbeta}, {&mean, &invstd});
  struct {
    uint32_t rows, dim;
  } push{uint32_t(p.rows), uint32_t(p.dim)};
  const Binding b[] = {binding(x, false),  binding(gamma, false), binding(mean, false),  binding(invstd, false),
                       binding(dy, false), binding(dx, true),     binding(dgamma, true), binding(dbeta, true)};
  for (bool per_row : {true, false}) {
    const SpecConstant spec[] = {{0, per_row}};
    const Kernel& k = pipelines_->get("layer_norm_backward", spec, 8, sizeof push);
    dispatch_1d(k, b, &push, uint64_t(per_row ? p.rows : p.dim));
  }
}

}  // namespace strata::vk
