// Channel sums, dropout and elementwise products for the Vulkan backend.
#include "core/error.h"
#include "vk/vk_backend.h"

namespace strata::vk {

void VulkanBackend::channel_sum(const Tensor& x, ChannelSumShape s, float beta, const Tensor& out) {
  check_channel_sum(x, s, out);
  struct {
    uint32_t outer, channels, inner;
    float beta;
    uint32_t x_off, o_off;
  } push{uint32_t(s.outer), uint32_t(s.channels), uint32_t(s.inner), beta, 0, 0};
  const Kernel& k = pipelines_->get("channel_sum", {}, 2, sizeof push);
  // Shifted: attention sums each head's block of a head-major buffer.
  const Binding b[] = {binding_shifted(x, false, &push.x_off), binding_shifted(out, true, &push.o_off)};
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

namespace strata::vk {
namespace {
constexpr uint32_t kParts = 256;
struct SumPush {
  uint32_t count;
  float beta, max_norm, l1, l2;
  uint32_t x_off;
};
}  // namespace

void VulkanBackend::norm_penalty(const Tensor& x, float l1, float l2, float beta, const Tensor& total) {
  if (!total.defined() || total.numel() != 1) throw Error("weight penalty: the total holds one value");
  if (!partials_.defined()) partials_ = empty({kParts});
  SumPush push{uint32_t(x.numel()), beta, 0.f, l1, l2, 0};
  const Binding b[] = {binding_shifted(x, false, &push.x_off), binding(partials_, true), binding(total, true)};
  for (uint32_t stage : {0u, 1u}) {
    const SpecConstant spec[] = {{0, stage}, {1, kParts}};
    const Kernel& k = pipelines_->get("norm_penalty", spec, 3, sizeof push);
    dispatch_1d(k, b, &push, stage == 0 ? kParts : 1);
  }
}

void VulkanBackend::set_clip_scale(const Tensor& total, float max_norm, const Tensor& hyper) {
  if (!(max_norm > 0.f)) throw Error("gradient clipping: the maximum norm must be positive");
  if (!hyper.defined() || hyper.numel() != kHyperCount) throw Error("gradient clipping: bad hyperparameter tensor");
  if (!partials_.defined()) partials_ = empty({kParts});
  SumPush push{1, 0.f, max_norm, 0.f, 0.f, 0};
  const Binding b[] = {binding_shifted(total, false, &push.x_off), binding(partials_, false), binding(hyper, true)};
  const SpecConstant spec[] = {{0, 2u}, {1, kParts}};
  const Kernel& k = pipelines_->get("norm_penalty", spec, 3, sizeof push);
  dispatch_1d(k, b, &push, 1);
}

}  // namespace strata::vk
