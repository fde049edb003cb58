// Elementwise activation dispatch for the Vulkan backend.
#include "core/error.h"
#include "core/fault_injection.h"
#include "vk/vk_backend.h"

namespace strata::vk {
namespace {
struct ActivationPush {
  uint32_t count;
  float param;
};
}  // namespace

void VulkanBackend::activation_forward(Activation act, float param, const Tensor& x, const Tensor& y) {
  check_same_size("activation", {&x, &y});
  // A test's driver bug: the kernel computes another function.
  if (fault::wrong_kernel("activation")) act = act == Activation::Sigmoid ? Activation::Tanh : Activation::Sigmoid;
  const SpecConstant spec[] = {{0, uint32_t(act)}};
  const Kernel& k = pipelines_->get("activation_forward", spec, 2, sizeof(ActivationPush));
  ActivationPush push{uint32_t(x.numel()), param};
  const Binding b[] = {binding(x, false), binding(y, true)};
  dispatch_1d(k, b, &push, uint64_t(x.numel()));
}

void VulkanBackend::activation_backward(Activation act, float param, const Tensor& x, const Tensor& y,
                                        const Tensor& dy, const Tensor& dx) {
  check_same_size("activation backward", {&x, &y, &dy, &dx});
  const SpecConstant spec[] = {{0, uint32_t(act)}};
  const Kernel& k = pipelines_->get("activation_backward", spec, 4, sizeof(ActivationPush));
  ActivationPush push{uint32_t(x.numel()), param};
  const Binding b[] = {binding(x, false), binding(y, false), binding(dy, false), binding(dx, true)};
  dispatch_1d(k, b, &push, uint64_t(x.numel()));
}

}  // namespace strata::vk
