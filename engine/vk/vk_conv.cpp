// Convolution on the Vulkan backend: im2col/col2im dispatch, and the whole
// convolution built from them and GEMMs laid out for this backend.
#include <algorithm>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "ops/copy.h"
#include "vk/vk_backend.h"

namespace strata::vk {
namespace {
struct ConvPush {
  uint32_t cin, H, W, OH, OW, kh, kw, sh, sw, ph, pw, dh, dw, x_off, col_off, samples, col_transposed, ones_row;
};
ConvPush make_push(const ConvParams& p) {
  return {uint32_t(p.cin), uint32_t(p.height), uint32_t(p.width), uint32_t(p.out_height()), uint32_t(p.out_width()),
          uint32_t(p.kh),  uint32_t(p.kw),     uint32_t(p.sh),    uint32_t(p.sw),           uint32_t(p.ph),
          uint32_t(p.pw),  uint32_t(p.dh),     uint32_t(p.dw),    0,                        0,
          uint32_t(p.batch), 0, 0};
}
}  // namespace

void VulkanBackend::im2col(const ConvParams& p, const Tensor& x, const Tensor& col) {
  im2col_rows(p, x, col, false);
}

void VulkanBackend::im2col_rows(const ConvParams& p, const Tensor& x, const Tensor& col, bool ones_row) {
  const int64_t ones = ones_row ? p.batch * p.col_cols() : 0;
  check_im2col(p, x, col.view(0, {col.numel() - ones}));
  ConvPush push = make_push(p);
  push.ones_row = ones_row;
  const Binding b[] = {binding_shifted(x, false, &push.x_off), binding_shifted(col, true, &push.col_off)};
  // x as texels where possible: lavapipe fetches texels vectorised, storage
  // buffers lane by lane (bench/README.md, GEMM).
  const Kernel& k = rgba_texels(b[0].size)
                        ? pipelines_->get("im2col_texel", {}, 2, sizeof push, false, /*texel_mask=*/0b01)
                        : pipelines_->get("im2col", {}, 2, sizeof push);
  const uint64_t segments = uint64_t((p.col_rows() + (ones_row ? 1 : 0)) * p.batch * p.out_height());
  dispatch_1d(k, b, &push, segments);  // one per row segment
}

void VulkanBackend::col2im(const ConvParams& p, const Tensor& col, const Tensor& dx) {
  col2im_layout(p, col, dx, false);
}

void VulkanBackend::col2im_layout(const ConvParams& p, const Tensor& col, const Tensor& dx, bool transposed) {
  check_im2col(p, dx, col);
  ConvPush push = make_push(p);
  push.col_transposed = transposed;
  const Binding b[] = {binding_shifted(col, false, &push.col_off), binding_shifted(dx, true, &push.x_off)};
  // Columns as texels where possible, as in im2col.
  const bool scalar = r32f_texels(b[0].size);
  const SpecConstant spec[] = {{0, transposed}, {1, p.sh == 1 && p.sw == 1}, {2, scalar}};
  const Kernel& k = rgba_texels(b[0].size)
                        ? pipelines_->get("col2im_texel", spec, 2, sizeof push, false, /*texel_mask=*/0b01, scalar)
                        : pipelines_->get("col2im", spec, 2, sizeof push);
  dispatch_1d(k, b, &push, uint64_t(p.batch * p.cin * p.height));  // one per input row
}

bool VulkanBackend::tap_major_col2im(const ConvParams& p) const {
  // STRATA_TAP_MAJOR_COL2IM=0 turns it off, for comparisons.
  static const bool off = [] {
    const char* v = std::getenv("STRATA_TAP_MAJOR_COL2IM");
    return v && std::string(v) == "0";
  }();
  const uint64_t col_bytes = uint64_t(conv_chunk_samples(p) * p.col_cols() * p.col_rows()) * 4;
  return !off && p.cin % 4 == 0 && rgba_texels(col_bytes + 16);
}

void VulkanBackend::col2im_tap_major(const ConvParams& p, const Tensor& col, const Tensor& dx) {
  check_im2col(p, dx, col);
  ConvPush push = make_push(p);
  const Binding b[] = {binding_shifted(col, false, &push.col_off), binding_shifted(dx, true, &push.x_off)};
  if (push.col_off % 4 != 0) throw Error("col2im_tap_major: columns must start on a whole texel");
  const SpecConstant spec[] = {{1, p.sh == 1 && p.sw == 1}};
  const Kernel& k = pipelines_->get("col2im_vec4", spec, 2, sizeof push, false, /*texel_mask=*/0b01);
  dispatch_1d(k, b, &push, uint64_t(p.batch * (p.cin / 4) * p.height));  // one per 4 channels of an input row
}

int64_t VulkanBackend::conv2d_saved_floats(const ConvParams& p) const {
  // The whole batch's columns plus the row of ones, when the batch is one chunk.
  return conv_chunk_samples(p) < p.batch ? 0 : (p.col_rows() + 1) * p.batch * p.col_cols();
}

namespace {
// The saved column buffer, if it is there and the batch is one chunk.
const Tensor* usable(const Tensor* saved, const ConvParams& p) {
  return saved && saved->defined() && conv_chunk_samples(p) >= p.batch &&
                 saved->numel() >= (p.col_rows() + 1) * p.batch * p.col_cols()
             ? saved
             : nullptr;
}
}  // namespace

// The forward pass per chunk of samples: im2col, then one GEMM whose columns
// (sample, pixel) are stored straight into y's NCHW layout (column groups of
// one sample's pixels), so no [Cout, S*OHW] buffer and no layout copy.
void VulkanBackend::conv2d_forward(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor* bias,
                                   Activation act, const Tensor& y, const Tensor* saved) {
  const int64_t rows = p.col_rows(), cols = p.col_cols(), in_sample = p.cin * p.height * p.width;
  const int64_t chunk = conv_chunk_samples(p);
  saved = usable(saved, p);
  Tensor col = saved ? *saved : empty({rows * chunk * cols});
  const Tensor wm = w.reshaped({p.cout, rows});
  for (int64_t n0 = 0; n0 < p.batch; n0 += chunk) {
    ConvParams q = p;
    q.batch = std::min(chunk, p.batch - n0);
    const int64_t wide = q.batch * cols;
    if (saved)  // with the bias's row of ones, ready for the backward
      im2col_rows(q, x.view(n0 * in_sample, {q.batch * in_sample}), col.view(0, {(rows + 1) * wide}), true);
    else
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

// The backward pass per chunk. The chunk's output gradient goes into Gt
// [(s, pix), Cout] (`make_gt`: a layout copy of dy, or the fused pool and
// activation backward), so both products read their B operand row-major
// (vec4 texel loads on lavapipe) instead of transposed element by element:
//   dW^T [(ci,ky,kx), Cout] = col * Gt   (split-K: few outputs, K = pixels;
//       the slices summed and transposed into dW by conv_weight_grad_reduce)
//   dcol^T [(s,pix), (ci,ky,kx)] = Gt * W, then col2im reading it transposed
//       (tap-major, [(s,pix), (ky,kx,ci)] from permuted weights, where it can).
// With a bias, the column buffer gets one more row of ones, so the same
// product's last row is the bias gradient (the column sums of Gt) instead of
// a reduction over the batch that few channels would leave on one core.
void VulkanBackend::conv_backward_chunks(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor* dx,
                                         const Tensor& dw, const Tensor* dbias, const Tensor* saved,
                                         const GtMaker& make_gt) {
  const int64_t rows = p.col_rows(), cols = p.col_cols(), in_sample = p.cin * p.height * p.width;
  const int64_t rows_b = rows + (dbias ? 1 : 0);
  const int64_t chunk = conv_chunk_samples(p);
  saved = usable(saved, p);  // then the forward's columns and row of ones are there
  Tensor col = saved ? *saved : empty({rows_b * chunk * cols});
  Tensor gt = empty({chunk * cols * p.cout});
  Tensor dcol = dx ? empty({chunk * cols * rows}) : Tensor();
  const Tensor wm = w.reshaped({p.cout, rows});
  // Where the layer's channels come in fours, the input gradient's columns
  // are tap-major, [(s, pix), (ky, kx, ci)], from the weights with their
  // taps permuted once, so col2im gathers four channels per texel fetch.
  const bool tap_major = dx && tap_major_col2im(p);
  Tensor wp;
  if (tap_major) {
    const int64_t taps = p.kh * p.kw;
    wp = empty({p.cout, rows});
    CopyLayout l;  // W [Cout, (ci, tap)] -> Wp [Cout, (tap, ci)]
    l.dims = {p.cout, p.cin, taps};
    l.src_stride = {rows, taps, 1};
    l.dst_stride = {rows, 1, p.cin};
    strided_copy(l, w, wp, false);
  }
  for (int64_t n0 = 0; n0 < p.batch; n0 += chunk) {
    ConvParams q = p;
    q.batch = std::min(chunk, p.batch - n0);
    const int64_t wide = q.batch * cols;
    const Tensor g = gt.view(0, {wide, p.cout});
    make_gt(n0, q.batch, g);
    if (!saved)
      im2col_rows(q, x.view(n0 * in_sample, {q.batch * in_sample}), col.view(0, {rows_b * wide}), dbias != nullptr);
    GemmArgs gw;  // [dW^T; dbias] = [col; ones] * Gt over the chunk, in slices of K
    gw.m = rows_b, gw.n = p.cout, gw.k = wide;
    GemmStore split;
    split.split_k = true;
    Tensor parts;
    uint32_t splits = 0;
    split.partials = &parts, split.splits = &splits;
    gemm_store(gw, col.view(0, {rows_b, wide}), g, dw, nullptr, split);
    // Summed, transposed into dW and dbias, accumulated over the chunks.
    conv_weight_grad_reduce(parts, splits, rows, p.cout, n0 == 0 ? 0.f : 1.f, dw, dbias);
    if (dx) {
      GemmArgs gx;  // dcol^T = Gt * W
      gx.m = wide, gx.n = rows, gx.k = p.cout;
      gemm(gx, g, tap_major ? wp : wm, dcol.view(0, {wide, rows}), nullptr);
      if (tap_major)
        col2im_tap_major(q, dcol.view(0, {wide * rows}), dx->view(n0 * in_sample, {q.batch * in_sample}));
      else
        col2im_layout(q, dcol.view(0, {wide * rows}), dx->view(n0 * in_sample, {q.batch * in_sample}), true);
    }
  }
}

void VulkanBackend::conv_weight_grad_reduce(const Tensor& partials, uint32_t splits, int64_t rows, int64_t cout,
                                            float beta, const Tensor& dw, const Tensor* dbias) {
  struct {
    uint32_t splits, rows, cout, has_bias;
    float beta;
    uint32_t part_off, dw_off, db_off;
  } push{splits, uint32_t(rows), uint32_t(cout), dbias != nullptr, beta, 0, 0, 0};
  const Binding b[] = {binding_shifted(partials, false, &push.part_off), binding_shifted(dw, true, &push.dw_off),
                       dbias ? binding_shifted(*dbias, true, &push.db_off) : binding_shifted(dw, true, &push.db_off)};
  const Kernel& k = pipelines_->get("conv_weight_grad_reduce", {}, 3, sizeof push, false, /*texel_mask=*/0b001,
                                    /*scalar_texels=*/true);
  dispatch_1d(k, b, &push, uint64_t((rows + (dbias ? 1 : 0)) * cout));
}

void VulkanBackend::conv2d_backward(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor& dy,
                                    const Tensor* dx, const Tensor& dw, const Tensor* dbias, const Tensor* saved) {
  const int64_t cols = p.col_cols();
  conv_backward_chunks(p, x, w, dx, dw, dbias, saved, [&](int64_t n0, int64_t samples, const Tensor& gt) {
    CopyLayout l;  // dy[s, Cout, pix] -> Gt[(s, pix), Cout]
    l.dims = {samples, p.cout, cols};
    l.src_stride = {p.cout * cols, cols, 1};
    l.src_offset = n0 * p.cout * cols;
    l.dst_stride = {cols * p.cout, 1, p.cout};
    strided_copy(l, dy, gt, false);
  });
}

}  // namespace strata::vk
