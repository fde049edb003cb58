// Padding masks, masked pooling over time and the attention softmax on the
// Vulkan backend (shaders/sequence_mask.comp, sequence_pool.comp,
// attention_softmax.comp).
#include "vk/vk_backend.h"

namespace strata::vk {
namespace {
struct SequencePoolPush {
  uint32_t batch, steps, features, x_off, m_off, y_off, a_off;
};
struct AttentionSoftmaxPush {
  uint32_t rows, batch, queries, keys, s_off, m_off, p_off;
};
}  // namespace

void VulkanBackend::sequence_mask(const Tensor& ids, const Tensor& mask) {
  check_sequence_mask(ids, mask);
  struct {
    uint32_t count, i_off, m_off;
  } push{uint32_t(ids.numel()), 0, 0};
  const Binding b[] = {binding_shifted(ids, false, &push.i_off), binding_shifted(mask, true, &push.m_off)};
  const Kernel& k = pipelines_->get("sequence_mask", {}, 2, sizeof push);
  dispatch_1d(k, b, &push, uint64_t(ids.numel()));
}

void VulkanBackend::sequence_pool_forward(bool max, SequenceShape s, const Tensor& x, const Tensor* mask,
                                          const Tensor& y, const Tensor& argmax) {
  check_sequence_pool(s, x, mask, y, max ? &argmax : nullptr);
  SequencePoolPush push{uint32_t(s.batch), uint32_t(s.steps), uint32_t(s.features), 0, 0, 0, 0};
  // Unused operands bind a tensor the kernel never touches in that mode.
  const Binding b[] = {binding_shifted(x, false, &push.x_off),
                       binding_shifted(mask ? *mask : x, false, &push.m_off),
                       binding_shifted(y, true, &push.y_off),
                       max ? binding_shifted(argmax, true, &push.a_off) : binding_shifted(x, false, &push.a_off)};
  const SpecConstant spec[] = {{0, max}, {1, 0u}, {2, mask != nullptr}};
  const Kernel& k = pipelines_->get("sequence_pool", spec, 4, sizeof push);
  dispatch_1d(k, b, &push, uint64_t(s.out_count()));
}

void VulkanBackend::sequence_pool_backward(bool max, SequenceShape s, const Tensor& dy, const Tensor* mask,
                                           const Tensor& argmax, const Tensor& dx) {
  check_sequence_pool(s, dx, mask, dy, max ? &argmax : nullptr);
  SequencePoolPush push{uint32_t(s.batch), uint32_t(s.steps), uint32_t(s.features), 0, 0, 0, 0};
  const Binding b[] = {binding_shifted(dy, false, &push.x_off),
                       binding_shifted(mask ? *mask : dy, false, &push.m_off),
                       binding_shifted(dx, true, &push.y_off),
                       binding_shifted(max ? argmax : dy, false, &push.a_off)};
  const SpecConstant spec[] = {{0, max}, {1, 1u}, {2, mask != nullptr}};
  const Kernel& k = pipelines_->get("sequence_pool", spec, 4, sizeof push);
  dispatch_1d(k, b, &push, uint64_t(s.in_count()));
}

void VulkanBackend::attention_softmax(AttentionSoftmaxShape s, const Tensor& scores, const Tensor* key_mask,
                                      const Tensor& probs) {
  check_attention_softmax(s, scores, key_mask, probs);
  AttentionSoftmaxPush push{uint32_t(s.rows()), uint32_t(s.batch), uint32_t(s.queries),
                            uint32_t(s.keys), 0, 0, 0};
  const Binding b[] = {binding_shifted(scores, false, &push.s_off),
                       binding_shifted(key_mask ? *key_mask : scores, false, &push.m_off),
                       binding_shifted(probs, true, &push.p_off)};
  const SpecConstant spec[] = {{0, s.causal}, {1, key_mask != nullptr}};
  const Kernel& k = pipelines_->get("attention_softmax", spec, 3, sizeof push);
  dispatch_1d(k, b, &push, uint64_t(s.rows()));
}

}  // namespace strata::vk
