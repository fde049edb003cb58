// MultiHeadAttention (scaled dot-product attention over several heads,
// Vaswani et al. 2017) and PositionalEmbedding, for Transformer networks.
//
// MultiHeadAttention, per sample: Q_h = X Wq_h^T + bq_h, K_h = Y Wk_h^T + bk_h,
// V_h = Y Wv_h^T + bv_h (X the query input [Tq, Dq]; Y the key/value input
// [Tk, Dkv], X itself for self-attention), P_h = softmax(Q_h K_h^T / sqrt(dk))
// over the keys, masked keys and (causal) later keys getting 0, then dropout on
// P_h, A_h = P_h V_h and the output sum_h A_h Wo_h + bo, [Tq, Dq].
// Weights: query/key/value [heads * dim, input features] (PyTorch's layout,
// rows of one head together), output [heads * value_dim, Dq] (input-major, so
// each head's rows are one block). Buffers are head-major ([heads, batch, T,
// dim]) so that every (head, sample) product sits at one stride for
// Backend::gemm_batched.
//
// PositionalEmbedding adds a position's vector to each step of [T, D]: learned
// (a [T, D] weight) or the fixed sinusoids of the Transformer paper.
#include <cmath>

#include "layers/layer_util.h"
#include "ops/copy.h"
#include "ops/sequence.h"
#include "runtime/backend.h"

namespace strata {
namespace {

class AttentionExec final : public LayerExec {
 public:
  explicit AttentionExec(const ExecSetup& s) : be_(s.be) {
    using namespace layer_util;
    heads_ = s.node.integer("heads"), dk_ = s.node.integer("key_dim");
    dv_ = s.node.integer("value_dim") > 0 ? s.node.integer("value_dim") : dk_;
    cross_ = s.input_shapes.size() == 2;
    tq_ = s.input_shapes[0][0], dq_ = s.input_shapes[0][1];
    tk_ = s.input_shapes.back()[0], dkv_ = s.input_shapes.back()[1];
    bias_ = s.node.flag("use_bias"), causal_ = s.node.flag("causal");
    rate_ = float(s.node.number("dropout"));
    scale_ = float(1.0 / std::sqrt(double(dk_)));
    salt_ = uint32_t(std::hash<std::string>{}(s.node.name));
    auto rng = init_rng(s.init_seed, s.node.name);
    auto add = [&](const std::string& role, int64_t rows, int64_t cols, int64_t fan_in, int64_t fan_out,
                   int64_t bias_size) {
      Projection p{params_.size(), -1};
      params_.push_back(make_param(be_, role + "_weight", {rows, cols}, glorot_uniform(rng, rows * cols, fan_in, fan_out)));
      params_.back().l1 = float(s.node.number("l1")), params_.back().l2 = float(s.node.number("l2"));
      if (bias_) {
        p.bias = int(params_.size());
        params_.push_back(make_param(be_, role + "_bias", {bias_size}, std::vector<float>(size_t(bias_size), 0.f)));
      }
      return p;
    };
    query_ = add("query", heads_ * dk_, dq_, dq_, heads_ * dk_, heads_ * dk_);
    key_ = add("key", heads_ * dk_, dkv_, dkv_, heads_ * dk_, heads_ * dk_);
    value_ = add("value", heads_ * dv_, dkv_, dkv_, heads_ * dv_, heads_ * dv_);
    output_ = add("output", heads_ * dv_, dq_, heads_ * dv_, dq_, dq_);
    const int64_t hb = heads_ * s.max_batch;
    q_ = be_.empty({hb * tq_ * dk_}), k_ = be_.empty({hb * tk_ * dk_}), v_ = be_.empty({hb * tk_ * dv_});
    p_ = be_.empty({hb * tq_ * tk_}), a_ = be_.empty({hb * tq_ * dv_});
    if (rate_ > 0.f) dropped_ = be_.empty({hb * tq_ * tk_}), drop_mask_ = be_.empty({hb * tq_ * tk_});
    dq_buf_ = be_.empty({hb * tq_ * dk_}), dk_buf_ = be_.empty({hb * tk_ * dk_}), dv_buf_ = be_.empty({hb * tk_ * dv_});
    dp_ = be_.empty({hb * tq_ * tk_}), ds_ = be_.empty({hb * tq_ * tk_}), da_ = be_.empty({hb * tq_ * dv_});
  }

