#pragma once
// One way to run, for the command line and the editor: a new run of a
// project, the resumption of a stopped or interrupted run, or a fork from one
// of a run's epochs, with everything around the trainer: loading and
// checking the data and the graph, opening the device, the run folder and
// its lock, the experiment-log record, the epoch checkpoints, the test
// evaluation and the summary. A run started from either is the same run,
// recorded the same way.
//
// A request that fails before its run starts leaves nothing behind: every
// check (project, data, graph, device, the fork's checkpoint, the log) runs
// before the run's folder is made, and a failure until the run is in the log
// removes the folder again.
#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "graph/project.h"
#include "runtime/device_info.h"
#include "train/trainer.h"

namespace strata {

struct RunRequest {
  enum class Mode { New, Resume, Fork };
  Mode mode = Mode::New;
  // New: the project file, or the project as edited (`project`) with the file
  // it came from (may be empty for an unsaved one) and the folder its
  // relative dataset paths start from (default: the file's folder).
  std::string project_path;
  std::optional<Project> project;
  std::string base_dir;
  // Resume and fork: the run (id or folder); fork: the epoch and the changes.
  std::string run;
  int fork_epoch = -1;
  std::vector<std::string> sets;  // KEY=VALUE of the training settings, dots into nested ones (values as JSON; bare words are text)
  std::string device = "auto";    // resume/fork: "auto" means the run's own device
  std::string db;                 // the experiment log; empty: the run's own, else the default
  bool create_db_dirs = false;    // a new log may create its missing folders (always for the default log)
  std::string experiment;
  // Overrides of the project's training settings (0 / negative: keep).
  int epochs = 0, batch_size = 0;
  double learning_rate = 0;
  int64_t seed = -1;
  // Use only the first N samples (0: all); resume and fork keep the run's own.
  int64_t limit_train = 0, limit_test = 0;
};

// What a run tells besides the trainer's steps and epochs. Called on the
// thread that runs it.
class RunListener : public TrainingListener {
 public:
  struct Started {
    RunRequest::Mode mode = RunRequest::Mode::New;
    std::string run_id, run_dir, project_name, project_path, log_path, parent;
    int fork_epoch = -1;
    DeviceInfo device;
    int64_t train_samples = 0, validation_samples = 0, test_samples = 0;
    TrainingConfig training;
    bool already_done = false;  // a resumed run that had trained all its epochs
  };
  // A run id is known (before the run starts: the run being resumed or forked).
  virtual void on_run_id(const std::string& /*run_id*/) {}
  // Something the user should know: a note of the data reader, weights
  // initialised from another run, a resumed run starting over.
  virtual void on_note(const std::string& /*text*/) {}
  virtual void on_started(const Started&) {}
  virtual void on_test(const Metrics&) {}
  // The summary (what summary.json holds) of a finished or stopped run.
  virtual void on_finished(const nlohmann::json& /*summary*/) {}
  virtual void on_failed(const std::string& /*message*/) {}
};

class RunService {
 public:
  explicit RunService(RunRequest request);
  void add_listener(RunListener* listener);
  // Runs on the calling thread until the run finishes, stops or fails.
  // Returns the summary (status "finished" or "stopped"); throws
  // strata::Error for a failure (listeners heard on_failed first).
  nlohmann::json execute();
  // From any thread. A stop before training begins stops it at once.
  void pause();
  void resume();
  void stop();
  bool paused() const;
  bool stop_requested() const { return stop_; }
  std::string run_id() const;

 private:
  nlohmann::json run();
  template <class F>
  void tell(F&& f);
  RunRequest req_;
  std::vector<RunListener*> listeners_;
  mutable std::mutex trainer_mutex_;
  Trainer* trainer_ = nullptr;
  std::atomic<bool> stop_{false}, pause_{false};
  std::string run_id_;
};

// fork --set: applies "learning_rate=0.01", "schedule.kind=cosine" to `cfg`
// through the project file's checks.
void apply_training_sets(TrainingConfig& cfg, const std::vector<std::string>& sets);

}  // namespace strata
