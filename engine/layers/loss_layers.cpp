// Losses: the last node of a training graph. Each takes the model's output
// (logits for the cross-entropies) and the dataset's labels, writes one loss
// per sample, and backward seeds the gradient of the batch mean.
#include "layers/layer_util.h"
#include "ops/pointwise_loss.h"
#include "runtime/backend.h"

namespace strata {
namespace {

class CrossEntropyExec final : public LayerExec {
 public:
  explicit CrossEntropyExec(const ExecSetup& s) : be_(s.be), classes_(s.input_shapes[0].back()) {
    one_hot_ = s.node.text("labels") == "one_hot";
    probs_ = be_.empty({s.max_batch * classes_});
  }
  void forward(ExecContext& c) override {
    be_.softmax_cross_entropy(c.inputs[0], c.labels, one_hot_, probs_.view(0, {c.batch, classes_}), c.loss);
  }
  void backward(ExecContext& c) override {
    be_.softmax_cross_entropy_backward(probs_.view(0, {c.batch, classes_}), c.labels, one_hot_, 1.f / float(c.batch),
                                       c.input_grads[0]);
  }

 private:
  Backend& be_;
  int64_t classes_;
  bool one_hot_ = false;
  Tensor probs_;
};

class PointwiseExec final : public LayerExec {
 public:
  PointwiseExec(const ExecSetup& s, PointwiseLoss kind) : be_(s.be), kind_(kind) {}
  void forward(ExecContext& c) override { be_.pointwise_loss(kind_, c.inputs[0], c.labels, c.batch, c.loss); }
  void backward(ExecContext& c) override {
    be_.pointwise_loss_backward(kind_, c.inputs[0], c.labels, c.batch, 1.f / float(c.batch), c.input_grads[0]);
  }

 private:
  Backend& be_;
  PointwiseLoss kind_;
};

LayerShape loss_shape(const std::vector<Shape>& in) {
  if (in[0].empty()) throw LayerError("input", "expects predictions, got a scalar");
  LayerShape r;
  r.flops = 4.0 * double(numel(in[0]));
  r.activations = numel(in[0]);
  return r;
}

}  // namespace

void add_loss_layers(std::vector<LayerSpec>& out) {
  using namespace layer_util;
  LayerSpec ce;
  ce.type = "SoftmaxCrossEntropy";
  ce.category = "Loss";
  ce.summary = "Softmax and cross-entropy on logits, for classes";
  ce.params = {choice_param("labels", "index", {"index", "one_hot"}, "Labels as class indices or one-hot rows")};
  ce.is_loss = true;
  ce.labels = LabelKind::ClassIndex;
  ce.infer = [](const NodeParams&, const std::vector<Shape>& in) {
    if (in[0].size() != 1)
      throw LayerError("input", "expects [classes] logits, got " + to_string(in[0]),
                       in[0].size() > 1 ? "insert Flatten and a Dense layer with one unit per class" : "");
    if (in[0][0] < 2) throw LayerError("input", "needs at least 2 classes", "use BinaryCrossEntropy for one output");
    return loss_shape(in);
  };
  ce.make = [](const ExecSetup& e) { return std::make_unique<CrossEntropyExec>(e); };
  out.push_back(std::move(ce));

  struct Pointwise {
    const char* type;
    PointwiseLoss kind;
    const char* summary;
  };
  for (auto [type, kind, summary] :
       {Pointwise{"BinaryCrossEntropy", PointwiseLoss::BCEWithLogits, "Sigmoid and binary cross-entropy on logits"},
        Pointwise{"MeanSquaredError", PointwiseLoss::MSE, "Mean squared error, for regression"},
        Pointwise{"MeanAbsoluteError", PointwiseLoss::MAE, "Mean absolute error, for regression"}}) {
    LayerSpec s;
    s.type = type;
    s.category = "Loss";
    s.summary = summary;
    s.is_loss = true;
    s.labels = LabelKind::Values;
    s.infer = [](const NodeParams&, const std::vector<Shape>& in) { return loss_shape(in); };
    s.make = [kind = kind](const ExecSetup& e) { return std::make_unique<PointwiseExec>(e, kind); };
    out.push_back(std::move(s));
  }
}

}  // namespace strata
