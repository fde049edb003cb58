// `strata train PROJECT`: trains a project's graph on its dataset from the
// command line, with a progress line per epoch, then evaluates on the test
// set. With --json the last stdout line is one JSON summary. `resume` and
// `fork` continue a run or start a child from one of its epochs.
//
// A command that fails before its run starts leaves nothing behind: every
// check (project, data, graph, device, the fork's checkpoint, the log) runs
// before the run's folder is made, and a failure until the run is in the log
// removes the folder again. A run being trained holds its folder's lock
// (train/run_lock.h), so a second process cannot resume or fork it meanwhile.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "commands.h"
#include "option_checks.h"
#include "core/error.h"
#include "core/plural.h"
#include "data/dataset_config.h"
#include "graph/analysis.h"
#include "graph/project.h"
#include "run_lookup.h"
#include "run_session.h"
#include "stop_signal.h"
#include "store/run_log.h"
#include "store/run_recorder.h"
#include "train/run_folder.h"
#include "train/run_lock.h"
#include "train/trainer.h"
#include "train_progress.h"

namespace strata::cli {
namespace {

struct TrainOptions {
  std::string project, device = "auto", db, experiment;
  int epochs = 0, batch_size = 0;
  double lr = 0;
  int64_t seed = -1, limit_train = 0, limit_test = 0;
  bool json = false, create_db_dirs = false;
  // resume / fork
  enum class Mode { New, Resume, Fork } mode = Mode::New;
  std::string run;
  int fork_epoch = -1;
  std::vector<std::string> sets;  // fork: training.KEY=VALUE
};

// Keeps a copy of the checkpoint at every epoch end (epoch-N.ck: N epochs
// done), which `fork --epoch N` starts from.
class EpochCheckpoints final : public TrainingListener {
 public:
  explicit EpochCheckpoints(RunFolder run) : run_(std::move(run)) {}
  void on_checkpoint(const std::string& path, int epoch, int64_t, bool epoch_end) override {
    if (!epoch_end) return;
    std::error_code ec;
    std::filesystem::copy_file(path, run_.epoch_checkpoint(epoch), std::filesystem::copy_options::overwrite_existing, ec);
  }

