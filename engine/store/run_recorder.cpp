#include "store/run_recorder.h"

namespace strata::store {

template <class F>
void RunRecorder::guarded(F&& f) {
  if (!error_.empty()) return;
  try {
    f();
  } catch (const std::exception& e) {
    error_ = e.what();
    trainer_.stop();
  }
}

void RunRecorder::on_step(const StepEvent& e) {
  // The per-step metrics (RunLog::resume_run knows their names).
  guarded([&] {
    log_.log_metrics(run_, e.step, e.epoch,
                     {{"step_loss", e.loss}, {"running_accuracy", e.running_accuracy}, {"learning_rate", e.learning_rate}});
  });
}

void RunRecorder::on_epoch(const EpochEvent& e) {
  guarded([&] {
    std::map<std::string, double> m{{"loss", e.train.loss}, {"epoch_seconds", e.seconds},
                                    {"samples_per_s", e.samples_per_s}, {"epoch_learning_rate", e.learning_rate}};
    if (e.train.classes > 0) m["accuracy"] = e.train.accuracy;
    else m["mse"] = e.train.mse, m["mae"] = e.train.mae;
    if (e.validation) {
      m["val_loss"] = e.validation->loss;
      if (e.validation->classes > 0) m["val_accuracy"] = e.validation->accuracy, m["val_macro_f1"] = e.validation->macro_f1;
    }
    // Epoch metrics carry the epoch number as their step, so series are per epoch.
    log_.log_metrics(run_, e.epoch + 1, e.epoch, m);
    if (e.train.classes > 0) log_.log_confusion(run_, e.epoch, "train", e.train.classes, e.train.confusion);
    if (e.validation && e.validation->classes > 0)
      log_.log_confusion(run_, e.epoch, "validation", e.validation->classes, e.validation->confusion);
  });
}

void RunRecorder::on_telemetry(const TelemetryEvent& e) {
  guarded([&] {
    std::map<std::string, double> m;
    for (const auto& l : e.layers) {
      const std::string k = "layer." + l.node + ".";
      if (l.weight_norm >= 0) m[k + "weight_norm"] = l.weight_norm, m[k + "grad_norm"] = l.grad_norm, m[k + "update_ratio"] = l.update_ratio;
      if (l.dead_fraction >= 0) m[k + "dead_fraction"] = l.dead_fraction;
      if (l.forward_ms >= 0) m[k + "forward_ms"] = l.forward_ms;
      if (l.backward_ms >= 0) m[k + "backward_ms"] = l.backward_ms;
    }
    if (!m.empty()) log_.log_metrics(run_, e.epoch + 1, e.epoch, m);  // per epoch, like the epoch's own metrics
  });
}

void RunRecorder::on_checkpoint(const std::string& path, int epoch, int64_t step, bool) {
  guarded([&] { log_.log_checkpoint(run_, epoch, step, path); });
}

}  // namespace strata::store
