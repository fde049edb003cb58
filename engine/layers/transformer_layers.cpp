// TransformerEncoderBlock: a convenience layer made of the existing ones, so
// that a Transformer encoder is one node in the editor (the same network can
// be drawn from the individual layers: resources/examples/transformer_text).
//
// post-norm (the original Transformer, PyTorch's default):
//   h = LayerNorm1(x + Dropout(MultiHeadAttention(x)))
//   y = LayerNorm2(h + Dropout(Dense2(Dropout(Dense1_act(h)))))
// pre-norm (GPT-2 and most later models; trains without warm-up):
//   h = x + Dropout(MultiHeadAttention(LayerNorm1(x)))
//   y = h + Dropout(Dense2(Dropout(Dense1_act(LayerNorm2(h)))))
// The parts are the layers' own executors (each checked on its own); their
// weights appear as "<node>.attention.query_weight", "<node>.ff1.weight",
// "<node>.norm1.weight", ... in checkpoints and exports.
#include "layers/layer_util.h"
#include "layers/registry.h"
#include "runtime/backend.h"

namespace strata {
namespace {

class EncoderBlockExec final : public LayerExec {
 public:
  explicit EncoderBlockExec(const ExecSetup& s) : be_(s.be), pre_norm_(s.node.text("norm") == "pre") {
    const Shape& in = s.input_shapes[0];  // [T, D]
    steps_ = in[0], dim_ = in[1], ff_dim_ = s.node.integer("intermediate_dim");
    const int64_t heads = s.node.integer("heads");
    const int64_t key_dim = s.node.integer("key_dim") > 0 ? s.node.integer("key_dim") : dim_ / heads;
    const double rate = s.node.number("dropout");
    const Shape wide{steps_, ff_dim_};
    auto part = [&](const char* name, const char* type, nlohmann::json values, const Shape& input, const Shape& output) {
      const LayerSpec& spec = *find_layer(type);
      const NodeParams np = resolve_params(spec, s.node.name + "/" + name, values);
      ExecSetup setup{be_, np, {input}, output, s.max_batch, s.init_seed};
      auto exec = spec.make(setup);
      for (auto& p : exec->params()) p.role = std::string(name) + "." + p.role;
      return exec;
    };
    attention_ = part("attention", "MultiHeadAttention",
                      {{"heads", heads}, {"key_dim", key_dim}, {"dropout", s.node.number("attention_dropout")},
                       {"causal", s.node.flag("causal")}, {"l1", s.node.number("l1")}, {"l2", s.node.number("l2")}},
                      in, in);
    norm1_ = part("norm1", "LayerNormalization", {{"epsilon", s.node.number("epsilon")}}, in, in);
    norm2_ = part("norm2", "LayerNormalization", {{"epsilon", s.node.number("epsilon")}}, in, in);
    ff1_ = part("ff1", "Dense",
                {{"units", ff_dim_}, {"activation", s.node.text("activation")}, {"l1", s.node.number("l1")},
                 {"l2", s.node.number("l2")}},
                in, wide);
    ff2_ = part("ff2", "Dense", {{"units", dim_}, {"l1", s.node.number("l1")}, {"l2", s.node.number("l2")}}, wide, in);
    drop_attention_ = part("dropout1", "Dropout", {{"rate", rate}}, in, in);
    drop_inner_ = part("dropout_ff", "Dropout", {{"rate", rate}}, wide, wide);
    drop_ff_ = part("dropout2", "Dropout", {{"rate", rate}}, in, in);
    const int64_t n = s.max_batch * steps_ * dim_, nw = s.max_batch * steps_ * ff_dim_;
    for (Tensor* t : {&n1_, &a_, &ad_, &h_, &f2_, &f2d_, &g1_, &g2_, &g3_, &g4_, &g5_}) *t = be_.empty({n});
    (pre_norm_ ? n2_ : s2_) = be_.empty({n});  // norm2's input: its own buffer (pre) or the second sum (post)
    for (Tensor* t : {&f1_, &f1d_, &gw1_, &gw2_}) *t = be_.empty({nw});
  }

  std::vector<LayerParam*> all_params() override {
    std::vector<LayerParam*> out;
    for (LayerExec* e : {attention_.get(), norm1_.get(), ff1_.get(), ff2_.get(), norm2_.get()})
      for (LayerParam* p : e->all_params()) out.push_back(p);
    return out;
  }

