// Optimizer update dispatch for the Vulkan backend.
#include "vk/vk_backend.h"

namespace strata::vk {

void VulkanBackend::optimizer_step(const OptimizerConfig& cfg, const Tensor& hyper, const Tensor& param,
                                   const Tensor& grad, const Tensor& state1, const Tensor& state2) {
  check_optimizer_operands(cfg, hyper, param, grad, state1, state2);
  const int states = cfg.state_tensors();
  const bool momentum = cfg.kind == OptimizerKind::SGD && states == 1;
  const SpecConstant spec[] = {{0, uint32_t(cfg.kind)}, {1, cfg.nesterov}, {2, momentum}};
  const Kernel& k = pipelines_->get("optimizer_step", spec, 5, sizeof(uint32_t));
  const uint32_t count = uint32_t(param.numel());
  // Unused state bindings point at the parameter (never touched by the shader
  // variant, but every binding needs a buffer).
  const Binding b[] = {binding(hyper, false), binding(param, true), binding(grad, false),
                       states >= 1 ? binding(state1, true) : binding(param, false),
                       states >= 2 ? binding(state2, true) : binding(param, false)};
  dispatch_1d(k, b, &count, count);
}

}  // namespace strata::vk