  void forward(ExecContext& c) override {
    const int64_t B = c.batch, items = heads_ * B;
    const Tensor& x = c.inputs[0];
    const Tensor& y = c.inputs.back();
    project(x, B * tq_, dq_, query_, dk_, q_);
    project(y, B * tk_, dkv_, key_, dk_, k_);
    project(y, B * tk_, dkv_, value_, dv_, v_);
    // Scores into ds_ (scratch until the backward), then the probabilities.
    GemmArgs g{tq_, tk_, dk_, false, true, scale_, 0.f};
    be_.gemm_batched(g, {items, tq_ * dk_, tk_ * dk_, tq_ * tk_}, q_, k_, ds_);
    const Tensor& key_mask = c.input_masks.back();
    const AttentionSoftmaxShape as{B, heads_, tq_, tk_, causal_};
    be_.attention_softmax(as, view(ds_, as.count()), key_mask.defined() ? &key_mask : nullptr, view(p_, as.count()));
    dropped_used_ = c.training && rate_ > 0.f;
    const Tensor& probs = dropped_used_ ? dropped_ : p_;
    if (dropped_used_)
      be_.dropout_forward(view(p_, as.count()), rate_, c.seed ^ salt_, c.step, view(dropped_, as.count()),
                          view(drop_mask_, as.count()));
    be_.gemm_batched({tq_, dv_, tk_}, {items, tq_ * tk_, tk_ * dv_, tq_ * dv_}, probs, v_, a_);
    // The output: each head's values through its block of the output weight, summed.
    for (int64_t h = 0; h < heads_; ++h) {
      GemmArgs o{B * tq_, dq_, dv_, false, false, 1.f, h == 0 ? 0.f : 1.f};
      const LayerParam* ob = h == 0 ? bias(output_) : nullptr;
      if (ob) o.bias = BiasMode::PerColumn;
      be_.gemm(o, head(a_, h, B * tq_ * dv_), head(weight(output_).value, h, dv_ * dq_), c.output,
               ob ? &ob->value : nullptr);
    }
  }

  void backward(ExecContext& c) override {
    const int64_t B = c.batch, items = heads_ * B;
    const Tensor& dout = c.output_grad;
    if (bias_) be_.channel_sum(dout, {B * tq_, dq_, 1}, 0.f, bias(output_)->grad);
    for (int64_t h = 0; h < heads_; ++h) {
      const Tensor ah = head(a_, h, B * tq_ * dv_), dah = head(da_, h, B * tq_ * dv_);
      be_.gemm({dv_, dq_, B * tq_, true, false}, ah, dout, head(weight(output_).grad, h, dv_ * dq_), nullptr);
      be_.gemm({B * tq_, dv_, dq_, false, true}, dout, head(weight(output_).value, h, dv_ * dq_), dah, nullptr);
    }
    const Tensor& probs = dropped_used_ ? dropped_ : p_;
    be_.gemm_batched({tq_, tk_, dv_, false, true}, {items, tq_ * dv_, tk_ * dv_, tq_ * tk_}, da_, v_, dp_);
    be_.gemm_batched({tk_, dv_, tq_, true, false}, {items, tq_ * tk_, tq_ * dv_, tk_ * dv_}, probs, da_, dv_buf_);
    const int64_t count = items * tq_ * tk_;
    if (dropped_used_) be_.multiply(view(dp_, count), view(drop_mask_, count), view(dp_, count));
    be_.softmax_backward({items * tq_, tk_}, view(p_, count), view(dp_, count), view(ds_, count));
    GemmArgs gq{tq_, dk_, tk_, false, false, scale_, 0.f};
    be_.gemm_batched(gq, {items, tq_ * tk_, tk_ * dk_, tq_ * dk_}, ds_, k_, dq_buf_);
    GemmArgs gk{tk_, dk_, tq_, true, false, scale_, 0.f};
    be_.gemm_batched(gk, {items, tq_ * tk_, tq_ * dk_, tk_ * dk_}, ds_, q_, dk_buf_);
    const Tensor& dx = c.input_grads[0];
    const Tensor& dy = c.input_grads.back();
    bool x_written = false, y_written = false;
    project_backward(c.inputs[0], B * tq_, dq_, query_, dk_, dq_buf_, dx, x_written);
    bool& kv_written = cross_ ? y_written : x_written;
    project_backward(c.inputs.back(), B * tk_, dkv_, key_, dk_, dk_buf_, dy, kv_written);
    project_backward(c.inputs.back(), B * tk_, dkv_, value_, dv_, dv_buf_, dy, kv_written);
  }

