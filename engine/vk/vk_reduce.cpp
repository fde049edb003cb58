// Channel sums, dropout and elementwise products for the Vulkan backend.
#include "vk/vk_backend.h"

namespace strata::vk {

void VulkanBackend::channel_sum(const Tensor& x, ChannelSumShape s, float beta, const Tensor& out) {
  check_channel_sum(x, s, out);
  struct {
    uint32_t outer, channels, inner;
    float beta;
  } push{uint32_t(s.outer), uint32_t(s.channels), uint32_t(s.inner), beta};
  const Kernel& k = pipelines_->get("channel_sum", {}, 2, sizeof push);
  const Binding b[] = {binding(x, false), binding(out, true)};
  dispatch_1d(k, b, &push, uint64_t(s.channels));
}

void VulkanBackend::dropout_forward(const Tensor& x, float rate, uint32_t seed, uint32_t step, const Tensor& y,
                                    const Tensor& mask) {
  check_dropout_rate(rate);
  check_same_size("dropout", {&x, &y, &mask});
  struct {
    uint32_t count;
    float rate;
    uint32_t seed, step;
  } push{uint32_t(x.numel()), rate, seed, step};
  const Kernel& k = pipelines_->get("dropout", {}, 3, sizeof push);
  const Binding b[] = {binding(x, false), binding(y, true), binding(mask, true)};
  dispatch_1d(k, b, &push, uint64_t(x.numel()));
}

void VulkanBackend::multiply(const Tensor& a, const Tensor& bt, const Tensor& out) {
  check_same_size("multiply", {&a, &bt, &out});
  const uint32_t count = uint32_t(a.numel());
  const Kernel& k = pipelines_->get("multiply", {}, 3, sizeof count);
  const Binding b[] = {binding(a, false), binding(bt, false), binding(out, true)};
  dispatch_1d(k, b, &count, count);
}

}  // namespace strata::vk
