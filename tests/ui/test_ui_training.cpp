// Training from the editor through the window's own actions, on a tiny
// table: the run goes through the engine's run service on a worker thread,
// the charts and the epoch table receive its points, Pause holds it and
// Resume continues it, Stop ends it with its checkpoint, and the run is in
// the experiment log with its metrics like a run of `strata train`.
#include <QAction>
#include <QElapsedTimer>
#include <QTableWidget>
#include <fstream>
#include <random>

#include "app/main_window.h"
#include "common/theme.h"
#include "dashboard/metric_chart.h"
#include "document/project_document.h"
#include "store/run_log.h"
#include "train/run_folder.h"
#include "training/run_controller.h"
#include "training/training_dashboard.h"
#include "ui_test_support.h"

using namespace strata;
using namespace strata::ui;

namespace {

// Three separable classes of four features, and an MLP project training on them.
QString tiny_project(const QTemporaryDir& dir, int epochs) {
  std::mt19937 rng(5);
  std::normal_distribution<double> noise(0, 0.3);
  std::ofstream csv(dir.filePath("table.csv").toStdString());
  csv << "a,b,c,d,label\n";
  for (int i = 0; i < 300; ++i) {
    const int k = i % 3;
    csv << k + noise(rng) << ',' << -k + noise(rng) << ',' << noise(rng) << ',' << 2 * k + noise(rng) << ',' << k << '\n';
  }
  csv.close();
  const nlohmann::json project = {
      {"format", "strata-project"}, {"version", 1}, {"name", "tiny"},
      {"graph",
       {{"nodes",
         {{{"id", "in"}, {"type", "Input"}, {"params", {{"shape", {4}}}}, {"pos", {0, 0}}},
          {{"id", "hidden"}, {"type", "Dense"}, {"params", {{"units", 16}, {"activation", "relu"}}}, {"pos", {0, 110}}},
          {{"id", "head"}, {"type", "Dense"}, {"params", {{"units", 3}}}, {"pos", {0, 220}}},
          {{"id", "loss"}, {"type", "SoftmaxCrossEntropy"}, {"params", nlohmann::json::object()}, {"pos", {0, 330}}}}},
        {"links", {{{"from", "in"}, {"to", "hidden"}}, {{"from", "hidden"}, {"to", "head"}}, {{"from", "head"}, {"to", "loss"}}}}}},
      {"dataset", {{"kind", "csv"}, {"train", "table.csv"}, {"label", "label"}, {"test_split", 0.2}}},
      {"training", {{"epochs", epochs}, {"batch_size", 16}, {"learning_rate", 0.01}, {"validation_split", 0.1}}}};
  const QString path = dir.filePath("tiny.strata");
  std::ofstream(path.toStdString()) << project.dump(2);
  return path;
}

std::unique_ptr<MainWindow> window_with(const QString& project) {
  std::unique_ptr<MainWindow> w(new MainWindow);
  w->setAttribute(Qt::WA_DeleteOnClose, false);
  w->resize(1600, 1000);
  w->show();
  if (!QTest::qWaitForWindowExposed(w.get())) qWarning("not exposed");
  w->open_project(project);
  return w;
}

// Runs the event loop until `done` or `ms` pass.
bool wait_for(const std::function<bool()>& done, int ms) {
  QElapsedTimer t;
  t.start();
  while (!done()) {
    if (t.elapsed() > ms) return false;
    QTest::qWait(20);
  }
  return true;
}

}  // namespace

class TestUiTraining : public QObject {
  Q_OBJECT
 private slots:
  void run_from_the_editor_charts_and_logs_it();
  void pause_resume_and_stop();
};

