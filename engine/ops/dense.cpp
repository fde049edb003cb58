#include "ops/dense.h"

#include <vector>

#include "core/error.h"
#include "runtime/backend.h"

namespace strata {

void check_dense_params(const DenseParams& p, const std::string& what) {
  if (p.units < 1) throw Error(what + ": units must be at least 1");
  if (p.in < 1) throw Error(what + ": input has no features");
  if (p.batch < 1) throw Error(what + ": batch must be at least 1");
}

namespace {
void need(const Tensor& t, int64_t n, const char* name) {
  if (!t.defined() || t.numel() != n)
    throw Error(std::string("dense: ") + name + " needs " + std::to_string(n) + " values");
}
}  // namespace

void dense_forward(Backend& be, const DenseParams& p, const Tensor& x, const Tensor& w, const Tensor* bias,
                   const Tensor& y, const Tensor* z) {
  check_dense_params(p);
  need(x, p.batch * p.in, "the input");
  need(w, p.units * p.in, "the weights");
  need(y, p.batch * p.units, "the output");
  if (p.bias) {
    if (!bias) throw Error("dense: the bias is missing");
    need(*bias, p.units, "the bias");
  }
  GemmArgs g;
  g.m = p.batch, g.n = p.units, g.k = p.in, g.trans_b = true;
  g.bias = p.bias ? BiasMode::PerColumn : BiasMode::None;
  if (!p.keeps_preactivation()) {
    g.act = p.act, g.act_param = p.act_param;
    be.gemm(g, x, w, y, p.bias ? bias : nullptr);
    return;
  }
  if (!z) throw Error("dense: the pre-activation buffer is missing");
  need(*z, p.batch * p.units, "the pre-activation buffer");
  be.gemm(g, x, w, *z, p.bias ? bias : nullptr);
  be.activation_forward(p.act, p.act_param, *z, y);
}

void dense_backward(Backend& be, const DenseParams& p, const Tensor& x, const Tensor& w, const Tensor& y,
                    const Tensor* z, const Tensor& dy, const Tensor& dz, const Tensor* dx, const Tensor& dw,
                    const Tensor* db) {
  check_dense_params(p);
  need(dy, p.batch * p.units, "the output gradient");
  need(dz, p.batch * p.units, "the gradient scratch");
  need(dw, p.units * p.in, "the weight gradient");
  const Tensor* g = &dy;
  if (p.act != Activation::None) {
    // With a derivative from the output, y stands in for the input too.
    const Tensor& in = p.keeps_preactivation() ? *z : y;
    be.activation_backward(p.act, p.act_param, in, y, dy, dz);
    g = &dz;
  }
  GemmArgs gw;  // dW = dz^T x
  gw.m = p.units, gw.n = p.in, gw.k = p.batch, gw.trans_a = true;
  be.gemm(gw, *g, x, dw, nullptr);
  if (p.bias && db) be.channel_sum(*g, {p.batch, p.units, 1}, 0.f, *db);
  if (dx) {
    GemmArgs gx;  // dx = dz W
    gx.m = p.batch, gx.n = p.in, gx.k = p.units;
    be.gemm(gx, *g, w, *dx, nullptr);
  }
}

void dense_forward_reference(const DenseParams& p, std::span<const double> x, std::span<const double> w,
                             std::span<const double> b, std::span<double> y) {
  for (int64_t r = 0; r < p.batch; ++r)
    for (int64_t u = 0; u < p.units; ++u) {
      double s = p.bias ? b[size_t(u)] : 0.0;
      for (int64_t i = 0; i < p.in; ++i) s += x[size_t(r * p.in + i)] * w[size_t(u * p.in + i)];
      y[size_t(r * p.units + u)] = activate(p.act, s, double(p.act_param));
    }
}

void dense_backward_reference(const DenseParams& p, std::span<const double> x, std::span<const double> w,
                              std::span<const double> b, std::span<const double> dy, std::span<double> dx,
                              std::span<double> dw, std::span<double> db) {
  for (auto* v : {&dx, &dw, &db})
    for (auto& e : *v) e = 0;
  for (int64_t r = 0; r < p.batch; ++r)
    for (int64_t u = 0; u < p.units; ++u) {
      double s = p.bias ? b[size_t(u)] : 0.0;
      for (int64_t i = 0; i < p.in; ++i) s += x[size_t(r * p.in + i)] * w[size_t(u * p.in + i)];
      const double g = dy[size_t(r * p.units + u)] * activation_derivative(p.act, s, double(p.act_param));
      if (p.bias) db[size_t(u)] += g;
      for (int64_t i = 0; i < p.in; ++i) {
        dw[size_t(u * p.in + i)] += g * x[size_t(r * p.in + i)];
        dx[size_t(r * p.in + i)] += g * w[size_t(u * p.in + i)];
      }
    }
}

}  // namespace strata
