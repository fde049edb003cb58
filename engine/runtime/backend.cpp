#include "runtime/backend.h"

#include "core/error.h"

namespace strata {

void check_same_size(const char* op, std::initializer_list<const Tensor*> tensors) {
  const Tensor* first = *tensors.begin();
  for (const Tensor* t : tensors) {
    if (!t->defined()) throw Error(std::string(op) + ": an operand is missing");
    if (t->numel() != first->numel())
      throw Error(std::string(op) + ": operands of shapes " + to_string(first->shape()) + " and " + to_string(t->shape()) +
                  " differ in size");
  }
}

void check_optimizer_operands(const OptimizerConfig& cfg, const Tensor& hyper, const Tensor& param, const Tensor& grad,
                              const Tensor& state1, const Tensor& state2) {
  const std::string name(optimizer_name(cfg.kind));
  if (!hyper.defined() || hyper.numel() != kHyperCount)
    throw Error(name + " step: the hyperparameter tensor must hold " + std::to_string(kHyperCount) + " values");
  check_same_size((name + " step (parameter, gradient)").c_str(), {&param, &grad});
  const int n = cfg.state_tensors();
  if (n >= 1) check_same_size((name + " step (parameter, first state)").c_str(), {&param, &state1});
  if (n >= 2) check_same_size((name + " step (parameter, second state)").c_str(), {&param, &state2});
}

void check_channel_sum(const Tensor& x, ChannelSumShape s, const Tensor& out) {
  if (s.outer < 1 || s.channels < 1 || s.inner < 1)
    throw Error("channel sum: every dimension must be at least 1");
  if (!x.defined() || x.numel() != s.outer * s.channels * s.inner)
    throw Error("channel sum: input of shape " + (x.defined() ? to_string(x.shape()) : std::string("none")) +
                " is not " + std::to_string(s.outer) + " x " + std::to_string(s.channels) + " x " + std::to_string(s.inner));
  if (!out.defined() || out.numel() != s.channels)
    throw Error("channel sum: output needs " + std::to_string(s.channels) + " values");
}

void check_dropout_rate(float rate) {
  if (!(rate >= 0.f && rate < 1.f))
    throw Error("dropout: rate must be in [0, 1), got " + std::to_string(rate));
}

void check_pool_operands(const PoolParams& p, const Tensor& in, const Tensor& out, const Tensor& argmax) {
  check_pool_params(p);
  if (!in.defined() || in.numel() != p.in_count())
    throw Error("pooling: input has " + (in.defined() ? to_string(in.shape()) : std::string("no shape")) + ", expected " +
                std::to_string(p.batch) + "x" + std::to_string(p.channels) + "x" + std::to_string(p.height) + "x" +
                std::to_string(p.width));
  if (!out.defined() || out.numel() != p.out_count())
    throw Error("pooling: output needs " + std::to_string(p.out_count()) + " values");
  if (p.max && (!argmax.defined() || argmax.numel() != p.out_count()))
    throw Error("max pooling: the argmax tensor needs " + std::to_string(p.out_count()) + " values");
}

void check_batch_norm(const BatchNormParams& p, std::initializer_list<const Tensor*> full,
                      std::initializer_list<const Tensor*> per_channel) {
  if (p.batch < 1 || p.channels < 1 || p.inner < 1) throw Error("batch normalization: empty input");
  if (!(p.eps > 0.f)) throw Error("batch normalization: epsilon must be positive");
  if (!(p.momentum >= 0.f && p.momentum <= 1.f)) throw Error("batch normalization: momentum must be in [0, 1]");
  for (const Tensor* t : full)
    if (!t->defined() || t->numel() != p.count())
      throw Error("batch normalization: a tensor needs " + std::to_string(p.count()) + " values");
  for (const Tensor* t : per_channel)
    if (!t->defined() || t->numel() != p.channels)
      throw Error("batch normalization: a per-channel tensor needs " + std::to_string(p.channels) + " values");
}

void check_layer_norm(const LayerNormParams& p, std::initializer_list<const Tensor*> full,
                      std::initializer_list<const Tensor*> per_dim, std::initializer_list<const Tensor*> per_row) {
  if (p.rows < 1 || p.dim < 1) throw Error("layer normalization: empty input");
  if (!(p.eps > 0.f)) throw Error("layer normalization: epsilon must be positive");
  auto need = [](std::initializer_list<const Tensor*> ts, int64_t n, const char* what) {
    for (const Tensor* t : ts)
      if (!t->defined() || t->numel() != n)
        throw Error(std::string("layer normalization: ") + what + " tensor needs " + std::to_string(n) + " values");
  };
  need(full, p.rows * p.dim, "a [rows, dim]");
  need(per_dim, p.dim, "a per-feature");
  need(per_row, p.rows, "a per-row");
}

int64_t check_pointwise_loss(PointwiseLoss kind, const Tensor& pred, const Tensor& target, int64_t batch,
                             const Tensor& out, int64_t out_count) {
  const std::string name(pointwise_loss_name(kind));
  check_same_size((name + " (predictions, targets)").c_str(), {&pred, &target});
  if (batch < 1 || pred.numel() % batch != 0)
    throw Error(name + ": " + std::to_string(pred.numel()) + " predictions do not split into " + std::to_string(batch) +
                " samples");
  if (!out.defined() || out.numel() != out_count)
    throw Error(name + ": the output needs " + std::to_string(out_count) + " values");
  return pred.numel() / batch;
}

void check_gemm_batched(const GemmArgs& args, const GemmBatch& batch, const Tensor& a, const Tensor& b, const Tensor& c) {
  if (args.bias != BiasMode::None) throw Error("batched GEMM: no bias");
  if (batch.count < 1 || args.m < 1 || args.n < 1 || args.k < 1) throw Error("batched GEMM: empty product");
  auto fits = [&](const char* name, const Tensor& t, int64_t stride, int64_t size) {
    if (!t.defined() || stride < 0 || (batch.count - 1) * stride + size > t.numel())
      throw Error(std::string("batched GEMM: ") + name + " holds " + (t.defined() ? std::to_string(t.numel()) : "no") +
                  " values, " + std::to_string(batch.count) + " items of " + std::to_string(size) + " at stride " +
                  std::to_string(stride) + " need " + std::to_string((batch.count - 1) * stride + size));
  };
  fits("A", a, batch.stride_a, args.m * args.k);
  fits("B", b, batch.stride_b, args.k * args.n);
  fits("C", c, batch.stride_c, args.m * args.n);
}

void Backend::gemm_batched(const GemmArgs& args, const GemmBatch& batch, const Tensor& a, const Tensor& b,
                           const Tensor& c) {
  check_gemm_batched(args, batch, a, b, c);
  for (int64_t i = 0; i < batch.count; ++i)
    gemm(args, a.view(i * batch.stride_a, {args.m * args.k}), b.view(i * batch.stride_b, {args.k * args.n}),
         c.view(i * batch.stride_c, {args.m * args.n}), nullptr);
}

Tensor Backend::from_host(const Shape& shape, std::span<const float> values) {
  Tensor t = empty(shape);
  upload(t, values);
  return t;
}

}  // namespace strata
