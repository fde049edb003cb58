// BatchNormalization (per channel: axis 0 of [C, H, W] images, the last axis
// otherwise; batch statistics in training, running ones in evaluation) and
// LayerNormalization (over the last axis).
#include "layers/layer_util.h"
#include "runtime/backend.h"

namespace strata {
namespace {

// [outer, channels, inner] per sample, from the sample shape.
struct Split {
  int64_t outer = 1, channels = 1, inner = 1;
};
Split bn_split(const Shape& s) {
  if (s.size() == 3) return {1, s[0], s[1] * s[2]};
  return {numel(s) / s.back(), s.back(), 1};
}

class BatchNormExec final : public LayerExec {
 public:
  explicit BatchNormExec(const ExecSetup& s) : be_(s.be), split_(bn_split(s.input_shapes[0])) {
    using namespace layer_util;
    eps_ = float(s.node.number("epsilon")), momentum_ = float(s.node.number("momentum"));
    const auto C = size_t(split_.channels);
    params_.push_back(make_param(be_, "weight", {split_.channels}, std::vector<float>(C, 1.f)));
    params_.push_back(make_param(be_, "bias", {split_.channels}, std::vector<float>(C, 0.f)));
    params_.push_back(make_param(be_, "running_mean", {split_.channels}, std::vector<float>(C, 0.f), false));
    params_.push_back(make_param(be_, "running_var", {split_.channels}, std::vector<float>(C, 1.f), false));
    mean_ = be_.empty({split_.channels});
    invstd_ = be_.empty({split_.channels});
  }
  void forward(ExecContext& c) override {
    const BatchNormParams p = at(c);
    be_.batch_norm_forward(p, c.inputs[0], params_[0].value, params_[1].value, params_[2].value, params_[3].value,
                           c.output, mean_, invstd_);
  }
  void backward(ExecContext& c) override {
    BatchNormParams p = at(c);
    if (!c.input_grads[0].defined()) throw Error("batch normalization needs an input gradient buffer");
    be_.batch_norm_backward(p, c.inputs[0], params_[0].value, mean_, invstd_, c.output_grad, c.input_grads[0],
                            params_[0].grad, params_[1].grad);
  }

 private:
  BatchNormParams at(const ExecContext& c) const {
    BatchNormParams p;
    p.batch = c.batch * split_.outer, p.channels = split_.channels, p.inner = split_.inner;
    p.eps = eps_, p.momentum = momentum_, p.training = c.training;
    return p;
  }
  Backend& be_;
  Split split_;
  float eps_ = 1e-5f, momentum_ = 0.1f;
  Tensor mean_, invstd_;
};

class LayerNormExec final : public LayerExec {
 public:
  explicit LayerNormExec(const ExecSetup& s) : be_(s.be) {
    using namespace layer_util;
    const Shape& in = s.input_shapes[0];
    dim_ = in.back(), lead_ = numel(in) / dim_, eps_ = float(s.node.number("epsilon"));
    params_.push_back(make_param(be_, "weight", {dim_}, std::vector<float>(size_t(dim_), 1.f)));
    params_.push_back(make_param(be_, "bias", {dim_}, std::vector<float>(size_t(dim_), 0.f)));
    mean_ = be_.empty({s.max_batch * lead_});
    invstd_ = be_.empty({s.max_batch * lead_});
  }
  void forward(ExecContext& c) override {
    const LayerNormParams p{c.batch * lead_, dim_, eps_};
    be_.layer_norm_forward(p, c.inputs[0], params_[0].value, params_[1].value, c.output, mean_.view(0, {p.rows}),
                           invstd_.view(0, {p.rows}));
  }
  void backward(ExecContext& c) override {
    const LayerNormParams p{c.batch * lead_, dim_, eps_};
    if (!c.input_grads[0].defined()) throw Error("layer normalization needs an input gradient buffer");
    be_.layer_norm_backward(p, c.inputs[0], params_[0].value, mean_.view(0, {p.rows}), invstd_.view(0, {p.rows}),
                            c.output_grad, c.input_grads[0], params_[0].grad, params_[1].grad);
  }

 private:
  Backend& be_;
  int64_t dim_ = 1, lead_ = 1;
  float eps_ = 1e-5f;
  Tensor mean_, invstd_;
};

}  // namespace

void add_normalization_layers(std::vector<LayerSpec>& out) {
  using namespace layer_util;
  LayerSpec b;
  b.type = "BatchNormalization";
  b.category = "Normalization";
  b.summary = "Normalizes each channel over the batch; running statistics for evaluation";
  b.params = {float_param("momentum", 0.1, 0.0, 1.0, "Weight of each batch in the running statistics (PyTorch's convention)"),
              float_param("epsilon", 1e-5, 1e-12, 1.0, "Added to the variance")};
  b.infer = [](const NodeParams&, const std::vector<Shape>& in) {
    if (in[0].empty()) throw LayerError("input", "expects features, got a scalar");
    const Split s = bn_split(in[0]);
    LayerShape r;
    r.output = in[0];
    r.parameters = 2 * s.channels;
    r.state = 2 * s.channels;
    r.flops = 4.0 * double(numel(in[0]));
    r.activations = numel(in[0]);
    return r;
  };
  b.make = [](const ExecSetup& e) { return std::make_unique<BatchNormExec>(e); };
  out.push_back(std::move(b));

  LayerSpec l;
  l.type = "LayerNormalization";
  l.masks = MaskRule::Use;  // per step (the last axis)
  l.category = "Normalization";
  l.summary = "Normalizes each sample over its last axis";
  l.params = {float_param("epsilon", 1e-5, 1e-12, 1.0, "Added to the variance")};
  l.infer = [](const NodeParams&, const std::vector<Shape>& in) {
    if (in[0].empty()) throw LayerError("input", "expects features, got a scalar");
    LayerShape r;
    r.output = in[0];
    r.parameters = 2 * in[0].back();
    r.flops = 5.0 * double(numel(in[0]));
    r.activations = numel(in[0]);
    return r;
  };
  l.make = [](const ExecSetup& e) { return std::make_unique<LayerNormExec>(e); };
  out.push_back(std::move(l));
}

}  // namespace strata
