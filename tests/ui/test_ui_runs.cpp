// The Runs tab: runs trained by the command line into the same log are
// listed, sorted and filtered; a run another process adds appears on its
// own; comparing two runs overlays both curves and lists exactly the
// settings that differ; the run tree puts a fork under its parent with its
// epoch; rename, tag and delete reach the log; the fork dialog turns edits
// into the child's settings.
#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <fstream>

#include "app/main_window.h"
#include "browser/compare_confusion.h"
#include "browser/compare_curves.h"
#include "browser/compare_graphs.h"
#include "editor/graph_scene.h"
#include "editor/node_item.h"
#include <QTreeWidget>
#include "evaluation/confusion_matrix_view.h"
#include "document/project_document.h"
#include <QDockWidget>
#include <QUndoStack>
#include "browser/compare_tables.h"
#include "browser/export_dialog.h"
#include "browser/fork_dialog.h"
#include "browser/run_colors.h"
#include <QInputDialog>
#include <QMessageBox>
#include <QAbstractButton>
#include <QTimer>
#include <cmath>
#include "browser/import_weights_dialog.h"
#include "export/weights_export.h"
#include "document/graph_commands.h"
#include "train/run_folder.h"
#include <QPushButton>
#include <QFile>
#include "browser/run_tree_view.h"
#include "browser/runs_browser.h"
#include "browser/runs_filter_model.h"
#include "browser/runs_table_model.h"
#include "browser/tradeoff_plot.h"
#include "common/theme.h"
#include "dashboard/metric_chart.h"
#include "store/run_log.h"
#include "ui_test_support.h"

using strata::test::wait_for;

using namespace strata;
using namespace strata::ui;