 private:
  RunFolder run_;
};

// Until released, removes a new run's folder (only what Strata wrote in it)
// when the command fails before the run is in the log.
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

// fork --set: "learning_rate=0.01", "schedule.kind=\"cosine\"" (values are JSON; bare words are text).
void apply_sets(TrainingConfig& cfg, const std::vector<std::string>& sets) {
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

// The command-line overrides go through the project file's own checks, so
// both accept the same values (training_config.h).
void apply_overrides(TrainingConfig& cfg, const TrainOptions& o) {
  nlohmann::json j = training_to_json(cfg);
  if (o.epochs > 0) j["epochs"] = o.epochs;
  if (o.batch_size > 0) j["batch_size"] = o.batch_size;
  if (o.lr > 0) j["learning_rate"] = o.lr;
  if (o.seed >= 0) j["seed"] = o.seed;
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

store::LogAccess log_access(const TrainOptions& o) {
  if (o.mode != TrainOptions::Mode::New) return store::LogAccess::MustExist;
  // Strata's own data folder is made as needed; a folder named with --db only when asked.
  return o.db.empty() || o.create_db_dirs ? store::LogAccess::CreateWithFolders : store::LogAccess::Create;
}

void run_train(TrainOptions o) {
  using Mode = TrainOptions::Mode;
  FILE* progress_out = o.json ? stderr : stdout;
  std::optional<RunFolder> source;
  std::optional<RunLock> resume_lock;  // resume: the run is ours from the start
  std::string db = o.db;
  if (o.mode != Mode::New) {
    source = find_run(o.run, o.db);
    note_run_id(source->id);
    if (o.mode == Mode::Resume) resume_lock.emplace(source->dir, source->id, "resume");
    else refuse_if_running(source->dir, source->id, "fork");
    db = log_of(*source, o.db);  // the log the run belongs to, unless --db says otherwise
    o.project = source->project();
    // The data limits and device of the original run.
    const RunInfo info = read_run_info(*source);
    o.limit_train = info.limit_train, o.limit_test = info.limit_test;
    if (o.device == "auto") o.device = info.device_spec;
  }
  Project project = load_project(o.project);
  TrainingConfig& cfg = project.training;
  apply_overrides(cfg, o);
  if (o.mode == Mode::Fork) apply_sets(cfg, o.sets);

  const std::string base = project_folder(o.project);
  LoadedData data = load_dataset(project.dataset, base, {o.limit_train, o.limit_test}, o.project + ": dataset");
  for (const auto& note : data.notes) std::fprintf(progress_out, "note: %s\n", note.c_str());
  std::optional<Dataset> validation;
  if (cfg.validation_split > 0) validation = data.train.split_off(cfg.validation_split, cfg.seed);

  AnalysisOptions ao;
  ao.batch_size = cfg.batch_size;
  ao.data = data.train.spec();
  const ModelReport report = analyze(project.graph, ao);
  if (!report.ok()) {
    std::string all;
    for (const auto& e : report.errors) all += "\n  " + e;
    throw Error(o.project + ": the graph cannot train:" + all);
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
    std::fprintf(progress_out, "initialised %zu tensors from %s\n", copied.size(), from.c_str());
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
  ProgressPrinter progress(progress_out, isatty(fileno(progress_out)));
  trainer.add_listener(&progress);

  store::RunLog log(log_path(db), log_access(o));
  // Only now, with every check passed, does a new run (train, fork) get its
  // folder: the project as trained (dataset paths made absolute, overrides
  // applied), run.json and preprocessing.json. Resume continues its own.
  const RunFolder run = o.mode == Mode::Resume ? *source : create_run_folder();
  UnlessStarted undo(o.mode == Mode::Resume ? nullptr : &run);
  std::optional<RunLock> new_lock;
  if (o.mode != Mode::Resume) new_lock.emplace(run.dir, run.id, "train");
  const std::string& run_id = run.id;
  note_run_id(run_id);
  if (!std::filesystem::exists(run.preprocessing()))  // also for runs made before it was recorded
    write_file_atomically(run.preprocessing(), data.preprocessing.to_json().dump(2) + "\n");
  if (o.mode == Mode::Resume) {
    // Killed during its first epoch, a run has no checkpoint yet: it starts over
    // (same seed, so the same run).
    if (std::filesystem::exists(run.checkpoint())) resume_state = load_into(session, run.checkpoint());
    else std::fprintf(progress_out, "run %s has no checkpoint yet: starting it over\n", run_id.c_str());
    log.resume_run(run_id);
  } else {
    Project recorded = project;
    recorded.dataset = absolute_dataset_paths(project.dataset, base);
    save_project(recorded, run.project());
    write_run_info(run, {o.limit_train, o.limit_test, dev.spec(), std::filesystem::absolute(log.path()).string()});
    store::RunRecord rec;
    rec.id = run_id, rec.project = std::filesystem::absolute(o.project).string(), rec.name = project.name;
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
  std::fprintf(progress_out, "%s %s: %s on %s, %lld training samples, %s, batch %d, %s lr %g\n",
               o.mode == Mode::Resume ? "resuming run" : o.mode == Mode::Fork ? "fork" : "run", run_id.c_str(),
               project.name.empty() ? o.project.c_str() : project.name.c_str(), dev.name.c_str(),
               (long long)data.train.size(), count_of(cfg.epochs, "epoch").c_str(), cfg.batch_size, cfg.optimizer.c_str(),
               cfg.learning_rate);
  if (resume_state && resume_state->epoch >= cfg.epochs && resume_state->batch == 0)
    std::fprintf(progress_out, "run %s already trained its %s\n", run_id.c_str(), count_of(cfg.epochs, "epoch").c_str());
  // Ctrl-C stops the training and, after it, the final test evaluation: either way the run is 'stopped'.
  StopOnSignal stop_on_ctrl_c([&trainer] { trainer.stop(); });
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
  if (!fit.message.empty()) std::fprintf(progress_out, "%s\n", fit.message.c_str());

  nlohmann::json summary{{"run_id", run_id},
                         {"project", o.mode == Mode::New ? o.project : run.project()},
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
  if (stopped)
    std::fprintf(progress_out, "run %s stopped with its checkpoint; `strata resume %s` continues it\n", run_id.c_str(),
                 run_id.c_str());
  if (test) {
    const Metrics& m = *test;
    std::fprintf(progress_out, "test: loss %.4f", m.loss);
    summary["test_loss"] = m.loss;
    if (m.classes > 0) {
      std::fprintf(progress_out, ", accuracy %.4f, macro F1 %.4f", m.accuracy, m.macro_f1);
      summary["test_accuracy"] = m.accuracy;
      summary["test_macro_f1"] = m.macro_f1;
      if (m.auc >= 0) summary["test_auc"] = m.auc;
    } else {
      std::fprintf(progress_out, ", mse %.5g, mae %.5g", m.mse, m.mae);
      summary["test_mse"] = m.mse, summary["test_mae"] = m.mae;
    }
    std::fprintf(progress_out, " (%lld samples)\n", (long long)m.samples);
    summary["test_samples"] = m.samples;
    log.log_evaluation(run_id, "test", metrics_to_json(m));
    std::map<std::string, double> finals{{"test_loss", m.loss}};
    if (m.classes > 0) finals["test_accuracy"] = m.accuracy, finals["test_macro_f1"] = m.macro_f1;
    if (m.auc >= 0) finals["test_auc"] = m.auc;
    log.log_metrics(run_id, fit.steps, fit.epochs_run, finals);
    if (m.classes > 0) log.log_confusion(run_id, fit.epochs_run, "test", m.classes, m.confusion);
  }
  log.finish_run(run_id, stopped ? "stopped" : "finished", stopped && fit.message.empty() ? "stopped before the test evaluation" : fit.message);
  log.flush();
  summary["wall_s"] = fit.wall_s;
  summary["run_dir"] = run.dir;
  write_file_atomically(run.summary(), summary.dump(2) + "\n");
  if (o.json) std::printf("%s\n", summary.dump().c_str());
  if (stopped) set_exit_status(kExitStopped);
}

void add_common_options(CLI::App* cmd, TrainOptions& o, const char* device_help) {
  cmd->add_option("--device", o.device, device_help);
  cmd->add_option("--db", o.db, "Experiment log database (default: the run's own log, else runs.db in the data folder)");
  cmd->add_flag("--json", o.json, "End with one JSON summary on the last stdout line (also on failure)");
}

}  // namespace

void add_train_command(CLI::App& app) {
  static TrainOptions o;
  auto* cmd = app.add_subcommand("train", "Train a project's graph on its dataset");
  cmd->add_option("project", o.project, "Project file (.strata)")->required()->check(CLI::ExistingFile);
  add_common_options(cmd, o, "Device spec (see `strata devices`); default: the best device");
  cmd->add_option("--epochs", o.epochs, "Override the project's epochs")->check(at_least(1));
  cmd->add_option("--batch-size", o.batch_size, "Override the batch size")->check(at_least(1));
  cmd->add_option("--lr", o.lr, "Override the learning rate (as in the project file: above 0, at most 100)")
      ->check(positive())
      ->check(at_most(kMaxLearningRate));
  cmd->add_option("--seed", o.seed, "Override the seed")->check(at_least(0));
  cmd->add_option("--limit-train", o.limit_train, "Use only the first N training samples")->check(at_least(1));
  cmd->add_option("--limit-test", o.limit_test, "Use only the first N test samples")->check(at_least(1));
  cmd->add_flag("--create-db-dirs", o.create_db_dirs, "Create the missing folders of the --db path");
  cmd->add_option("--experiment", o.experiment, "Experiment the run belongs to (default: the project's name)");
  cmd->callback([] { run_train(o); });

  static TrainOptions r;
  r.mode = TrainOptions::Mode::Resume;
  auto* resume = app.add_subcommand("resume", "Continue a stopped or interrupted run from its last checkpoint");
  resume->add_option("run", r.run, "Run id or run folder")->required();
  add_common_options(resume, r, "Device spec (default: the run's)");
  resume->callback([] { run_train(r); });

  static TrainOptions f;
  f.mode = TrainOptions::Mode::Fork;
  auto* fork = app.add_subcommand("fork", "Start a child run from a run's checkpoint after an epoch, with changes");
  fork->add_option("run", f.run, "Parent run id or folder")->required();
  fork->add_option("--epoch", f.fork_epoch, "Start from the state after this many epochs")->required()->check(at_least(0));
  fork->add_option("--set", f.sets, "Training setting to change, KEY=VALUE (e.g. learning_rate=0.01, epochs=5)");
  add_common_options(fork, f, "Device spec (default: the parent's)");
  fork->add_option("--experiment", f.experiment, "Experiment of the child (default: the parent's)");
  fork->callback([] { run_train(f); });
}

}  // namespace strata::cli
