// Convolution on the native CPU backend: im2col / col2im, and whole
// convolutions that split the batch across the backend's workers — each
// worker runs im2col, a single-threaded GEMM (cpu_sgemm.h) and the epilogue for its
// own samples, so there is one hand-off per layer instead of one per GEMM.
// Weight gradients are summed per worker and the partial sums added in worker
// order, so results do not depend on timing.
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "cpu/cpu_backend.h"
#include "cpu/cpu_epilogue.h"
#include "cpu/cpu_pool.h"
#include "cpu/cpu_gemm_planner.h"
#include "cpu/cpu_im2col.h"
#include "cpu/cpu_isa.h"
#include "cpu/cpu_lane_mask.h"
#include "cpu/cpu_sgemm.h"

namespace strata {
namespace {

// A fused max pool's backward on one plane whose windows do not overlap:
// d[argmax[o]] = g[o] (times ReLU's derivative, from the pooled value y[o]),
// with d zeroed before. Distinct windows give distinct targets, so the adds
// of the general case are plain stores and a scatter does sixteen.
__attribute__((target("avx512f"))) void scatter_disjoint_avx512(float* d, const float* a, const float* g,
                                                                const float* y, int64_t n, bool relu) {
  for (int64_t o = 0; o < n; o += 16) {
    const __mmask16 m = cpu::first_lanes(n - o);
    const __m512i idx = _mm512_maskz_cvttps_epi32(m, _mm512_maskz_loadu_ps(m, a + o));
    __m512 v = _mm512_maskz_loadu_ps(m, g + o);
    if (relu) v = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(_mm512_maskz_loadu_ps(m, y + o), _mm512_setzero_ps(), _CMP_GT_OQ), v);
    _mm512_mask_i32scatter_ps(d, m, idx, v, 4);
  }
}

// One sample's convolution: y = act(W * im2col(x) + bias), col a workspace.
void forward_sample(const ConvParams& p, const float* x, const float* W, const float* bias, Activation act, float* col,
                    float* y) {
  const int64_t rows = p.col_rows(), cols = p.col_cols();
  cpu::im2col_sample(p, x, col, cols);
  cpu::sgemm(false, false, int(p.cout), int(cols), int(rows), 1.f, W, int(rows), col, int(cols), 0.f, y, int(cols));
  cpu::bias_activation(y, cols, 0, p.cout, 0, cols, bias ? BiasMode::PerRow : BiasMode::None, bias, act, 0.01f);
}

}  // namespace

// The per-sample GEMMs of a convolution (forward_sample, conv_backward).
void CpuBackend::plan_convolution(const ConvParams& p, bool backward, bool input_grad) {
  const int rows = int(p.col_rows()), cols = int(p.col_cols()), cout = int(p.cout);
  auto& planner = cpu::GemmPlanner::global();
  if (!backward) planner.prepare({{false, false, cout, cols, rows}});
  else if (!input_grad) planner.prepare({{false, true, cout, rows, cols}});
  else planner.prepare({{false, true, cout, rows, cols}, {true, false, rows, cols, cout}});
}

void CpuBackend::im2col(const ConvParams& p, const Tensor& x, const Tensor& col) {
  check_im2col(p, x, col);
  const int64_t cols = p.col_cols(), in_sample = p.cin * p.height * p.width;
  for (int64_t n = 0; n < p.batch; ++n) cpu::im2col_sample(p, data(x) + n * in_sample, data(col) + n * cols, p.batch * cols);
}

void CpuBackend::col2im(const ConvParams& p, const Tensor& col, const Tensor& dx) {
  check_im2col(p, dx, col);
  const int64_t cols = p.col_cols(), in_sample = p.cin * p.height * p.width;
  for (int64_t n = 0; n < p.batch; ++n) cpu::col2im_sample(p, data(col) + n * cols, data(dx) + n * in_sample, p.batch * cols);
}

