// Embedding: [timesteps] token ids -> [timesteps, dim] vectors (ops/embedding.h).
#include "layers/layer_util.h"
#include "ops/embedding.h"
#include "runtime/backend.h"

namespace strata {
namespace {

class EmbeddingExec final : public LayerExec {
 public:
  explicit EmbeddingExec(const ExecSetup& s) : be_(s.be) {
    using namespace layer_util;
    p_.vocab = s.node.integer("vocab_size"), p_.dim = s.node.integer("dim");
    p_.padding_index = s.node.integer("padding_index");
    mask_zero_ = s.node.flag("mask_zero");
    tokens_ = numel(s.input_shapes[0]);
    auto rng = init_rng(s.init_seed, s.node.name);
    std::vector<float> table = uniform_values(rng, p_.vocab * p_.dim, 0.05);  // Keras' default
    if (p_.padding_index >= 0)
      std::fill_n(table.begin() + p_.padding_index * p_.dim, p_.dim, 0.f);  // reads as zero anyway; keeps exports honest
    params_.push_back(make_param(be_, "weight", {p_.vocab, p_.dim}, table));
    params_.back().l1 = float(s.node.number("l1")), params_.back().l2 = float(s.node.number("l2"));
  }
  void forward(ExecContext& c) override {
    EmbeddingParams p = p_;
    p.count = c.batch * tokens_;
    be_.embedding_forward(p, params_[0].value, c.inputs[0], c.output);
    if (mask_zero_) be_.sequence_mask(c.inputs[0], c.output_mask);
  }
  void backward(ExecContext& c) override {
    EmbeddingParams p = p_;
    p.count = c.batch * tokens_;
    be_.embedding_backward(p, c.output_grad, c.inputs[0], params_[0].grad);
  }

 private:
  Backend& be_;
  EmbeddingParams p_;
  int64_t tokens_ = 1;
  bool mask_zero_ = false;
};

}  // namespace

void add_embedding_layers(std::vector<LayerSpec>& out) {
  using namespace layer_util;
  LayerSpec s;
  s.type = "Embedding";
  s.masks = MaskRule::Make;
  s.category = "Text";
  s.summary = "Token ids to learned vectors";
  s.params = {int_param("vocab_size", 10000, 1, 1 << 24, "Number of distinct token ids"),
              key(int_param("dim", 64, 1, 1 << 16, "Vector size")),
              int_param("padding_index", 0, -1, 1 << 24, "Id that reads as zeros and learns nothing (-1: none)"),
              bool_param("mask_zero", false,
                         "Id 0 is padding: layers that keep the time axis carry a mask, and pooling over time "
                         "and attention skip the padded steps")};
  for (auto& p : penalty_params()) s.params.push_back(p);
  s.infer = [](const NodeParams& p, const std::vector<Shape>& in) {
    if (in[0].size() != 1)
      throw LayerError("input", "expects [timesteps] token ids, got " + to_string(in[0]),
                       "give the Input a shape [timesteps] holding token ids");
    EmbeddingParams e;
    e.vocab = p.integer("vocab_size"), e.dim = p.integer("dim"), e.padding_index = p.integer("padding_index");
    check_op(p, "padding_index", [&] { check_embedding_params(e, p.name); });
    if (p.flag("mask_zero") && e.padding_index != 0)
      throw LayerError("mask_zero", "mask_zero makes id 0 padding, but padding_index is " +
                                        std::to_string(e.padding_index),
                       "set padding_index to 0");
    LayerShape r;
    r.output = {in[0][0], e.dim};
    r.parameters = e.vocab * e.dim;
    r.activations = numel(r.output);
    return r;
  };
  s.make = [](const ExecSetup& e) { return std::make_unique<EmbeddingExec>(e); };
  out.push_back(std::move(s));
}

}  // namespace strata
