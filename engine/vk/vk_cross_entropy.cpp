// Softmax cross-entropy dispatch for the Vulkan backend.
#include "ops/softmax_cross_entropy.h"
#include "vk/vk_backend.h"

namespace strata::vk {

void VulkanBackend::softmax_cross_entropy(const Tensor& logits, const Tensor& targets, bool distribution,
                                          const Tensor& probs, const Tensor& loss) {
  const auto s = check_cross_entropy(logits, targets, distribution, &probs, &loss);
  struct {
    uint32_t batch, classes;
  } push{uint32_t(s.batch), uint32_t(s.classes)};
  const SpecConstant spec[] = {{0, distribution}};
  const Kernel& k = pipelines_->get("cross_entropy_forward", spec, 4, sizeof push);
  const Binding b[] = {binding(logits, false), binding(targets, false), binding(probs, true), binding(loss, true)};
  dispatch_1d(k, b, &push, uint64_t(s.batch));
}

void VulkanBackend::softmax_cross_entropy_backward(const Tensor& probs, const Tensor& targets, bool distribution,
                                                   float scale, const Tensor& dlogits) {
  const auto s = check_cross_entropy(probs, targets, distribution, &dlogits, nullptr);
  struct {
    uint32_t batch, classes;
    float scale;
  } push{uint32_t(s.batch), uint32_t(s.classes), scale};
  const SpecConstant spec[] = {{0, distribution}};
  const Kernel& k = pipelines_->get("cross_entropy_backward", spec, 3, sizeof push);
  const Binding b[] = {binding(probs, false), binding(targets, false), binding(dlogits, true)};
  dispatch_1d(k, b, &push, uint64_t(s.batch * s.classes));
}

}  // namespace strata::vk
