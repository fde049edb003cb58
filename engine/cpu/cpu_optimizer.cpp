// Optimizer updates on the native CPU backend (float, same formulas as the shader).
#include <cmath>

#include "cpu/cpu_backend.h"

namespace strata {

void CpuBackend::optimizer_step(const OptimizerConfig& cfg, const Tensor& hyper, const Tensor& param,
                                const Tensor& grad, const Tensor& state1, const Tensor& state2) {
  check_optimizer_operands(cfg, hyper, param, grad, state1, state2);
  const float* h = data(hyper);
  const float lr = h[kHyperLr], b1 = h[kHyperBeta1], b2 = h[kHyperBeta2], eps = h[kHyperEps];
  const float wd = h[kHyperWeightDecay], t = h[kHyperStep], gs = h[kHyperGradScale];
  const int states = cfg.state_tensors();
  float* p = data(param);
  const float* g = data(grad);
  float* s1 = states >= 1 ? data(state1) : nullptr;
  float* s2 = states >= 2 ? data(state2) : nullptr;
  const int64_t n = param.numel();
  switch (cfg.kind) {
    case OptimizerKind::SGD:
      for (int64_t i = 0; i < n; ++i) {
        float gi = g[i] * gs + wd * p[i];
        if (s1) {
          s1[i] = b1 * s1[i] + gi;
          gi = cfg.nesterov ? gi + b1 * s1[i] : s1[i];
        }
        p[i] -= lr * gi;
      }
      break;
    case OptimizerKind::Adam:
    case OptimizerKind::AdamW: {
      const bool decoupled = cfg.kind == OptimizerKind::AdamW;
      const float c1 = 1.f - std::pow(b1, t), c2 = 1.f - std::pow(b2, t);
      const float step_size = lr / c1, c2_sqrt = std::sqrt(c2);
      for (int64_t i = 0; i < n; ++i) {
        float gi = g[i] * gs;
        if (decoupled) p[i] *= 1.f - lr * wd;
        else gi += wd * p[i];
        s1[i] = b1 * s1[i] + (1.f - b1) * gi;
        s2[i] = b2 * s2[i] + (1.f - b2) * gi * gi;
        p[i] -= step_size * s1[i] / (std::sqrt(s2[i]) / c2_sqrt + eps);
      }
      break;
    }
    case OptimizerKind::RMSprop:
      for (int64_t i = 0; i < n; ++i) {
        const float gi = g[i] * gs + wd * p[i];
        s1[i] = b2 * s1[i] + (1.f - b2) * gi * gi;
        p[i] -= lr * gi / (std::sqrt(s1[i]) + eps);
      }
      break;
  }
}

}  // namespace strata
