// Optimizer update dispatch for the Vulkan backend.
#include "vk/vk_backend.h"

namespace strata::vk {

void VulkanBackend::optimizer_step(const OptimizerConfig& cfg, const Tensor& hyper, const Tensor& param,
                                   const Tensor& grad, const Tensor& state1, const Tensor& state2) {
  check_optimizer_operands(cfg, hyper, param, grad, state1, state2);
  const int states = cfg.state_tensors();
  const bool momentum = cfg.kind == OptimizerKind::SGD && states == 1;
  const SpecConstant spec[] = {{0, uint32_t(cfg.kind)}, {1, cfg.nesterov}, {2, momentum}};
  const uint32_t count = uint32_t(param.numel());
  // Unused state bindings point at the parameter (never touched by the shader
  // variant, but every binding needs a buffer).
  const Binding h = binding(hyper, false), p = binding(param, true), g = binding(grad, false),
                s1 = states >= 1 ? binding(state1, true) : binding(param, false),
                s2 = states >= 2 ? binding(state2, true) : binding(param, false);
  if (optimizer_vec4_ && rgba_texels(param.bytes())) {
    // Four elements per invocation, reads through texel views (optimizer_step4.comp).
    auto read = [](Binding b) {
      b.write = false;
      return b;
    };
    const Binding b[] = {h, p, g, s1, s2, read(p), read(s1), read(s2), p, s1, s2};
    const Kernel& k = pipelines_->get("optimizer_step4", spec, 11, sizeof(uint32_t), false,
                                      /*texel_mask=*/0b11100101);
    dispatch_1d(k, b, &count, (uint64_t(count) + 3) / 4);
    return;
  }
  const Kernel& k = pipelines_->get("optimizer_step", spec, 5, sizeof(uint32_t));
  const Binding b[] = {h, p, g, s1, s2};
  dispatch_1d(k, b, &count, count);
}

}  // namespace strata::vk
