// Conv2D on [channels, height, width] samples (NCHW with the batch):
// ops/conv2d.h computes; this file maps parameters, padding 'same'/'valid'
// and the activation (fused unless its derivative needs the pre-activation).
#include "layers/layer_util.h"
#include "layers/op_params.h"
#include "ops/conv2d.h"
#include "runtime/backend.h"

namespace strata {

ConvParams conv2d_op_params(const NodeParams& p, const Shape& in) {
  using namespace layer_util;
  ConvParams c;
  c.cin = in[0], c.height = in[1], c.width = in[2], c.cout = p.integer("filters");
  std::tie(c.kh, c.kw) = pair_of(p, "kernel_size");
  std::tie(c.sh, c.sw) = pair_of(p, "strides");
  std::tie(c.dh, c.dw) = pair_of(p, "dilation");
  if (p.text("padding") == "same") {  // symmetric: exact 'same' for odd effective kernels
    c.ph = c.dh * (c.kh - 1) / 2;
    c.pw = c.dw * (c.kw - 1) / 2;
  }
  return c;
}

namespace {

class ConvExec final : public LayerExec {
 public:
  explicit ConvExec(const ExecSetup& s) : be_(s.be) {
    using namespace layer_util;
    p_ = conv2d_op_params(s.node, s.input_shapes[0]);
    act_ = activation_of(s.node);
    bias_ = s.node.flag("use_bias");
    keep_z_ = act_ != Activation::None && !derivative_from_output(act_, 0.01f);
    auto rng = init_rng(s.init_seed, s.node.name);
    const int64_t fan = p_.kh * p_.kw;
    params_.push_back(make_param(be_, "weight", {p_.cout, p_.cin, p_.kh, p_.kw},
                                 glorot_uniform(rng, p_.cout * p_.cin * fan, p_.cin * fan, p_.cout * fan)));
    params_.back().l1 = float(s.node.number("l1")), params_.back().l2 = float(s.node.number("l2"));
    if (bias_) params_.push_back(make_param(be_, "bias", {p_.cout}, std::vector<float>(size_t(p_.cout), 0.f)));
    out_per_sample_ = numel(s.output_shape);
    if (keep_z_) z_ = be_.empty({s.max_batch * out_per_sample_});
    if (act_ != Activation::None) dz_ = be_.empty({s.max_batch * out_per_sample_});
    {  // what the backend's forward can leave for the backward (its im2col columns)
      ConvParams p = p_;
      p.batch = s.max_batch;
      if (const int64_t n = be_.conv2d_saved_floats(p); n > 0) saved_ = be_.empty({n});
    }
    if (s.fused_max_pool) {  // the model runs this layer's max pool here (layers/fusion.h)
      pool_ = *s.fused_max_pool;
      pool_.batch = 1;
      argmax_ = be_.empty({s.max_batch * pool_.out_count()});
    }
  }
  void forward(ExecContext& c) override {
    ConvParams p = p_;
    p.batch = c.batch;
    const Tensor* b = bias_ ? &params_[1].value : nullptr;
    if (argmax_.defined()) {
      PoolParams q = pool_;
      q.batch = c.batch;
      be_.conv2d_max_pool_forward(p, c.inputs[0], params_[0].value, b, act_, q, c.output, c.fused_output,
                                  argmax_.view(0, {q.out_count()}), saved());
      return;
    }
    if (!keep_z_) {
      conv2d_forward(be_, p, c.inputs[0], params_[0].value, b, act_, c.output, saved());
      return;
    }
    const Tensor z = z_.view(0, {c.batch * out_per_sample_});
    conv2d_forward(be_, p, c.inputs[0], params_[0].value, b, Activation::None, z, saved());
    be_.activation_forward(act_, 0.01f, z, c.output);
  }
  void backward(ExecContext& c) override {
    ConvParams p = p_;
    p.batch = c.batch;
    Tensor g = c.output_grad;
    const Tensor* dx = c.input_grads[0].defined() ? &c.input_grads[0] : nullptr;
    const Tensor* db = bias_ ? &params_[1].grad : nullptr;
    if (argmax_.defined()) {
      PoolParams q = pool_;
      q.batch = c.batch;
      const Tensor dz = dz_.defined() ? dz_.view(0, {c.batch * out_per_sample_}) : Tensor();
      be_.conv2d_max_pool_backward(p, act_, 0.01f, q, c.inputs[0], params_[0].value, c.fused_output,
                                   argmax_.view(0, {q.out_count()}), c.fused_output_grad, c.output, c.output_grad, dz,
                                   dx, params_[0].grad, db, saved());
      return;
    }
    if (act_ != Activation::None && !keep_z_) {  // the derivative comes from the output: fused
      conv2d_activation_backward(be_, p, act_, 0.01f, c.output, c.inputs[0], params_[0].value, g,
                                 dz_.view(0, {c.batch * out_per_sample_}), dx, params_[0].grad, db, saved());
      return;
    }
    if (act_ != Activation::None) {
      const Tensor dz = dz_.view(0, {c.batch * out_per_sample_});
      be_.activation_backward(act_, 0.01f, z_.view(0, {c.batch * out_per_sample_}), c.output, g, dz);
      g = dz;
    }
    conv2d_backward(be_, p, c.inputs[0], params_[0].value, g, dx, params_[0].grad, db, saved());
  }

 private:
  Backend& be_;
  ConvParams p_;
  Activation act_ = Activation::None;
  bool bias_ = true, keep_z_ = false;
  int64_t out_per_sample_ = 0;
  const Tensor* saved() const { return saved_.defined() ? &saved_ : nullptr; }
  Tensor z_, dz_;
  Tensor saved_;  // the backend's columns from forward to backward (Backend::conv2d_saved_floats)
  PoolParams pool_;  // fused max pool (batch 1), when argmax_ is defined
  Tensor argmax_;
};

}  // namespace

void add_conv_layers(std::vector<LayerSpec>& out) {
  using namespace layer_util;
  LayerSpec s;
  s.type = "Conv2D";
  s.category = "Convolution";
  s.summary = "2-D convolution over [channels, height, width]";
  s.params = {int_param("filters", 32, 1, 1 << 16, "Output channels"),
              key(ints_param("kernel_size", {3, 3}, 1, "Kernel height and width")),
              ints_param("strides", {1, 1}, 1, "Step between windows"),
              choice_param("padding", "valid", {"valid", "same"}, "'same' pads with zeros to keep the size at stride 1"),
              ints_param("dilation", {1, 1}, 1, "Spacing between kernel taps"),
              activation_param(),
              bool_param("use_bias", true, "Add a learned bias per filter")};
  for (auto& p : penalty_params()) s.params.push_back(p);
  s.infer = [](const NodeParams& p, const std::vector<Shape>& in) {
    expect_rank(in[0], 3, "[channels, height, width]",
                in[0].size() == 1 ? "give the Input a shape [channels, height, width] or use Reshape" : "");
    const ConvParams c = conv2d_op_params(p, in[0]);
    check_op(p, "kernel_size", [&] { check_conv_params(c, p.name); });
    LayerShape r;
    r.output = {c.cout, c.out_height(), c.out_width()};
    r.parameters = c.cout * c.col_rows() + (p.flag("use_bias") ? c.cout : 0);
    r.flops = 2.0 * double(c.cout) * double(c.col_rows()) * double(c.col_cols());
    r.activations = numel(r.output) * (p.text("activation") == "gelu" ? 2 : 1);
    return r;
  };
  s.make = [](const ExecSetup& e) { return std::make_unique<ConvExec>(e); };
  out.push_back(std::move(s));
}

}  // namespace strata
