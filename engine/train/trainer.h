#pragma once
// fit / evaluate / predict for a compiled Model. Each epoch visits the
// training set in an order drawn from (seed, epoch), so a run is reproducible
// and can resume mid-way; the step's loss and outputs are downloaded once per
// step for the running metrics. Events go to any number of listeners, called
// on the training thread under a lock (a GUI listener posts them to its own
// thread). pause(), resume() and stop() may be called from any thread.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "data/augment.h"
#include "data/dataset.h"
#include "model/model.h"
#include "train/checkpoint.h"
#include "train/metrics.h"
#include "train/telemetry.h"
#include "train/training_config.h"

namespace strata {

struct StepEvent {
  int epoch = 0;                 // 0-based
  int64_t step = 0;              // updates so far in the run
  int64_t batch = 0, batches = 0;  // within the epoch (1-based batch)
  double loss = 0;               // this step's
  double accuracy = 0;           // this step's (classification)
  double running_loss = 0, running_accuracy = 0;  // over the epoch so far (accuracy: classification only)
  bool classification = true;
  double learning_rate = 0;
  double samples_per_s = 0;      // over the epoch so far
  double epoch_seconds = 0;
};

struct EpochEvent;
nlohmann::json epoch_to_json(const EpochEvent& e);
EpochEvent epoch_from_json(const nlohmann::json& j);

struct EpochEvent {
  int epoch = 0, epochs = 0;
  Metrics train;
  std::optional<Metrics> validation;
  double learning_rate = 0;
  double seconds = 0, samples_per_s = 0;
};

enum class FitStatus { Finished, EarlyStopped, Stopped, Failed };

struct FitResult {
  FitStatus status = FitStatus::Finished;
  std::string message;          // why it failed or stopped early
  int epochs_run = 0;
  int best_epoch = -1;          // early stopping's best (0-based)
  int64_t steps = 0;
  double train_samples_per_s = 0, wall_s = 0;
  std::vector<EpochEvent> history;
};

class TrainingListener {
 public:
  virtual ~TrainingListener() = default;
  virtual void on_step(const StepEvent&) {}
  virtual void on_epoch(const EpochEvent&) {}
  virtual void on_finish(const FitResult&) {}
  // A checkpoint was written: after an epoch (epoch_end; `epoch` epochs are
  // done) or when stopped mid-epoch.
  virtual void on_checkpoint(const std::string& /*path*/, int /*epoch*/, int64_t /*step*/, bool /*epoch_end*/) {}
  // Per-layer figures of a finished epoch (train/telemetry.h), after its on_epoch.
  virtual void on_telemetry(const TelemetryEvent&) {}
};

class Trainer {
 public:
  Trainer(Model& model, TrainingConfig config);

  // Augmentation applied to training batches (data/augment.h).
  void set_augmentation(const AugmentConfig& a) { augment_ = a; }
  // Per-layer telemetry after each epoch (on by default; train/telemetry.h says what it costs).
  void set_telemetry(bool on) { telemetry_ = on; }
  void add_listener(TrainingListener* l);
  void remove_listener(TrainingListener* l);

  // Trains from the start, or from `resume` (a checkpoint's state, whose
  // tensors were loaded into the model). With `checkpoint_path` a checkpoint
  // is written after every epoch and when the run is stopped; after a NaN
  // loss the last good one stays.
  FitResult fit(const Dataset& train, const Dataset* validation, const TrainingState* resume = nullptr,
                const std::string& checkpoint_path = {});
  // Forward in evaluation mode over the whole set (dropout off, running
  // statistics). `stoppable`: stop() ends it early (the metrics are then
  // partial; stop_requested() says so), for a final evaluation a user may cut short.
  Metrics evaluate(const Dataset& data, bool stoppable = false);
  // The outputs of the layer feeding the loss for n samples of x (batch-first).
  void predict(const std::vector<float>& x, int64_t n, std::vector<float>& out);

  void pause();
  void resume();
  void stop();
  bool paused() const { return paused_; }
  // stop() was called (before or during fit()).
  bool stop_requested() const { return stop_; }

 private:
  void check_data(const Dataset& d, const char* what) const;
  void wait_while_paused();
  template <class F>
  void notify_listeners(F&& f);
  Model& model_;
  TrainingConfig cfg_;
  std::mutex listeners_mutex_;
  std::vector<TrainingListener*> listeners_;
  std::mutex pause_mutex_;
  std::condition_variable pause_cv_;
  std::atomic<bool> paused_{false}, stop_{false};
  AugmentConfig augment_;
  bool telemetry_ = true;
  std::vector<float> outbuf_;
};

}  // namespace strata
