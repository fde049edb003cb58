// Recurrent cells on the native CPU backend: the per-timestep elementwise part
// of SimpleRNN, LSTM and GRU (ops/recurrent.h); GEMMs go through OpenBLAS.
// The loops run over contiguous rows of H values so the compiler vectorizes
// them (cpu_math.h); target_clones adds an AVX2+FMA (x86-64-v3) build picked at load time.
#include <cblas.h>

#include <algorithm>
#include <cstring>

#include "cpu/cpu_backend.h"
#include "cpu/cpu_gemm_planner.h"
#include "cpu/cpu_sgemm.h"
#include "cpu/cpu_math.h"
#include "cpu/cpu_threads.h"

namespace strata {
namespace {

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define STRATA_SIMD_CLONES __attribute__((target_clones("default", "arch=x86-64-v3")))
#else
#define STRATA_SIMD_CLONES
#endif

struct Step {  // pointers to one timestep's rows, batch row 0
  float *gates, *rgates, *h_prev, *h_next, *c_prev, *c_next, *y;
};

STRATA_SIMD_CLONES void lstm_forward_row(float* g, const float* cp, float* cn, float* hn, float* y, int64_t H) {
  for (int64_t j = 0; j < 2 * H; ++j) g[j] = cpu_math::sigmoid(g[j]);
  for (int64_t j = 2 * H; j < 3 * H; ++j) g[j] = cpu_math::tanh(g[j]);
  for (int64_t j = 3 * H; j < 4 * H; ++j) g[j] = cpu_math::sigmoid(g[j]);
  const float *i = g, *f = g + H, *gg = g + 2 * H, *o = g + 3 * H;
  for (int64_t j = 0; j < H; ++j) {
    cn[j] = f[j] * cp[j] + i[j] * gg[j];
    hn[j] = o[j] * cpu_math::tanh(cn[j]);
  }
  if (y) std::memcpy(y, hn, size_t(H) * sizeof(float));
}

STRATA_SIMD_CLONES void gru_forward_row(float* g, const float* rg, const float* hp, float* hn, float* y, int64_t H) {
  for (int64_t j = 0; j < 2 * H; ++j) g[j] = cpu_math::sigmoid(g[j] + rg[j]);
  const float *r = g, *z = g + H;
  float* n = g + 2 * H;
  for (int64_t j = 0; j < H; ++j) {
    n[j] = cpu_math::tanh(n[j] + r[j] * rg[2 * H + j]);
    hn[j] = (1.f - z[j]) * n[j] + z[j] * hp[j];
  }
  if (y) std::memcpy(y, hn, size_t(H) * sizeof(float));
}

STRATA_SIMD_CLONES void simple_forward_row(float* g, float* hn, float* y, int64_t H, bool relu) {
  for (int64_t j = 0; j < H; ++j) g[j] = relu ? (g[j] > 0.f ? g[j] : 0.f) : cpu_math::tanh(g[j]);
  std::memcpy(hn, g, size_t(H) * sizeof(float));
  if (y) std::memcpy(y, hn, size_t(H) * sizeof(float));
}

// dh: incoming state gradient (+ output gradient already added); writes dg,
// updates dc in place, writes dprev (the part of dh_{t-1} not through w_hh).
STRATA_SIMD_CLONES void lstm_backward_row(const float* g, const float* cp, const float* cn, const float* dh, float* dc,
                                          float* dg, float* dprev, int64_t H) {
  const float *i = g, *f = g + H, *gg = g + 2 * H, *o = g + 3 * H;
  for (int64_t j = 0; j < H; ++j) {
    const float tc = cpu_math::tanh(cn[j]);
    const float dcell = dc[j] + dh[j] * o[j] * (1.f - tc * tc);
    dg[j] = dcell * gg[j] * i[j] * (1.f - i[j]);
    dg[H + j] = dcell * cp[j] * f[j] * (1.f - f[j]);
    dg[2 * H + j] = dcell * i[j] * (1.f - gg[j] * gg[j]);
    dg[3 * H + j] = dh[j] * tc * o[j] * (1.f - o[j]);
    dc[j] = dcell * f[j];
    dprev[j] = 0.f;
  }
}

STRATA_SIMD_CLONES void gru_backward_row(const float* g, const float* rg, const float* hp, const float* dh, float* dg,
                                         float* drg, float* dprev, int64_t H) {
  const float *r = g, *z = g + H, *n = g + 2 * H;
  for (int64_t j = 0; j < H; ++j) {
    const float dn = dh[j] * (1.f - z[j]) * (1.f - n[j] * n[j]);
    const float dz = dh[j] * (hp[j] - n[j]) * z[j] * (1.f - z[j]);
    const float dr = dn * rg[2 * H + j] * r[j] * (1.f - r[j]);
    dg[j] = dr, dg[H + j] = dz, dg[2 * H + j] = dn;
    drg[j] = dr, drg[H + j] = dz, drg[2 * H + j] = dn * r[j];
    dprev[j] = dh[j] * z[j];
  }
}

STRATA_SIMD_CLONES void simple_backward_row(const float* h, const float* dh, float* dg, float* dprev, int64_t H,
                                            bool relu) {
  for (int64_t j = 0; j < H; ++j) {
    dg[j] = dh[j] * (relu ? (h[j] > 0.f ? 1.f : 0.f) : 1.f - h[j] * h[j]);
    dprev[j] = 0.f;
  }
}

void cell_forward_rows(const CpuBackend& be, const RnnParams& p, int64_t t, const RnnState& s, int64_t b0,
                       int64_t b1) {
  auto data = [&](const Tensor& x) { return be.data(x); };
  const int64_t B = p.batch, H = p.hidden, G = p.gate_width();
  const float* len = p.has_lengths ? data(s.lengths) : nullptr;
  float* gates = data(s.gates) + t * B * G;
  float* rgates = p.cell == RnnCell::GRU ? data(s.rgates) + t * B * G : nullptr;
  float* h = data(s.h) + t * B * H;
  float* c = p.cell == RnnCell::LSTM ? data(s.c) + t * B * H : nullptr;
  float* y = p.return_sequences ? data(s.y) + t * B * H : nullptr;
  const bool relu = p.act == Activation::ReLU;
  for (int64_t b = b0; b < b1; ++b) {
    float* hp = h + b * H;
    float* hn = hp + B * H;
    float* yb = y ? y + b * H : nullptr;
    if (len && !(float(t) < len[b])) {  // past this sample's length: carry the state
      std::memcpy(hn, hp, size_t(H) * sizeof(float));
      if (c) std::memcpy(c + (B + b) * H, c + b * H, size_t(H) * sizeof(float));
      if (yb) std::memset(yb, 0, size_t(H) * sizeof(float));
      continue;
    }
    float* g = gates + b * G;
    switch (p.cell) {
      case RnnCell::LSTM: lstm_forward_row(g, c + b * H, c + (B + b) * H, hn, yb, H); break;
      case RnnCell::GRU: gru_forward_row(g, rgates + b * G, hp, hn, yb, H); break;
      case RnnCell::Simple: simple_forward_row(g, hn, yb, H, relu); break;
    }
  }
}

void cell_backward_rows(const CpuBackend& be, const RnnParams& p, int64_t t, const RnnState& s, const RnnGrads& gr,
                        int ping, int64_t b0, int64_t b1) {
  auto data = [&](const Tensor& x) { return be.data(x); };
  const int64_t B = p.batch, H = p.hidden, G = p.gate_width();
  const float* len = p.has_lengths ? data(s.lengths) : nullptr;
  const float* gates = data(s.gates) + t * B * G;
  const float* rgates = p.cell == RnnCell::GRU ? data(s.rgates) + t * B * G : nullptr;
  const float* h = data(s.h) + t * B * H;
  const float* c = p.cell == RnnCell::LSTM ? data(s.c) + t * B * H : nullptr;
  const float* dy = p.return_sequences ? data(gr.dy) + t * B * H : nullptr;
  float* dgates = data(gr.dgates) + t * B * G;
  float* drgates = p.cell == RnnCell::GRU ? data(gr.drgates) + t * B * G : nullptr;
  float* dh = data(gr.dh) + ping * B * H;
  float* dprev = data(gr.dh) + (1 - ping) * B * H;
  float* dc = p.cell == RnnCell::LSTM ? data(gr.dc) : nullptr;
  const bool relu = p.act == Activation::ReLU;
  for (int64_t b = b0; b < b1; ++b) {
    float* dhb = dh + b * H;
    if (len && !(float(t) < len[b])) {  // carried state: its gradient passes through unchanged
      std::memcpy(dprev + b * H, dhb, size_t(H) * sizeof(float));
      std::memset(dgates + b * G, 0, size_t(G) * sizeof(float));
      if (drgates) std::memset(drgates + b * G, 0, size_t(G) * sizeof(float));
      continue;
    }
    if (dy)
      for (int64_t j = 0; j < H; ++j) dhb[j] += dy[b * H + j];
    switch (p.cell) {
      case RnnCell::LSTM:
        lstm_backward_row(gates + b * G, c + b * H, c + (B + b) * H, dhb, dc + b * H, dgates + b * G, dprev + b * H, H);
        break;
      case RnnCell::GRU:
        gru_backward_row(gates + b * G, rgates + b * G, h + b * H, dhb, dgates + b * G, drgates + b * G,
                         dprev + b * H, H);
        break;
      case RnnCell::Simple:
        simple_backward_row(h + (B + b) * H, dhb, dgates + b * G, dprev + b * H, H, relu);
        break;
    }
  }
}

}  // namespace

void CpuBackend::rnn_cell_forward(const RnnParams& p, int64_t t, const RnnState& s) {
  check_rnn_params(p);
  cell_forward_rows(*this, p, t, s, 0, p.batch);
}

void CpuBackend::rnn_cell_backward(const RnnParams& p, int64_t t, const RnnState& s, const RnnGrads& g, int ping) {
  check_rnn_params(p);
  cell_backward_rows(*this, p, t, s, g, ping, 0, p.batch);
}

// Sequences in a batch are independent, so the recurrence splits by batch
// rows: each worker runs every timestep for its own rows with single-threaded
// GEMMs, and the threads never wait on each other inside the loop (splitting
// each step's small [B, H] x [H, G*H] product instead costs a hand-off per
// step; bench/README.md has the figures).
int CpuBackend::recurrence_slices(const RnnParams& p) const {
  const int64_t work = p.batch * p.gate_width() * p.hidden;  // multiply-adds per step
  if (work < (int64_t(1) << 16)) return 1;
  return int(std::min<int64_t>(workers_->size(), p.batch));
}

// The slices' recurrent GEMM shapes (batch / slices rows, or one more),
// planned before the workers start.
void CpuBackend::plan_recurrence(const RnnParams& p, int slices, bool backward) {
  const int H = int(p.hidden), G = int(p.gate_width());
  auto shape = [&](int64_t nb) {
    return backward ? cpu::GemmShape{false, false, int(nb), H, G} : cpu::GemmShape{false, true, int(nb), G, H};
  };
  cpu::GemmPlanner::global().prepare({shape(p.batch / slices), shape((p.batch + slices - 1) / slices)});
}

void CpuBackend::rnn_steps_forward(const RnnParams& p, const RnnWeights& w, const RnnState& s) {
  check_rnn_params(p);
  const int64_t B = p.batch, H = p.hidden, G = p.gate_width(), T = p.seq;
  const int slices = recurrence_slices(p);
  const float* whh = data(w.w_hh);
  const float* bhh = p.cell == RnnCell::GRU ? data(w.b_hh) : nullptr;
  plan_recurrence(p, slices, false);
  workers_->run(slices, [&](int slice) {
    const int64_t b0 = B * slice / slices, b1 = B * (slice + 1) / slices, nb = b1 - b0;
    for (int64_t t = 0; t < T; ++t) {
      const float* h = data(s.h) + (t * B + b0) * H;
      if (p.cell == RnnCell::GRU) {
        float* rg = data(s.rgates) + (t * B + b0) * G;
        for (int64_t b = 0; b < nb; ++b) std::memcpy(rg + b * G, bhh, size_t(G) * sizeof(float));
        cpu::sgemm(false, true, int(nb), int(G), int(H), 1.f, h, int(H), whh, int(H), 1.f, rg, int(G));
      } else if (t > 0) {
        float* g = data(s.gates) + (t * B + b0) * G;
        cpu::sgemm(false, true, int(nb), int(G), int(H), 1.f, h, int(H), whh, int(H), 1.f, g, int(G));
      }
      cell_forward_rows(*this, p, t, s, b0, b1);
    }
  });
}

void CpuBackend::rnn_steps_backward(const RnnParams& p, const RnnWeights& w, const RnnState& s, const RnnGrads& g) {
  check_rnn_params(p);
  const int64_t B = p.batch, H = p.hidden, G = p.gate_width(), T = p.seq;
  const int slices = recurrence_slices(p);
  const float* whh = data(w.w_hh);
  const Tensor& drec = p.cell == RnnCell::GRU ? g.drgates : g.dgates;
  plan_recurrence(p, slices, true);
  workers_->run(slices, [&](int slice) {
    const int64_t b0 = B * slice / slices, b1 = B * (slice + 1) / slices, nb = b1 - b0;
    int ping = 0;
    for (int64_t t = T - 1; t >= 0; --t) {
      cell_backward_rows(*this, p, t, s, g, ping, b0, b1);
      if (t > 0)
        cpu::sgemm(false, false, int(nb), int(H), int(G), 1.f, data(drec) + (t * B + b0) * G, int(G), whh, int(H), 1.f,
                   data(g.dh) + ((1 - ping) * B + b0) * H, int(H));
      ping = 1 - ping;
    }
  });
}

}  // namespace strata
