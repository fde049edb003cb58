#pragma once
// Dense (fully connected) layer: y = act(x W^T + b) with x [batch, in],
// W [units, in] (PyTorch's nn.Linear layout, so exports copy it as is),
// b [units]. The activation is fused into the GEMM's epilogue when its
// derivative can be had from the output (activation.h); otherwise (GELU) the
// pre-activation z is kept and the activation runs as its own op.
// Backward: dz = dy * act'(.), dW = dz^T x, db = column sums of dz, dx = dz W.
#include <cstdint>
#include <span>
#include <string>

#include "ops/activation.h"

namespace strata {

class Backend;
class Tensor;

struct DenseParams {
  int64_t batch = 1, in = 1, units = 1;
  bool bias = true;
  Activation act = Activation::None;
  float act_param = 0.01f;
  // Whether forward must keep z (the pre-activation) for backward.
  bool keeps_preactivation() const { return act != Activation::None && !derivative_from_output(act, act_param); }
};

// Throws naming `what` (the layer) and the parameter at fault.
void check_dense_params(const DenseParams& p, const std::string& what = "dense");

// z is [batch, units] scratch when p.keeps_preactivation(), else ignored.
void dense_forward(Backend& be, const DenseParams& p, const Tensor& x, const Tensor& w, const Tensor* bias,
                   const Tensor& y, const Tensor* z);
// dz is [batch, units] scratch (may be dy itself, which is then overwritten);
// dx may be null; dw and db are overwritten.
void dense_backward(Backend& be, const DenseParams& p, const Tensor& x, const Tensor& w, const Tensor& y,
                    const Tensor* z, const Tensor& dy, const Tensor& dz, const Tensor* dx, const Tensor& dw,
                    const Tensor* db);

void dense_forward_reference(const DenseParams& p, std::span<const double> x, std::span<const double> w,
                             std::span<const double> b, std::span<double> y);
void dense_backward_reference(const DenseParams& p, std::span<const double> x, std::span<const double> w,
                              std::span<const double> b, std::span<const double> dy, std::span<double> dx,
                              std::span<double> dw, std::span<double> db);

}  // namespace strata
