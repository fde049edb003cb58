// Sums, strided copies and weight penalties on the native CPU backend.
#include <cmath>

#include "core/error.h"
#include "cpu/cpu_backend.h"

namespace strata {

void CpuBackend::add(float alpha, const Tensor& a, float beta, const Tensor& b, const Tensor& out) {
  check_same_size("add", {&a, &b, &out});
  const float *pa = data(a), *pb = data(b);
  float* po = data(out);
  const int64_t n = a.numel();
  for (int64_t i = 0; i < n; ++i) po[i] = alpha * pa[i] + beta * pb[i];
}

void CpuBackend::strided_copy(const CopyLayout& l, const Tensor& src, const Tensor& dst, bool accumulate) {
  check_copy("copy", l, src, dst);
  const float* s = data(src) + l.src_offset;
  float* d = data(dst) + l.dst_offset;
  for (int64_t i0 = 0; i0 < l.dims[0]; ++i0)
    for (int64_t i1 = 0; i1 < l.dims[1]; ++i1) {
      const float* sr = s + i0 * l.src_stride[0] + i1 * l.src_stride[1];
      float* dr = d + i0 * l.dst_stride[0] + i1 * l.dst_stride[1];
      const int64_t ss = l.src_stride[2], ds = l.dst_stride[2];
      if (accumulate)
        for (int64_t i2 = 0; i2 < l.dims[2]; ++i2) dr[i2 * ds] += sr[i2 * ss];
      else
        for (int64_t i2 = 0; i2 < l.dims[2]; ++i2) dr[i2 * ds] = sr[i2 * ss];
    }
}

void CpuBackend::norm_penalty(const Tensor& x, float l1, float l2, float beta, const Tensor& total) {
  if (!total.defined() || total.numel() != 1) throw Error("weight penalty: the total holds one value");
  const float* in = data(x);
  double acc = 0;
  for (int64_t i = 0; i < x.numel(); ++i) acc += double(l1) * std::fabs(in[i]) + double(l2) * in[i] * in[i];
  float* t = data(total);
  t[0] = float((beta == 0.f ? 0.0 : double(beta) * t[0]) + acc);
}

void CpuBackend::norm_penalty_backward(const Tensor& w, float l1, float l2, const Tensor& grad) {
  check_same_size("weight penalty", {&w, &grad});
  const float* pw = data(w);
  float* g = data(grad);
  for (int64_t i = 0; i < w.numel(); ++i)
    g[i] += l1 * (pw[i] > 0.f ? 1.f : pw[i] < 0.f ? -1.f : 0.f) + 2.f * l2 * pw[i];
}

}  // namespace strata