void TestUiTraining::run_from_the_editor_charts_and_logs_it() {
  QTemporaryDir dir;
  auto w = window_with(tiny_project(dir, 3));
  QVERIFY(w->action("train")->isEnabled());
  QVERIFY(!w->action("stop")->isEnabled());
  nlohmann::json summary;
  connect(w->runs(), &RunController::finished, this, [&](const nlohmann::json& s) { summary = s; });
  QTest::keyClick(w.get(), Qt::Key_F5);
  QVERIFY(w->runs()->running());
  QVERIFY(w->action("stop")->isEnabled());
  QVERIFY(wait_for([&] { return !w->runs()->running(); }, 60000));
  QCOMPARE(summary.value("status", ""), std::string("finished"));
  // 240 training rows - 10 % validation = 216, batch 16: 14 steps an epoch, 42 in all.
  TrainingDashboard* d = w->dashboard();
  QCOMPARE(int(d->loss_chart()->points(TrainingDashboard::kSteps).size()), 42);
  QCOMPARE(int(d->loss_chart()->points(TrainingDashboard::kEpochs).size()), 3);
  QCOMPARE(int(d->loss_chart()->points(TrainingDashboard::kValidation).size()), 3);
  QCOMPARE(int(d->accuracy_chart()->points(TrainingDashboard::kSteps).size()), 42);
  QCOMPARE(d->epochs_table()->rowCount(), 3);
  QVERIFY(d->loss_chart()->points(TrainingDashboard::kEpochs).back().y < d->loss_chart()->points(TrainingDashboard::kEpochs).front().y);
  QVERIFY2(d->status_text().contains("Test accuracy"), qPrintable(d->status_text()));
  // The same run `strata train` would make: in the default log, with its metrics and folder.
  const std::string id = summary.value("run_id", "");
  store::RunLog log(store::RunLog::default_path(), store::LogAccess::MustExist);
  const auto run = log.get_run(id);
  QVERIFY(run);
  QCOMPARE(run->status, std::string("finished"));
  QCOMPARE(run->name, std::string("tiny"));
  QVERIFY(run->latest.count("test_accuracy"));
  QCOMPARE(int(log.metric_series(id, "loss").size()), 3);
  QVERIFY(QFile::exists(QString::fromStdString(find_run_folder(id).checkpoint())));
  QCOMPARE(d->loss_chart()->points(TrainingDashboard::kEpochs).back().y, log.metric_series(id, "loss").back().second);
}

void TestUiTraining::pause_resume_and_stop() {
  QTemporaryDir dir;
  auto w = window_with(tiny_project(dir, 400));
  nlohmann::json summary;
  connect(w->runs(), &RunController::finished, this, [&](const nlohmann::json& s) { summary = s; });
  w->action("train")->trigger();
  TrainingDashboard* d = w->dashboard();
  const auto& steps = d->loss_chart()->points(TrainingDashboard::kSteps);
  QVERIFY(wait_for([&] { return steps.size() > 20; }, 60000));
  QTest::keyClick(w.get(), Qt::Key_F6);  // Pause
  QVERIFY(w->runs()->paused());
  QCOMPARE(w->action("pause")->text().remove('&'), QString("Resume"));
  QTest::qWait(150);
  w->runs()->deliver();
  const size_t held = steps.size();
  QTest::qWait(400);
  w->runs()->deliver();
  QCOMPARE(steps.size(), held);  // nothing trains while paused
  QVERIFY(d->status_text().contains("paused"));
  QTest::keyClick(w.get(), Qt::Key_F6);  // Resume
  QVERIFY(!w->runs()->paused());
  QVERIFY(wait_for([&] { return steps.size() > held + 20; }, 60000));
  QTest::keyClick(w.get(), Qt::Key_F5, Qt::ShiftModifier);  // Stop
  QVERIFY(wait_for([&] { return !w->runs()->running(); }, 60000));
  QCOMPARE(summary.value("status", ""), std::string("stopped"));
  store::RunLog log(store::RunLog::default_path(), store::LogAccess::MustExist);
  const auto run = log.get_run(summary.value("run_id", ""));
  QVERIFY(run);
  QCOMPARE(run->status, std::string("stopped"));
  QVERIFY(QFile::exists(QString::fromStdString(find_run_folder(run->id).checkpoint())));
  QVERIFY(d->status_text().contains("Stopped"));
}

STRATA_UI_TEST_MAIN(TestUiTraining)
#include "test_ui_training.moc"