namespace {

// `strata ARGS --json` in another process; returns the run id of its summary.
QString cli(const QStringList& args) {
  QProcess p;
  p.start(QString::fromLocal8Bit(qgetenv("STRATA_BIN")), args + QStringList{QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--json")});
  p.waitForFinished(120000);
  const QList<QByteArray> lines = p.readAllStandardOutput().trimmed().split('\n');
  const auto j = nlohmann::json::parse(lines.back().toStdString(), nullptr, false);
  if (p.exitCode() != 0 || j.is_discarded()) qWarning("%s", p.readAllStandardError().constData());
  return j.is_discarded() ? QString() : QString::fromStdString(j.value("run_id", std::string()));
}

QStringList column_values(RunsBrowser& b, const QString& column_id) {
  QStringList out;
  const int c = b.model()->column_of(column_id);
  for (int r = 0; r < b.filter()->rowCount(); ++r) out << b.filter()->index(r, c).data().toString();
  return out;
}

}  // namespace

class TestUiRuns : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void lists_sorts_and_filters_cli_runs();
  void a_run_from_another_process_appears();
  void compares_two_runs();
  void run_tree_rename_tag_delete_and_fork_dialog();
  void the_window_opens_a_runs_graph();
  void import_weights_matches_layers_and_undoes();
  void the_export_dialog_writes_what_the_cli_does();
  void graph_differences_on_the_canvas();

 private:
  QTemporaryDir dir_;
  QString a_, b_, fork_;
};

void TestUiRuns::initTestCase() {
  const QString project = test::write_tiny_project(dir_, 2);
  a_ = cli({QStringLiteral("train"), project, QStringLiteral("--lr"), QStringLiteral("0.01")});
  b_ = cli({QStringLiteral("train"), project, QStringLiteral("--lr"), QStringLiteral("0.05"), QStringLiteral("--batch-size"), QStringLiteral("32")});
  QVERIFY(!a_.isEmpty() && !b_.isEmpty());
}

void TestUiRuns::lists_sorts_and_filters_cli_runs() {
  RunsBrowser b;
  b.resize(1400, 900);
  b.show();
  b.refresh();
  QVERIFY(b.wait_idle());
  QCOMPARE(b.model()->rowCount(), 2);
  // The best validation accuracy is the highest the log holds for the run, with its epoch.
  store::RunLog log(store::RunLog::default_path(), store::LogAccess::MustExist);
  for (const QString& id : {a_, b_}) {
    double best = -1;
    int epoch = -1;
    for (const auto& p : log.metric_points(id.toStdString(), "val_accuracy"))
      if (p.value > best) best = p.value, epoch = p.epoch;
    const RunRow* row = b.model()->find(id);
    int got_epoch = -2;
    QCOMPARE(row->best("val_accuracy", &got_epoch), best);
    QCOMPARE(got_epoch, epoch);
    QCOMPARE(row->parameters, int64_t(4 * 16 + 16 + 16 * 3 + 3));
  }
  // A click on the learning-rate header sorts by it (as numbers), a second click reverses.
  QHeaderView* h = b.table()->horizontalHeader();
  const int lr = b.model()->column_of(QStringLiteral("param:learning_rate"));
  QVERIFY(lr >= 0 && !h->isSectionHidden(lr));
  QTest::mouseClick(h->viewport(), Qt::LeftButton, {}, QPoint(h->sectionViewportPosition(lr) + 10, h->height() / 2));
  const QStringList first = column_values(b, QStringLiteral("param:learning_rate"));
  QTest::mouseClick(h->viewport(), Qt::LeftButton, {}, QPoint(h->sectionViewportPosition(lr) + 10, h->height() / 2));
  const QStringList second = column_values(b, QStringLiteral("param:learning_rate"));
  QCOMPARE(first.size(), 2);
  QCOMPARE(second, (QStringList{first[1], first[0]}));
  QCOMPARE((h->sortIndicatorOrder() == Qt::AscendingOrder ? second : first), (QStringList{QStringLiteral("0.01"), QStringLiteral("0.05")}));
  // Typing in the filter bar: words over the hyperparameters, and comparisons.
  QTest::keyClicks(b.filter_field(), QStringLiteral("learning_rate=0.05"));
  QCOMPARE(b.filter()->rowCount(), 1);
  QCOMPARE(b.filter()->index(0, 0).data(RunsTableModel::RunIdRole).toString(), b_);
  b.filter_field()->clear();
  QTest::keyClicks(b.filter_field(), QStringLiteral("batch_size<20 tiny"));
  QCOMPARE(b.filter()->rowCount(), 1);
  QCOMPARE(b.filter()->index(0, 0).data(RunsTableModel::RunIdRole).toString(), a_);
  // A hyperparameter's comparison uses the setting (the per-step learning_rate metric is another thing).
  b.filter_field()->clear();
  QTest::keyClicks(b.filter_field(), QStringLiteral("learning_rate<=0.01"));
  QCOMPARE(b.filter()->rowCount(), 1);
  QCOMPARE(b.filter()->index(0, 0).data(RunsTableModel::RunIdRole).toString(), a_);
  b.filter_field()->clear();
  QTest::keyClicks(b.filter_field(), QStringLiteral("val_accuracy>abc"));
  QVERIFY(b.findChild<QLabel*>(QStringLiteral("filter_problem"))->isVisible());
  b.filter_field()->clear();
  QCOMPARE(b.filter()->rowCount(), 2);
  // A status choice narrows it.
  b.status_box()->setCurrentIndex(b.status_box()->findData(QStringLiteral("stopped")) < 0 ? 0 : b.status_box()->findData(QStringLiteral("stopped")));
  QCOMPARE(b.filter()->rowCount(), b.status_box()->currentIndex() == 0 ? 2 : 0);
  // A saved view brings the filter and the columns back.
  b.status_box()->setCurrentIndex(0);
  b.filter_field()->setText(QStringLiteral("0.05"));
  h->setSectionHidden(lr, true);
  b.save_view(QStringLiteral("mine"));
  b.filter_field()->clear();
  h->setSectionHidden(lr, false);
  QVERIFY(b.apply_view(QStringLiteral("mine")));
  QCOMPARE(b.filter_field()->text(), QStringLiteral("0.05"));
  QVERIFY(h->isSectionHidden(lr));
}

void TestUiRuns::a_run_from_another_process_appears() {
  RunsBrowser b;
  b.show();
  b.set_polling(true);
  QVERIFY(b.wait_idle());
  QCOMPARE(b.model()->rowCount(), 2);
  b.select_runs({a_});
  fork_ = cli({QStringLiteral("fork"), a_, QStringLiteral("--epoch"), QStringLiteral("1"), QStringLiteral("--set"), QStringLiteral("learning_rate=0.002")});
  QVERIFY(!fork_.isEmpty());
  // No refresh() here: the two-second poll finds it.
  QVERIFY(wait_for([&] { return b.model()->rowCount() == 3; }, 10000));
  QCOMPARE(b.selected_runs(), QStringList{a_});  // the selection survived the reload
  QCOMPARE(QString::fromStdString(b.model()->find(fork_)->record.parent), a_);
}

void TestUiRuns::compares_two_runs() {
  RunsBrowser b;
  b.resize(1400, 900);
  b.show();
  b.refresh();
  QVERIFY(b.wait_idle());
  // Ctrl-click two rows, as a user selects them.
  const int ra = b.filter()->mapFromSource(b.model()->index(b.model()->row_of(a_), 1)).row();
  const int rb = b.filter()->mapFromSource(b.model()->index(b.model()->row_of(b_), 1)).row();
  QTableView* t = b.table();
  QTest::mouseClick(t->viewport(), Qt::LeftButton, {}, t->visualRect(b.filter()->index(ra, 1)).center());
  QTest::mouseClick(t->viewport(), Qt::LeftButton, Qt::ControlModifier, t->visualRect(b.filter()->index(rb, 1)).center());
  QCOMPARE(b.selected_runs().size(), 2);
  QVERIFY(wait_for([&] { b.wait_idle(); return b.curves()->chart() && b.curves()->chart()->series_count() == 2; }, 10000));
  // Both curves, each with every point the log holds for it.
  store::RunLog log(store::RunLog::default_path(), store::LogAccess::MustExist);
  const std::string key = b.curves()->metric_box()->currentText().toStdString();
  QCOMPARE(key, std::string("val_accuracy"));
  const QStringList ids = b.selected_runs();
  for (int s = 0; s < 2; ++s)
    QCOMPARE(b.curves()->chart()->points(s).size(), log.metric_points(ids[s].toStdString(), key).size());
  // Exactly the settings that differ (learning rate and batch size), then all of them.
  QCOMPARE(b.params()->shown_keys(), (QStringList{QStringLiteral("batch_size"), QStringLiteral("learning_rate")}));
  b.params()->differences_only()->click();
  QVERIFY(b.params()->shown_keys().size() > 4);
  QCOMPARE(b.metrics()->table()->columnCount(), 2);
  // Their last validation confusion matrices side by side, and the difference cell by cell.
  QVERIFY(b.wait_idle());
  QCOMPARE(b.confusion()->first()->classes(), int64_t(3));
  QCOMPARE(b.confusion()->difference()->classes(), int64_t(3));
  auto last_matrix = [&](const QString& id) {
    nlohmann::json last;
    for (const auto& m : log.confusion_matrices(id.toStdString()))
      if (m["split"] == "validation" && (last.is_null() || m["epoch"] >= last["epoch"])) last = m;
    return last["matrix"].get<std::vector<int64_t>>();
  };
  // The older run first: the difference is what the newer one changed.
  const bool a_first = b.model()->find(ids[0])->record.started <= b.model()->find(ids[1])->record.started;
  const auto ma = last_matrix(a_first ? ids[0] : ids[1]), mb = last_matrix(a_first ? ids[1] : ids[0]);
  for (int64_t t = 0; t < 3; ++t)
    for (int64_t p = 0; p < 3; ++p) {
      QVERIFY2(b.confusion()->first()->cell_text(t, p).contains(QStringLiteral(": %1 samples").arg(ma[size_t(t * 3 + p)])), qPrintable(b.confusion()->first()->cell_text(t, p)));
      const int64_t d = mb[size_t(t * 3 + p)] - ma[size_t(t * 3 + p)];
      QVERIFY2(b.confusion()->difference()->cell_text(t, p).endsWith(QStringLiteral(": %1%2 samples").arg(d > 0 ? QStringLiteral("+") : QString()).arg(d)),
               qPrintable(b.confusion()->difference()->cell_text(t, p)));
    }
  // The trade-off plot has every run; the Pareto filter keeps a non-empty subset.
  QCOMPARE(b.tradeoff()->shown_runs().size(), 3);
  // Its population is the filtered table.
  b.filter_field()->setText(QStringLiteral("learning_rate=0.05"));
  QCOMPARE(b.tradeoff()->shown_runs(), QStringList{b_});
  b.filter_field()->clear();
  QCOMPARE(b.tradeoff()->shown_runs().size(), 3);
  b.tradeoff()->pareto_only()->click();
  QVERIFY(!b.tradeoff()->shown_runs().isEmpty() && b.tradeoff()->shown_runs().size() <= 3);
}

void TestUiRuns::run_tree_rename_tag_delete_and_fork_dialog() {
  RunsBrowser b;
  b.show();
  b.refresh();
  QVERIFY(b.wait_idle());
  // The fork sits under its parent, starting after epoch 1; choosing it selects its lineage.
  QTreeWidgetItem* child = b.run_tree()->item_of(fork_);
  QVERIFY(child && child->parent());
  QCOMPARE(child->parent()->data(0, Qt::UserRole).toString(), a_);
  QVERIFY(child->text(2).contains(QStringLiteral("1")));
  QVERIFY(!b.run_tree()->item_of(b_)->parent());
  b.run_tree()->setCurrentItem(child);
  const QStringList lineage = b.selected_runs();
  QCOMPARE(QSet<QString>(lineage.begin(), lineage.end()), (QSet<QString>{a_, fork_}));
  // Rename and tag reach the log and the table.
  b.rename_run(b_, QStringLiteral("wide lr"));
  b.tag_runs({b_, a_}, QStringLiteral("sweep"), true);
  b.tag_runs({a_}, QStringLiteral("sweep"), false);
  QVERIFY(b.wait_idle());
  store::RunLog log(store::RunLog::default_path(), store::LogAccess::MustExist);
  QCOMPARE(log.get_run(b_.toStdString())->name, std::string("wide lr"));
  QCOMPARE(log.get_run(b_.toStdString())->tags, std::vector<std::string>{"sweep"});
  QVERIFY(log.get_run(a_.toStdString())->tags.empty());
  QCOMPARE(b.model()->find(b_)->record.name, std::string("wide lr"));
  // The fork dialog: an edited value becomes the child's setting, listed as a change.
  ForkDialog dialog(*b.model()->find(a_));
  QCOMPARE(dialog.epoch_box()->itemData(dialog.epoch_box()->count() - 1).toInt(), 2);
  dialog.epoch_box()->setCurrentIndex(dialog.epoch_box()->findData(1));
  QTableWidget* s = dialog.settings();
  for (int r = 0; r < s->rowCount(); ++r)
    if (s->item(r, 0)->text() == QLatin1String("learning_rate")) s->item(r, 1)->setText(QStringLiteral("0.003"));
  QCOMPARE(dialog.changes(), QStringList{QStringLiteral("learning_rate: 0.01 \u2192 0.003")});
  const RunRequest req = dialog.request();
  QCOMPARE(req.fork_epoch, 1);
  QCOMPARE(req.sets, std::vector<std::string>{"learning_rate=0.003"});
  // Delete: the log rows and, when asked, the run folder.
  const std::string folder = b.model()->find(fork_)->record.run_dir;
  QVERIFY(QFileInfo::exists(QString::fromStdString(folder)));
  // The Delete key on the table asks first, naming the run and what goes; the user ticks the folders and confirms.
  b.select_runs({fork_});
  b.table()->setFocus();
  QString asked, details;
  QTimer::singleShot(300, [&] {
    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
    if (!box) return;
    asked = box->text(), details = box->informativeText();
    box->checkBox()->setChecked(true);
    for (QAbstractButton* button : box->buttons())
      if (box->buttonRole(button) == QMessageBox::DestructiveRole) button->click();
  });
  QTest::keyClick(b.table(), Qt::Key_Delete);
  QVERIFY2(asked.contains(QStringLiteral("metrics")) && asked.contains(QStringLiteral("checkpoint")), qPrintable(asked));
  QVERIFY2(details.contains(fork_), qPrintable(details));
  QVERIFY(b.wait_idle());
  QVERIFY(!log.get_run(fork_.toStdString()));
  QVERIFY(!QFileInfo::exists(QString::fromStdString(folder)));
  QCOMPARE(b.model()->rowCount(), 2);
  QVERIFY(log.metric_points(fork_.toStdString(), "loss").empty());
}

void TestUiRuns::the_window_opens_a_runs_graph() {
  MainWindow w;
  w.resize(1600, 1000);
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  QDockWidget* palette = w.findChild<QDockWidget*>(QStringLiteral("palette_dock"));
  // View > Experiment Runs (from the start page too): the tab, with the editor's panels put away.
  w.action(QStringLiteral("show_runs"))->trigger();
  QCOMPARE(w.findChild<QTabWidget*>(QStringLiteral("workspace"))->currentIndex(), int(MainWindow::Tab::Runs));
  QVERIFY(palette->isHidden());
  RunsBrowser* b = w.runs_browser();
  QVERIFY(b->wait_idle());
  QVERIFY(wait_for([&] { return b->model()->rowCount() >= 2; }, 10000));
  // F2 in the table renames the run there (not a node of the canvas): the dialog, answered as a user would.
  b->select_runs({b_});
  b->table()->setFocus();
  QTimer::singleShot(300, [] {
    if (auto* d = qobject_cast<QInputDialog*>(QApplication::activeModalWidget())) {
      d->setTextValue(QStringLiteral("renamed with F2"));
      d->accept();
    }
  });
  QTest::keyClick(b->table(), Qt::Key_F2);
  QVERIFY(b->wait_idle());
  QVERIFY(wait_for([&] { return b->model()->find(b_)->record.name == "renamed with F2"; }, 5000));
  // Colours: runs started one after another get clearly different hues, kept across reloads; a chosen one wins.
  const std::vector<const RunRow*> order = oldest_first(b->model()->rows());
  for (size_t i = 1; i < order.size(); ++i) {
    const double h0 = run_color(order[i - 1]->id).hslHueF(), h1 = run_color(order[i]->id).hslHueF();
    const double d = std::min(std::fabs(h0 - h1), 1 - std::fabs(h0 - h1));
    QVERIFY2(d > 0.12, qPrintable(QStringLiteral("%1 %2: hue distance %3").arg(order[i - 1]->id, order[i]->id).arg(d)));
  }
  // They are consecutive colours of the sequence, in the order the runs started.
  int base = -1;
  for (int i = 0; i < 50 && base < 0; ++i)
    if (sequence_color(i) == run_color(order[0]->id)) base = i;
  QVERIFY(base >= 0);
  for (size_t k = 0; k < order.size(); ++k) QCOMPARE(run_color(order[k]->id), sequence_color(base + int(k)));
  for (int i = 0; i < 200; ++i) {
    const double d = std::fabs(sequence_color(i).hslHueF() - sequence_color(i + 1).hslHueF());
    QVERIFY(std::min(d, 1 - d) > 0.3);
  }
  const QColor before = run_color(b_);
  b->refresh();
  QVERIFY(b->wait_idle());
  QCOMPARE(run_color(b_), before);
  set_run_color(b_, QColor(Qt::red));
  QCOMPARE(run_color(b_), QColor(Qt::red));
  set_run_color(b_, QColor());
  QCOMPARE(run_color(b_), before);
  // A double-click on a run opens its graph as a new, unsaved project on the Design tab, panels back.
  const int row = b->filter()->mapFromSource(b->model()->index(b->model()->row_of(b_), 1)).row();
  const QRect cell = b->table()->visualRect(b->filter()->index(row, 1));
  QTest::mouseClick(b->table()->viewport(), Qt::LeftButton, {}, cell.center());
  QTest::mouseDClick(b->table()->viewport(), Qt::LeftButton, {}, cell.center());
  QCOMPARE(w.findChild<QTabWidget*>(QStringLiteral("workspace"))->currentIndex(), int(MainWindow::Tab::Design));
  QVERIFY(!palette->isHidden());
  QCOMPARE(int(w.document()->graph().nodes().size()), 4);
  QVERIFY(w.document()->graph().find("hidden"));
  QVERIFY(w.document()->file_path().isEmpty());
  QCOMPARE(w.document()->project().training.learning_rate, 0.05);  // the run's own settings, not the project file's
  w.document()->undo_stack()->setClean();
}

void TestUiRuns::import_weights_matches_layers_and_undoes() {
  MainWindow w;
  w.show();
  QVERIFY(w.open_project(dir_.filePath(QStringLiteral("tiny.strata"))));
  const std::string before = w.document()->serialized();
  ImportWeightsDialog d(w.document(), {{a_, a_}});
  QVERIFY(!d.findChild<QPushButton*>(QStringLiteral("import_apply"))->isEnabled());  // nothing to apply yet
  QVERIFY(d.set_source(a_));
  QVERIFY(d.findChild<QPushButton*>(QStringLiteral("import_apply"))->isEnabled());
  QTableWidget* t = d.table();
  QCOMPARE(t->rowCount(), 2);  // the two Dense layers; Input and the loss hold no weights
  auto row_of = [&](QTableWidget* t, const QString& layer) {
    for (int r = 0; r < t->rowCount(); ++r)
      if (t->item(r, ImportWeightsDialog::Layer)->text() == layer) return r;
    return -1;
  };
  const int hidden = row_of(t, QStringLiteral("hidden")), head = row_of(t, QStringLiteral("head"));
  QCOMPARE(t->item(hidden, ImportWeightsDialog::Status)->text(), QStringLiteral("shapes agree"));
  QCOMPARE(t->item(hidden, ImportWeightsDialog::Source)->text(), QStringLiteral("bias 16, weight 16\u00d74"));
  // A file whose hidden weight has the right number of values in the wrong
  // shape (transposed): not offered, the shapes named.
  {
    WeightMap wrong;
    wrong["hidden.weight"] = {{4, 16}, std::vector<float>(64, 0.f)};
    wrong["hidden.bias"] = {{16}, std::vector<float>(16, 0.f)};
    const QString npz = dir_.filePath(QStringLiteral("transposed.npz"));
    std::ofstream(npz.toStdString(), std::ios::binary) << npz_bytes(wrong);
    ImportWeightsDialog t2(w.document(), {});
    QVERIFY(t2.set_source(npz));
    const int r = row_of(t2.table(), QStringLiteral("hidden"));
    QCOMPARE(t2.table()->item(r, ImportWeightsDialog::Status)->text(), QStringLiteral("weight 16\u00d74 here, 4\u00d716 in the source"));
    QCOMPARE(t2.table()->item(r, ImportWeightsDialog::Use)->checkState(), Qt::Unchecked);
    QCOMPARE(t2.table()->item(row_of(t2.table(), QStringLiteral("head")), ImportWeightsDialog::Status)->text(), QStringLiteral("not in the source"));
  }
  // Start only the hidden layer from the run, and freeze it.
  t->item(head, ImportWeightsDialog::Use)->setCheckState(Qt::Unchecked);
  t->item(hidden, ImportWeightsDialog::Freeze)->setCheckState(Qt::Checked);
  d.apply();
  const auto& tr = w.document()->project().training;
  QCOMPARE(tr.init_from.source, a_.toStdString());
  QCOMPARE(tr.init_from.layers, std::vector<std::string>{"hidden"});
  QCOMPARE(tr.freeze, std::vector<std::string>{"hidden"});
  // One undo restores the project exactly.
  w.document()->undo_stack()->undo();
  QCOMPARE(w.document()->serialized(), before);
  // A wider hidden layer than the run's: its sizes (and so the head's) no longer agree, and neither is offered.
  w.document()->undo_stack()->push(new SetParamCommand(w.document(), {"hidden"}, "units", 32));
  w.document()->flush_analysis();
  ImportWeightsDialog wider(w.document(), {{a_, a_}});
  QVERIFY(wider.set_source(a_));
  const int h2 = row_of(wider.table(), QStringLiteral("hidden"));
  QVERIFY2(wider.table()->item(h2, ImportWeightsDialog::Status)->text().contains(QStringLiteral("weight 32\u00d74 here, 16\u00d74 in the source")),
           qPrintable(wider.table()->item(h2, ImportWeightsDialog::Status)->text()));
  QCOMPARE(wider.table()->item(h2, ImportWeightsDialog::Use)->checkState(), Qt::Unchecked);
  QVERIFY(!(wider.table()->item(h2, ImportWeightsDialog::Use)->flags() & Qt::ItemIsUserCheckable));
  QVERIFY(!wider.set_source(dir_.filePath(QStringLiteral("table.csv"))));  // not weights: said, nothing offered
  QVERIFY(!wider.message()->text().isEmpty());
  QCOMPARE(wider.table()->rowCount(), 0);
  w.document()->undo_stack()->setClean();
}

void TestUiRuns::the_export_dialog_writes_what_the_cli_does() {
  store::RunLog log(store::RunLog::default_path(), store::LogAccess::MustExist);
  const RunFolder run{a_.toStdString(), log.get_run(a_.toStdString())->run_dir};
  ExportDialog d(run, QStringLiteral("tiny"));
  d.show();
  // npz through the dialog's own controls: the same bytes `strata export` writes.
  d.format_box()->setCurrentIndex(d.format_box()->findData(QStringLiteral("npz")));
  QVERIFY(d.export_button()->isEnabled());
  const QString mine = dir_.filePath(QStringLiteral("dialog.npz")), theirs = dir_.filePath(QStringLiteral("cli.npz"));
  d.destination()->setText(mine);
  QTest::mouseClick(d.export_button(), Qt::LeftButton);
  QVERIFY(wait_for([&] { return !d.busy(); }, 30000));
  QCOMPARE(d.written()->rowCount(), 1);
  QVERIFY(d.written()->isVisible());
  QProcess p;
  p.start(QString::fromLocal8Bit(qgetenv("STRATA_BIN")), {QStringLiteral("export"), a_, QStringLiteral("--format"), QStringLiteral("npz"), QStringLiteral("--output"), theirs});
  QVERIFY(p.waitForFinished(60000) && p.exitCode() == 0);
  QFile f1(mine), f2(theirs);
  QVERIFY(f1.open(QIODevice::ReadOnly) && f2.open(QIODevice::ReadOnly));
  QCOMPARE(f1.readAll(), f2.readAll());
  // Again to the same file: refused until "Replace" is ticked.
  QTest::mouseClick(d.export_button(), Qt::LeftButton);
  QVERIFY(wait_for([&] { return !d.busy(); }, 30000));
  QVERIFY2(d.message()->text().contains(QStringLiteral("Replace")), qPrintable(d.message()->text()));
  d.replace_box()->click();
  QTest::mouseClick(d.export_button(), Qt::LeftButton);
  QVERIFY(wait_for([&] { return !d.busy(); }, 30000));
  QCOMPARE(d.written()->rowCount(), 1);
  // PyTorch into a folder: model.py and weights.npz, listed with their sizes.
  d.format_box()->setCurrentIndex(d.format_box()->findData(QStringLiteral("pytorch")));
  d.destination()->setText(dir_.filePath(QStringLiteral("torch")));
  QTest::mouseClick(d.export_button(), Qt::LeftButton);
  QVERIFY(wait_for([&] { return !d.busy(); }, 30000));
  QCOMPARE(d.written()->rowCount(), 2);
  QVERIFY(QFileInfo::exists(dir_.filePath(QStringLiteral("torch/model.py"))));
  // A model the format cannot hold (a layer left dangling in the run's graph):
  // the pre-check's refusal names it, and Export stays disabled.
  const std::string project = run.project();
  nlohmann::json pj = nlohmann::json::parse(std::ifstream(project));
  auto& links = pj["graph"]["links"];
  links.erase(std::remove_if(links.begin(), links.end(), [](const nlohmann::json& l) { return l["to"] == "head"; }), links.end());
  std::ofstream(project) << pj.dump(2);
  ExportDialog refused(run, QStringLiteral("tiny"));
  refused.format_box()->setCurrentIndex(refused.format_box()->findData(QStringLiteral("onnx")));
  QVERIFY2(refused.message()->text().contains(QStringLiteral("head")), qPrintable(refused.message()->text()));
  QVERIFY(!refused.export_button()->isEnabled());
}

void TestUiRuns::graph_differences_on_the_canvas() {
  // A variant of the project: a wider hidden layer and a Dropout before the head.
  nlohmann::json pj = nlohmann::json::parse(std::ifstream(dir_.filePath(QStringLiteral("tiny.strata")).toStdString()));
  pj["graph"]["nodes"][1]["params"]["units"] = 24;
  pj["graph"]["nodes"].push_back({{"id", "drop"}, {"type", "Dropout"}, {"params", {{"rate", 0.2}}}});
  pj["graph"]["links"] = {{{"from", "in"}, {"to", "hidden"}}, {{"from", "hidden"}, {"to", "drop"}}, {{"from", "drop"}, {"to", "head"}}, {{"from", "head"}, {"to", "loss"}}};
  const QString variant = dir_.filePath(QStringLiteral("variant.strata"));
  std::ofstream(variant.toStdString()) << pj.dump(2);
  const QString c = cli({QStringLiteral("train"), variant, QStringLiteral("--epochs"), QStringLiteral("1")});
  QVERIFY(!c.isEmpty());
  MainWindow w;
  w.resize(1600, 1000);
  w.show();
  w.show_tab(MainWindow::Tab::Runs);
  RunsBrowser* b = w.runs_browser();
  b->refresh();
  QVERIFY(b->wait_idle());
  b->select_runs({b_, c});
  QVERIFY(b->wait_idle());
  const GraphDiff& d = b->graphs()->diff();
  QCOMPARE(d.added, std::vector<std::string>{"drop"});
  QCOMPARE(d.changed.size(), size_t(1));
  QCOMPARE(d.changed[0].node, std::string("hidden"));
  QCOMPARE(b->graphs()->tree()->topLevelItemCount(), 4);  // nodes added, parameters changed, links added, links removed
  // Show on the canvas: the variant's graph, the new node outlined green, the changed one amber.
  QTest::mouseClick(b->graphs()->findChild<QPushButton*>(QStringLiteral("show_graph_diff")), Qt::LeftButton);
  QCOMPARE(w.findChild<QTabWidget*>(QStringLiteral("workspace"))->currentIndex(), int(MainWindow::Tab::Design));
  QCOMPARE(w.scene()->node_item("drop")->diff_mark(), NodeItem::DiffMark::Added);
  QCOMPARE(w.scene()->node_item("hidden")->diff_mark(), NodeItem::DiffMark::Changed);
  QVERIFY(w.scene()->node_item("hidden")->toolTip().contains(QStringLiteral("units: 16 \u2192 24")));
  QCOMPARE(w.scene()->node_item("head")->diff_mark(), NodeItem::DiffMark::None);
  w.document()->undo_stack()->setClean();
}

STRATA_UI_TEST_MAIN(TestUiRuns)
#include "test_ui_runs.moc"
