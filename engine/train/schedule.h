#pragma once
// Learning-rate schedules, evaluated per epoch: constant, step (times gamma
// every step_epochs), exponential (times gamma each epoch), cosine (from the
// base rate to min_lr over the run), reduce-on-plateau (times factor after
// `patience` epochs without a better monitored value). Their state is small
// and saved in checkpoints so a resumed run continues the same schedule.
#include "train/training_config.h"

namespace strata {

class LearningRateSchedule {
 public:
  LearningRateSchedule(const ScheduleConfig& c, double base_lr, int total_epochs);
  // The rate for epoch `epoch` (0-based).
  double rate(int epoch) const;
  // Reduce-on-plateau: reports an epoch's monitored value (lower is better).
  void observe(double value);

  struct State {
    double plateau_lr = 0, best = 0;
    int bad_epochs = 0;
    bool has_best = false;
  };
  State state() const { return s_; }
  void restore(const State& s) { s_ = s; }

 private:
  ScheduleConfig c_;
  double base_;
  int total_;
  State s_;
};

}  // namespace strata
