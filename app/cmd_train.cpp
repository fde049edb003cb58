// `strata train PROJECT`: trains a project's graph on its dataset from the
// command line, with a progress line per epoch, then evaluates on the test
// set. With --json the last stdout line is one JSON summary.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <fstream>

#include "commands.h"
#include "core/error.h"
#include "data/dataset_config.h"
#include "graph/analysis.h"
#include "graph/project.h"
#include "train/trainer.h"
#include "run_session.h"
#include "stop_signal.h"
#include "store/run_log.h"
#include "store/run_recorder.h"
#include "train/run_folder.h"
#include "train_progress.h"

namespace strata::cli {
namespace {

struct TrainOptions {
  std::string project, device = "auto", db, experiment;
  int epochs = 0, batch_size = 0;
  double lr = 0;
  int64_t seed = -1, limit_train = 0, limit_test = 0;
  bool json = false;
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
  explicit EpochCheckpoints(std::string dir) : dir_(std::move(dir)) {}
  void on_checkpoint(const std::string& path, int epoch, int64_t, bool epoch_end) override {
    if (!epoch_end) return;
    std::error_code ec;
    std::filesystem::copy_file(path, dir_ + "/epoch-" + std::to_string(epoch) + ".ck",
                               std::filesystem::copy_options::overwrite_existing, ec);
  }

