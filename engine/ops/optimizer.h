#pragma once
// Parameter updates, done on the device. The numbers that change during a
// run (learning rate, step count, gradient scale) are read from a small
// hyperparameter tensor rather than baked into the recorded work, so a
// recorded training step can be replayed while the schedule moves on.
// Semantics follow PyTorch's torch.optim (SGD, Adam, AdamW, RMSprop).
#include <array>
#include <cmath>
#include <cstdint>
#include <span>
#include <string_view>

namespace strata {

enum class OptimizerKind : uint32_t { SGD = 0, Adam = 1, AdamW = 2, RMSprop = 3 };

// Layout of the hyperparameter tensor (8 floats).
enum HyperIndex : int {
  kHyperLr = 0,
  kHyperBeta1 = 1,      // SGD: momentum; Adam/AdamW: beta1
  kHyperBeta2 = 2,      // Adam/AdamW: beta2; RMSprop: alpha (smoothing)
  kHyperEps = 3,
  kHyperWeightDecay = 4,  // L2 added to the gradient (SGD, Adam, RMSprop) or decoupled (AdamW)
  kHyperStep = 5,       // 1 on the first update
  kHyperGradScale = 6,  // gradients are multiplied by this first (clipping by global norm)
  kHyperCount = 8
};

struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::SGD;
  bool nesterov = false;  // SGD only
  float lr = 0.01f, beta1 = 0.f, beta2 = 0.999f, eps = 1e-8f, weight_decay = 0.f;
  std::array<float, kHyperCount> hyper(int64_t step, float grad_scale = 1.f) const;
  // How many state tensors of the parameter's size the kind keeps (0..2).
  int state_tensors() const;
};

// Clipping by global norm: accumulate sum(g^2) over every gradient with
// Backend::sum_squares, then Backend::set_clip_scale writes
// kHyperGradScale = min(1, max_norm / (sqrt(total) + 1e-6)) on the device, so
// no value travels to the host between backward and the update.
inline float clip_scale_reference(double sum_squares, float max_norm) {
  const double s = double(max_norm) / (std::sqrt(sum_squares) + 1e-6);
  return float(s < 1.0 ? s : 1.0);
}

OptimizerKind optimizer_from_name(std::string_view name);  // throws on an unknown name
std::string_view optimizer_name(OptimizerKind k);

// Double-precision reference of one update; state1/state2 as the kind keeps them.
void optimizer_step_reference(const OptimizerConfig& cfg, std::span<const float, kHyperCount> hyper,
                              std::span<double> param, std::span<const double> grad, std::span<double> state1,
                              std::span<double> state2);

}  // namespace strata
