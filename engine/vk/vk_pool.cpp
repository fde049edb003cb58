// Pooling dispatch for the Vulkan backend.
#include "vk/vk_backend.h"

namespace strata::vk {
namespace {
struct PoolPush {
  uint32_t planes, H, W, OH, OW, kh, kw, sh, sw, ph, pw;
};
PoolPush make_push(const PoolParams& p) {
  return {uint32_t(p.batch * p.channels), uint32_t(p.height), uint32_t(p.width), uint32_t(p.out_height()),
          uint32_t(p.out_width()),        uint32_t(p.kh),     uint32_t(p.kw),    uint32_t(p.sh),
          uint32_t(p.sw),                 uint32_t(p.ph),     uint32_t(p.pw)};
}
}  // namespace

void VulkanBackend::pool_forward(const PoolParams& p, const Tensor& x, const Tensor& y, const Tensor& argmax) {
  check_pool_operands(p, x, y, argmax);
  const PoolPush push = make_push(p);
  const SpecConstant spec[] = {{0, p.max}};
  const Kernel& k = pipelines_->get("pool_forward", spec, 3, sizeof push);
  // Average pooling writes no argmax: bind the output there (never written).
  const Binding b[] = {binding(x, false), binding(y, true), p.max ? binding(argmax, true) : binding(y, false)};
  dispatch_1d(k, b, &push, uint64_t(p.out_count()));
}

void VulkanBackend::pool_backward(const PoolParams& p, const Tensor& dy, const Tensor& argmax, const Tensor& dx) {
  check_pool_operands(p, dx, dy, argmax);
  const PoolPush push = make_push(p);
  const SpecConstant spec[] = {{0, p.max}};
  const Kernel& k = pipelines_->get("pool_backward", spec, 3, sizeof push);
  const Binding b[] = {binding(dy, false), p.max ? binding(argmax, false) : binding(dy, false), binding(dx, true)};
  dispatch_1d(k, b, &push, uint64_t(p.in_count()));
}

}  // namespace strata::vk
