#pragma once
// 2-D convolution on NCHW tensors: x [N, Cin, H, W], weights [Cout, Cin, KH,
// KW], bias [Cout], y [N, Cout, OH, OW]; stride, explicit zero padding and
// dilation per axis. Computed per sample as im2col + GEMM:
//   col[Cin*KH*KW, OH*OW] = im2col(x[n]);  y[n] = W * col + bias
// and backward as
//   dW += dy[n] * col^T;  dcol = W^T * dy[n];  dx[n] = col2im(dcol);  db = sum dy
// so the only new kernels are im2col and col2im; GEMM does the work. The
// column buffer holds one sample, which bounds memory for any batch size.
#include <cstdint>
#include <span>
#include <string>

#include "ops/activation.h"

namespace strata {

class Backend;
class Tensor;

struct ConvParams {
  int64_t batch = 1, cin = 1, height = 1, width = 1, cout = 1;
  int64_t kh = 3, kw = 3, sh = 1, sw = 1, ph = 0, pw = 0, dh = 1, dw = 1;
  int64_t out_height() const { return (height + 2 * ph - dh * (kh - 1) - 1) / sh + 1; }
  int64_t out_width() const { return (width + 2 * pw - dw * (kw - 1) - 1) / sw + 1; }
  int64_t col_rows() const { return cin * kh * kw; }
  int64_t col_cols() const { return out_height() * out_width(); }
};

// Throws strata::Error naming the parameter (and `what`, the layer) that makes
// the convolution impossible, e.g. a kernel larger than the padded input.
void check_conv_params(const ConvParams& p, const std::string& what = "convolution");

// Checks the input of p.batch samples ([batch, Cin, H, W]) and the column
// buffer ([Cin*KH*KW, batch*OH*OW]: the samples' columns side by side) for
// im2col/col2im.
void check_im2col(const ConvParams& p, const Tensor& x, const Tensor& col);

// y = act(conv(x, w) + bias); bias may be null.
void conv2d_forward(Backend& be, const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor* bias,
                    Activation act, const Tensor& y, const Tensor* saved = nullptr);
// Gradients for a convolution without fused activation (apply the activation's
// backward to dy first). dw (and dbias if given) are overwritten; dx may be null.
void conv2d_backward(Backend& be, const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor& dy,
                     const Tensor* dx, const Tensor& dw, const Tensor* dbias, const Tensor* saved = nullptr);

// Gradients through a fused activation whose derivative comes from the output
// y = act(conv(x)) (ReLU, leaky ReLU with a positive slope, sigmoid, tanh);
// dz is a workspace the size of y.
void conv2d_activation_backward(Backend& be, const ConvParams& p, Activation act, float param, const Tensor& y,
                                const Tensor& x, const Tensor& w, const Tensor& dy, const Tensor& dz, const Tensor* dx,
                                const Tensor& dw, const Tensor* dbias, const Tensor* saved = nullptr);

// The per-sample im2col + GEMM composition from backend primitives, which
// Backend::conv2d_forward/backward run by default (operands already checked).
void conv2d_forward_generic(Backend& be, const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor* bias,
                            Activation act, const Tensor& y);
void conv2d_backward_generic(Backend& be, const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor& dy,
                             const Tensor* dx, const Tensor& dw, const Tensor* dbias);

// The column-buffer size (floats) that decides samples per chunk in the
// generic path and the Vulkan backend (default 4M; 0 restores it); tests
// lower it to exercise several chunks.
void set_conv_chunk_budget(int64_t floats);
// Samples per chunk under that budget (at least 1, at most p.batch).
int64_t conv_chunk_samples(const ConvParams& p);

// Double-precision references (direct loops, no im2col).
void conv2d_forward_reference(const ConvParams& p, std::span<const double> x, std::span<const double> w,
                              std::span<const double> bias, std::span<double> y);
void conv2d_backward_reference(const ConvParams& p, std::span<const double> x, std::span<const double> w,
                               std::span<const double> dy, std::span<double> dx, std::span<double> dw,
                               std::span<double> dbias);

}  // namespace strata
