#include "ops/optimizer.h"

#include <cmath>
#include <string>

#include "core/error.h"

namespace strata {

std::array<float, kHyperCount> OptimizerConfig::hyper(int64_t step, float grad_scale) const {
  std::array<float, kHyperCount> h{};
  h[kHyperLr] = lr;
  h[kHyperBeta1] = beta1;
  h[kHyperBeta2] = beta2;
  h[kHyperEps] = eps;
  h[kHyperWeightDecay] = weight_decay;
  h[kHyperStep] = float(step);
  h[kHyperGradScale] = grad_scale;
  return h;
}

int OptimizerConfig::state_tensors() const {
  switch (kind) {
    case OptimizerKind::SGD: return beta1 != 0.f ? 1 : 0;
    case OptimizerKind::RMSprop: return 1;
    default: return 2;
  }
}

std::string_view optimizer_name(OptimizerKind k) {
  switch (k) {
    case OptimizerKind::SGD: return "sgd";
    case OptimizerKind::Adam: return "adam";
    case OptimizerKind::AdamW: return "adamw";
    case OptimizerKind::RMSprop: return "rmsprop";
  }
  return "?";
}

OptimizerKind optimizer_from_name(std::string_view name) {
  for (uint32_t i = 0; i <= uint32_t(OptimizerKind::RMSprop); ++i)
    if (optimizer_name(OptimizerKind(i)) == name) return OptimizerKind(i);
  throw Error("unknown optimizer '" + std::string(name) + "' (sgd, adam, adamw, rmsprop)");
}

void optimizer_step_reference(const OptimizerConfig& cfg, std::span<const float, kHyperCount> h,
                              std::span<double> param, std::span<const double> grad, std::span<double> s1,
                              std::span<double> s2) {
  const double lr = h[kHyperLr], b1 = h[kHyperBeta1], b2 = h[kHyperBeta2], eps = h[kHyperEps];
  const double wd = h[kHyperWeightDecay], t = h[kHyperStep], gs = h[kHyperGradScale];
  for (size_t i = 0; i < param.size(); ++i) {
    double g = grad[i] * gs;
    double& p = param[i];
    switch (cfg.kind) {
      case OptimizerKind::SGD:
        g += wd * p;
        if (b1 != 0) {
          s1[i] = b1 * s1[i] + g;
          g = cfg.nesterov ? g + b1 * s1[i] : s1[i];
        }
        p -= lr * g;
        break;
      case OptimizerKind::Adam:
      case OptimizerKind::AdamW: {
        if (cfg.kind == OptimizerKind::AdamW) p *= 1 - lr * wd;
        else g += wd * p;
        s1[i] = b1 * s1[i] + (1 - b1) * g;
        s2[i] = b2 * s2[i] + (1 - b2) * g * g;
        const double mhat = s1[i] / (1 - std::pow(b1, t)), vhat = s2[i] / (1 - std::pow(b2, t));
        p -= lr * mhat / (std::sqrt(vhat) + eps);
        break;
      }
      case OptimizerKind::RMSprop:
        g += wd * p;
        s1[i] = b2 * s1[i] + (1 - b2) * g * g;
        p -= lr * g / (std::sqrt(s1[i]) + eps);
        break;
    }
  }
}

}  // namespace strata
