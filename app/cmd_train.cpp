// `strata train PROJECT`: trains a project's graph on its dataset from the
// command line, with a progress line per epoch, then evaluates on the test
// set. With --json the last stdout line is one JSON summary.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "commands.h"
#include "core/error.h"
#include "data/dataset_config.h"
#include "graph/analysis.h"
#include "graph/project.h"
#include "model/model.h"
#include "runtime/devices.h"
#include "train/trainer.h"
#include "graph/project.h"
#include "run_session.h"
#include "train/run_folder.h"
#include "train_progress.h"

namespace strata::cli {
namespace {

struct TrainOptions {
  std::string project, device = "auto", db;
  int epochs = 0, batch_size = 0;
  double lr = 0;
  int64_t seed = -1, limit_train = 0, limit_test = 0;
  bool json = false;
};

void run_train(const TrainOptions& o) {
  Project project = load_project(o.project);
  TrainingConfig& cfg = project.training;
  if (o.epochs > 0) cfg.epochs = o.epochs;
  if (o.batch_size > 0) cfg.batch_size = o.batch_size;
  if (o.lr > 0) cfg.learning_rate = o.lr;
  if (o.seed >= 0) cfg.seed = uint64_t(o.seed);

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
  if (!cfg.init_from.source.empty()) {
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
  const RunFolder run = create_run_folder();
  const std::string& run_id = run.id;
  Project recorded = project;
  recorded.dataset = absolute_dataset_paths(project.dataset, base);
  save_project(recorded, run.project());
  std::fprintf(progress_out, "run %s: %s on %s, %lld training samples, %d epochs, batch %d, %s lr %g\n", run_id.c_str(),
               project.name.empty() ? o.project.c_str() : project.name.c_str(), dev.name.c_str(),
               (long long)data.train.size(), cfg.epochs, cfg.batch_size, cfg.optimizer.c_str(), cfg.learning_rate);
  const FitResult fit = trainer.fit(data.train, validation ? &*validation : nullptr, nullptr, run.checkpoint());
  if (fit.status == FitStatus::Failed) throw Error(fit.message);
  if (!fit.message.empty()) std::fprintf(progress_out, "%s\n", fit.message.c_str());

  nlohmann::json summary{{"run_id", run_id},
                         {"project", o.project},
                         {"device", dev.name},
                         {"device_spec", dev.spec()},
                         {"epochs", fit.epochs_run},
                         {"steps", fit.steps},
                         {"status", fit.status == FitStatus::Stopped ? "stopped" : "finished"},
                         {"train_samples_per_s", fit.train_samples_per_s},
                         {"wall_s", fit.wall_s}};
  if (!fit.history.empty()) {
    summary["train_loss"] = fit.history.back().train.loss;
    summary["train_accuracy"] = fit.history.back().train.accuracy;
  }
  if (data.test) {
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
  }
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
  cmd->add_option("--db", o.db, "Experiment log database (not recorded yet)");
  cmd->add_flag("--json", o.json, "End with one JSON summary on the last stdout line");
  cmd->callback([] { run_train(o); });
}

}  // namespace strata::cli
