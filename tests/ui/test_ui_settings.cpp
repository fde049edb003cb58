// The project's settings panels: training settings edited through their
// widgets are undoable project edits checked by the engine's reader, show
// only what applies, and plot the engine's own learning-rate schedule.
#include <QComboBox>
#include <QDockWidget>
#include <QLineEdit>
#include <QSpinBox>

#include "app/main_window.h"
#include "common/theme.h"
#include "document/project_document.h"
#include "editor/summary_panel.h"
#include "settings/schedule_plot.h"
#include "settings/training_panel.h"
#include "train/schedule.h"
#include "ui_test_support.h"

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
  w->findChild<QDockWidget*>("training_settings_dock")->raise();
  QCoreApplication::processEvents();
  return w;
}

void type_into(QWidget* field, const QString& text) {
  auto* edit = qobject_cast<QLineEdit*>(field);
  QVERIFY(edit);
  edit->setFocus();
  QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
  QTest::keyClicks(edit, text);
}

void choose(QWidget* field, const QString& value) {
  auto* combo = qobject_cast<QComboBox*>(field);
  QVERIFY(combo);
  combo->setFocus();
  QTest::keyClick(combo, Qt::Key_Home);
  for (int i = 0; i < combo->count() && combo->currentText() != value; ++i) QTest::keyClick(combo, Qt::Key_Down);
  QCOMPARE(combo->currentText(), value);
}

}  // namespace

class TestUiSettings : public QObject {
  Q_OBJECT
 private slots:
  void training_settings_are_undoable_project_edits();
  void only_settings_that_apply_are_shown();
  void schedule_plot_is_the_engines_schedule();
};

void TestUiSettings::training_settings_are_undoable_project_edits() {
  auto w = window_with(STRATA_EXAMPLES "/fashion_mnist_cnn.strata");
  TrainingPanel* panel = w->training_settings();
  const std::string before = w->document()->serialized();
  type_into(panel->field("learning_rate"), "3e-4");
  QCOMPARE(w->document()->project().training.learning_rate, 3e-4);
  QVERIFY(w->isWindowModified());
  // A refused value says why, beside the field; the project keeps the last
  // valid value typed on the way ("5", "50"), and the field shows it again
  // when the focus leaves.
  type_into(panel->field("learning_rate"), "500");
  QVERIFY2(panel->message("learning_rate").contains("100"), qPrintable(panel->message("learning_rate")));
  QCOMPARE(w->document()->project().training.learning_rate, 50.0);
  panel->field("epochs")->setFocus();
  QCOMPARE(qobject_cast<QLineEdit*>(panel->field("learning_rate"))->text(), QString("50"));
  QVERIFY(panel->message("learning_rate").isEmpty());
  type_into(panel->field("learning_rate"), "3e-4");
  // The batch size reaches the memory estimate.
  auto* batch = qobject_cast<QSpinBox*>(panel->field("batch_size"));
  batch->setFocus();
  QTest::keyClick(batch, Qt::Key_A, Qt::ControlModifier);
  QTest::keyClicks(batch, "256");
  QTest::keyClick(batch, Qt::Key_Return);
  QCOMPARE(w->document()->project().training.batch_size, 256);
  w->document()->flush_analysis();
  QVERIFY2(w->summary()->memory_text().contains("256"), qPrintable(w->summary()->memory_text()));
  // Typing in one field until it loses the focus is one step: "3e-4" and
  // "500" (merged), "3e-4", "256".
  QCOMPARE(w->document()->undo_stack()->count(), 3);
  for (int i = 0; i < 3; ++i) w->action("undo")->trigger();
  QCOMPARE(w->document()->serialized(), before);
  QCOMPARE(qobject_cast<QLineEdit*>(panel->field("learning_rate"))->text(), QString("0.001"));
}

void TestUiSettings::only_settings_that_apply_are_shown() {
  auto w = window_with(STRATA_EXAMPLES "/fashion_mnist_mlp.strata");
  TrainingPanel* panel = w->training_settings();
  choose(panel->field("optimizer"), "adam");
  QVERIFY(panel->field_shown("beta1"));
  QVERIFY(!panel->field_shown("momentum"));
  choose(panel->field("optimizer"), "sgd");
  QCOMPARE(w->document()->project().training.optimizer, std::string("sgd"));
  QVERIFY(panel->field_shown("momentum"));
  QVERIFY(!panel->field_shown("beta1"));
  QVERIFY(!panel->field_shown("early_stopping.patience"));
  QTest::mouseClick(panel->field("early_stopping.enabled"), Qt::LeftButton, {}, QPoint(8, 8));
  QVERIFY(w->document()->project().training.early_stopping.enabled);
  QVERIFY(panel->field_shown("early_stopping.patience"));
}

void TestUiSettings::schedule_plot_is_the_engines_schedule() {
  auto w = window_with(STRATA_EXAMPLES "/fashion_mnist_cnn.strata");
  TrainingPanel* panel = w->training_settings();
  auto* epochs = qobject_cast<QSpinBox*>(panel->field("epochs"));
  epochs->setFocus();
  QTest::keyClick(epochs, Qt::Key_A, Qt::ControlModifier);
  QTest::keyClicks(epochs, "20");
  QTest::keyClick(epochs, Qt::Key_Return);
  choose(panel->field("schedule.kind"), "cosine");
  QVERIFY(panel->field_shown("schedule.min_lr"));
  QVERIFY(!panel->field_shown("schedule.gamma"));
  type_into(panel->field("schedule.min_lr"), "1e-5");
  const TrainingConfig& cfg = w->document()->project().training;
  const LearningRateSchedule engine(cfg.schedule, cfg.learning_rate, cfg.epochs);
  const auto& rates = panel->schedule_plot()->rates();
  QCOMPARE(int(rates.size()), 20);
  for (int e = 0; e < 20; ++e) QCOMPARE(rates[size_t(e)], engine.rate(e));
  QVERIFY(rates.front() > rates.back());
}

STRATA_UI_TEST_MAIN(TestUiSettings)
#include "test_ui_settings.moc"