 private:
  std::string dir_;
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

void run_train(TrainOptions o) {
  std::optional<RunFolder> source;
  if (o.mode != TrainOptions::Mode::New) {
    source = find_run_folder(o.run);
    o.project = source->project();
    // The data limits and device of the original run.
    const nlohmann::json info = nlohmann::json::parse(std::ifstream(source->dir + "/run.json"), nullptr, false);
    if (info.is_object()) {
      o.limit_train = info.value("limit_train", int64_t(0)), o.limit_test = info.value("limit_test", int64_t(0));
      if (o.device == "auto") o.device = info.value("device_spec", std::string("auto"));
    }
  }
  Project project = load_project(o.project);
  TrainingConfig& cfg = project.training;
  if (o.epochs > 0) cfg.epochs = o.epochs;
  if (o.batch_size > 0) cfg.batch_size = o.batch_size;
  if (o.lr > 0) cfg.learning_rate = o.lr;
  if (o.seed >= 0) cfg.seed = uint64_t(o.seed);
  if (o.mode == TrainOptions::Mode::Fork) apply_sets(cfg, o.sets);

  const std::string base = project_folder(o.project);
  LoadedData data = load_dataset(project.dataset, base, {o.limit_train, o.limit_test}, o.project + ": dataset");
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
  if (!cfg.init_from.source.empty() && o.mode == TrainOptions::Mode::New) {
    // A run id or folder means that run's last checkpoint; anything else is a checkpoint file.
    std::string source = cfg.init_from.source;
    try {
      source = find_run_folder(source).checkpoint();
    } catch (const Error&) {
    }
    const auto copied = init_from_checkpoint(*session.model, source, cfg.init_from.layers);
    std::fprintf(o.json ? stderr : stdout, "initialised %zu tensors from %s\n", copied.size(), source.c_str());
  }
  session.model->set_frozen(cfg.freeze);
  Trainer trainer(*session.model, cfg);
  trainer.set_augmentation(data.augment);
  FILE* progress_out = o.json ? stderr : stdout;
  ProgressPrinter progress(progress_out, isatty(fileno(progress_out)));
  trainer.add_listener(&progress);

  // The run folder keeps the project as trained (dataset paths made absolute,
  // overrides applied) and the checkpoint of every epoch.
  // A new run (train, fork) gets a folder with the project as trained
  // (dataset paths made absolute, overrides applied); resume continues its own.
  const RunFolder run = o.mode == TrainOptions::Mode::Resume ? *source : create_run_folder();
  const std::string& run_id = run.id;
  store::RunLog log(o.db.empty() ? store::RunLog::default_path() : o.db);
  std::optional<TrainingState> resume_state;
  if (o.mode == TrainOptions::Mode::Resume) {
    // Killed during its first epoch, a run has no checkpoint yet: it starts over
    // (same seed, so the same run).
    if (std::filesystem::exists(run.checkpoint())) resume_state = load_into(session, run.checkpoint());
    else std::fprintf(o.json ? stderr : stdout, "run %s has no checkpoint yet: starting it over\n", run_id.c_str());
    log.resume_run(run_id);
  } else {
    Project recorded = project;
    recorded.dataset = absolute_dataset_paths(project.dataset, base);
    save_project(recorded, run.project());
    write_file_atomically(run.dir + "/run.json", nlohmann::json{{"limit_train", o.limit_train}, {"limit_test", o.limit_test},
                                                                {"device_spec", dev.spec()}}.dump() + "\n");
    store::RunRecord rec;
    rec.id = run_id, rec.project = std::filesystem::absolute(o.project).string(), rec.name = project.name;
    rec.device = dev.name, rec.driver = dev.driver, rec.seed = int64_t(cfg.seed), rec.run_dir = run.dir;
    const nlohmann::json pj = project_to_json(recorded);
    rec.graph = pj["graph"], rec.training = pj["training"], rec.dataset = pj["dataset"];
    rec.dataset_fingerprint = dataset_fingerprint(data.train);
    rec.experiment = o.experiment;
    if (o.mode == TrainOptions::Mode::Fork) {
      // The child starts from the parent's state after `fork_epoch` epochs.
      const std::string ck = source->dir + "/epoch-" + std::to_string(o.fork_epoch) + ".ck";
      if (!std::filesystem::exists(ck)) throw Error("run " + source->id + " has no checkpoint after epoch " + std::to_string(o.fork_epoch));
      resume_state = load_into(session, ck);
      rec.parent = source->id, rec.fork_epoch = o.fork_epoch;
      if (rec.experiment.empty())  // a child stays in its parent's experiment
        if (const auto parent = log.get_run(source->id)) rec.experiment = parent->experiment;
    }
    log.start_run(rec);
  }
  store::RunRecorder recorder(log, run_id, trainer);
  trainer.add_listener(&recorder);
  EpochCheckpoints keeper(run.dir);
  trainer.add_listener(&keeper);
  std::fprintf(progress_out, "%s %s: %s on %s, %lld training samples, %d epochs, batch %d, %s lr %g\n", o.mode == TrainOptions::Mode::Resume ? "resuming run" : o.mode == TrainOptions::Mode::Fork ? "fork" : "run",
               run_id.c_str(), project.name.empty() ? o.project.c_str() : project.name.c_str(), dev.name.c_str(),
               (long long)data.train.size(), cfg.epochs, cfg.batch_size, cfg.optimizer.c_str(), cfg.learning_rate);
  if (resume_state && resume_state->epoch >= cfg.epochs && resume_state->batch == 0)
    std::fprintf(progress_out, "run %s already trained its %d epochs\n", run_id.c_str(), cfg.epochs);
  FitResult fit;
  try {
    StopOnSignal stop_on_ctrl_c([&trainer] { trainer.stop(); });
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
                         {"project", o.mode == TrainOptions::Mode::New ? o.project : run.project()},
                         {"device", dev.name},
                         {"device_spec", dev.spec()},
                         {"epochs", fit.epochs_run},
                         {"steps", fit.steps},
                         {"status", fit.status == FitStatus::Stopped ? "stopped" : "finished"},
                         {"train_samples_per_s", fit.train_samples_per_s},
                         {"wall_s", fit.wall_s}};
  if (o.mode == TrainOptions::Mode::Fork) summary["parent"] = source->id, summary["fork_epoch"] = o.fork_epoch;
  if (!fit.history.empty()) {
    summary["train_loss"] = fit.history.back().train.loss;
    summary["train_accuracy"] = fit.history.back().train.accuracy;
  }
  if (fit.status == FitStatus::Stopped)
    std::fprintf(progress_out, "run %s stopped with its checkpoint; `strata resume %s` continues it\n", run_id.c_str(),
                 run_id.c_str());
  if (data.test && fit.status != FitStatus::Stopped) {  // a stopped run is evaluated when it finishes
    const Metrics m = trainer.evaluate(*data.test);
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
  log.finish_run(run_id, fit.status == FitStatus::Stopped ? "stopped" : "finished", fit.message);
  log.flush();
  summary["wall_s"] = fit.wall_s;
  summary["run_dir"] = run.dir;
  write_file_atomically(run.summary(), summary.dump(2) + "\n");
  if (o.json) std::printf("%s\n", summary.dump().c_str());
}

}  // namespace

void add_train_command(CLI::App& app) {
  static TrainOptions o;
  auto* cmd = app.add_subcommand("train", "Train a project's graph on its dataset");
  cmd->add_option("project", o.project, "Project file (.strata)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--device", o.device, "Device spec (see `strata devices`); default: the best device");
  cmd->add_option("--epochs", o.epochs, "Override the project's epochs")->check(CLI::PositiveNumber);
  cmd->add_option("--batch-size", o.batch_size, "Override the batch size")->check(CLI::PositiveNumber);
  cmd->add_option("--lr", o.lr, "Override the learning rate")->check(CLI::PositiveNumber);
  cmd->add_option("--seed", o.seed, "Override the seed")->check(CLI::NonNegativeNumber);
  cmd->add_option("--limit-train", o.limit_train, "Use only the first N training samples")->check(CLI::PositiveNumber);
  cmd->add_option("--limit-test", o.limit_test, "Use only the first N test samples")->check(CLI::PositiveNumber);
  cmd->add_option("--db", o.db, "Experiment log database (default: runs.db in the data folder)");
  cmd->add_option("--experiment", o.experiment, "Experiment the run belongs to (default: the project's name)");
  cmd->add_flag("--json", o.json, "End with one JSON summary on the last stdout line");
  cmd->callback([] { run_train(o); });

  static TrainOptions r;
  r.mode = TrainOptions::Mode::Resume;
  auto* resume = app.add_subcommand("resume", "Continue a stopped or interrupted run from its last checkpoint");
  resume->add_option("run", r.run, "Run id or run folder")->required();
  resume->add_option("--device", r.device, "Device spec (default: the run's)");
  resume->add_option("--db", r.db, "Experiment log database");
  resume->add_flag("--json", r.json, "End with one JSON summary on the last stdout line");
  resume->callback([] { run_train(r); });

  static TrainOptions f;
  f.mode = TrainOptions::Mode::Fork;
  auto* fork = app.add_subcommand("fork", "Start a child run from a run's checkpoint after an epoch, with changes");
  fork->add_option("run", f.run, "Parent run id or folder")->required();
  fork->add_option("--epoch", f.fork_epoch, "Start from the state after this many epochs")->required()->check(CLI::NonNegativeNumber);
  fork->add_option("--set", f.sets, "Training setting to change, KEY=VALUE (e.g. learning_rate=0.01, epochs=5)");
  fork->add_option("--device", f.device, "Device spec (default: the parent's)");
  fork->add_option("--db", f.db, "Experiment log database");
  fork->add_option("--experiment", f.experiment, "Experiment of the child (default: the parent's)");
  fork->add_flag("--json", f.json, "End with one JSON summary on the last stdout line");
  fork->callback([] { run_train(f); });
}

}  // namespace strata::cli
