// `strata bench log`: the experiment log's costs. (1) Logging overhead: the
// same training (same seed) with and without the run recorder attached,
// reported as a percentage of training time. (2) The comparison query: a log
// of 100 runs x 10,000 metric points, then every run's loss series and the
// run list read back, timed.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "option_checks.h"
#include "data/dataset_config.h"
#include "graph/project.h"
#include "run/session.h"
#include "store/run_log.h"
#include "store/run_recorder.h"
#include "train/trainer.h"

namespace strata::cli {
namespace {

struct BenchLogOptions {
  std::string project = STRATA_EXAMPLES_DIR "/fashion_mnist_mlp.strata", device = "cpu";
  int64_t limit_train = 20000;
  int runs = 100, points = 10000;
  bool json = false;
};

double seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void run_bench_log(const BenchLogOptions& o) {
  const std::string dir = std::filesystem::temp_directory_path() / ("strata-bench-log-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  Project project = load_project(o.project);
  project.training.epochs = 1;
  const LoadedData data = load_dataset(project.dataset, project_folder(o.project), {o.limit_train, 1}, o.project);
  double with = 0, without = 0;
  int64_t steps = 0;
  for (int pass = 0; pass < 3; ++pass) {  // without, with, without: the baseline is measured around the logged run
    Session s = open_session(project, o.device);
    Trainer t(*s.model, project.training);
    store::RunLog log(dir + "/overhead.db");
    std::unique_ptr<store::RunRecorder> rec;
    if (pass == 1) {
      store::RunRecord r;
      r.id = "bench", r.project = o.project;
      log.start_run(r);
      rec = std::make_unique<store::RunRecorder>(log, "bench", t);
      t.add_listener(rec.get());
    }
    const auto t0 = std::chrono::steady_clock::now();
    const FitResult f = t.fit(data.train, nullptr);
    log.flush();  // the logged run counts until everything is on disk
    const double sec = seconds(t0);
    steps = f.steps;
    if (pass == 1) with = sec;
    else without += sec / 2;
  }
  const double overhead = 100.0 * (with - without) / without;

  // 100 runs x 10,000 points, then the comparison reads.
  const std::string big = dir + "/compare.db";
  std::filesystem::remove(big);
  double write_s = 0, read_s = 0;
  {
    store::RunLog log(big);
    const auto t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < o.runs; ++r) {
      store::RunRecord rec;
      rec.id = "run" + std::to_string(r);
      rec.started = 1000.0 + r;
      log.start_run(rec);
      for (int p = 1; p <= o.points; ++p) log.log_metrics(rec.id, p, p / 1000, {{"loss", 1.0 / p}});
      log.finish_run(rec.id, "finished");
    }
    log.flush();
    write_s = seconds(t0);
  }
  {
    store::RunLog log(big);
    const auto t0 = std::chrono::steady_clock::now();
    const auto runs = log.list_runs();
    size_t points = 0;
    for (const auto& r : runs) points += log.metric_series(r.id, "loss").size();
    read_s = seconds(t0);
    if (points != size_t(o.runs) * size_t(o.points)) std::printf("  (read %zu points)\n", points);
  }
  std::filesystem::remove_all(dir);
  std::printf("logging overhead: %lld steps of %s on %s: %.3f s with the log, %.3f s without: %+.2f %%\n",
              (long long)steps, o.project.c_str(), o.device.c_str(), with, without, overhead);
  std::printf("comparison query: %d runs x %d points written in %.2f s, read back (run list + every loss series) in %.3f s\n",
              o.runs, o.points, write_s, read_s);
  if (o.json)
    std::printf("%s\n", nlohmann::json{{"bench", "log"}, {"steps", steps}, {"with_log_s", with}, {"without_log_s", without},
                                       {"overhead_percent", overhead}, {"runs", o.runs}, {"points_per_run", o.points},
                                       {"write_s", write_s}, {"compare_query_s", read_s}}
                            .dump()
                            .c_str());
}

}  // namespace

void add_bench_log_command(CLI::App& bench) {
  static BenchLogOptions o;
  auto* cmd = bench.add_subcommand("log", "Experiment-log overhead per step and the 100-run comparison query");
  cmd->add_option("--project", o.project, "Project trained for the overhead figure");
  cmd->add_option("--device", o.device, "Device spec");
  cmd->add_option("--limit-train", o.limit_train, "Training samples")->check(at_least(1));
  cmd->add_option("--runs", o.runs, "Runs in the comparison log")->check(at_least(1));
  cmd->add_option("--points", o.points, "Metric points per run")->check(at_least(1));
  cmd->add_flag("--json", o.json, "End with one JSON object on the last line");
  cmd->callback([] { run_bench_log(o); });
}

}  // namespace strata::cli