void CpuBackend::conv2d_forward(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor* bias,
                                Activation act, const Tensor& y, const Tensor* /*saved: unused*/) {
  const int64_t rows = p.col_rows(), cols = p.col_cols(), in_sample = p.cin * p.height * p.width;
  const float *X = data(x), *W = data(w), *bv = bias ? data(*bias) : nullptr;
  float* Y = data(y);
  plan_convolution(p, false, false);
  const int slices = int(std::min<int64_t>(workers_->size(), p.batch));
  workers_->run(slices, [&](int s) {
    float* col = scratch(s, 0, size_t(rows * cols));
    for (int64_t n = p.batch * s / slices; n < p.batch * (s + 1) / slices; ++n) {
      forward_sample(p, X + n * in_sample, W, bv, act, col, Y + n * p.cout * cols);
    }
  });
}

void CpuBackend::conv2d_backward(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor& dy,
                                 const Tensor* dx, const Tensor& dw, const Tensor* dbias, const Tensor* /*saved*/) {
  const float* DY = data(dy);
  const int64_t out_sample = p.cout * p.col_cols();
  conv_backward(p, [&](int64_t n, float*) { return DY + n * out_sample; }, x, w, dx, dw, dbias);
}

void CpuBackend::conv2d_activation_backward(const ConvParams& p, Activation act, float param, const Tensor& y,
                                            const Tensor& x, const Tensor& w, const Tensor& dy, const Tensor&,
                                            const Tensor* dx, const Tensor& dw, const Tensor* dbias,
                                            const Tensor* /*saved*/) {
  const float *DY = data(dy), *Y = data(y);
  const int64_t out_sample = p.cout * p.col_cols();
  conv_backward(
      p,
      [&](int64_t n, float* dz) {  // the activation's backward on this sample while it is in cache
        cpu::activation_grad_from_output(act, param, Y + n * out_sample, DY + n * out_sample, dz, out_sample);
        return static_cast<const float*>(dz);
      },
      x, w, dx, dw, dbias);
}

void CpuBackend::conv2d_max_pool_forward(const ConvParams& p, const Tensor& x, const Tensor& w, const Tensor* bias,
                                         Activation act, const PoolParams& q, const Tensor&, const Tensor& pooled,
                                         const Tensor& argmax, const Tensor* /*saved*/) {
  const int64_t rows = p.col_rows(), cols = p.col_cols(), in_sample = p.cin * p.height * p.width;
  const int64_t pooled_sample = q.channels * q.out_height() * q.out_width();
  const float *X = data(x), *W = data(w), *bv = bias ? data(*bias) : nullptr;
  float *P = data(pooled), *A = data(argmax);
  PoolParams one = q;
  one.batch = 1;
  plan_convolution(p, false, false);
  const int slices = int(std::min<int64_t>(workers_->size(), p.batch));
  workers_->run(slices, [&](int s) {
    float* col = scratch(s, 0, size_t(rows * cols));
    float* yn = scratch(s, 4, size_t(p.cout * cols));  // this sample's convolution output, never written out
    for (int64_t n = p.batch * s / slices; n < p.batch * (s + 1) / slices; ++n) {
      forward_sample(p, X + n * in_sample, W, bv, act, col, yn);
      pool_planes_forward(one, yn, P + n * pooled_sample, A + n * pooled_sample, 0, q.channels);
    }
  });
}

