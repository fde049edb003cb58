// Training from the editor through the window's own actions, on a tiny
// table: the run goes through the engine's run service on a worker thread,
// the charts and the epoch table receive its points, Pause holds it and
// Resume continues it, Stop ends it with its checkpoint, and the run is in
// the experiment log with its metrics like a run of `strata train`.
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QTableView>
#include <QTableWidget>
#include <QTreeWidget>
#include <fstream>

#include "app/main_window.h"
#include "editor/graph_scene.h"
#include "editor/node_item.h"
#include "editor/summary_panel.h"
#include "common/theme.h"
#include "dashboard/metric_chart.h"
#include "document/project_document.h"
#include "store/run_log.h"
#include "train/run_folder.h"
#include "training/run_controller.h"
#include "training/training_dashboard.h"
#include "evaluation/confusion_matrix_view.h"
#include "evaluation/evaluation_view.h"
#include "evaluation/inspection.h"
#include "evaluation/sample_grid.h"
#include "evaluation/activation_view.h"
#include "ui_test_support.h"

using strata::test::wait_for;

using namespace strata;
using namespace strata::ui;

namespace {

std::unique_ptr<MainWindow> window_with(const QString& project) {
  std::unique_ptr<MainWindow> w(new MainWindow);
  w->setAttribute(Qt::WA_DeleteOnClose, false);
  w->resize(1600, 1000);
  w->show();
  if (!QTest::qWaitForWindowExposed(w.get())) qWarning("not exposed");
  w->open_project(project);
  return w;
}

}  // namespace

class TestUiTraining : public QObject {
  Q_OBJECT
 private slots:
  void run_from_the_editor_charts_and_logs_it();
  void pause_resume_and_stop();
  void evaluation_scrubs_epochs_and_opens_cells();
};

void TestUiTraining::run_from_the_editor_charts_and_logs_it() {
  QTemporaryDir dir;
  auto w = window_with(test::write_tiny_project(dir, 3));
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
  // Telemetry reached the nodes (a sparkline per epoch) and the log, and the summary has measured times.
  NodeItem* hidden = w->scene()->node_item("hidden");
  QCOMPARE(hidden->telemetry().size(), size_t(3));
  QVERIFY(hidden->telemetry().back().grad_norm > 0);
  QVERIFY(hidden->telemetry().back().dead_fraction >= 0);  // a ReLU layer
  QVERIFY(hidden->toolTip().contains("gradient norm"));
  QCOMPARE(int(log.metric_series(id, "layer.hidden.grad_norm").size()), 3);
  QCOMPARE(log.metric_series(id, "layer.hidden.grad_norm").back().second, hidden->telemetry().back().grad_norm);
  QTreeWidget* table = w->summary()->table();
  bool timed = false;
  for (int r = 0; r < table->topLevelItemCount(); ++r)
    if (table->topLevelItem(r)->text(0) == "hidden") timed = table->topLevelItem(r)->text(6).endsWith("ms");
  QVERIFY(timed);
}

