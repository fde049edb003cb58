#include "train/telemetry.h"

#include <algorithm>
#include <cmath>

#include "runtime/backend.h"

namespace strata {

namespace {
// The steps of the first epoch timed layer by layer: after the first (which
// pays one-time costs such as pipeline compilation).
constexpr int64_t kFirstTimed = 1, kTimedSteps = 5;
// About this many steps an epoch are sampled for dead units.
constexpr int64_t kActivitySamples = 16;
}  // namespace

TelemetryProbe::TelemetryProbe(Model& model) : model_(model) {}

std::vector<float> TelemetryProbe::flatten_weights(bool grads) {
  std::vector<float> all;
  for (auto& p : model_.params()) {
    if (!p.param->grad.defined()) continue;  // running statistics are not weights
    const Tensor& t = grads ? p.param->grad : p.param->value;
    scratch_.resize(size_t(t.numel()));
    model_.backend().download(t, scratch_);
    all.insert(all.end(), scratch_.begin(), scratch_.end());
  }
  return all;
}

void TelemetryProbe::before_step(int epoch, int64_t b, int64_t batches) {
  timing_ = epoch == 0 && b >= std::min(kFirstTimed, batches - 1) && b < kFirstTimed + kTimedSteps;
  model_.set_timing(timing_ ? &times_ : nullptr);
  // The last step of the epoch: the weights before its update, for the update's size.
  snapshot_ = b == batches - 1;
  if (snapshot_) before_ = flatten_weights(false);
}

void TelemetryProbe::after_step(int /*epoch*/, int64_t b, int64_t batches, int64_t count) {
  if (timing_) model_.set_timing(nullptr);
  // Dead units: on about kActivitySamples steps spread over the epoch, and always the last.
  const int64_t every = std::max<int64_t>(1, batches / kActivitySamples);
  if (b % every == 0 || b == batches - 1) {
    for (const auto& id : model_.relu_nodes()) {
      std::vector<float> out;
      Shape shape;
      if (!model_.activity_output(id, count, out, shape) || shape.empty()) continue;
      // A unit: a channel of a feature map, a feature of a vector or sequence.
      const int64_t units = shape.size() == 3 ? shape[0] : shape.back();
      const int64_t per = numel(shape), inner = shape.size() == 3 ? shape[1] * shape[2] : 1;
      auto& fired = fired_[id];
      fired.resize(size_t(units), 0);
      for (int64_t s = 0; s < count; ++s)
        for (int64_t i = 0; i < per; ++i)
          if (out[size_t(s * per + i)] > 0) fired[size_t(shape.size() == 3 ? i / inner : i % units)] = 1;
    }
  }
  if (!snapshot_) return;
  // Per node: weights and their gradient and update, each an L2 norm over all
  // of the node's trainable tensors.
  const std::vector<float> after = flatten_weights(false), grads = flatten_weights(true);
  size_t at = 0;
  std::map<std::string, double> w2, g2, u2, b2;
  for (auto& p : model_.params()) {
    if (!p.param->grad.defined()) continue;
    const size_t n = size_t(p.param->value.numel());
    for (size_t i = at; i < at + n; ++i) {
      w2[p.node] += double(after[i]) * after[i];
      g2[p.node] += double(grads[i]) * grads[i];
      b2[p.node] += double(before_[i]) * before_[i];
      const double d = double(after[i]) - before_[i];
      u2[p.node] += d * d;
    }
    at += n;
  }
  for (const auto& [node, w] : w2) {
    weight_norm_[node] = std::sqrt(w);
    grad_norm_[node] = std::sqrt(g2[node]);
    update_ratio_[node] = b2[node] > 0 ? std::sqrt(u2[node] / b2[node]) : 0;
  }
  snapshot_ = false;
}

TelemetryEvent TelemetryProbe::finish_epoch(int epoch) {
  TelemetryEvent e;
  e.epoch = epoch;
  for (const auto& rep : model_.report().nodes) {
    LayerTelemetry t;
    t.node = rep.id;
    if (weight_norm_.count(rep.id))
      t.weight_norm = weight_norm_[rep.id], t.grad_norm = grad_norm_[rep.id], t.update_ratio = update_ratio_[rep.id];
    if (const auto it = fired_.find(rep.id); it != fired_.end() && !it->second.empty())
      t.dead_fraction = double(std::count(it->second.begin(), it->second.end(), 0)) / double(it->second.size());
    if (times_.steps > 0) {
      if (const auto f = times_.forward_ms.find(rep.id); f != times_.forward_ms.end()) t.forward_ms = f->second / times_.steps;
      if (const auto b = times_.backward_ms.find(rep.id); b != times_.backward_ms.end()) t.backward_ms = b->second / times_.steps;
    }
    e.layers.push_back(t);
  }
  fired_.clear();
  weight_norm_.clear(), grad_norm_.clear(), update_ratio_.clear();
  times_ = {};
  return e;
}

}  // namespace strata
