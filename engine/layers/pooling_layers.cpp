// MaxPool2D, AvgPool2D and GlobalAveragePooling2D on [channels, height, width]
// samples (ops/pool.h). Global average pooling outputs [channels].
// GlobalAveragePooling1D and GlobalMaxPooling1D pool [timesteps, features]
// over time, skipping padded steps (ops/sequence.h).
#include "layers/fusion.h"
#include "layers/layer_util.h"
#include "layers/op_params.h"
#include "ops/pool.h"
#include "ops/sequence.h"
#include "runtime/backend.h"

namespace strata {

PoolParams pool2d_op_params(const NodeParams& p, const Shape& in, bool max, bool global) {
  using namespace layer_util;
  PoolParams q;
  q.max = max, q.channels = in[0], q.height = in[1], q.width = in[2];
  if (global) {
    q.kh = q.height, q.kw = q.width, q.sh = q.height, q.sw = q.width;
    return q;
  }
  std::tie(q.kh, q.kw) = pair_of(p, "pool_size");
  const auto strides = p.ints("strides");
  if (strides.size() == 1 && strides[0] == 0) q.sh = q.kh, q.sw = q.kw;  // 0: the pool size
  else std::tie(q.sh, q.sw) = pair_of(p, "strides");
  if (p.text("padding") == "same") q.ph = (q.kh - 1) / 2, q.pw = (q.kw - 1) / 2;
  return q;
}

namespace {

class PoolExec final : public LayerExec {
 public:
  PoolExec(const ExecSetup& s, bool max, bool global) : be_(s.be) {
    p_ = pool2d_op_params(s.node, s.input_shapes[0], max, global);
    if (max) argmax_ = be_.empty({s.max_batch * numel(s.output_shape)});
  }
  void forward(ExecContext& c) override {
    PoolParams p = p_;
    p.batch = c.batch;
    be_.pool_forward(p, c.inputs[0], c.output, argmax_.defined() ? argmax_.view(0, {p.out_count()}) : Tensor());
  }
  void backward(ExecContext& c) override {
    if (!c.input_grads[0].defined()) return;
    PoolParams p = p_;
    p.batch = c.batch;
    be_.pool_backward(p, c.output_grad, argmax_.defined() ? argmax_.view(0, {p.out_count()}) : Tensor(), c.input_grads[0]);
  }

 private:
  Backend& be_;
  PoolParams p_;
  Tensor argmax_;
};

LayerSpec pool_spec(const std::string& type, bool max, bool global) {
  using namespace layer_util;
  LayerSpec s;
  s.type = type;
  s.category = "Pooling";
  s.summary = global ? "Average of each channel over the whole image" : (max ? "Maximum over windows" : "Average over windows");
  if (!global)
    s.params = {ints_param("pool_size", {2, 2}, 1, "Window height and width"),
                ints_param("strides", {0}, 0, "Step between windows (0: the pool size)"),
                choice_param("padding", "valid", {"valid", "same"}, "'same' lets windows reach past the edges")};
  s.infer = [max, global](const NodeParams& p, const std::vector<Shape>& in) {
    expect_rank(in[0], 3, "[channels, height, width]");
    PoolParams q = pool2d_op_params(p, in[0], max, global);
    check_op(p, global ? "input" : "pool_size", [&] { check_pool_params(q, p.name); });
    LayerShape r;
    r.output = global ? Shape{q.channels} : Shape{q.channels, q.out_height(), q.out_width()};
    r.flops = double(q.channels * q.out_height() * q.out_width() * q.kh * q.kw);
    r.activations = numel(r.output) * (max ? 2 : 1);
    return r;
  };
  s.make = [max, global](const ExecSetup& e) { return std::make_unique<PoolExec>(e, max, global); };
  return s;
}

class SequencePoolExec final : public LayerExec {
 public:
  SequencePoolExec(const ExecSetup& s, bool max) : be_(s.be), max_(max) {
    shape_.steps = s.input_shapes[0][0], shape_.features = s.input_shapes[0][1];
    if (max) argmax_ = be_.empty({s.max_batch * shape_.features});
  }
  void forward(ExecContext& c) override {
    const SequenceShape s = at(c.batch);
    be_.sequence_pool_forward(max_, s, c.inputs[0], mask(c), c.output, argmax(s));
  }
  void backward(ExecContext& c) override {
    if (!c.input_grads[0].defined()) return;
    const SequenceShape s = at(c.batch);
    be_.sequence_pool_backward(max_, s, c.output_grad, mask(c), argmax(s), c.input_grads[0]);
  }

 private:
  SequenceShape at(int64_t batch) const {
    SequenceShape s = shape_;
    s.batch = batch;
    return s;
  }
  static const Tensor* mask(const ExecContext& c) { return c.input_masks[0].defined() ? &c.input_masks[0] : nullptr; }
  Tensor argmax(const SequenceShape& s) const { return max_ ? argmax_.view(0, {s.out_count()}) : Tensor(); }
  Backend& be_;
  bool max_;
  SequenceShape shape_;
  Tensor argmax_;
};

LayerSpec sequence_pool_spec(const std::string& type, bool max) {
  using namespace layer_util;
  LayerSpec s;
  s.type = type;
  s.category = "Pooling";
  s.summary = max ? "Maximum of each feature over time (padded steps skipped)"
                  : "Average of each feature over time (padded steps skipped)";
  s.masks = MaskRule::Use;
  s.infer = [max](const NodeParams&, const std::vector<Shape>& in) {
    expect_rank(in[0], 2, "[timesteps, features]", "pool the output of an Embedding, a recurrent layer with "
                                                   "return_sequences, or attention");
    LayerShape r;
    r.output = {in[0][1]};
    r.flops = double(numel(in[0]));
    r.activations = numel(r.output) * (max ? 2 : 1);
    return r;
  };
  s.make = [max](const ExecSetup& e) { return std::make_unique<SequencePoolExec>(e, max); };
  return s;
}

}  // namespace

std::optional<PoolParams> conv_max_pool_fusion(const NodeParams& conv, const std::string& pool_type,
                                               const NodeParams& pool, const Shape& conv_output) {
  if (pool_type != "MaxPool2D" || conv_output.size() != 3) return std::nullopt;
  const Activation act = layer_util::activation_of(conv);
  if (act != Activation::None && !derivative_from_output(act, 0.01f)) return std::nullopt;
  return pool2d_op_params(pool, conv_output, true, false);
}

void add_pooling_layers(std::vector<LayerSpec>& out) {
  out.push_back(pool_spec("MaxPool2D", true, false));
  out.push_back(pool_spec("AvgPool2D", false, false));
  out.push_back(pool_spec("GlobalAveragePooling2D", false, true));
  out.push_back(sequence_pool_spec("GlobalAveragePooling1D", false));
  out.push_back(sequence_pool_spec("GlobalMaxPooling1D", true));
}

}  // namespace strata
