#pragma once
// Connects a training run to the experiment log: every step's loss,
// accuracy and learning rate, every epoch's metrics for training and
// validation with their confusion matrices, and every checkpoint. A write
// that fails (disk full, read-only location) stops the training cleanly and
// is reported afterwards; what was written stays.
#include <string>

#include "store/run_log.h"
#include "train/trainer.h"

namespace strata::store {

class RunRecorder final : public TrainingListener {
 public:
  RunRecorder(RunLog& log, std::string run_id, Trainer& trainer) : log_(log), run_(std::move(run_id)), trainer_(trainer) {}
  void on_step(const StepEvent& e) override;
  void on_epoch(const EpochEvent& e) override;
  void on_checkpoint(const std::string& path, int epoch, int64_t step, bool epoch_end) override;
  // Per-layer telemetry as epoch metrics "layer.<node>.<figure>" (grad_norm, weight_norm, update_ratio, dead_fraction, forward_ms, backward_ms).
  void on_telemetry(const TelemetryEvent& e) override;
  // The first logging error, if any ("" otherwise).
  const std::string& error() const { return error_; }

 private:
  template <class F>
  void guarded(F&& f);
  RunLog& log_;
  std::string run_;
  Trainer& trainer_;
  std::string error_;
};

}  // namespace strata::store