  void forward(ExecContext& c) override {
    const Tensor& x = c.inputs[0];
    const Tensor& mask = c.input_masks[0];
    if (pre_norm_) {
      run(*norm1_, c, x, at(n1_, c));
      run(*attention_, c, at(n1_, c), at(a_, c), mask);
      run(*drop_attention_, c, at(a_, c), at(ad_, c));
      be_.add(1.f, x, 1.f, at(ad_, c), at(h_, c));
      run(*norm2_, c, at(h_, c), at(n2_, c));
      feed_forward(c, at(n2_, c));
      be_.add(1.f, at(h_, c), 1.f, at(f2d_, c), c.output);
    } else {
      run(*attention_, c, x, at(a_, c), mask);
      run(*drop_attention_, c, at(a_, c), at(ad_, c));
      be_.add(1.f, x, 1.f, at(ad_, c), at(n1_, c));  // the first sum, kept for norm1's backward
      run(*norm1_, c, at(n1_, c), at(h_, c));
      feed_forward(c, at(h_, c));
      be_.add(1.f, at(h_, c), 1.f, at(f2d_, c), at(s2_, c));
      run(*norm2_, c, at(s2_, c), c.output);
    }
  }

  void backward(ExecContext& c) override {
    const Tensor& x = c.inputs[0];
    const Tensor& mask = c.input_masks[0];
    const Tensor& dy = c.output_grad;
    const Tensor g1 = at(g1_, c), g2 = at(g2_, c), g3 = at(g3_, c), g4 = at(g4_, c), g5 = at(g5_, c);
    if (pre_norm_) {
      // dh = dy + (the feed-forward path from dy, through norm2).
      feed_forward_backward(c, at(n2_, c), dy, g2);                     // g2: d n2
      back(*norm2_, c, at(h_, c), at(n2_, c), g2, g3);                  // g3: d h through norm2
      be_.add(1.f, dy, 1.f, g3, g3);                                    // g3: d h
      back(*drop_attention_, c, at(a_, c), at(ad_, c), g3, g4);         // g4: d a
      back(*attention_, c, at(n1_, c), at(a_, c), g4, g5, mask);        // g5: d n1
      // norm1's weights learn even when no gradient goes further (g1 is free now).
      const Tensor& dx = c.input_grads[0].defined() ? c.input_grads[0] : g1;
      back(*norm1_, c, x, at(n1_, c), g5, dx);
      if (c.input_grads[0].defined()) be_.add(1.f, dx, 1.f, g3, dx);    // + the skip
    } else {
      back(*norm2_, c, at(s2_, c), c.output, dy, g1);                   // g1: d s2
      feed_forward_backward(c, at(h_, c), g1, g2);                      // g2: d h through the feed-forward
      be_.add(1.f, g1, 1.f, g2, g2);                                    // g2: d h
      back(*norm1_, c, at(n1_, c), at(h_, c), g2, g3);                  // g3: d s1
      back(*drop_attention_, c, at(a_, c), at(ad_, c), g3, g4);         // g4: d a
      if (!c.input_grads[0].defined()) {  // the attention's weights still learn
        back(*attention_, c, x, at(a_, c), g4, Tensor(), mask);
        return;
      }
      back(*attention_, c, x, at(a_, c), g4, c.input_grads[0], mask);
      be_.add(1.f, c.input_grads[0], 1.f, g3, c.input_grads[0]);        // + the skip
    }
  }

