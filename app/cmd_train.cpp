// `strata train PROJECT`, `strata resume RUN`, `strata fork RUN --epoch N`:
// the command line's face of the run service (run/run_service.h), which the
// editor uses too. This file parses the options and prints the progress, a
// line per epoch and the test metrics; with --json the last stdout line is
// one JSON summary. Ctrl-C stops the run with its checkpoint (exit status 3).
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "commands.h"
#include "option_checks.h"
#include "core/plural.h"
#include "run/run_service.h"
#include "stop_signal.h"
#include "train_progress.h"

namespace strata::cli {
namespace {

struct TrainOptions {
  RunRequest request;
  bool json = false;
};

// The run's own messages, as the command line prints them.
class RunPrinter final : public RunListener {
 public:
  explicit RunPrinter(FILE* out) : out_(out) {}
  void on_run_id(const std::string& id) override { note_run_id(id); }
  void on_note(const std::string& text) override { std::fprintf(out_, "%s\n", text.c_str()); }
  void on_started(const Started& s) override {
    const char* what = s.mode == RunRequest::Mode::Resume ? "resuming run" : s.mode == RunRequest::Mode::Fork ? "fork" : "run";
    const std::string name = s.project_name.empty() ? s.project_path : s.project_name;
    std::fprintf(out_, "%s %s: %s on %s, %lld training samples, %s, batch %d, %s lr %g\n", what, s.run_id.c_str(), name.c_str(),
                 s.device.name.c_str(), (long long)s.train_samples, count_of(s.training.epochs, "epoch").c_str(),
                 s.training.batch_size, s.training.optimizer.c_str(), s.training.learning_rate);
    if (s.already_done)
      std::fprintf(out_, "run %s already trained its %s\n", s.run_id.c_str(), count_of(s.training.epochs, "epoch").c_str());
  }
  void on_test(const Metrics& m) override {
    std::fprintf(out_, "test: loss %.4f", m.loss);
    if (m.classes > 0) {
      std::fprintf(out_, ", accuracy %.4f, macro F1 %.4f", m.accuracy, m.macro_f1);
    } else {
      std::fprintf(out_, ", mse %.5g, mae %.5g", m.mse, m.mae);
    }
    std::fprintf(out_, " (%lld samples)\n", (long long)m.samples);
  }
  void on_finished(const nlohmann::json& summary) override {
    if (!summary.value("started", true)) {
      std::fprintf(out_, "%s\n", summary.value("message", "").c_str());
    } else if (summary.value("status", "") == "stopped") {
      const std::string id = summary.value("run_id", "");
      std::fprintf(out_, "run %s stopped with its checkpoint; `strata resume %s` continues it\n", id.c_str(), id.c_str());
    }
  }

 private:
  FILE* out_;
};

void run_train(const TrainOptions& o) {
  FILE* progress_out = o.json ? stderr : stdout;
  RunService service(o.request);
  RunPrinter printer(progress_out);
  service.add_listener(&printer);
  ProgressPrinter progress(progress_out, isatty(fileno(progress_out)));
  service.add_listener(&progress);
  // Ctrl-C stops the training and, after it, the final test evaluation: either way the run is 'stopped'.
  StopOnSignal stop_on_ctrl_c([&service] { service.stop(); });
  const nlohmann::json summary = service.execute();
  if (o.json) std::printf("%s\n", summary.dump().c_str());
  if (summary.value("status", "") == "stopped") set_exit_status(kExitStopped);
}

void add_common_options(CLI::App* cmd, TrainOptions& o, const char* device_help) {
  cmd->add_option("--device", o.request.device, device_help);
  cmd->add_option("--db", o.request.db, "Experiment log database (default: the run's own log, else runs.db in the data folder)");
  cmd->add_flag("--json", o.json, "End with one JSON summary on the last stdout line (also on failure)");
}

}  // namespace

void add_train_command(CLI::App& app) {
  static TrainOptions o;
  auto* cmd = app.add_subcommand("train", "Train a project's graph on its dataset");
  cmd->add_option("project", o.request.project_path, "Project file (.strata)")->required()->check(CLI::ExistingFile);
  add_common_options(cmd, o, "Device spec (see `strata devices`); default: the best device");
  cmd->add_option("--epochs", o.request.epochs, "Override the project's epochs")->check(at_least(1));
  cmd->add_option("--batch-size", o.request.batch_size, "Override the batch size")->check(at_least(1));
  cmd->add_option("--lr", o.request.learning_rate, "Override the learning rate (as in the project file: above 0, at most 100)")
      ->check(positive())
      ->check(at_most(kMaxLearningRate));
  cmd->add_option("--seed", o.request.seed, "Override the seed")->check(at_least(0));
  cmd->add_option("--limit-train", o.request.limit_train, "Use only the first N training samples")->check(at_least(1));
  cmd->add_option("--limit-test", o.request.limit_test, "Use only the first N test samples")->check(at_least(1));
  cmd->add_flag("--create-db-dirs", o.request.create_db_dirs, "Create the missing folders of the --db path");
  cmd->add_option("--experiment", o.request.experiment, "Experiment the run belongs to (default: the project's name)");
  cmd->callback([] { run_train(o); });

  static TrainOptions r;
  r.request.mode = RunRequest::Mode::Resume;
  auto* resume = app.add_subcommand("resume", "Continue a stopped or interrupted run from its last checkpoint");
  resume->add_option("run", r.request.run, "Run id or run folder")->required();
  add_common_options(resume, r, "Device spec (default: the run's)");
  resume->callback([] { run_train(r); });

  static TrainOptions f;
  f.request.mode = RunRequest::Mode::Fork;
  auto* fork = app.add_subcommand("fork", "Start a child run from a run's checkpoint after an epoch, with changes");
  fork->add_option("run", f.request.run, "Parent run id or folder")->required();
  fork->add_option("--epoch", f.request.fork_epoch, "Start from the state after this many epochs")->required()->check(at_least(0));
  fork->add_option("--set", f.request.sets, "Training setting to change, KEY=VALUE (e.g. learning_rate=0.01, epochs=5)");
  add_common_options(fork, f, "Device spec (default: the parent's)");
  fork->add_option("--experiment", f.request.experiment, "Experiment of the child (default: the parent's)");
  fork->callback([] { run_train(f); });
}

}  // namespace strata::cli
