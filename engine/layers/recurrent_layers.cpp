// LSTM, GRU and SimpleRNN over [timesteps, features] samples (ops/recurrent.h).
// return_sequences gives [timesteps, units], otherwise the final state
// [units]; stack layers with return_sequences on all but the last.
// Initialisation as PyTorch: uniform(-1/sqrt(units), 1/sqrt(units)).
#include "layers/layer_util.h"
#include "ops/recurrent.h"
#include "runtime/backend.h"

namespace strata {
namespace {

RnnParams rnn_params(RnnCell cell, const NodeParams& p, const Shape& in) {
  RnnParams r;
  r.cell = cell, r.seq = in[0], r.input = in[1], r.hidden = p.integer("units");
  r.return_sequences = p.flag("return_sequences");
  if (cell == RnnCell::Simple) r.act = p.text("activation") == "relu" ? Activation::ReLU : Activation::Tanh;
  return r;
}

class RecurrentExec final : public LayerExec {
 public:
  RecurrentExec(const ExecSetup& s, RnnCell cell) : be_(s.be) {
    using namespace layer_util;
    p_ = rnn_params(cell, s.node, s.input_shapes[0]);
    p_.batch = s.max_batch;
    const int64_t G = p_.gate_width(), H = p_.hidden, I = p_.input;
    auto rng = init_rng(s.init_seed, s.node.name);
    const double k = 1.0 / std::sqrt(double(H));
    params_.push_back(make_param(be_, "weight_ih", {G, I}, uniform_values(rng, G * I, k)));
    params_.back().l1 = float(s.node.number("l1")), params_.back().l2 = float(s.node.number("l2"));
    params_.push_back(make_param(be_, "weight_hh", {G, H}, uniform_values(rng, G * H, k)));
    params_.push_back(make_param(be_, "bias_ih", {G}, uniform_values(rng, G, k)));
    if (cell == RnnCell::GRU) params_.push_back(make_param(be_, "bias_hh", {G}, uniform_values(rng, G, k)));
    // Workspaces for the largest batch; a smaller batch uses their leading parts.
    state_ = make_rnn_state(be_, p_);
    grads_ = make_rnn_grads(be_, p_);
  }
  void forward(ExecContext& c) override {
    const RnnParams p = at(c.batch);
    RnnState s = shrink(p);
    rnn_forward(be_, p, weights(false), c.inputs[0], nullptr, s, c.output);
    last_ = s;
  }
  void backward(ExecContext& c) override {
    const RnnParams p = at(c.batch);
    RnnGrads g = shrink_grads(p);
    const Tensor* dx = c.input_grads[0].defined() ? &c.input_grads[0] : nullptr;
    rnn_backward(be_, p, weights(false), last_, c.output_grad, g, dx, weights(true));
  }

 private:
  RnnParams at(int64_t batch) const {
    RnnParams p = p_;
    p.batch = batch;
    return p;
  }
  RnnWeights weights(bool grads) const {
    auto t = [&](size_t i) { return i < params_.size() ? (grads ? params_[i].grad : params_[i].value) : Tensor(); };
    return {t(0), t(1), t(2), p_.cell == RnnCell::GRU ? t(3) : Tensor()};
  }
  static Tensor head(const Tensor& t, Shape shape) { return t.defined() ? t.view(0, std::move(shape)) : Tensor(); }
  RnnState shrink(const RnnParams& p) const {
    const int64_t T = p.seq, B = p.batch, H = p.hidden, G = p.gate_width();
    RnnState s;
    s.x = head(state_.x, {T, B, p.input});
    s.gates = head(state_.gates, {T, B, G});
    s.rgates = head(state_.rgates, {T, B, G});
    s.h = head(state_.h, {T + 1, B, H});
    s.c = head(state_.c, {T + 1, B, H});
    s.y = head(state_.y, {T, B, H});
    return s;
  }
  RnnGrads shrink_grads(const RnnParams& p) const {
    const int64_t T = p.seq, B = p.batch, H = p.hidden, G = p.gate_width();
    RnnGrads g;
    g.dy = head(grads_.dy, {T, B, H});
    g.dgates = head(grads_.dgates, {T, B, G});
    g.drgates = head(grads_.drgates, {T, B, G});
    g.dh = head(grads_.dh, {2, B, H});
    g.dc = head(grads_.dc, {B, H});
    g.dx = head(grads_.dx, {T, B, p.input});
    return g;
  }
  Backend& be_;
  RnnParams p_;
  RnnState state_, last_;
  RnnGrads grads_;
};

LayerSpec rnn_spec(const std::string& type, RnnCell cell) {
  using namespace layer_util;
  LayerSpec s;
  s.type = type;
  s.category = "Recurrent";
  s.summary = cell == RnnCell::LSTM ? "Long short-term memory over [timesteps, features]"
              : cell == RnnCell::GRU ? "Gated recurrent unit over [timesteps, features]"
                                     : "Fully connected recurrent layer over [timesteps, features]";
  s.params = {int_param("units", 64, 1, 1 << 16, "Size of the hidden state"),
              bool_param("return_sequences", false, "Output every timestep (for stacking) instead of the last state")};
  if (cell == RnnCell::Simple)
    s.params.push_back(choice_param("activation", "tanh", {"tanh", "relu"}, "Activation of the state"));
  for (auto& p : penalty_params()) s.params.push_back(p);
  s.infer = [cell](const NodeParams& p, const std::vector<Shape>& in) {
    expect_rank(in[0], 2, "[timesteps, features]",
                in[0].size() == 3 ? "images go to Conv2D; for rows as timesteps use Reshape to [height, width]"
                                  : "give the Input a shape [timesteps, features]");
    RnnParams r = rnn_params(cell, p, in[0]);
    check_op(p, "units", [&] { check_rnn_params(r, p.name); });
    LayerShape out;
    out.output = r.return_sequences ? Shape{r.seq, r.hidden} : Shape{r.hidden};
    const int64_t G = r.gate_width();
    out.parameters = G * (r.input + r.hidden) + G * (cell == RnnCell::GRU ? 2 : 1);
    out.flops = 2.0 * double(r.seq) * double(G) * double(r.input + r.hidden);
    out.activations = r.seq * (G + 2 * r.hidden + r.input);
    return out;
  };
  s.make = [cell](const ExecSetup& e) { return std::make_unique<RecurrentExec>(e, cell); };
  return s;
}

}  // namespace

void add_recurrent_layers(std::vector<LayerSpec>& out) {
  out.push_back(rnn_spec("LSTM", RnnCell::LSTM));
  out.push_back(rnn_spec("GRU", RnnCell::GRU));
  out.push_back(rnn_spec("SimpleRNN", RnnCell::Simple));
}

}  // namespace strata
