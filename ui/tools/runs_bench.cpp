#include "tools/runs_bench.h"
#include "tools/bench_app.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QTableView>
#include <QTemporaryDir>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <random>

#include "browser/runs_filter_model.h"
#include "browser/runs_snapshot.h"
#include "browser/runs_table_model.h"
#include "graph/project.h"
#include "store/run_log.h"

namespace strata::ui {
namespace {

double ms_since(const QElapsedTimer& t) { return double(t.nsecsElapsed()) / 1e6; }

// A sweep: names, experiments, tags and settings that vary, and for each run
// a per-step loss (most of the points) and per-epoch metrics.
void fill_log(const std::string& path, int runs, int points) {
  store::RunLog log(path, store::LogAccess::CreateWithFolders);
  const Project p = load_project(STRATA_SOURCE_EXAMPLES_DIR "/fashion_mnist_mlp.strata");
  const nlohmann::json graph = project_to_json(p)["graph"];
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(0, 1);
  const double rates[] = {0.0003, 0.001, 0.003, 0.01};
  const int batches[] = {32, 64, 128};
  const int epochs = 10;
  for (int r = 0; r < runs; ++r) {
    store::RunRecord rec;
    rec.id = "bench" + std::to_string(100000 + r);
    rec.project = "/home/user/sweep.strata";
    rec.name = "sweep-" + std::to_string(r);
    rec.experiment = "sweep " + std::to_string(r % 7);
    rec.status = "finished";
    rec.device = r % 2 ? "cpu" : "vulkan:0";
    rec.started = 1.7e9 + r * 60.0;
    rec.graph = graph;
    rec.training = {{"epochs", epochs}, {"batch_size", batches[r % 3]}, {"learning_rate", rates[r % 4]},
                    {"optimizer", r % 5 ? "adam" : "sgd"}, {"seed", r}};
    log.start_run(rec);
    if (r % 10 == 0) log.tag_run(rec.id, "baseline");
    const double speed = 0.5 + u(rng);
    const int per_epoch = std::max(1, points / epochs);
    for (int s = 1; s <= points; ++s) {
      const int e = std::min(epochs - 1, (s - 1) / per_epoch);
      log.log_metrics(rec.id, s, e, {{"step_loss", 2.3 * std::exp(-speed * s / points * 4) + 0.1 * u(rng)}});
      if (s % per_epoch == 0) {
        const double acc = 1 - 0.9 * std::exp(-speed * (e + 1) / 3.0);
        log.log_metrics(rec.id, e + 1, e, {{"loss", 1 - acc}, {"accuracy", acc}, {"val_loss", 1.05 - acc}, {"val_accuracy", acc - 0.02}});
      }
    }
    log.finish_run(rec.id, "finished");
    if (r % 20 == 19) log.flush();
  }
  log.flush();
}

}  // namespace

nlohmann::json run_runs_bench(int runs, int points, const std::string& keep_dir) {
  const std::unique_ptr<QApplication> own_app = offscreen_app_if_needed();
  QTemporaryDir tmp;
  const std::string dir = keep_dir.empty() ? tmp.path().toStdString() : keep_dir;
  const std::string path = dir + "/runs-" + std::to_string(runs) + "x" + std::to_string(points) + ".db";
  nlohmann::json out = {{"runs", runs}, {"points_per_run", points}, {"log", path}};
  QElapsedTimer t;
  if (!std::filesystem::exists(path)) {
    t.start();
    fill_log(path, runs, points);
    out["write_s"] = ms_since(t) / 1000;
  }
  out["log_bytes"] = double(std::filesystem::file_size(path));
  store::RunLog log(path, store::LogAccess::MustExist);
  // The table's load: read the log, build the model, lay out and paint the view.
  std::vector<double> read, build, paint, total;
  for (int round = 0; round < 3; ++round) {
    QTableView view;
    RunsTableModel model;
    RunsFilterModel filter(&model);
    view.setModel(&filter);
    view.setSortingEnabled(true);
    view.resize(1400, 600);
    t.start();
    RunsSnapshot s = read_runs(log);
    const double a = ms_since(t);
    model.set_snapshot(std::move(s));
    view.resizeColumnsToContents();
    const double b = ms_since(t);
    view.show();
    view.grab();
    const double c = ms_since(t);
    read.push_back(a), build.push_back(b - a), paint.push_back(c - b), total.push_back(c);
    if (round == 2) {
      // Filtering: typical queries typed into the filter bar, each timed to the answer.
      const char* queries[] = {"adam", "learning_rate=0.01", "val_accuracy>0.8", "sweep-7 batch_size=64", "baseline vulkan", ""};
      std::vector<double> times;
      nlohmann::json each = nlohmann::json::array();
      for (int rep = 0; rep < 5; ++rep)
        for (const char* q : queries) {
          t.start();
          filter.set_text(QString::fromLatin1(q));
          const int rows = filter.rowCount();
          const double ms = ms_since(t);
          times.push_back(ms);
          if (rep == 0) each.push_back({{"query", q}, {"rows", rows}, {"ms", ms}});
        }
      // Sorting by a metric's best value, as a header click does.
      t.start();
      filter.sort(model.column_of(QStringLiteral("best:val_accuracy")), Qt::DescendingOrder);
      out["sort_ms"] = ms_since(t);
      out["filter"] = {{"median_ms", median(times)}, {"max_ms", *std::max_element(times.begin(), times.end())}, {"queries", each}};
    }
  }
  out["load"] = {{"median_ms", median(total)}, {"read_ms", median(read)}, {"model_ms", median(build)}, {"paint_ms", median(paint)}};
  return out;
}

}  // namespace strata::ui
