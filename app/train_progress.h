#pragma once
// The CLI's training progress: one line per epoch, redrawn in place on a
// terminal (steps, samples/s, ETA, running loss and accuracy), and the
// epoch's final figures.
#include <cstdio>

#include "run/run_service.h"

namespace strata::cli {

class ProgressPrinter final : public RunListener {
 public:
  ProgressPrinter(FILE* out, bool terminal) : out_(out), terminal_(terminal) {}
  void on_step(const StepEvent& e) override;
  void on_epoch(const EpochEvent& e) override;

 private:
  FILE* out_;
  bool terminal_;
  int last_percent_ = -1;
};

}  // namespace strata::cli
