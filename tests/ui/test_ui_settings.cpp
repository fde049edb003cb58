// The project's settings panels: training settings edited through their
// widgets are undoable project edits checked by the engine's reader, show
// only what applies, and plot the engine's own learning-rate schedule.
#include <QComboBox>
#include <QDockWidget>
#include <QLineEdit>
#include <QListWidget>
#include <QTableWidget>
#include <QSpinBox>

#include "app/main_window.h"
#include "common/theme.h"
#include "document/graph_commands.h"
#include "document/project_document.h"
#include "editor/summary_panel.h"
#include "settings/dataset_panel.h"
#include "settings/dataset_watcher.h"
#include "settings/path_field.h"
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
  void dataset_panel_shows_what_the_reader_finds();
  void a_dataset_that_cannot_be_read_says_where();
  void augmentation_is_previewed();
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

void TestUiSettings::dataset_panel_shows_what_the_reader_finds() {
  auto w = window_with(STRATA_EXAMPLES "/fashion_mnist_cnn.strata");
  w->findChild<QDockWidget*>("dataset_dock")->raise();
  w->dataset_watcher()->read_now_and_wait();
  DatasetPanel* panel = w->dataset_panel();
  QVERIFY2(panel->status_text().contains(QLocale().toString(60000)), qPrintable(panel->status_text()));
  QVERIFY(panel->status_text().contains("10 classes"));
  // The first samples with their class names (Fashion-MNIST's first is an ankle boot).
  QCOMPARE(panel->samples()->count(), 32);
  QCOMPARE(panel->samples()->item(0)->text(), QString("Ankle boot"));
  QVERIFY(!panel->samples()->item(0)->icon().isNull());
  // Every class has 6,000 training and 1,000 test images.
  QTableWidget* counts = panel->class_counts();
  QCOMPARE(counts->rowCount(), 10);
  for (int r = 0; r < 10; ++r) {
    QCOMPARE(counts->item(r, 1)->text(), QLocale().toString(6000));
    QCOMPARE(counts->item(r, 2)->text(), QLocale().toString(1000));
  }
  // The analysis now knows the data: a head with 5 units is an error naming the 10 classes.
  w->document()->flush_analysis();
  QVERIFY(w->document()->report().ok());
  w->document()->undo_stack()->push(new SetParamCommand(w->document(), {"dense_2"}, "units", 5));
  w->document()->flush_analysis();
  QVERIFY(!w->document()->report().ok());
  QVERIFY2(QString::fromStdString(w->document()->report().errors[0]).contains("10 classes"), w->document()->report().errors[0].c_str());
}

void TestUiSettings::a_dataset_that_cannot_be_read_says_where() {
  auto w = window_with(STRATA_EXAMPLES "/fashion_mnist_mlp.strata");
  w->findChild<QDockWidget*>("dataset_dock")->raise();
  DatasetPanel* panel = w->dataset_panel();
  auto* dir = qobject_cast<PathField*>(panel->field("dir"));
  QVERIFY(dir);
  const std::string before = w->document()->serialized();
  dir->line_edit()->setFocus();
  QTest::keyClicks(dir->line_edit(), "/nowhere/fashion");
  QTest::keyClick(dir->line_edit(), Qt::Key_Return);
  QCOMPARE(w->document()->project().dataset["dir"].get<std::string>(), std::string("/nowhere/fashion"));
  w->dataset_watcher()->read_now_and_wait();
  QVERIFY(panel->showing_error());
  QVERIFY2(panel->status_text().contains("/nowhere/fashion/train-images-idx3-ubyte.gz"), qPrintable(panel->status_text()));
  QCOMPARE(panel->samples()->count(), 0);
  // Another kind: its own fields, and the reader says what is missing.
  auto* kind = qobject_cast<QComboBox*>(panel->field("kind"));
  kind->setFocus();
  QTest::keyClick(kind, Qt::Key_Home);
  for (int i = 0; i < kind->count() && kind->currentData().toString() != "csv"; ++i) QTest::keyClick(kind, Qt::Key_Down);
  QCOMPARE(w->document()->project().dataset["kind"].get<std::string>(), std::string("csv"));
  QVERIFY(panel->field("label") && panel->field("train") && !panel->field("dir"));
  w->dataset_watcher()->read_now_and_wait();
  QVERIFY2(panel->status_text().contains("dataset.label") || panel->status_text().contains("dataset.train"), qPrintable(panel->status_text()));
  // Every step undoes; the project is back as it was.
  while (w->document()->undo_stack()->canUndo()) w->action("undo")->trigger();
  QCOMPARE(w->document()->serialized(), before);
  QVERIFY(panel->field("dir"));
}

void TestUiSettings::augmentation_is_previewed() {
  auto w = window_with(STRATA_EXAMPLES "/fashion_mnist_mlp.strata");
  w->findChild<QDockWidget*>("dataset_dock")->raise();
  w->dataset_watcher()->read_now_and_wait();
  DatasetPanel* panel = w->dataset_panel();
  QCOMPARE(panel->augmented()->count(), 1);  // "no augmentation"
  QWidget* flip = panel->field("augment.flip");
  QVERIFY(flip);
  QTest::mouseClick(flip, Qt::LeftButton, {}, QPoint(8, flip->height() / 2));
  QCOMPARE(w->document()->project().dataset.value("augment", nlohmann::json::object()).value("flip", false), true);
  QCOMPARE(panel->augmented()->count(), 12);
  // Some are mirrored and some not: they are not all the same picture.
  QSet<QString> looks;
  for (int i = 0; i < 12; ++i) {
    const QImage img = panel->augmented()->item(i)->icon().pixmap(56, 56).toImage();
    QByteArray bytes;
    for (int x = 0; x < img.width(); ++x) bytes.append(char(qGray(img.pixel(x, img.height() / 2))));
    looks.insert(QString::fromLatin1(bytes.toHex()));
  }
  QCOMPARE(looks.size(), 2);  // a flip either happens or not
  w->action("undo")->trigger();
  QVERIFY(!w->document()->project().dataset.contains("augment"));
  QCOMPARE(panel->augmented()->count(), 1);
}

STRATA_UI_TEST_MAIN(TestUiSettings)
#include "test_ui_settings.moc"