void CpuBackend::conv2d_max_pool_backward(const ConvParams& p, Activation act, float param, const PoolParams& q,
                                          const Tensor& x, const Tensor& w, const Tensor& pooled, const Tensor& argmax,
                                          const Tensor& dpooled, const Tensor&, const Tensor&, const Tensor&,
                                          const Tensor* dx, const Tensor& dw, const Tensor* dbias,
                                          const Tensor* /*saved*/) {
  const int64_t out_sample = p.cout * p.col_cols(), plane = q.height * q.width;
  const int64_t pooled_plane = q.out_height() * q.out_width(), pooled_sample = q.channels * pooled_plane;
  const float *P = data(pooled), *A = data(argmax), *G = data(dpooled);
  // Windows that do not overlap (stride >= window, as the usual 2x2 pools):
  // each pooled gradient lands on an input of its own, sixteen at a time.
  const bool scatter = q.sh >= q.kh && q.sw >= q.kw && cpu::isa() >= cpu::Isa::Avx512;
  conv_backward(
      p,
      [&](int64_t n, float* dz) {
        // The pool's backward and the activation's at once: each pooled
        // gradient goes to its window's maximum, times the activation's
        // derivative there (from the pooled value, which is that output).
        std::fill(dz, dz + out_sample, 0.f);
        const float* g = G + n * pooled_sample;
        const float* a = A + n * pooled_sample;
        const float* y = P + n * pooled_sample;
        for (int64_t c = 0; c < q.channels; ++c) {
          float* d = dz + c * plane;
          const int64_t o0 = c * pooled_plane, o1 = o0 + pooled_plane;
          if (scatter && (act == Activation::None || act == Activation::ReLU))
            scatter_disjoint_avx512(d, a + o0, g + o0, y + o0, pooled_plane, act == Activation::ReLU);
          else if (act == Activation::None)
            for (int64_t o = o0; o < o1; ++o) d[int64_t(a[o])] += g[o];
          else if (act == Activation::ReLU)
            for (int64_t o = o0; o < o1; ++o) d[int64_t(a[o])] += y[o] > 0.f ? g[o] : 0.f;
          else
            for (int64_t o = o0; o < o1; ++o) d[int64_t(a[o])] += g[o] * activation_derivative(act, y[o], y[o], param);
        }
        return static_cast<const float*>(dz);
      },
      x, w, dx, dw, dbias);
}

void CpuBackend::conv_backward(const ConvParams& p, const std::function<const float*(int64_t, float*)>& grad_of,
                               const Tensor& x, const Tensor& w, const Tensor* dx, const Tensor& dw,
                               const Tensor* dbias) {
  const int64_t rows = p.col_rows(), cols = p.col_cols(), in_sample = p.cin * p.height * p.width;
  const int64_t wsize = p.cout * rows, out_sample = p.cout * cols;
  const float *X = data(x), *W = data(w);
  float* DX = dx ? data(*dx) : nullptr;
  plan_convolution(p, true, DX != nullptr);
  const int slices = int(std::min<int64_t>(workers_->size(), p.batch));
  workers_->run(slices, [&](int s) {
    float* col = scratch(s, 0, size_t(rows * cols));
    float* dcol = DX ? scratch(s, 1, size_t(rows * cols)) : nullptr;
    float* dw_part = scratch(s, 2, size_t(wsize));
    float* db_part = scratch(s, 3, size_t(p.cout));
    float* dz = scratch(s, 4, size_t(out_sample));
    std::fill(db_part, db_part + p.cout, 0.f);
    bool first = true;
    for (int64_t n = p.batch * s / slices; n < p.batch * (s + 1) / slices; ++n) {
      const float* dyn = grad_of(n, dz);  // this sample's output gradient (dy, or computed into dz)
      cpu::im2col_sample(p, X + n * in_sample, col, cols);
      // dW (+)= dy[n] col^T
      cpu::sgemm(false, true, int(p.cout), int(rows), int(cols), 1.f, dyn, int(cols), col, int(cols), first ? 0.f : 1.f,
                 dw_part, int(rows));
      first = false;
      for (int64_t co = 0; co < p.cout; ++co) db_part[co] += cpu::sum(dyn + co * cols, cols);
      if (DX) {
        cpu::sgemm(true, false, int(rows), int(cols), int(p.cout), 1.f, W, int(rows), dyn, int(cols), 0.f, dcol,
                   int(cols));
        cpu::col2im_sample(p, dcol, DX + n * in_sample, cols);
      }
    }
  });
  float* DW = data(dw);
  std::memcpy(DW, scratch(0, 2, size_t(wsize)), size_t(wsize) * sizeof(float));
  for (int s = 1; s < slices; ++s) {
    const float* part = scratch(s, 2, size_t(wsize));
    for (int64_t i = 0; i < wsize; ++i) DW[i] += part[i];
  }
  if (dbias) {
    float* DB = data(*dbias);
    std::memcpy(DB, scratch(0, 3, size_t(p.cout)), size_t(p.cout) * sizeof(float));
    for (int s = 1; s < slices; ++s) {
      const float* part = scratch(s, 3, size_t(p.cout));
      for (int64_t c = 0; c < p.cout; ++c) DB[c] += part[c];
    }
  }
}

}  // namespace strata
