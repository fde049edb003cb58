#include "run/run_service.h"

#include <algorithm>
#include <filesystem>

#include "core/error.h"
#include "data/dataset_config.h"
#include "graph/analysis.h"
#include "run/checkpoint_integrity.h"
#include "run/run_lookup.h"
#include "run/session.h"
#include "store/run_log.h"
#include "store/run_recorder.h"
#include "train/run_folder.h"
#include "train/run_lock.h"

namespace strata {
namespace {

using Mode = RunRequest::Mode;

// Keeps a copy of the checkpoint at every epoch end (epoch-N.ck: N epochs
// done), which a fork from epoch N starts from.
class EpochCheckpoints final : public TrainingListener {
 public:
  explicit EpochCheckpoints(RunFolder run) : run_(std::move(run)) {}
  void on_checkpoint(const std::string& path, int epoch, int64_t, bool epoch_end) override {
    if (!epoch_end) return;
    try {
      copy_file_atomically(path, run_.epoch_checkpoint(epoch));
    } catch (const Error&) {
      // The run goes on without this epoch's copy: only forks and the
      // Evaluation tab's epoch slider miss it (they list the copies there are).
    }
  }

 private:
  RunFolder run_;
};

// Until released, removes a new run's folder (only what Strata wrote in it)
// when the request fails before the run is in the log.
class UnlessStarted {
 public:
  explicit UnlessStarted(const RunFolder* run) : run_(run) {}
  ~UnlessStarted() {
    if (run_) remove_run_folder(*run_);
  }
  void release() { run_ = nullptr; }

 private:
  const RunFolder* run_;
};

// Passes the trainer's events on to every run listener.
class Relay final : public TrainingListener {
 public:
  explicit Relay(const std::vector<RunListener*>& to) : to_(to) {}
  void on_step(const StepEvent& e) override {
    for (auto* l : to_) l->on_step(e);
  }
  void on_epoch(const EpochEvent& e) override {
    for (auto* l : to_) l->on_epoch(e);
  }
  void on_finish(const FitResult& r) override {
    for (auto* l : to_) l->on_finish(r);
  }
  void on_checkpoint(const std::string& path, int epoch, int64_t step, bool epoch_end) override {
    for (auto* l : to_) l->on_checkpoint(path, epoch, step, epoch_end);
  }
  void on_telemetry(const TelemetryEvent& e) override {
    for (auto* l : to_) l->on_telemetry(e);
  }

 private:
  const std::vector<RunListener*>& to_;
};

// The request's overrides go through the project file's own checks, so
// both accept the same values (training_config.h).
void apply_overrides(TrainingConfig& cfg, const RunRequest& r) {
  nlohmann::json j = training_to_json(cfg);
  if (r.epochs > 0) j["epochs"] = r.epochs;
  if (r.batch_size > 0) j["batch_size"] = r.batch_size;
  if (r.learning_rate > 0) j["learning_rate"] = r.learning_rate;
  if (r.seed >= 0) j["seed"] = r.seed;
  cfg = training_from_json(j, "the command line: training");
}

// The epochs a run kept a checkpoint for, "1, 2, 3" (for a fork's message).
std::string kept_epochs(const RunFolder& run) {
  std::vector<int> epochs;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(run.dir, ec)) {
    const std::string n = e.path().filename().string();
    if (n.rfind("epoch-", 0) == 0 && e.path().extension() == ".ck") epochs.push_back(std::atoi(n.c_str() + 6));
  }
  std::sort(epochs.begin(), epochs.end());
  std::string s;
  for (int k : epochs) s += (s.empty() ? "" : ", ") + std::to_string(k);
  return s.empty() ? "none yet" : s;
}

store::LogAccess log_access(const RunRequest& r) {
  if (r.mode != Mode::New) return store::LogAccess::MustExist;
  // Strata's own data folder is made as needed; a folder named by the user only when asked.
  return r.db.empty() || r.create_db_dirs ? store::LogAccess::CreateWithFolders : store::LogAccess::Create;
}

}  // namespace

void apply_training_sets(TrainingConfig& cfg, const std::vector<std::string>& sets) {
  nlohmann::json j = training_to_json(cfg);
  for (const auto& kv : sets) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos) throw Error("--set " + kv + ": expected KEY=VALUE");
    const std::string key = kv.substr(0, eq), text = kv.substr(eq + 1);
    nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
    if (value.is_discarded()) value = text;
    nlohmann::json* at = &j;
    size_t start = 0;
    for (size_t dot; (dot = key.find('.', start)) != std::string::npos; start = dot + 1) at = &(*at)[key.substr(start, dot - start)];
    (*at)[key.substr(start)] = value;
  }
  cfg = training_from_json(j, "--set");
}

