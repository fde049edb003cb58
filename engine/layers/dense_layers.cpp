// Dense: y = act(x W^T + b) over the last axis (so [timesteps, features]
// inputs are transformed per timestep, as Keras does). ops/dense.h computes.
#include "layers/layer_util.h"
#include "ops/dense.h"
#include "runtime/backend.h"

namespace strata {
namespace {

class DenseExec final : public LayerExec {
 public:
  explicit DenseExec(const ExecSetup& s) : be_(s.be) {
    using namespace layer_util;
    const Shape& in = s.input_shapes[0];
    lead_ = numel(in) / in.back();
    p_.in = in.back(), p_.units = s.node.integer("units"), p_.bias = s.node.flag("use_bias");
    p_.act = activation_of(s.node), p_.act_param = 0.01f;
    auto rng = init_rng(s.init_seed, s.node.name);
    params_.push_back(make_param(be_, "weight", {p_.units, p_.in}, glorot_uniform(rng, p_.units * p_.in, p_.in, p_.units)));
    params_.back().l1 = float(s.node.number("l1")), params_.back().l2 = float(s.node.number("l2"));
    if (p_.bias) params_.push_back(make_param(be_, "bias", {p_.units}, std::vector<float>(size_t(p_.units), 0.f)));
    const int64_t rows = s.max_batch * lead_;
    if (p_.keeps_preactivation()) z_ = be_.empty({rows * p_.units});
    dz_ = be_.empty({rows * p_.units});
  }
  void forward(ExecContext& c) override {
    DenseParams p = at(c.batch);
    const Tensor z = z_.defined() ? z_.view(0, {p.batch * p.units}) : Tensor();
    dense_forward(be_, p, c.inputs[0], params_[0].value, p.bias ? &params_[1].value : nullptr, c.output,
                  z.defined() ? &z : nullptr);
  }
  void backward(ExecContext& c) override {
    DenseParams p = at(c.batch);
    const Tensor z = z_.defined() ? z_.view(0, {p.batch * p.units}) : Tensor();
    const Tensor dz = dz_.view(0, {p.batch * p.units});
    const Tensor* dx = c.input_grads[0].defined() ? &c.input_grads[0] : nullptr;
    dense_backward(be_, p, c.inputs[0], params_[0].value, c.output, z.defined() ? &z : nullptr, c.output_grad, dz, dx,
                   params_[0].grad, p.bias ? &params_[1].grad : nullptr);
  }

 private:
  DenseParams at(int64_t batch) const {
    DenseParams p = p_;
    p.batch = batch * lead_;
    return p;
  }
  Backend& be_;
  DenseParams p_;
  int64_t lead_ = 1;
  Tensor z_, dz_;
};

}  // namespace

void add_dense_layers(std::vector<LayerSpec>& out) {
  using namespace layer_util;
  LayerSpec s;
  s.type = "Dense";
  s.masks = MaskRule::Use;  // per step on [timesteps, features]
  s.category = "Core";
  s.summary = "Fully connected layer over the last axis";
  s.params = {int_param("units", 128, 1, 1 << 20, "Output features"), activation_param(),
              bool_param("use_bias", true, "Add a learned bias")};
  for (auto& p : penalty_params()) s.params.push_back(p);
  s.infer = [](const NodeParams& p, const std::vector<Shape>& in) {
    const Shape& x = in[0];
    if (x.empty()) throw LayerError("input", "expects features, got a scalar");
    if (x.size() >= 3)
      throw LayerError("input", "expects [features] or [timesteps, features], got " + to_string(x) + " (an image)",
                       "insert Flatten (or GlobalAveragePooling2D) before this Dense layer");
    LayerShape r;
    const int64_t units = p.integer("units"), f = x.back(), lead = numel(x) / f;
    r.output = x;
    r.output.back() = units;
    r.parameters = units * f + (p.flag("use_bias") ? units : 0);
    r.flops = 2.0 * double(lead) * double(units) * double(f);
    r.activations = numel(r.output) * (p.text("activation") == "gelu" ? 2 : 1);
    return r;
  };
  s.make = [](const ExecSetup& e) { return std::make_unique<DenseExec>(e); };
  out.push_back(std::move(s));
}

}  // namespace strata
