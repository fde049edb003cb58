// Conv2D + activation + MaxPool2D as one op on the Vulkan backend (the model
// fuses the pair, layers/fusion.h): a direct forward kernel for layers with
// few taps, and the backward's pool gradient, activation derivative and GEMM
// layout in one kernel ahead of the convolution's backward (vk_conv.cpp).
#include "core/error.h"
#include "ops/activation.h"
#include "vk/vk_backend.h"

namespace strata::vk {

bool VulkanBackend::direct_conv_pool(const ConvParams& p, const PoolParams& q, const Tensor& x) const {
  // The binding may start up to one texel before x: 16 bytes of margin.
  return p.col_rows() <= 32 && q.kh * q.kw <= 4 && rgba_texels(uint64_t(x.bytes()) + 16);
}

// Few taps (a first layer): the direct kernel, which writes only the pooled
// values and their positions; else the convolution (its output kept for
// nothing but the pool) and the pool.
void VulkanBackend::conv2d_max_pool_forward(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor* bias,
                                            Activation act, const PoolParams& q, const Tensor& y,
                                            const Tensor& pooled, const Tensor& argmax, const Tensor* saved) {
  if (!direct_conv_pool(p, q, x))
    return Backend::conv2d_max_pool_forward(p, x, w, bias, act, q, y, pooled, argmax, saved);
  struct {
    uint32_t count, cin, H, W, kh, kw, sh, sw, ph, pw, dh, dw, CH, CW, psh, psw, pph, ppw, OH, OW, cout;
    uint32_t x_off, w_off, b_off, y_off, a_off;
    float param;
  } push{uint32_t(p.batch * q.out_height() * q.out_width()),
         uint32_t(p.cin), uint32_t(p.height), uint32_t(p.width), uint32_t(p.kh), uint32_t(p.kw), uint32_t(p.sh),
         uint32_t(p.sw), uint32_t(p.ph), uint32_t(p.pw), uint32_t(p.dh), uint32_t(p.dw),
         uint32_t(p.out_height()), uint32_t(p.out_width()), uint32_t(q.sh), uint32_t(q.sw), uint32_t(q.ph),
         uint32_t(q.pw), uint32_t(q.out_height()), uint32_t(q.out_width()), uint32_t(p.cout),
         0, 0, 0, 0, 0, 0.01f};
  const Binding b[] = {binding_shifted(x, false, &push.x_off), binding_shifted(w, false, &push.w_off),
                       bias ? binding_shifted(*bias, false, &push.b_off) : binding_shifted(w, false, &push.b_off),
                       binding_shifted(pooled, true, &push.y_off), binding_shifted(argmax, true, &push.a_off)};
  const SpecConstant spec[] = {{0, uint32_t(act)}, {1, uint32_t(p.col_rows())}, {2, uint32_t(q.kh)},
                               {3, uint32_t(q.kw)}, {4, bias != nullptr}};
  const Kernel& k = pipelines_->get("conv_pool_direct", spec, 5, sizeof push, false, /*texel_mask=*/0b00011);
  dispatch_1d(k, b, &push, push.count);  // one invocation per pooled pixel
}

void VulkanBackend::conv2d_max_pool_backward(const ConvParams& p, Activation act, float param, const PoolParams& q,
                                             const Tensor& x, const Tensor& w, const Tensor& pooled,
                                             const Tensor& argmax, const Tensor& dpooled, const Tensor& y,
                                             const Tensor& dy, const Tensor& dz, const Tensor* dx, const Tensor& dw,
                                             const Tensor* dbias, const Tensor* saved) {
  if (!derivative_from_output(act, param))
    throw Error("conv2d_max_pool_backward: the activation's derivative must come from its output");
  const int64_t pooled_plane = q.out_height() * q.out_width();
  // The kernel reads the pooled tensors (all of argmax's size) as texels;
  // where they do not fit, compose the ops.
  if (!rgba_texels(uint64_t(argmax.bytes()) + 16))
    return Backend::conv2d_max_pool_backward(p, act, param, q, x, w, pooled, argmax, dpooled, y, dy, dz, dx, dw,
                                             dbias, saved);
  if (direct_conv_pool(p, q, x)) saved = nullptr;  // the direct forward ran no im2col
  conv_backward_chunks(p, x, w, dx, dw, dbias, saved, [&](int64_t n0, int64_t samples, const Tensor& gt) {
    struct {
      uint32_t rows, C, H, W, OH, OW, kh, kw, sh, sw, ph, pw, dp_off, am_off, pooled_off, gt_off;
      float param;
    } push{uint32_t(samples * p.cout * q.height), uint32_t(p.cout), uint32_t(q.height), uint32_t(q.width),
           uint32_t(q.out_height()), uint32_t(q.out_width()), uint32_t(q.kh), uint32_t(q.kw), uint32_t(q.sh),
           uint32_t(q.sw), uint32_t(q.ph), uint32_t(q.pw), 0, 0, 0, 0, param};
    const int64_t pooled_n = samples * p.cout * pooled_plane, first_pooled = n0 * p.cout * pooled_plane;
    const Binding b[] = {binding_shifted(dpooled.view(first_pooled, {pooled_n}), false, &push.dp_off),
                         binding_shifted(argmax.view(first_pooled, {pooled_n}), false, &push.am_off),
                         binding_shifted(pooled.view(first_pooled, {pooled_n}), false, &push.pooled_off),
                         binding_shifted(gt, true, &push.gt_off)};
    const SpecConstant spec[] = {{0, uint32_t(act)}, {1, q.kh > q.sh || q.kw > q.sw}};
    const Kernel& k = pipelines_->get("conv_pool_backward", spec, 4, sizeof push, false, /*texel_mask=*/0b0111);
    dispatch_1d(k, b, &push, push.rows);  // one invocation per row of the convolution's output
  });
}

}  // namespace strata::vk
