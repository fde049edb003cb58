// Pointwise loss dispatch for the Vulkan backend.
#include "vk/vk_backend.h"

namespace strata::vk {
namespace {
struct LossPush {
  uint32_t batch, features;
  float scale;
};
}  // namespace

void VulkanBackend::pointwise_loss(PointwiseLoss kind, const Tensor& pred, const Tensor& target, int64_t batch,
                                   const Tensor& loss) {
  const int64_t F = check_pointwise_loss(kind, pred, target, batch, loss, batch);
  LossPush push{uint32_t(batch), uint32_t(F), 1.f};
  const SpecConstant spec[] = {{0, uint32_t(kind)}, {1, 1}};
  const Kernel& k = pipelines_->get("pointwise_loss", spec, 3, sizeof push);
  const Binding b[] = {binding(pred, false), binding(target, false), binding(loss, true)};
  dispatch_1d(k, b, &push, uint64_t(batch));
}

void VulkanBackend::pointwise_loss_backward(PointwiseLoss kind, const Tensor& pred, const Tensor& target,
                                            int64_t batch, float scale, const Tensor& dpred) {
  const int64_t F = check_pointwise_loss(kind, pred, target, batch, dpred, pred.numel());
  LossPush push{uint32_t(batch), uint32_t(F), scale};
  const SpecConstant spec[] = {{0, uint32_t(kind)}, {1, 0}};
  const Kernel& k = pipelines_->get("pointwise_loss", spec, 3, sizeof push);
  const Binding b[] = {binding(pred, false), binding(target, false), binding(dpred, true)};
  dispatch_1d(k, b, &push, uint64_t(pred.numel()));
}

}  // namespace strata::vk