RunService::RunService(RunRequest request) : req_(std::move(request)) {}

void RunService::add_listener(RunListener* l) { listeners_.push_back(l); }

template <class F>
void RunService::tell(F&& f) {
  for (auto* l : listeners_) f(*l);
}

void RunService::pause() {
  pause_ = true;
  std::lock_guard lock(trainer_mutex_);
  if (trainer_) trainer_->pause();
}

void RunService::resume() {
  pause_ = false;
  std::lock_guard lock(trainer_mutex_);
  if (trainer_) trainer_->resume();
}

void RunService::stop() {
  stop_ = true;
  std::lock_guard lock(trainer_mutex_);
  if (trainer_) trainer_->stop();
}

bool RunService::paused() const { return pause_; }

std::string RunService::run_id() const {
  std::lock_guard lock(trainer_mutex_);
  return run_id_;
}

nlohmann::json RunService::execute() {
  try {
    return run();
  } catch (const std::exception& e) {
    tell([&](RunListener& l) { l.on_failed(e.what()); });
    throw;
  }
}

nlohmann::json RunService::run() {
  RunRequest o = req_;
  std::optional<RunFolder> source;
  std::optional<RunLock> resume_lock;  // resume: the run is ours from the start
  std::string db = o.db;
  auto known = [&](const std::string& id) {
    {
      std::lock_guard lock(trainer_mutex_);
      run_id_ = id;
    }
    tell([&](RunListener& l) { l.on_run_id(id); });
  };
  if (o.mode != Mode::New) {
    source = find_run(o.run, o.db);
    known(source->id);
    if (o.mode == Mode::Resume) resume_lock.emplace(source->dir, source->id, "resume");
    else refuse_if_running(source->dir, source->id, "fork");
    db = log_of(*source, o.db);  // the log the run belongs to, unless the request names another
    o.project_path = source->project();
    o.project.reset();
    o.base_dir.clear();
    // The data limits and device of the original run.
    const RunInfo info = read_run_info(*source);
    o.limit_train = info.limit_train, o.limit_test = info.limit_test;
    if (o.device == "auto") o.device = info.device_spec;
  }
  Project project = o.project ? *o.project : load_project(o.project_path);
  const std::string where = o.project_path.empty() ? std::string("the project") : o.project_path;
  TrainingConfig& cfg = project.training;
  apply_overrides(cfg, o);
  if (o.mode == Mode::Fork) apply_training_sets(cfg, o.sets);

  const std::string base = !o.base_dir.empty() ? o.base_dir : project_folder(o.project_path);
  LoadedData data = load_dataset(project.dataset, base, {o.limit_train, o.limit_test}, where + ": dataset");
  for (const auto& note : data.notes) tell([&](RunListener& l) { l.on_note("note: " + note); });
  std::optional<Dataset> validation;
  if (cfg.validation_split > 0) validation = data.train.split_off(cfg.validation_split, cfg.seed);

  AnalysisOptions ao;
  ao.batch_size = cfg.batch_size;
  ao.data = data.train.spec();
  const ModelReport report = analyze(project.graph, ao);
  if (!report.ok()) {
    std::string all;
    for (const auto& e : report.errors) all += "\n  " + e;
    throw Error(where + ": the graph cannot train:" + all);
  }

  Session session = open_session(project, o.device);
  const DeviceInfo& dev = session.device;
  if (!cfg.init_from.source.empty() && o.mode == Mode::New) {
    // A run id or folder means that run's last checkpoint; anything else is a checkpoint file.
    std::string from = cfg.init_from.source;
    try {
      from = find_run_folder(from).checkpoint();
    } catch (const Error&) {
    }
    const auto copied = init_from_checkpoint(*session.model, from, cfg.init_from.layers);
    tell([&](RunListener& l) { l.on_note("initialised " + std::to_string(copied.size()) + " tensors from " + from); });
  }
  std::optional<TrainingState> resume_state;
  if (o.mode == Mode::Fork) {
    // The child starts from the parent's state after `fork_epoch` epochs.
    const std::string ck = source->epoch_checkpoint(o.fork_epoch);
    if (!std::filesystem::exists(ck))
      throw Error("run " + source->id + " has no checkpoint after epoch " + std::to_string(o.fork_epoch) +
                  " (it has checkpoints after epochs: " + kept_epochs(*source) + ")");
    resume_state = load_into(session, ck);
  }
  session.model->set_frozen(cfg.freeze);
  Trainer trainer(*session.model, cfg);
  trainer.set_augmentation(data.augment);
  Relay relay(listeners_);
  trainer.add_listener(&relay);

  if (stop_ && o.mode != Mode::Resume) {
    // Stopped while the data loaded or the device opened: no folder, no log
    // entry, nothing to resume.
    nlohmann::json summary{{"status", "stopped"}, {"started", false},
                           {"message", "stopped before training began; nothing was recorded"}};
    tell([&](RunListener& l) { l.on_finished(summary); });
    return summary;
  }
  store::RunLog log(log_path(db), log_access(o));
  // Only now, with every check passed, does a new run (train, fork) get its
  // folder: the project as trained (dataset paths made absolute, overrides
  // applied), run.json and preprocessing.json. Resume continues its own.
  const RunFolder run = o.mode == Mode::Resume ? *source : create_run_folder();
  UnlessStarted undo(o.mode == Mode::Resume ? nullptr : &run);
  std::optional<RunLock> new_lock;
  if (o.mode != Mode::Resume) new_lock.emplace(run.dir, run.id, "train");
  const std::string& run_id = run.id;
  known(run_id);
  if (!std::filesystem::exists(run.preprocessing()))  // also for runs made before it was recorded
    write_file_atomically(run.preprocessing(), data.preprocessing.to_json().dump(2) + "\n");
  if (o.mode == Mode::Resume) {
    // Killed during its first epoch, a run has no checkpoint yet: it starts over
    // (same seed, so the same run).
    if (std::filesystem::exists(run.checkpoint())) {
      check_checkpoint_record(run.checkpoint(), log.checkpoints(run_id));
      resume_state = load_into(session, run.checkpoint());
    }
    else tell([&](RunListener& l) { l.on_note("run " + run_id + " has no checkpoint yet: starting it over"); });
    log.resume_run(run_id, resume_state ? resume_state->epoch : 0, resume_state ? resume_state->step : 0);
  } else {
    Project recorded = project;
    recorded.dataset = absolute_dataset_paths(project.dataset, base);
    save_project(recorded, run.project());
    RunInfo info{o.limit_train, o.limit_test, dev.spec(), std::filesystem::absolute(log.path()).string()};
    info.start_epoch = o.mode == Mode::Fork ? o.fork_epoch : 0;
    write_run_info(run, info);
    // The weights training starts from, for the Evaluation tab's first epoch:
    // the parent's for a fork, else the initialisation (with init_from's layers).
    if (o.mode == Mode::Fork) copy_file_atomically(source->epoch_checkpoint(o.fork_epoch), run.epoch_checkpoint(o.fork_epoch));
    else save_checkpoint(run.epoch_checkpoint(0), *session.model, TrainingState{});
    store::RunRecord rec;
    rec.id = run_id, rec.name = project.name;
    rec.project = o.project_path.empty() ? run.project() : std::filesystem::absolute(o.project_path).string();
    rec.device = dev.name, rec.driver = dev.driver, rec.seed = int64_t(cfg.seed), rec.run_dir = run.dir;
    const nlohmann::json pj = project_to_json(recorded);
    rec.graph = pj["graph"], rec.training = pj["training"], rec.dataset = pj["dataset"];
    rec.dataset_fingerprint = dataset_fingerprint(data.train);
    rec.limits = {{"limit_train", o.limit_train}, {"limit_test", o.limit_test}};
    rec.preprocessing = data.preprocessing.to_json();
    rec.experiment = o.experiment;
    if (o.mode == Mode::Fork) {
      rec.parent = source->id, rec.fork_epoch = o.fork_epoch;
      if (rec.experiment.empty())  // a child stays in its parent's experiment
        if (const auto parent = log.get_run(source->id)) rec.experiment = parent->experiment;
    }
    log.start_run(rec);
  }
  log.flush();  // the run is in the log: from here on a failure is a failed run, kept with its folder
  undo.release();

  store::RunRecorder recorder(log, run_id, trainer);
  trainer.add_listener(&recorder);
  EpochCheckpoints keeper(run);
  trainer.add_listener(&keeper);
  RunListener::Started started;
  started.mode = o.mode, started.run_id = run_id, started.run_dir = run.dir, started.project_name = project.name;
  started.project_path = o.project_path, started.log_path = log.path(), started.device = dev;
  started.train_samples = data.train.size(), started.validation_samples = validation ? validation->size() : 0;
  started.test_samples = data.test ? data.test->size() : 0, started.training = cfg;
  if (source && o.mode == Mode::Fork) started.parent = source->id, started.fork_epoch = o.fork_epoch;
  started.already_done = resume_state && resume_state->epoch >= cfg.epochs && resume_state->batch == 0;
  tell([&](RunListener& l) { l.on_started(started); });

  {
    // From here pause, resume and stop reach the trainer; a stop that came
    // earlier stops it before the first step.
    std::lock_guard lock(trainer_mutex_);
    trainer_ = &trainer;
    if (stop_) trainer.stop();
    if (pause_) trainer.pause();
  }
  struct Forget {
    RunService* s;
    ~Forget() {
      std::lock_guard lock(s->trainer_mutex_);
      s->trainer_ = nullptr;
    }
  } forget{this};

  FitResult fit;
  try {
    fit = trainer.fit(data.train, validation ? &*validation : nullptr, resume_state ? &*resume_state : nullptr,
                      run.checkpoint());
  } catch (const std::exception& e) {
    // A device error or similar: the run is recorded as failed, not left 'running'.
    try {
      log.finish_run(run_id, "failed", e.what());
      log.flush();
    } catch (const std::exception&) {
    }
    // A GPU that was lost takes nothing with it: the checkpoint written at the
    // last epoch's end is intact, and the run can go on on another device.
    if (dynamic_cast<const DeviceError*>(&e) && !dynamic_cast<const DeviceOutOfMemory*>(&e))
      throw DeviceError(std::string(e.what()) + "\nrun " + run_id + " failed; its last checkpoint is kept: `strata resume " +
                        run_id + " --device cpu` continues it on the CPU (or --device with another GPU)");
    throw;
  }
  if (!recorder.error().empty()) {
    // Logging failed (disk full, read-only): training stopped; its checkpoint and what was logged stay.
    throw Error("the experiment log failed, training stopped (checkpoint kept in " + run.dir + "): " + recorder.error());
  }
  if (fit.status == FitStatus::Failed) {
    log.finish_run(run_id, "failed", fit.message);
    log.flush();
    throw Error(fit.message);
  }
  if (!fit.message.empty()) tell([&](RunListener& l) { l.on_note(fit.message); });

  nlohmann::json summary{{"run_id", run_id},
                         {"project", o.mode == Mode::New && !o.project_path.empty() ? o.project_path : run.project()},
                         {"device", dev.name},
                         {"device_spec", dev.spec()},
                         {"epochs", fit.epochs_run},
                         {"steps", fit.steps},
                         {"train_samples_per_s", fit.train_samples_per_s},
                         {"wall_s", fit.wall_s}};
  if (o.mode == Mode::Fork) summary["parent"] = source->id, summary["fork_epoch"] = o.fork_epoch;
  if (!fit.history.empty()) {
    summary["train_loss"] = fit.history.back().train.loss;
    if (fit.history.back().train.classes > 0) summary["train_accuracy"] = fit.history.back().train.accuracy;
  }
  std::optional<Metrics> test;
  if (data.test && !trainer.stop_requested()) {  // a stopped run is evaluated when it finishes
    const Metrics m = trainer.evaluate(*data.test, /*stoppable=*/true);
    if (!trainer.stop_requested()) test = m;
  }
  const bool stopped = fit.status == FitStatus::Stopped || trainer.stop_requested();
  summary["status"] = stopped ? "stopped" : "finished";
  if (test) {
    const Metrics& m = *test;
    summary["test_loss"] = m.loss;
    if (m.classes > 0) {
      summary["test_accuracy"] = m.accuracy;
      summary["test_macro_f1"] = m.macro_f1;
      if (m.auc >= 0) summary["test_auc"] = m.auc;
    } else {
      summary["test_mse"] = m.mse, summary["test_mae"] = m.mae;
    }
    summary["test_samples"] = m.samples;
    tell([&](RunListener& l) { l.on_test(m); });
    log.log_evaluation(run_id, "test", metrics_to_json(m));
    std::map<std::string, double> finals{{"test_loss", m.loss}};
    if (m.classes > 0) finals["test_accuracy"] = m.accuracy, finals["test_macro_f1"] = m.macro_f1;
    if (m.auc >= 0) finals["test_auc"] = m.auc;
    // At the last epoch trained (epochs count from 0 in the log, as every epoch metric does).
    log.log_metrics(run_id, fit.steps, std::max(0, fit.epochs_run - 1), finals);
    if (m.classes > 0) log.log_confusion(run_id, fit.epochs_run, "test", m.classes, m.confusion);
  }
  log.finish_run(run_id, stopped ? "stopped" : "finished",
                 stopped && fit.message.empty() ? "stopped before the test evaluation" : fit.message);
  log.flush();
  summary["wall_s"] = fit.wall_s;
  summary["run_dir"] = run.dir;
  write_file_atomically(run.summary(), summary.dump(2) + "\n");
  tell([&](RunListener& l) { l.on_finished(summary); });
  return summary;
}

}  // namespace strata
