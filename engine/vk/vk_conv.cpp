// Convolution on the Vulkan backend: im2col/col2im dispatch, and the whole
// convolution built from them and GEMMs laid out for this backend.
#include <algorithm>

#include "ops/copy.h"
#include "vk/vk_backend.h"

namespace strata::vk {
namespace {
struct ConvPush {
  uint32_t cin, H, W, OH, OW, kh, kw, sh, sw, ph, pw, dh, dw, x_off, col_off, samples, col_transposed;
};
ConvPush make_push(const ConvParams& p) {
  return {uint32_t(p.cin), uint32_t(p.height), uint32_t(p.width), uint32_t(p.out_height()), uint32_t(p.out_width()),
          uint32_t(p.kh),  uint32_t(p.kw),     uint32_t(p.sh),    uint32_t(p.sw),           uint32_t(p.ph),
          uint32_t(p.pw),  uint32_t(p.dh),     uint32_t(p.dw),    0,                        0,
          uint32_t(p.batch), 0};
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

void VulkanBackend::col2im_transposed(const ConvParams& p, const Tensor& col_t, const Tensor& dx) {
  check_im2col(p, dx, col_t);
  ConvPush push = make_push(p);
  push.col_transposed = 1;
  const Binding b[] = {binding_shifted(col_t, false, &push.col_off), binding_shifted(dx, true, &push.x_off)};
  const Kernel& k = pipelines_->get("col2im", {}, 2, sizeof push);
  dispatch_1d(k, b, &push, uint64_t(p.batch * p.cin * p.height * p.width));
}

// The forward pass per chunk of samples: im2col, then one GEMM whose columns
// (sample, pixel) are stored straight into y's NCHW layout (column groups of
// one sample's pixels), so no [Cout, S*OHW] buffer and no layout copy.
void VulkanBackend::conv2d_forward(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor* bias,
                                   Activation act, const Tensor& y) {
  const int64_t rows = p.col_rows(), cols = p.col_cols(), in_sample = p.cin * p.height * p.width;
  const int64_t chunk = conv_chunk_samples(p);
  Tensor col = empty({rows * chunk * cols});
  const Tensor wm = w.reshaped({p.cout, rows});
  for (int64_t n0 = 0; n0 < p.batch; n0 += chunk) {
    ConvParams q = p;
    q.batch = std::min(chunk, p.batch - n0);
    const int64_t wide = q.batch * cols;
    im2col(q, x.view(n0 * in_sample, {q.batch * in_sample}), col.view(0, {rows * wide}));
    GemmArgs g;  // Y[Cout, (s, pix)] = W * col + bias, activation fused
    g.m = p.cout, g.n = wide, g.k = rows;
    g.bias = bias ? BiasMode::PerRow : BiasMode::None;
    g.act = act;
    GemmStore store;
    store.c_group = uint32_t(cols), store.c_group_stride = uint32_t(p.cout * cols), store.ldc = uint32_t(cols);
    gemm_store(g, wm, col.view(0, {rows, wide}), y.view(n0 * p.cout * cols, {q.batch * p.cout * cols}), bias, store);
  }
}

// The backward pass per chunk: dy is copied once into Gt [(s, pix), Cout], so
// both products read their B operand row-major (vec4 texel loads on lavapipe)
// instead of transposed element by element:
//   dW^T [(ci,ky,kx), Cout] += col * Gt   (split-K: few outputs, K = pixels)
//   dcol^T [(s,pix), (ci,ky,kx)] = Gt * W, then col2im reading it transposed.
void VulkanBackend::conv2d_backward(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor& dy,
                                    const Tensor* dx, const Tensor& dw, const Tensor* dbias) {
  const int64_t rows = p.col_rows(), cols = p.col_cols(), in_sample = p.cin * p.height * p.width;
  const int64_t chunk = conv_chunk_samples(p);
  Tensor col = empty({rows * chunk * cols});
  Tensor gt = empty({chunk * cols * p.cout});
  Tensor dwt = empty({rows * p.cout});
  Tensor dcol = dx ? empty({chunk * cols * rows}) : Tensor();
  const Tensor wm = w.reshaped({p.cout, rows});
  for (int64_t n0 = 0; n0 < p.batch; n0 += chunk) {
    ConvParams q = p;
    q.batch = std::min(chunk, p.batch - n0);
    const int64_t wide = q.batch * cols;
    CopyLayout l;  // dy[s, Cout, pix] -> Gt[(s, pix), Cout]
    l.dims = {q.batch, p.cout, cols};
    l.src_stride = {p.cout * cols, cols, 1};
    l.src_offset = n0 * p.cout * cols;
    l.dst_stride = {cols * p.cout, 1, p.cout};
    strided_copy(l, dy, gt, false);
    im2col(q, x.view(n0 * in_sample, {q.batch * in_sample}), col.view(0, {rows * wide}));
    GemmArgs gw;  // dW^T (+)= col * Gt over the chunk
    gw.m = rows, gw.n = p.cout, gw.k = wide, gw.beta = n0 == 0 ? 0.f : 1.f;
    GemmStore split;
    split.split_k = true;
    gemm_store(gw, col.view(0, {rows, wide}), gt.view(0, {wide, p.cout}), dwt.view(0, {rows, p.cout}), nullptr, split);
    if (dx) {
      GemmArgs gx;  // dcol^T = Gt * W
      gx.m = wide, gx.n = rows, gx.k = p.cout;
      gemm(gx, gt.view(0, {wide, p.cout}), wm, dcol.view(0, {wide, rows}), nullptr);
      col2im_transposed(q, dcol.view(0, {wide * rows}), dx->view(n0 * in_sample, {q.batch * in_sample}));
    }
  }
  CopyLayout t;  // dW^T -> dW [Cout, (ci,ky,kx)]
  t.dims = {1, rows, p.cout};
  t.src_stride = {0, p.cout, 1};
  t.dst_stride = {0, 1, rows};
  strided_copy(t, dwt, dw.reshaped({p.cout * rows}), false);
  if (dbias) channel_sum(dy, {p.batch, p.cout, cols}, 0.f, *dbias);
}

}  // namespace strata::vk
