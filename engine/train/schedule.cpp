#include "train/schedule.h"

#include <algorithm>
#include <cmath>

namespace strata {

LearningRateSchedule::LearningRateSchedule(const ScheduleConfig& c, double base_lr, int total_epochs)
    : c_(c), base_(base_lr), total_(std::max(1, total_epochs)) {
  s_.plateau_lr = base_lr;
}

double LearningRateSchedule::rate(int epoch) const {
  if (c_.kind == "step") return base_ * std::pow(c_.gamma, epoch / std::max(1, c_.step_epochs));
  if (c_.kind == "exponential") return base_ * std::pow(c_.gamma, epoch);
  if (c_.kind == "cosine") {
    const double t = std::min(1.0, double(epoch) / double(total_));
    return c_.min_lr + (base_ - c_.min_lr) * 0.5 * (1 + std::cos(M_PI * t));
  }
  if (c_.kind == "plateau") return s_.plateau_lr;
  return base_;
}

void LearningRateSchedule::observe(double value) {
  if (c_.kind != "plateau") return;
  if (!s_.has_best || value < s_.best) {
    s_.best = value, s_.has_best = true, s_.bad_epochs = 0;
    return;
  }
  if (++s_.bad_epochs > c_.patience) {
    s_.plateau_lr = std::max(c_.min_lr, s_.plateau_lr * c_.factor);
    s_.bad_epochs = 0;
  }
}

}  // namespace strata
