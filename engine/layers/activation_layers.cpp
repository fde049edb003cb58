// Activation (ReLU, LeakyReLU, sigmoid, tanh, GELU as a layer of its own) and
// Softmax over the last axis.
#include "layers/layer_util.h"
#include "runtime/backend.h"

namespace strata {
namespace {

class ActivationExec final : public LayerExec {
 public:
  explicit ActivationExec(const ExecSetup& s)
      : be_(s.be), act_(layer_util::activation_of(s.node)), alpha_(float(s.node.number("alpha"))) {}
  void forward(ExecContext& c) override { be_.activation_forward(act_, alpha_, c.inputs[0], c.output); }
  void backward(ExecContext& c) override {
    if (c.input_grads[0].defined())
      be_.activation_backward(act_, alpha_, c.inputs[0], c.output, c.output_grad, c.input_grads[0]);
  }

 private:
  Backend& be_;
  Activation act_;
  float alpha_;
};

class SoftmaxExec final : public LayerExec {
 public:
  explicit SoftmaxExec(const ExecSetup& s) : be_(s.be), cols_(s.output_shape.back()), lead_(numel(s.output_shape) / cols_) {}
  void forward(ExecContext& c) override { be_.softmax_forward({c.batch * lead_, cols_}, c.inputs[0], c.output); }
  void backward(ExecContext& c) override {
    if (c.input_grads[0].defined())
      be_.softmax_backward({c.batch * lead_, cols_}, c.output, c.output_grad, c.input_grads[0]);
  }

 private:
  Backend& be_;
  int64_t cols_, lead_;
};

LayerShape same_shape(const std::vector<Shape>& in) {
  if (in[0].empty()) throw LayerError("input", "expects values, got a scalar");
  LayerShape r;
  r.output = in[0];
  r.flops = double(numel(in[0]));
  r.activations = 2 * numel(in[0]);
  return r;
}

}  // namespace

void add_activation_layers(std::vector<LayerSpec>& out) {
  using namespace layer_util;
  LayerSpec a;
  a.type = "Activation";
  a.masks = MaskRule::Use;  // per value
  a.category = "Activation";
  a.summary = "An elementwise activation function";
  a.params = {choice_param("activation", "relu", {"relu", "leaky_relu", "sigmoid", "tanh", "gelu"}, "The function"),
              float_param("alpha", 0.01, 0.0, 1.0, "Slope of leaky_relu below zero")};
  a.infer = [](const NodeParams&, const std::vector<Shape>& in) { return same_shape(in); };
  a.make = [](const ExecSetup& e) { return std::make_unique<ActivationExec>(e); };
  out.push_back(std::move(a));

  LayerSpec s;
  s.type = "Softmax";
  s.masks = MaskRule::Use;  // per step (the last axis)
  s.category = "Activation";
  s.summary = "Probabilities over the last axis (train classifiers on logits with SoftmaxCrossEntropy instead)";
  s.infer = [](const NodeParams&, const std::vector<Shape>& in) { return same_shape(in); };
  s.make = [](const ExecSetup& e) { return std::make_unique<SoftmaxExec>(e); };
  out.push_back(std::move(s));
}

}  // namespace strata