 private:
  static Tensor view(const Tensor& t, int64_t n) { return t.view(0, {n}); }
  // Head h's block of n values in a head-major buffer.
  static Tensor head(const Tensor& t, int64_t h, int64_t n) { return t.view(h * n, {n}); }
  // Where a projection's weight and bias sit in params_ (by position: a
  // TransformerEncoderBlock renames the roles).
  struct Projection {
    size_t weight = 0;
    int bias = -1;  // -1: no bias
  };
  LayerParam& weight(const Projection& p) { return params_[p.weight]; }
  LayerParam* bias(const Projection& p) { return p.bias < 0 ? nullptr : &params_[size_t(p.bias)]; }
  // out_h = in W_h^T + b_h for each head, into the head-major buffer `out`.
  void project(const Tensor& in, int64_t rows, int64_t features, const Projection& p, int64_t dim, const Tensor& out) {
    const LayerParam* b = bias(p);
    for (int64_t h = 0; h < heads_; ++h) {
      GemmArgs g{rows, dim, features, false, true};
      Tensor bh;
      if (b) g.bias = BiasMode::PerColumn, bh = head(b->value, h, dim);
      be_.gemm(g, in, head(weight(p).value, h, dim * features), head(out, h, rows * dim), b ? &bh : nullptr);
    }
  }
  // From the projections' gradient d [heads, rows, dim]: the weight's and
  // bias's gradients, and d W added into the input's gradient (written by the
  // first projection that reaches it).
  void project_backward(const Tensor& in, int64_t rows, int64_t features, const Projection& p, int64_t dim,
                        const Tensor& d, const Tensor& din, bool& din_written) {
    LayerParam* w = &weight(p);
    LayerParam* b = bias(p);
    for (int64_t h = 0; h < heads_; ++h) {
      const Tensor dh = head(d, h, rows * dim);
      be_.gemm({dim, features, rows, true, false}, dh, in, head(w->grad, h, dim * features), nullptr);
      if (b) be_.channel_sum(dh, {rows, dim, 1}, 0.f, head(b->grad, h, dim));
      if (!din.defined()) continue;
      be_.gemm({rows, features, dim, false, false, 1.f, din_written ? 1.f : 0.f}, dh, head(w->value, h, dim * features),
               din, nullptr);
      din_written = true;
    }
  }

  Backend& be_;
  int64_t heads_ = 1, dk_ = 1, dv_ = 1, tq_ = 1, dq_ = 1, tk_ = 1, dkv_ = 1;
  bool cross_ = false, bias_ = true, causal_ = false, dropped_used_ = false;
  float rate_ = 0.f, scale_ = 1.f;
  uint32_t salt_ = 0;
  Tensor q_, k_, v_, p_, a_, dropped_, drop_mask_;
  Tensor dq_buf_, dk_buf_, dv_buf_, dp_, ds_, da_;
  Projection query_, key_, value_, output_;
};

class PositionalExec final : public LayerExec {
 public:
  explicit PositionalExec(const ExecSetup& s) : be_(s.be), per_sample_(numel(s.output_shape)) {
    using namespace layer_util;
    const int64_t steps = s.output_shape[0], dim = s.output_shape[1];
    learned_ = s.node.text("mode") == "learned";
    if (learned_) {
      auto rng = init_rng(s.init_seed, s.node.name);
      params_.push_back(make_param(be_, "weight", {steps, dim}, uniform_values(rng, steps * dim, 0.05)));
    } else {
      table_ = be_.from_host({steps, dim}, positional_sinusoids(steps, dim));
    }
    ones_ = be_.empty({s.max_batch});
    be_.fill(ones_, 1.f);
  }
  void forward(ExecContext& c) override {
    CopyLayout all;
    all.dims = {1, 1, c.batch * per_sample_};
    be_.strided_copy(all, c.inputs[0], c.output, false);
    // output += ones[batch] (outer) positions: one GEMM adds them to every sample.
    be_.gemm({c.batch, per_sample_, 1, false, false, 1.f, 1.f}, ones_.view(0, {c.batch}), positions(), c.output,
             nullptr);
  }
  void backward(ExecContext& c) override {
    if (learned_) be_.channel_sum(c.output_grad, {c.batch, per_sample_, 1}, 0.f, params_[0].grad);
    if (c.input_grads[0].defined()) be_.add(1.f, c.output_grad, 0.f, c.output_grad, c.input_grads[0]);
  }