void TestUiTraining::pause_resume_and_stop() {
  QTemporaryDir dir;
  auto w = window_with(test::write_tiny_project(dir, 400));
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

void TestUiTraining::evaluation_scrubs_epochs_and_opens_cells() {
  QTemporaryDir dir;
  auto w = window_with(test::write_tiny_project(dir, 3));
  nlohmann::json summary;
  connect(w->runs(), &RunController::finished, this, [&](const nlohmann::json& s) { summary = s; });
  w->action("train")->trigger();
  QVERIFY(wait_for([&] { return !w->runs()->running(); }, 60000));
  const std::string id = summary.value("run_id", "");
  // The run just made is offered and opened.
  w->show_tab(MainWindow::Tab::Evaluation);
  EvaluationView* ev = w->evaluation();
  QCOMPARE(ev->run_combo()->currentData().toString(), QString::fromStdString(id));
  QVERIFY(wait_for([&] { ev->inspection()->wait(); return ev->current() != nullptr; }, 60000));
  QCOMPARE(ev->epoch_slider()->maximum(), 3);  // initial weights and epochs 1-3
  // Hovering a node shows what it made of the first sample.
  QVERIFY(wait_for([&] { ev->inspection()->wait(); return w->scene()->node_item("hidden")->has_output_preview(); }, 60000));
  QVERIFY(w->scene()->node_item("hidden")->toolTip().contains("data:image/png;base64,"));
  // The validation matrix of each epoch is the one training logged.
  store::RunLog log(store::RunLog::default_path(), store::LogAccess::MustExist);
  const auto logged = log.confusion_matrices(id);
  ev->split_combo()->setCurrentIndex(ev->split_combo()->findText("Validation set"));
  for (int e = 1; e <= 3; ++e) {
    ev->epoch_slider()->setValue(e);
    QVERIFY(wait_for([&] { ev->inspection()->wait(); return ev->current() != nullptr; }, 60000));
    std::vector<int64_t> want;
    for (const auto& m : logged)
      if (m["split"] == "validation" && m["epoch"] == e - 1) want = m["matrix"].get<std::vector<int64_t>>();
    QCOMPARE(ev->current()->confusion(), want);
    QCOMPARE(ev->matrix()->classes(), int64_t(3));
  }
  // A click on a cell lists exactly its samples.
  ConfusionMatrixView* m = ev->matrix();
  w->show_tab(MainWindow::Tab::Evaluation);
  QCoreApplication::processEvents();
  const auto counts = ev->current()->confusion();
  int64_t t = 0, p = 0;
  for (int64_t a = 0; a < 3; ++a)
    for (int64_t b = 0; b < 3; ++b)
      if (a != b && counts[size_t(a * 3 + b)] > counts[size_t(t * 3 + p)]) t = a, p = b;
  if (counts[size_t(t * 3 + p)] == 0) t = p = 0;  // no mistakes: a correct cell then
  QTest::mouseClick(m, Qt::LeftButton, {}, m->cell_rect(t, p).center());
  QCOMPARE(m->selected(), (std::optional<std::pair<int64_t, int64_t>>{{t, p}}));
  QCOMPARE(int64_t(ev->cell_samples()->count()), counts[size_t(t * 3 + p)]);
  for (int i = 0; i < ev->cell_samples()->count(); ++i) {
    const int64_t s = SampleGrid::sample_of(ev->cell_samples()->item(i));
    QCOMPARE(int64_t(ev->current()->labels[size_t(s)]), t);
    QCOMPARE(ev->current()->predictions.predicted[size_t(s)], p);
  }
  // Per class: the support column adds up to the split.
  int64_t support = 0;
  for (int r = 0; r < ev->per_class()->rowCount(); ++r) support += ev->per_class()->item(r, 4)->data(Qt::DisplayRole).toLongLong();
  QCOMPARE(support, ev->current()->predictions.count);
  // Wrong only: the browser lists exactly the mistakes.
  int64_t wrong = ev->current()->predictions.count;
  for (int64_t c = 0; c < 3; ++c) wrong -= counts[size_t(c * 3 + c)];
  QTest::mouseClick(ev->findChild<QCheckBox*>("wrong_only"), Qt::LeftButton, {}, QPoint(8, 8));
  QAbstractItemModel* rows = ev->predictions_table()->model();
  QCOMPARE(int64_t(rows->rowCount()), wrong);
  // Every sample again; a click on the Confidence header sorts them by it, each row still showing its own sample.
  QTest::mouseClick(ev->findChild<QCheckBox*>("wrong_only"), Qt::LeftButton, {}, QPoint(8, 8));
  QCOMPARE(int64_t(rows->rowCount()), ev->current()->predictions.count);
  QVERIFY(rows->rowCount() > 2);
  QHeaderView* header = ev->predictions_table()->horizontalHeader();
  QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(header->sectionViewportPosition(3) + 10, header->height() / 2));
  QCOMPARE(header->sortIndicatorSection(), 3);
  const bool ascending = header->sortIndicatorOrder() == Qt::AscendingOrder;
  for (int r = 0; r < rows->rowCount(); ++r) {
    const int64_t s = rows->index(r, 0).data().toLongLong();
    QCOMPARE(rows->index(r, 3).data().toString(), QLocale().toString(ev->current()->confidence(s), 'f', 4));
    const bool right = float(ev->current()->predictions.predicted[size_t(s)]) == ev->current()->labels[size_t(s)];
    QCOMPARE(rows->index(r, 4).data().toString(), right ? QStringLiteral("\u2713") : QStringLiteral("\u2717"));
    if (r > 0) {
      const float before = ev->current()->confidence(rows->index(r - 1, 0).data().toLongLong()), now = ev->current()->confidence(s);
      QVERIFY(ascending ? before <= now : before >= now);
    }
  }
  // Activations of a sample: every layer that keeps an output.
  ev->sample_box()->setValue(4);
  ev->findChild<QTabWidget*>()->setCurrentIndex(3);
  QVERIFY(wait_for([&] { ev->inspection()->wait(); return ev->activation_view()->shown_layers() == 3; }, 60000));
}

STRATA_UI_TEST_MAIN(TestUiTraining)
#include "test_ui_training.moc"
