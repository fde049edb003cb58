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
  // Large tensors are split across the workers (the update is memory-bound and
  // elementwise, so the result does not depend on the split).
  const float c1 = 1.f - std::pow(b1, t), c2 = 1.f - std::pow(b2, t);
  const float step_size = lr / c1, c2_sqrt = std::sqrt(c2);
  const int parts = n >= (1 << 16) ? workers_->size() : 1;
  // Captured by value: scalars reached through the closure could alias the
  // stores, the compiler would reload them every iteration and not vectorize.
  workers_->run(parts, [=, &cfg](int part) {
    const int64_t lo = n * part / parts, hi = n * (part + 1) / parts;
    switch (cfg.kind) {
      case OptimizerKind::SGD:
        for (int64_t i = lo; i < hi; ++i) {
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
        // Decoupled (AdamW) or L2 (Adam) decay as two factors, so the loop has
        // no conditional store and vectorizes: p' = p * keep, g' = g * gs + l2 * p.
        const float keep = cfg.kind == OptimizerKind::AdamW ? 1.f - lr * wd : 1.f;
        const float l2 = cfg.kind == OptimizerKind::AdamW ? 0.f : wd;
        float* __restrict pp = p;
        float* __restrict m1 = s1;
        float* __restrict m2 = s2;
        const float* __restrict gg = g;
        for (int64_t i = lo; i < hi; ++i) {
          const float gi = gg[i] * gs + l2 * pp[i];
          const float pi = pp[i] * keep;
          const float a = b1 * m1[i] + (1.f - b1) * gi;
          const float b = b2 * m2[i] + (1.f - b2) * gi * gi;
          m1[i] = a, m2[i] = b;
          pp[i] = pi - step_size * a / (std::sqrt(b) / c2_sqrt + eps);
        }
        break;
      }
      case OptimizerKind::RMSprop:
        for (int64_t i = lo; i < hi; ++i) {
          const float gi = g[i] * gs + wd * p[i];
          s1[i] = b2 * s1[i] + (1.f - b2) * gi * gi;
          p[i] -= lr * gi / (std::sqrt(s1[i]) + eps);
        }
        break;
    }
  });
}

}  // namespace strata
