// Softmax layer dispatch for the Vulkan backend.
#include "vk/vk_backend.h"

namespace strata::vk {
namespace {
struct SoftmaxPush {
  uint32_t rows, cols, a_off, b_off, o_off;
};
}  // namespace

void VulkanBackend::softmax_forward(SoftmaxShape s, const Tensor& x, const Tensor& y) {
  check_softmax(s, x, y);
  SoftmaxPush push{uint32_t(s.rows), uint32_t(s.cols), 0, 0, 0};
  const Binding b[] = {binding_shifted(x, false, &push.a_off), binding_shifted(x, false, &push.b_off),
                       binding_shifted(y, true, &push.o_off)};
  const SpecConstant spec[] = {{0, 0u}};
  const Kernel& k = pipelines_->get("softmax", spec, 3, sizeof push);
  dispatch_1d(k, b, &push, uint64_t(s.rows));
}

void VulkanBackend::softmax_backward(SoftmaxShape s, const Tensor& y, const Tensor& dy, const Tensor& dx) {
  check_softmax(s, y, dy, &dx);
  SoftmaxPush push{uint32_t(s.rows), uint32_t(s.cols), 0, 0, 0};
  const Binding b[] = {binding_shifted(y, false, &push.a_off), binding_shifted(dy, false, &push.b_off),
                       binding_shifted(dx, true, &push.o_off)};
  const SpecConstant spec[] = {{0, 1u}};
  const Kernel& k = pipelines_->get("softmax", spec, 3, sizeof push);
  dispatch_1d(k, b, &push, uint64_t(s.rows));
}

}  // namespace strata::vk
