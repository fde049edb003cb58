#include "ops/conv2d.h"

#include <algorithm>
#include <atomic>

#include "core/error.h"
#include "ops/copy.h"
#include "runtime/backend.h"

namespace strata {

void check_conv_params(const ConvParams& p, const std::string& what) {
  auto fail = [&](const std::string& field, const std::string& why) { throw Error(what + ": " + field + " " + why); };
  if (p.cout < 1) fail("filters", "must be at least 1");
  if (p.kh < 1 || p.kw < 1) fail("kernel size", "must be at least 1x1");
  if (p.sh < 1 || p.sw < 1) fail("stride", "must be at least 1");
  if (p.dh < 1 || p.dw < 1) fail("dilation", "must be at least 1");
  if (p.ph < 0 || p.pw < 0) fail("padding", "cannot be negative");
  if (p.batch < 1 || p.cin < 1 || p.height < 1 || p.width < 1) fail("input", "is empty");
  const int64_t ekh = p.dh * (p.kh - 1) + 1, ekw = p.dw * (p.kw - 1) + 1;
  if (p.height + 2 * p.ph < ekh || p.width + 2 * p.pw < ekw)
    fail("kernel size", std::to_string(p.kh) + "x" + std::to_string(p.kw) +
                            (p.dh > 1 || p.dw > 1 ? " (dilated to " + std::to_string(ekh) + "x" + std::to_string(ekw) + ")" : "") +
                            " is larger than the input " + std::to_string(p.height + 2 * p.ph) + "x" +
                            std::to_string(p.width + 2 * p.pw) + (p.ph || p.pw ? " with padding" : "") +
                            "; use 'same' padding or a smaller kernel");
}

void check_im2col(const ConvParams& p, const Tensor& x, const Tensor& col) {
  if (!x.defined() || x.numel() != p.batch * p.cin * p.height * p.width)
    throw Error("im2col: " + std::to_string(p.batch) + " samples need " + std::to_string(p.batch * p.cin * p.height * p.width) +
                " values");
  if (!col.defined() || col.numel() != p.col_rows() * p.batch * p.col_cols())
    throw Error("im2col: the column buffer needs " + std::to_string(p.col_rows() * p.batch * p.col_cols()) + " values");
}

namespace {
// 4M floats (16 MB): a batch of 64 through a 32-channel 3x3 layer on 13x13
// (2.2M) runs as one chunk, which on lavapipe saves a dispatch per op.
constexpr int64_t kDefaultChunkBudget = int64_t(1) << 22;
std::atomic<int64_t> chunk_budget{kDefaultChunkBudget};
}  // namespace

// Samples per chunk: the column buffer near the budget (4M floats, 16 MB by default).
int64_t conv_chunk_samples(const ConvParams& p) {
  const int64_t per = std::max<int64_t>(1, p.col_rows() * p.col_cols());
  return std::clamp<int64_t>(chunk_budget.load() / per, 1, p.batch);
}

void set_conv_chunk_budget(int64_t floats) { chunk_budget = floats > 0 ? floats : kDefaultChunkBudget; }

namespace {
void check_operands(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor& y) {
  check_conv_params(p);
  auto need = [](const Tensor& t, int64_t n, const char* name) {
    if (!t.defined() || t.numel() != n)
      throw Error(std::string("convolution: ") + name + " needs " + std::to_string(n) + " values, has " +
                  (t.defined() ? to_string(t.shape()) : std::string("none")));
  };
  need(x, p.batch * p.cin * p.height * p.width, "input");
  need(w, p.cout * p.col_rows(), "weights");
  need(y, p.batch * p.cout * p.col_cols(), "output");
}
}  // namespace

void conv2d_forward(Backend& be, const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor* bias,
                    Activation act, const Tensor& y, const Tensor* saved) {
  check_operands(p, x, w, y);
  be.conv2d_forward(p, x, w, bias, act, y, saved);
}

void conv2d_backward(Backend& be, const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor& dy,
                     const Tensor* dx, const Tensor& dw, const Tensor* dbias, const Tensor* saved) {
  check_operands(p, x, w, dy);
  be.conv2d_backward(p, x, w, dy, dx, dw, dbias, saved);
}

void conv2d_activation_backward(Backend& be, const ConvParams& p, Activation act, float param, const Tensor& y,
                                const Tensor& x, const Tensor& w, const Tensor& dy, const Tensor& dz, const Tensor* dx,
                                const Tensor& dw, const Tensor* dbias, const Tensor* saved) {
  check_operands(p, x, w, dy);
  if (!derivative_from_output(act, param))
    throw Error("conv2d_activation_backward: this activation's derivative needs its input, not its output");
  if (y.numel() != dy.numel() || dz.numel() != dy.numel())
    throw Error("conv2d_activation_backward: y, dy and dz must have the output's size");
  be.conv2d_activation_backward(p, act, param, y, x, w, dy, dz, dx, dw, dbias, saved);
}

void conv2d_forward_generic(Backend& be, const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor* bias,
                            Activation act, const Tensor& y) {
  const int64_t rows = p.col_rows(), cols = p.col_cols(), in_sample = p.cin * p.height * p.width;
  const int64_t chunk = conv_chunk_samples(p);
  Tensor col = be.empty({rows * chunk * cols});
  Tensor out = be.empty({p.cout * chunk * cols});
  const Tensor wm = w.reshaped({p.cout, rows});
  for (int64_t n0 = 0; n0 < p.batch; n0 += chunk) {
    ConvParams q = p;
    q.batch = std::min(chunk, p.batch - n0);
    const int64_t wide = q.batch * cols;
    be.im2col(q, x.view(n0 * in_sample, {q.batch * in_sample}), col.view(0, {rows * wide}));
    GemmArgs g;  // Y[Cout, S*OHW] = W * col + bias, activation fused
    g.m = p.cout, g.n = wide, g.k = rows;
    g.bias = bias ? BiasMode::PerRow : BiasMode::None;
    g.act = act;
    be.gemm(g, wm, col.view(0, {rows, wide}), out.view(0, {p.cout, wide}), bias);
    CopyLayout l;  // [Cout, S, OHW] -> [S, Cout, OHW]
    l.dims = {p.cout, q.batch, cols};
    l.src_stride = {wide, cols, 1};
    l.dst_stride = {cols, p.cout * cols, 1};
    l.dst_offset = n0 * p.cout * cols;
    be.strided_copy(l, out, y, false);
  }
}

void conv2d_backward_generic(Backend& be, const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor& dy,
                             const Tensor* dx, const Tensor& dw, const Tensor* dbias) {
  const int64_t rows = p.col_rows(), cols = p.col_cols(), in_sample = p.cin * p.height * p.width;
  const int64_t chunk = conv_chunk_samples(p);
  Tensor col = be.empty({rows * chunk * cols});
  Tensor g = be.empty({p.cout * chunk * cols});
  Tensor dcol = dx ? be.empty({rows * chunk * cols}) : Tensor();
  const Tensor wm = w.reshaped({p.cout, rows}), dwm = dw.reshaped({p.cout, rows});
  for (int64_t n0 = 0; n0 < p.batch; n0 += chunk) {
    ConvParams q = p;
    q.batch = std::min(chunk, p.batch - n0);
    const int64_t wide = q.batch * cols;
    CopyLayout l;  // dy[S, Cout, OHW] -> G[Cout, S*OHW]
    l.dims = {q.batch, p.cout, cols};
    l.src_stride = {p.cout * cols, cols, 1};
    l.src_offset = n0 * p.cout * cols;
    l.dst_stride = {cols, wide, 1};
    be.strided_copy(l, dy, g, false);
    be.im2col(q, x.view(n0 * in_sample, {q.batch * in_sample}), col.view(0, {rows * wide}));
    GemmArgs gw;  // dW (+)= G col^T over the whole chunk
    gw.m = p.cout, gw.n = rows, gw.k = wide, gw.trans_b = true, gw.beta = n0 == 0 ? 0.f : 1.f;
    be.gemm(gw, g.view(0, {p.cout, wide}), col.view(0, {rows, wide}), dwm, nullptr);
    if (dx) {
      GemmArgs gx;  // dcol = W^T G
      gx.m = rows, gx.n = wide, gx.k = p.cout, gx.trans_a = true;
      be.gemm(gx, wm, g.view(0, {p.cout, wide}), dcol.view(0, {rows, wide}), nullptr);
      be.col2im(q, dcol.view(0, {rows * wide}), dx->view(n0 * in_sample, {q.batch * in_sample}));
    }
  }
  if (dbias) be.channel_sum(dy, {p.batch, p.cout, cols}, 0.f, *dbias);
}

void conv2d_forward_reference(const ConvParams& p, std::span<const double> x, std::span<const double> w,
                              std::span<const double> bias, std::span<double> y) {
  const int64_t OH = p.out_height(), OW = p.out_width();
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t co = 0; co < p.cout; ++co)
      for (int64_t oh = 0; oh < OH; ++oh)
        for (int64_t ow = 0; ow < OW; ++ow) {
          double acc = bias.empty() ? 0.0 : bias[co];
          for (int64_t ci = 0; ci < p.cin; ++ci)
            for (int64_t ky = 0; ky < p.kh; ++ky)
              for (int64_t kx = 0; kx < p.kw; ++kx) {
                const int64_t h = oh * p.sh - p.ph + ky * p.dh, ww = ow * p.sw - p.pw + kx * p.dw;
                if (h < 0 || h >= p.height || ww < 0 || ww >= p.width) continue;
                acc += x[((n * p.cin + ci) * p.height + h) * p.width + ww] * w[((co * p.cin + ci) * p.kh + ky) * p.kw + kx];
              }
          y[((n * p.cout + co) * OH + oh) * OW + ow] = acc;
        }
}

