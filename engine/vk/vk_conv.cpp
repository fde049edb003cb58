// im2col and col2im dispatch for the Vulkan backend.
#include "vk/vk_backend.h"

namespace strata::vk {
namespace {
struct ConvPush {
  uint32_t cin, H, W, OH, OW, kh, kw, sh, sw, ph, pw, dh, dw, x_off, col_off, samples;
};
ConvPush make_push(const ConvParams& p) {
  return {uint32_t(p.cin), uint32_t(p.height), uint32_t(p.width), uint32_t(p.out_height()), uint32_t(p.out_width()),
          uint32_t(p.kh),  uint32_t(p.kw),     uint32_t(p.sh),    uint32_t(p.sw),           uint32_t(p.ph),
          uint32_t(p.pw),  uint32_t(p.dh),     uint32_t(p.dw),    0,                        0,
          uint32_t(p.batch)};
}
}  // namespace

void VulkanBackend::im2col(const ConvParams& p, const Tensor& x, const Tensor& col) {
  check_im2col(p, x, col);
  ConvPush push = make_push(p);
  const Binding b[] = {binding_shifted(x, false, &push.x_off), binding_shifted(col, true, &push.col_off)};
  // x as texels where possible: lavapipe fetches texels vectorised, storage
  // buffers lane by lane (bench/README.md, GEMM).
  const auto& caps = ctx_->caps();
  const bool texel = caps.texel_rgba32f && (b[0].size + 15) / 16 <= caps.max_texel_buffer_elements;
  const Kernel& k = texel ? pipelines_->get("im2col_texel", {}, 2, sizeof push, false, /*texel_mask=*/0b01)
                          : pipelines_->get("im2col", {}, 2, sizeof push);
  dispatch_1d(k, b, &push, uint64_t(p.col_rows() * p.batch * p.col_cols()));
}

void VulkanBackend::col2im(const ConvParams& p, const Tensor& col, const Tensor& dx) {
  check_im2col(p, dx, col);
  ConvPush push = make_push(p);
  const Binding b[] = {binding_shifted(col, false, &push.col_off), binding_shifted(dx, true, &push.x_off)};
  const Kernel& k = pipelines_->get("col2im", {}, 2, sizeof push);
  dispatch_1d(k, b, &push, uint64_t(p.batch * p.cin * p.height * p.width));
}

}  // namespace strata::vk
