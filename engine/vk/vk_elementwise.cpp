// Sums, strided copies and the weight penalties' gradient for the Vulkan backend.
#include "core/error.h"
#include "vk/vk_backend.h"

namespace strata::vk {

void VulkanBackend::add(float alpha, const Tensor& a, float beta, const Tensor& bt, const Tensor& out) {
  check_same_size("add", {&a, &bt, &out});
  struct {
    uint32_t count;
    float alpha, beta;
    uint32_t a_off, b_off, o_off;
  } push{uint32_t(a.numel()), alpha, beta, 0, 0, 0};
  const Binding b[] = {binding_shifted(a, false, &push.a_off), binding_shifted(bt, false, &push.b_off),
                       binding_shifted(out, true, &push.o_off)};
  const Kernel& k = pipelines_->get("add", {}, 3, sizeof push);
  dispatch_1d(k, b, &push, push.count);
}

void VulkanBackend::strided_copy(const CopyLayout& l, const Tensor& src, const Tensor& dst, bool accumulate) {
  check_copy("copy", l, src, dst);
  struct {
    uint32_t d[3], s[3], t[3];
    uint32_t src_off, dst_off, accumulate;
  } push{};
  for (size_t k = 0; k < 3; ++k) {
    push.d[k] = uint32_t(l.dims[k]);
    push.s[k] = uint32_t(l.src_stride[k]);
    push.t[k] = uint32_t(l.dst_stride[k]);
  }
  uint32_t s_shift = 0, d_shift = 0;
  const Binding b[] = {binding_shifted(src, false, &s_shift), binding_shifted(dst, true, &d_shift)};
  push.src_off = uint32_t(l.src_offset) + s_shift;
  push.dst_off = uint32_t(l.dst_offset) + d_shift;
  push.accumulate = accumulate;
  const Kernel& k = pipelines_->get("strided_copy", {}, 2, sizeof push);
  dispatch_1d(k, b, &push, uint64_t(l.count()));
}

void VulkanBackend::norm_penalty_backward(const Tensor& w, float l1, float l2, const Tensor& grad) {
  check_same_size("weight penalty", {&w, &grad});
  struct {
    uint32_t count;
    float l1, l2;
    uint32_t w_off, g_off;
  } push{uint32_t(w.numel()), l1, l2, 0, 0};
  const Binding b[] = {binding_shifted(w, false, &push.w_off), binding_shifted(grad, true, &push.g_off)};
  const Kernel& k = pipelines_->get("norm_penalty_backward", {}, 2, sizeof push);
  dispatch_1d(k, b, &push, push.count);
}

}  // namespace strata::vk
