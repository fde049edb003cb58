// Batch normalization dispatch for the Vulkan backend.
#include "vk/vk_backend.h"

namespace strata::vk {

void VulkanBackend::batch_norm_forward(const BatchNormParams& p, const Tensor& x, const Tensor& gamma,
                                       const Tensor& beta, const Tensor& running_mean, const Tensor& running_var,
                                       const Tensor& y, const Tensor& saved_mean, const Tensor& saved_invstd) {
  check_batch_norm(p, {&x, &y}, {&gamma, &beta, &running_mean, &running_var, &saved_mean, &saved_invstd});
  struct {
    uint32_t batch, channels, inner;
    float eps, momentum;
  } push{uint32_t(p.batch), uint32_t(p.channels), uint32_t(p.inner), p.eps, p.momentum};
  const SpecConstant spec[] = {{0, p.training}};
  const Kernel& k = pipelines_->get("batch_norm_forward", spec, 8, sizeof push);
  const Binding b[] = {binding(x, false),           binding(gamma, false), binding(beta, false),
                       binding(running_mean, true), binding(running_var, true), binding(y, true),
                       binding(saved_mean, true),   binding(saved_invstd, true)};
  dispatch_1d(k, b, &push, uint64_t(p.channels));
}

void VulkanBackend::batch_norm_backward(const BatchNormParams& p, const Tensor& x, const Tensor& gamma,
                                        const Tensor& saved_mean, const Tensor& saved_invstd, const Tensor& dy,
                                        const Tensor& dx, const Tensor& dgamma, const Tensor& dbeta) {
  check_batch_norm(p, {&x, &dy, &dx}, {&gamma, &saved_mean, &saved_invstd, &dgamma, &dbeta});
  struct {
    uint32_t batch, channels, inner;
  } push{uint32_t(p.batch), uint32_t(p.channels), uint32_t(p.inner)};
  const Kernel& k = pipelines_->get("batch_norm_backward", {}, 8, sizeof push);
  const Binding b[] = {binding(x, false),  binding(gamma, false), binding(saved_mean, false), binding(saved_invstd, false),
                       binding(dy, false), binding(dx, true),     binding(dgamma, true),      binding(dbeta, true)};
  dispatch_1d(k, b, &push, uint64_t(p.channels));
}

}  // namespace strata::vk
