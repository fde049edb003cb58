#include "tools/ui_training_bench.h"
#include "tools/bench_app.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <algorithm>
#include <ctime>
#include <memory>

#include "app/main_window.h"
#include "document/project_document.h"
#include "run/run_service.h"
#include "training/run_controller.h"

namespace strata::ui {
namespace {

struct Latency {
  double max_ms = 0, p99_ms = 0, median_ms = 0;
  int ticks = 0;
  double ui_cpu_share = 0;  // the UI thread's CPU time over the wall time measured
};

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

// Runs the event loop while `busy()` (or for `ms`), timing a 5 ms timer: how
// late each tick comes is how long the UI thread could not answer.
Latency measure_event_loop(const std::function<bool()>& busy, int ms) {
  std::vector<double> late;
  QElapsedTimer clock;
  clock.start();
  qint64 last = clock.nsecsElapsed();
  QTimer tick;
  tick.setTimerType(Qt::PreciseTimer);
  tick.setInterval(5);
  QObject::connect(&tick, &QTimer::timeout, [&] {
    const qint64 now = clock.nsecsElapsed();
    late.push_back(std::max(0.0, double(now - last) / 1e6 - 5.0));
    last = now;
  });
  tick.start();
  const double cpu0 = thread_cpu_seconds();
  // Blocks until the next event (the timer's at the latest): a loop that
  // polled instead would take a core from the training it measures.
  QEventLoop loop;
  while ((busy ? busy() : true) && clock.elapsed() < ms) loop.processEvents(QEventLoop::WaitForMoreEvents);
  tick.stop();
  Latency l;
  l.ui_cpu_share = (thread_cpu_seconds() - cpu0) / std::max(1e-9, double(clock.elapsed()) / 1000);
  if (late.empty()) return l;
  std::sort(late.begin(), late.end());
  l.ticks = int(late.size());
  l.max_ms = late.back();
  l.median_ms = late[late.size() / 2];
  l.p99_ms = late[std::min(late.size() - 1, size_t(double(late.size()) * 0.99))];
  return l;
}

nlohmann::json to_json(const Latency& l) {
  return {{"max_stall_ms", l.max_ms}, {"p99_ms", l.p99_ms}, {"median_ms", l.median_ms}, {"ticks", l.ticks},
          {"ui_thread_cpu_share", l.ui_cpu_share}};
}

}  // namespace

nlohmann::json run_ui_training_bench(const std::string& project, const std::string& device, int64_t limit_train, int rounds) {
  const std::unique_ptr<QApplication> own_app = offscreen_app_if_needed();
  RunRequest request;
  request.project_path = project;
  request.device = device;
  request.epochs = 1;
  request.limit_train = limit_train;
  request.limit_test = 1000;

  auto* window = new MainWindow;
  window->resize(1600, 1000);
  window->show();
  window->open_project(QString::fromStdString(project));
  window->show_tab(MainWindow::Tab::Training);
  const Latency idle = measure_event_loop({}, 3000);

  // Rounds of the same run, alone (as `strata train` makes it) and from the
  // open editor, interleaved so that the machine's drift touches both; the
  // best throughput of each, the worst latency of the editor's.
  double headless = 0, with_gui = 0;
  Latency training;
  for (int r = 0; r < rounds; ++r) {
    {
      RunService service(request);
      headless = std::max(headless, service.execute().value("train_samples_per_s", 0.0));
    }
    nlohmann::json summary;
    auto c = QObject::connect(window->runs(), &RunController::finished, [&](const nlohmann::json& s) { summary = s; });
    window->runs()->start(request);
    const Latency l = measure_event_loop([&] { return window->runs()->running(); }, 600000);
    window->runs()->wait_until_idle(60000);
    QObject::disconnect(c);
    with_gui = std::max(with_gui, summary.value("train_samples_per_s", 0.0));
    training.max_ms = std::max(training.max_ms, l.max_ms), training.p99_ms = std::max(training.p99_ms, l.p99_ms);
    training.median_ms = std::max(training.median_ms, l.median_ms), training.ticks += l.ticks;
    training.ui_cpu_share = std::max(training.ui_cpu_share, l.ui_cpu_share);
  }
  window->document()->undo_stack()->setClean();
  delete window;

  return {{"project", project},
          {"device", device},
          {"limit_train", limit_train},
          {"rounds", rounds},
          {"idle", to_json(idle)},
          {"training", to_json(training)},
          {"samples_per_s_with_editor", with_gui},
          {"samples_per_s_headless", headless},
          {"throughput_ratio", headless > 0 ? with_gui / headless : 0.0}};
}

}  // namespace strata::ui