void conv2d_backward_reference(const ConvParams& p, std::span<const double> x, std::span<const double> w,
                               std::span<const double> dy, std::span<double> dx, std::span<double> dw,
                               std::span<double> dbias) {
  const int64_t OH = p.out_height(), OW = p.out_width();
  std::fill(dx.begin(), dx.end(), 0.0);
  std::fill(dw.begin(), dw.end(), 0.0);
  std::fill(dbias.begin(), dbias.end(), 0.0);
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t co = 0; co < p.cout; ++co)
      for (int64_t oh = 0; oh < OH; ++oh)
        for (int64_t ow = 0; ow < OW; ++ow) {
          const double g = dy[((n * p.cout + co) * OH + oh) * OW + ow];
          if (!dbias.empty()) dbias[co] += g;
          for (int64_t ci = 0; ci < p.cin; ++ci)
            for (int64_t ky = 0; ky < p.kh; ++ky)
              for (int64_t kx = 0; kx < p.kw; ++kx) {
                const int64_t h = oh * p.sh - p.ph + ky * p.dh, ww = ow * p.sw - p.pw + kx * p.dw;
                if (h < 0 || h >= p.height || ww < 0 || ww >= p.width) continue;
                const int64_t xi = ((n * p.cin + ci) * p.height + h) * p.width + ww;
                const int64_t wi = ((co * p.cin + ci) * p.kh + ky) * p.kw + kx;
                dx[xi] += g * w[wi];
                dw[wi] += g * x[xi];
              }
        }
}

}  // namespace strata