 private:
  const Tensor& positions() const { return learned_ ? params_[0].value : table_; }
  Backend& be_;
  int64_t per_sample_;
  bool learned_ = true;
  Tensor table_, ones_;
};

}  // namespace

void add_attention_layers(std::vector<LayerSpec>& out) {
  using namespace layer_util;
  {
    LayerSpec s;
    s.type = "MultiHeadAttention";
    s.category = "Attention";
    s.summary = "Scaled dot-product attention over several heads (self- or cross-attention)";
    s.params = {key(int_param("heads", 2, 1, 256, "Number of attention heads")),
                key(int_param("key_dim", 32, 1, 1 << 14, "Size of each head's queries and keys")),
                int_param("value_dim", 0, 0, 1 << 14, "Size of each head's values (0: key_dim)"),
                int_param("inputs", 1, 1, 2,
                          "1: self-attention over its input; 2: the first input's steps query the second's"),
                float_param("dropout", 0.0, 0.0, 1.0, "Dropout rate on the attention weights", true),
                bool_param("use_bias", true, "Add learned biases to the projections"),
                bool_param("causal", false, "Each step attends only to itself and earlier steps (decoders)")};
    for (auto& p : penalty_params()) s.params.push_back(p);
    s.inputs = -1;
    s.masks = MaskRule::Use;
    s.infer = [](const NodeParams& p, const std::vector<Shape>& in) {
      for (size_t i = 0; i < in.size(); ++i)
        if (in[i].size() != 2)
          throw LayerError(in.size() == 1 ? "input" : "input " + std::to_string(i + 1),
                           "expects [timesteps, features], got " + to_string(in[i]),
                           "feed it an Embedding (with PositionalEmbedding) or a recurrent layer with return_sequences");
      const int64_t h = p.integer("heads"), dk = p.integer("key_dim");
      const int64_t dv = p.integer("value_dim") > 0 ? p.integer("value_dim") : dk;
      const int64_t tq = in[0][0], dq = in[0][1], tk = in.back()[0], dkv = in.back()[1];
      LayerShape r;
      r.output = {tq, dq};
      const int64_t b = p.flag("use_bias") ? 1 : 0;
      r.parameters = h * dk * (dq + b) + h * dk * (dkv + b) + h * dv * (dkv + b) + h * dv * dq + b * dq;
      r.flops = 2.0 * double(h) * (double(tq * dq * dk) + double(tk * dkv * (dk + dv)) + double(tq * tk * (dk + dv)) +
                                   double(tq * dv * dq));
      r.activations = h * (tq * dk + tk * (dk + dv) + 2 * tq * tk + tq * dv) + tq * dq;
      return r;
    };
    s.make = [](const ExecSetup& e) { return std::make_unique<AttentionExec>(e); };
    out.push_back(std::move(s));
  }
  {
    LayerSpec s;
    s.type = "PositionalEmbedding";
    s.category = "Attention";
    s.summary = "Adds each step's position vector to [timesteps, features]";
    s.params = {key(choice_param("mode", "learned", {"learned", "sinusoidal"},
                                 "learned: a trained vector per position; sinusoidal: the fixed sines and cosines "
                                 "of the Transformer paper"))};
    s.masks = MaskRule::Use;
    s.infer = [](const NodeParams& p, const std::vector<Shape>& in) {
      expect_rank(in[0], 2, "[timesteps, features]", "put it after an Embedding");
      LayerShape r;
      r.output = in[0];
      r.parameters = p.text("mode") == "learned" ? numel(in[0]) : 0;
      r.flops = double(numel(in[0]));
      r.activations = numel(in[0]);
      return r;
    };
    s.make = [](const ExecSetup& e) { return std::make_unique<PositionalExec>(e); };
    out.push_back(std::move(s));
  }
}

}  // namespace strata
