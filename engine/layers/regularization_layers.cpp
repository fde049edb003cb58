// Dropout: inverted dropout in training (mask from the run's seed and the
// step, ops/dropout.h); the identity in evaluation.
#include "layers/layer_util.h"
#include "runtime/backend.h"

namespace strata {
namespace {

class DropoutExec final : public LayerExec {
 public:
  explicit DropoutExec(const ExecSetup& s)
      : be_(s.be), rate_(float(s.node.number("rate"))), per_sample_(numel(s.output_shape)),
        salt_(uint32_t(std::hash<std::string>{}(s.node.name))) {
    mask_ = be_.empty({s.max_batch * per_sample_});
  }
  void forward(ExecContext& c) override {
    used_mask_ = c.training && rate_ > 0.f;
    if (!used_mask_) {
      CopyLayout l;
      l.dims = {1, 1, c.batch * per_sample_};
      be_.strided_copy(l, c.inputs[0], c.output, false);
      return;
    }
    // Each dropout layer draws its own stream: the seed mixes in its name.
    be_.dropout_forward(c.inputs[0], rate_, c.seed ^ salt_, c.step, c.output, mask_.view(0, {c.batch * per_sample_}));
  }
  void backward(ExecContext& c) override {
    if (!c.input_grads[0].defined()) return;
    if (used_mask_) be_.multiply(c.output_grad, mask_.view(0, {c.batch * per_sample_}), c.input_grads[0]);
    else be_.add(1.f, c.output_grad, 0.f, c.output_grad, c.input_grads[0]);
  }

 private:
  Backend& be_;
  float rate_;
  int64_t per_sample_;
  uint32_t salt_;
  Tensor mask_;
  bool used_mask_ = false;
};

}  // namespace

void add_regularization_layers(std::vector<LayerSpec>& out) {
  using namespace layer_util;
  LayerSpec s;
  s.type = "Dropout";
  s.masks = MaskRule::Use;  // per value
  s.category = "Regularization";
  s.summary = "Zeroes a random fraction of values while training";
  s.params = {float_param("rate", 0.5, 0.0, 1.0, "Fraction of values dropped", true)};
  s.infer = [](const NodeParams&, const std::vector<Shape>& in) {
    LayerShape r;
    r.output = in[0];
    r.activations = 2 * numel(in[0]);
    return r;
  };
  s.make = [](const ExecSetup& e) { return std::make_unique<DropoutExec>(e); };
  out.push_back(std::move(s));
}

}  // namespace strata
