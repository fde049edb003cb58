#include "ops/recurrent.h"

#include <cmath>
#include <vector>

#include "core/error.h"
#include "runtime/backend.h"

namespace strata {

void check_rnn_params(const RnnParams& p, const std::string& what) {
  auto fail = [&](const std::string& field, const std::string& why) { throw Error(what + ": " + field + " " + why); };
  if (p.hidden < 1) fail("units", "must be at least 1");
  if (p.input < 1) fail("input features", "must be at least 1 (the input needs shape [batch, time, features])");
  if (p.seq < 1) fail("sequence length", "must be at least 1");
  if (p.batch < 1) fail("batch", "must be at least 1");
  if (p.cell == RnnCell::Simple && p.act != Activation::Tanh && p.act != Activation::ReLU)
    fail("activation", "must be tanh or relu");
  if (p.seq * p.batch * std::max(p.gate_width(), p.input) > int64_t(UINT32_MAX))
    fail("size", "exceeds 2^32 elements per tensor");
}

RnnState make_rnn_state(Backend& be, const RnnParams& p) {
  const int64_t T = p.seq, B = p.batch, H = p.hidden;
  RnnState s;
  s.x = be.empty({T, B, p.input});
  s.gates = be.empty({T, B, p.gate_width()});
  if (p.cell == RnnCell::GRU) s.rgates = be.empty({T, B, p.gate_width()});
  s.h = be.empty({T + 1, B, H});
  if (p.cell == RnnCell::LSTM) s.c = be.empty({T + 1, B, H});
  if (p.return_sequences) s.y = be.empty({T, B, H});
  return s;
}

RnnGrads make_rnn_grads(Backend& be, const RnnParams& p) {
  const int64_t T = p.seq, B = p.batch, H = p.hidden;
  RnnGrads g;
  if (p.return_sequences) g.dy = be.empty({T, B, H});
  g.dgates = be.empty({T, B, p.gate_width()});
  if (p.cell == RnnCell::GRU) g.drgates = be.empty({T, B, p.gate_width()});
  g.dh = be.empty({2, B, H});
  if (p.cell == RnnCell::LSTM) g.dc = be.empty({B, H});
  g.dx = be.empty({T, B, p.input});
  return g;
}

namespace {

void need(const Tensor& t, int64_t n, const std::string& name) {
  if (!t.defined() || t.numel() != n)
    throw Error("recurrent layer: " + name + " needs " + std::to_string(n) + " values" +
                (t.defined() ? ", has " + std::to_string(t.numel()) : std::string()));
}

void check_weights(const RnnParams& p, const RnnWeights& w, const std::string& prefix) {
  const int64_t G = p.gate_width();
  need(w.w_ih, G * p.input, prefix + "w_ih");
  need(w.w_hh, G * p.hidden, prefix + "w_hh");
  need(w.b_ih, G, prefix + "b_ih");
  if (p.cell == RnnCell::GRU) need(w.b_hh, G, prefix + "b_hh");
}

int64_t output_size(const RnnParams& p) { return p.batch * p.hidden * (p.return_sequences ? p.seq : 1); }

}  // namespace

void rnn_forward(Backend& be, const RnnParams& p, const RnnWeights& w, const Tensor& x, const Tensor* lengths,
                 RnnState& s, const Tensor& y) {
  check_rnn_params(p);
  check_weights(p, w, "");
  const int64_t T = p.seq, B = p.batch, I = p.input, H = p.hidden, G = p.gate_width();
  need(x, B * T * I, "the input");
  need(y, output_size(p), "the output");
  need(s.gates, T * B * G, "the gate workspace");
  if (p.has_lengths) {
    if (!lengths) throw Error("recurrent layer: lengths are missing");
    need(*lengths, B, "the lengths");
    s.lengths = *lengths;
  }
  be.strided_copy(swap_leading_axes(B, T, I), x, s.x, false);
  be.fill(s.h.view(0, {B, H}), 0.f);
  if (p.cell == RnnCell::LSTM) be.fill(s.c.view(0, {B, H}), 0.f);

  GemmArgs in;  // all timesteps' input projections at once
  in.m = T * B, in.n = G, in.k = I, in.trans_b = true, in.bias = BiasMode::PerColumn;
  be.gemm(in, s.x.reshaped({T * B, I}), w.w_ih, s.gates.reshaped({T * B, G}), &w.b_ih);

  be.rnn_steps_forward(p, w, s);
  if (p.return_sequences) {
    be.strided_copy(swap_leading_axes(T, B, H), s.y, y, false);
  } else {
    CopyLayout last;
    last.dims = {1, 1, B * H};
    last.src_offset = T * B * H;
    be.strided_copy(last, s.h, y, false);
  }
}

void rnn_backward(Backend& be, const RnnParams& p, const RnnWeights& w, const RnnState& s, const Tensor& dy,
                  RnnGrads& g, const Tensor* dx, const RnnWeights& dw) {
  check_rnn_params(p);
  check_weights(p, w, "");
  check_weights(p, dw, "gradient of ");
  const int64_t T = p.seq, B = p.batch, I = p.input, H = p.hidden, G = p.gate_width();
  need(dy, output_size(p), "the output gradient");
  need(g.dgates, T * B * G, "the gradient workspace");
  if (dx) need(*dx, B * T * I, "the input gradient");

  const Tensor dh0 = g.dh.view(0, {B, H});
  if (p.return_sequences) {
    be.strided_copy(swap_leading_axes(B, T, H), dy, g.dy, false);
    be.fill(dh0, 0.f);
  } else {
    CopyLayout all;
    all.dims = {1, 1, B * H};
    be.strided_copy(all, dy, dh0, false);
  }
  if (p.cell == RnnCell::LSTM) be.fill(g.dc, 0.f);

  be.rnn_steps_backward(p, w, s, g);

  // The gradient that reaches w_hh: the gates' for LSTM and SimpleRNN, the
  // recurrent preactivations' for GRU.
  const Tensor& drec = p.cell == RnnCell::GRU ? g.drgates : g.dgates;
  GemmArgs wg;  // weight gradients summed over all timesteps
  wg.m = G, wg.k = T * B, wg.trans_a = true;
  wg.n = H;
  be.gemm(wg, drec.reshaped({T * B, G}), s.h.view(0, {T * B, H}), dw.w_hh, nullptr);
  wg.n = I;
  be.gemm(wg, g.dgates.reshaped({T * B, G}), s.x.reshaped({T * B, I}), dw.w_ih, nullptr);
  be.channel_sum(g.dgates, {T * B, G, 1}, 0.f, dw.b_ih);
  if (p.cell == RnnCell::GRU) be.channel_sum(g.drgates, {T * B, G, 1}, 0.f, dw.b_hh);
  if (dx) {
    GemmArgs gx;
    gx.m = T * B, gx.n = I, gx.k = G;
    be.gemm(gx, g.dgates.reshaped({T * B, G}), w.w_ih, g.dx.reshaped({T * B, I}), nullptr);
    be.strided_copy(swap_leading_axes(T, B, I), g.dx, *dx, false);
  }
}

void rnn_steps_forward_generic(Backend& be, const RnnParams& p, const RnnWeights& w, const RnnState& s) {
  const int64_t B = p.batch, H = p.hidden, G = p.gate_width();
  GemmArgs rec;  // this step's recurrent projection
  rec.m = B, rec.n = G, rec.k = H, rec.trans_b = true;
  for (int64_t t = 0; t < p.seq; ++t) {
    const Tensor h_t = s.h.view(t * B * H, {B, H});
    if (p.cell == RnnCell::GRU) {
      rec.bias = BiasMode::PerColumn;
      be.gemm(rec, h_t, w.w_hh, s.rgates.view(t * B * G, {B, G}), &w.b_hh);
    } else if (t > 0) {  // h_0 is zero: nothing to add at the first step
      rec.beta = 1.f;
      be.gemm(rec, h_t, w.w_hh, s.gates.view(t * B * G, {B, G}), nullptr);
    }
    be.rnn_cell_forward(p, t, s);
  }
}

void rnn_steps_backward_generic(Backend& be, const RnnParams& p, const RnnWeights& w, const RnnState& s,
                                const RnnGrads& g) {
  const int64_t B = p.batch, H = p.hidden, G = p.gate_width();
  const Tensor& drec = p.cell == RnnCell::GRU ? g.drgates : g.dgates;
  GemmArgs back;  // dh_{t-1} += drec[t] * w_hh
  back.m = B, back.n = H, back.k = G, back.beta = 1.f;
  int ping = 0;
  for (int64_t t = p.seq - 1; t >= 0; --t) {
    be.rnn_cell_backward(p, t, s, g, ping);
    if (t > 0) be.gemm(back, drec.view(t * B * G, {B, G}), w.w_hh, g.dh.view((1 - ping) * B * H, {B, H}), nullptr);
    ping = 1 - ping;
  }
}

// ---- double-precision reference -------------------------------------------

namespace {

double sigmoid(double v) { return 1.0 / (1.0 + std::exp(-v)); }

// Everything one forward pass computes, kept for the backward reference.
struct Trace {
  std::vector<double> act;    // [B, T, G*H] activated gates (SimpleRNN: h)
  std::vector<double> rec;    // [B, T, G*H] GRU recurrent preactivations
  std::vector<double> h, c;   // [B, T+1, H]
  std::vector<char> valid;    // [B, T]
};

Trace run_forward(const RnnParams& p, const RnnReferenceWeights& w, std::span<const double> x,
                  std::span<const float> lengths) {
  const int64_t T = p.seq, B = p.batch, I = p.input, H = p.hidden, G = p.gate_width();
  Trace tr;
  tr.act.assign(size_t(B * T * G), 0);
  tr.rec.assign(size_t(B * T * G), 0);
  tr.h.assign(size_t(B * (T + 1) * H), 0);
  tr.c.assign(size_t(B * (T + 1) * H), 0);
  tr.valid.assign(size_t(B * T), 0);
  std::vector<double> a(static_cast<size_t>(G)), r(static_cast<size_t>(G));
  for (int64_t b = 0; b < B; ++b)
    for (int64_t t = 0; t < T; ++t) {
      const double* hp = &tr.h[size_t((b * (T + 1) + t) * H)];
      const double* cp = &tr.c[size_t((b * (T + 1) + t) * H)];
      double* hn = &tr.h[size_t((b * (T + 1) + t + 1) * H)];
      double* cn = &tr.c[size_t((b * (T + 1) + t + 1) * H)];
      const bool valid = !p.has_lengths || double(t) < double(lengths[size_t(b)]);
      tr.valid[size_t(b * T + t)] = valid;
      if (!valid) {
        for (int64_t j = 0; j < H; ++j) hn[j] = hp[j], cn[j] = cp[j];
        continue;
      }
      for (int64_t j = 0; j < G; ++j) {
        double s = w.b_ih[size_t(j)], q = p.cell == RnnCell::GRU ? w.b_hh[size_t(j)] : 0.0;
        for (int64_t i = 0; i < I; ++i) s += x[size_t((b * T + t) * I + i)] * w.w_ih[size_t(j * I + i)];
        for (int64_t k = 0; k < H; ++k) q += hp[k] * w.w_hh[size_t(j * H + k)];
        a[size_t(j)] = s, r[size_t(j)] = q;
      }
      double* act = &tr.act[size_t((b * T + t) * G)];
      for (int64_t j = 0; j < G; ++j) tr.rec[size_t((b * T + t) * G + j)] = r[size_t(j)];
      for (int64_t j = 0; j < H; ++j) {
        const auto J = size_t(j), Hs = size_t(H);
        if (p.cell == RnnCell::LSTM) {
          const double i = sigmoid(a[J] + r[J]), f = sigmoid(a[Hs + J] + r[Hs + J]);
          const double gg = std::tanh(a[2 * Hs + J] + r[2 * Hs + J]), o = sigmoid(a[3 * Hs + J] + r[3 * Hs + J]);
          act[J] = i, act[Hs + J] = f, act[2 * Hs + J] = gg, act[3 * Hs + J] = o;
          cn[j] = f * cp[j] + i * gg;
          hn[j] = o * std::tanh(cn[j]);
        } else if (p.cell == RnnCell::GRU) {
          const double rr = sigmoid(a[J] + r[J]), z = sigmoid(a[Hs + J] + r[Hs + J]);
          const double n = std::tanh(a[2 * Hs + J] + rr * r[2 * Hs + J]);
          act[J] = rr, act[Hs + J] = z, act[2 * Hs + J] = n;
          hn[j] = (1 - z) * n + z * hp[j];
        } else {
          hn[j] = activate(p.act, a[J] + r[J]);
          act[J] = hn[j];
        }
      }
    }
  return tr;
}

}  // namespace

void rnn_forward_reference(const RnnParams& p, const RnnReferenceWeights& w, std::span<const double> x,
                           std::span<const float> lengths, std::span<double> y) {
  const int64_t T = p.seq, B = p.batch, H = p.hidden;
  const Trace tr = run_forward(p, w, x, lengths);
  for (int64_t b = 0; b < B; ++b) {
    if (!p.return_sequences) {
      for (int64_t j = 0; j < H; ++j) y[size_t(b * H + j)] = tr.h[size_t((b * (T + 1) + T) * H + j)];
      continue;
    }
    for (int64_t t = 0; t < T; ++t)
      for (int64_t j = 0; j < H; ++j)
        y[size_t((b * T + t) * H + j)] =
            tr.valid[size_t(b * T + t)] ? tr.h[size_t((b * (T + 1) + t + 1) * H + j)] : 0.0;
  }
}

void rnn_backward_reference(const RnnParams& p, const RnnReferenceWeights& w, std::span<const double> x,
                            std::span<const float> lengths, std::span<const double> dy, const RnnReferenceGrads& g) {
  const int64_t T = p.seq, B = p.batch, I = p.input, H = p.hidden, G = p.gate_width();
  const Trace tr = run_forward(p, w, x, lengths);
  for (auto* v : {&g.dx, &g.dw_ih, &g.dw_hh, &g.db_ih, &g.db_hh})
    for (auto& e : *v) e = 0;
  const auto Hn = static_cast<size_t>(H), Gn = static_cast<size_t>(G);
  std::vector<double> dh(Hn), dc(Hn), da(Gn), dr(Gn), dprev(Hn);
  for (int64_t b = 0; b < B; ++b) {
    for (int64_t j = 0; j < H; ++j) {
      dh[size_t(j)] = p.return_sequences ? 0.0 : dy[size_t(b * H + j)];
      dc[size_t(j)] = 0;
    }
    for (int64_t t = T - 1; t >= 0; --t) {
      if (!tr.valid[size_t(b * T + t)]) continue;  // state carried: gradients pass unchanged
      if (p.return_sequences)
        for (int64_t j = 0; j < H; ++j) dh[size_t(j)] += dy[size_t((b * T + t) * H + j)];
      const double* act = &tr.act[size_t((b * T + t) * G)];
      const double* rec = &tr.rec[size_t((b * T + t) * G)];
      const double* hp = &tr.h[size_t((b * (T + 1) + t) * H)];
      const double* cp = &tr.c[size_t((b * (T + 1) + t) * H)];
      const double* cn = &tr.c[size_t((b * (T + 1) + t + 1) * H)];
      for (int64_t j = 0; j < H; ++j) {
        const auto J = size_t(j), Hs = size_t(H);
        if (p.cell == RnnCell::LSTM) {
          const double i = act[J], f = act[Hs + J], gg = act[2 * Hs + J], o = act[3 * Hs + J];
          const double tc = std::tanh(cn[j]);
          const double dcell = dc[J] + dh[J] * o * (1 - tc * tc);
          da[J] = dcell * gg * i * (1 - i);
          da[Hs + J] = dcell * cp[j] * f * (1 - f);
          da[2 * Hs + J] = dcell * i * (1 - gg * gg);
          da[3 * Hs + J] = dh[J] * tc * o * (1 - o);
          dc[J] = dcell * f;
          dprev[J] = 0;
        } else if (p.cell == RnnCell::GRU) {
          const double r = act[J], z = act[Hs + J], n = act[2 * Hs + J];
          const double dn = dh[J] * (1 - z) * (1 - n * n);
          const double dz = dh[J] * (hp[j] - n) * z * (1 - z);
          const double drr = dn * rec[2 * Hs + J] * r * (1 - r);
          da[J] = drr, da[Hs + J] = dz, da[2 * Hs + J] = dn;
          dr[J] = drr, dr[Hs + J] = dz, dr[2 * Hs + J] = dn * r;
          dprev[J] = dh[J] * z;
        } else {
          const double hn = act[J];
          da[J] = dh[J] * (p.act == Activation::Tanh ? 1 - hn * hn : (hn > 0 ? 1.0 : 0.0));
          dprev[J] = 0;
        }
      }
      const std::vector<double>& dgrec = p.cell == RnnCell::GRU ? dr : da;
      for (int64_t j = 0; j < G; ++j) {
        g.db_ih[size_t(j)] += da[size_t(j)];
        if (p.cell == RnnCell::GRU) g.db_hh[size_t(j)] += dr[size_t(j)];
        for (int64_t i = 0; i < I; ++i) {
          g.dw_ih[size_t(j * I + i)] += da[size_t(j)] * x[size_t((b * T + t) * I + i)];
          g.dx[size_t((b * T + t) * I + i)] += da[size_t(j)] * w.w_ih[size_t(j * I + i)];
        }
        for (int64_t k = 0; k < H; ++k) {
          g.dw_hh[size_t(j * H + k)] += dgrec[size_t(j)] * hp[k];
          dprev[size_t(k)] += dgrec[size_t(j)] * w.w_hh[size_t(j * H + k)];
        }
      }
      dh = dprev;
    }
  }
}

}  // namespace strata