 private:
  // This batch's part of a [max_batch, T, features] buffer, or of a
  // [max_batch, T, ff_dim] one (the feed-forward's hidden values).
  Tensor at(const Tensor& t, const ExecContext& c) const { return t.view(0, {c.batch, steps_, dim_}); }
  Tensor wide(const Tensor& t, const ExecContext& c) const { return t.view(0, {c.batch, steps_, ff_dim_}); }
  ExecContext context(const ExecContext& c) const {
    ExecContext s(be_);
    s.batch = c.batch, s.training = c.training, s.seed = c.seed, s.step = c.step;
    return s;
  }
  void run(LayerExec& e, const ExecContext& c, const Tensor& in, const Tensor& out, const Tensor& mask = Tensor()) {
    ExecContext s = context(c);
    s.inputs = {in}, s.input_masks = {mask}, s.output = out;
    e.forward(s);
  }
  void back(LayerExec& e, const ExecContext& c, const Tensor& in, const Tensor& out, const Tensor& dout,
            const Tensor& din, const Tensor& mask = Tensor()) {
    ExecContext s = context(c);
    s.inputs = {in}, s.input_masks = {mask}, s.output = out, s.output_grad = dout, s.input_grads = {din};
    e.backward(s);
  }
  // f2d = Dropout(Dense2(Dropout(Dense1(in)))).
  void feed_forward(const ExecContext& c, const Tensor& in) {
    run(*ff1_, c, in, wide(f1_, c));
    run(*drop_inner_, c, wide(f1_, c), wide(f1d_, c));
    run(*ff2_, c, wide(f1d_, c), at(f2_, c));
    run(*drop_ff_, c, at(f2_, c), at(f2d_, c));
  }
  void feed_forward_backward(const ExecContext& c, const Tensor& in, const Tensor& dout, const Tensor& din) {
    back(*drop_ff_, c, at(f2_, c), at(f2d_, c), dout, at(g5_, c));
    back(*ff2_, c, wide(f1d_, c), at(f2_, c), at(g5_, c), wide(gw1_, c));
    back(*drop_inner_, c, wide(f1_, c), wide(f1d_, c), wide(gw1_, c), wide(gw2_, c));
    back(*ff1_, c, in, wide(f1_, c), wide(gw2_, c), din);
  }

  Backend& be_;
  bool pre_norm_ = false;
  int64_t steps_ = 1, dim_ = 1, ff_dim_ = 1;
  std::unique_ptr<LayerExec> attention_, norm1_, norm2_, ff1_, ff2_, drop_attention_, drop_inner_, drop_ff_;
  Tensor n1_, a_, ad_, h_, n2_, f1_, f1d_, f2_, f2d_, s2_;  // forward values
  Tensor g1_, g2_, g3_, g4_, g5_, gw1_, gw2_;               // gradients
};

}  // namespace

void add_transformer_layers(std::vector<LayerSpec>& out) {
  using namespace layer_util;
  LayerSpec s;
  s.type = "TransformerEncoderBlock";
  s.category = "Attention";
  s.summary = "Self-attention and a feed-forward network, each with a residual Add and LayerNormalization";
  s.params = {key(int_param("heads", 2, 1, 256, "Number of attention heads")),
              int_param("key_dim", 0, 0, 1 << 14, "Size of each head's queries and keys (0: features / heads)"),
              key(int_param("intermediate_dim", 128, 1, 1 << 16, "Units of the feed-forward network's hidden layer")),
              choice_param("activation", "gelu", {"gelu", "relu"}, "Activation of the feed-forward hidden layer"),
              float_param("dropout", 0.1, 0.0, 1.0, "Dropout after the attention and in the feed-forward network", true),
              float_param("attention_dropout", 0.0, 0.0, 1.0, "Dropout rate on the attention weights", true),
              choice_param("norm", "post", {"post", "pre"},
                           "post: normalize after each residual sum (the original Transformer); pre: before each part"),
              bool_param("causal", false, "Each step attends only to itself and earlier steps (decoders)"),
              float_param("epsilon", 1e-5, 1e-12, 1.0, "Added to the variance")};
  for (auto& p : penalty_params()) s.params.push_back(p);
  s.masks = MaskRule::Use;
  s.infer = [](const NodeParams& p, const std::vector<Shape>& in) {
    expect_rank(in[0], 2, "[timesteps, features]", "put it after an Embedding (with PositionalEmbedding)");
    const int64_t t = in[0][0], d = in[0][1], h = p.integer("heads"), f = p.integer("intermediate_dim");
    int64_t dk = p.integer("key_dim");
    if (dk == 0) {
      if (d % h != 0)
        throw LayerError("heads", "the input's " + std::to_string(d) + " features do not split into " +
                                      std::to_string(h) + " heads",
                         "choose heads dividing " + std::to_string(d) + ", or set key_dim");
      dk = d / h;
    }
    LayerShape r;
    r.output = in[0];
    r.parameters = 3 * h * dk * (d + 1) + h * dk * d + d + 2 * d * f + f + d + 4 * d;
    r.flops = 2.0 * double(t) * (4.0 * double(h * dk * d) + 2.0 * double(d * f)) + 4.0 * double(h) * double(t * t * dk);
    r.activations = t * (12 * d + 4 * f) + 2 * h * t * t;
    return r;
  };
  s.make = [](const ExecSetup& e) { return std::make_unique<EncoderBlockExec>(e); };
  out.push_back(std::move(s));
}

}  // namespace strata
