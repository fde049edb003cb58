// strata_screenshots OUTDIR [--lang en|zh_CN] [--theme light|dark]: puts the
// editor into the states the README shows and saves each as a PNG of the
// whole screen (popups included), for people to look at. Run it under
// xvfb-run at 1600x1000 (scripts/screenshots.sh does).
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QScreen>
#include <QTimer>
#include <QTableWidget>
#include <QTreeWidget>

#include "app/examples.h"
#include "app/main_window.h"
#include "browser/compare_curves.h"
#include "browser/compare_tables.h"
#include "browser/run_tree_view.h"
#include "browser/tradeoff_plot.h"
#include "browser/runs_browser.h"
#include "browser/runs_table_model.h"
#include <QTabWidget>
#include "common/language.h"
#include "common/theme.h"
#include "document/graph_commands.h"
#include "document/project_document.h"
#include "settings/dataset_watcher.h"
#include "training/run_controller.h"
#include "evaluation/activation_view.h"
#include "evaluation/confusion_matrix_view.h"
#include "evaluation/evaluation_view.h"
#include "evaluation/inspection.h"
#include "evaluation/sample_grid.h"
#include "training/training_dashboard.h"
#include "editor/graph_scene.h"
#include "editor/graph_view.h"
#include "editor/quick_add.h"

using namespace strata::ui;

namespace {

void wait(int ms) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < ms) QApplication::processEvents(QEventLoop::AllEvents, 20);
}

void shoot(const QString& path) {
  wait(400);
  QScreen* screen = QGuiApplication::primaryScreen();
  const QPixmap pm = screen->grabWindow(0);
  if (!pm.save(path)) qWarning("cannot write %s", qPrintable(path));
  else qInfo("wrote %s (%dx%d)", qPrintable(path), pm.width(), pm.height());
}

void raise_dock(MainWindow* w, const char* name) {
  if (auto* d = w->findChild<QDockWidget*>(QString::fromLatin1(name))) {
    d->show();
    d->raise();
  }
}

}  // namespace

int main(int argc, char** argv) {
  QApplication::setOrganizationName(QStringLiteral("StrataScreenshots"));
  QApplication::setApplicationName(QStringLiteral("StrataScreenshots"));
  QApplication app(argc, argv);
  QCommandLineParser parser;
  parser.addPositionalArgument(QStringLiteral("outdir"), QStringLiteral("Where the PNGs go"));
  QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("en or zh_CN"), QStringLiteral("code"), QStringLiteral("en"));
  QCommandLineOption theme(QStringLiteral("theme"), QStringLiteral("light or dark"), QStringLiteral("name"), QStringLiteral("light"));
  parser.addOptions({lang, theme});
  parser.process(app);
  const QString out = parser.positionalArguments().value(0, QStringLiteral("."));
  QDir().mkpath(out);
  init_theme(app);
  apply_theme(theme_from_setting(parser.value(theme)));
  install_translations(app, parser.value(lang));
  const QString suffix = QLatin1Char('_') + parser.value(theme) + (parser.value(lang) == QLatin1String("en") ? QString() : QLatin1Char('_') + parser.value(lang));

  auto* w = new MainWindow;
  w->setAttribute(Qt::WA_DeleteOnClose, false);
  w->setGeometry(QGuiApplication::primaryScreen()->geometry());
  w->show();
  wait(600);
  shoot(out + QStringLiteral("/start") + suffix + QStringLiteral(".png"));

  // The CNN example with a convolution selected.
  w->open_project(examples_dir() + QStringLiteral("/fashion_mnist_cnn.strata"));
  w->scene()->select_only({"conv2d_2"});
  w->view()->fit_all();
  raise_dock(w, "summary_dock");
  shoot(out + QStringLiteral("/editor") + suffix + QStringLiteral(".png"));

  // The same graph with an error: the Flatten deleted and the pool linked
  // straight into the Dense layer.
  w->scene()->select_only({"flatten_1"});
  w->action(QStringLiteral("delete"))->trigger();
  w->scene()->connect_ports({"max_pool2d_2", true, 0}, {"dense_1", false, 0});
  w->document()->flush_analysis();
  w->scene()->select_only({"dense_1"});
  raise_dock(w, "problems_dock");
  w->view()->fit_all();
  shoot(out + QStringLiteral("/error") + suffix + QStringLiteral(".png"));

  // The quick-add box after a link dragged from the last pool into space.
  w->action(QStringLiteral("undo"))->trigger();
  w->action(QStringLiteral("undo"))->trigger();
  w->scene()->clearSelection();
  w->view()->fit_all();
  const QPointF below = w->scene()->node_item("conv2d_2")->sceneBoundingRect().center() + QPointF(330, 40);
  w->view()->open_quick_add(below, strata::ui::PortRef{"max_pool2d_1", true, 0});
  shoot(out + QStringLiteral("/quick_add") + suffix + QStringLiteral(".png"));
  w->view()->quick_add()->hide();

  // The code panel.
  raise_dock(w, "code_dock");
  shoot(out + QStringLiteral("/code") + suffix + QStringLiteral(".png"));

  // The dataset panel, with augmentation on, and the training settings.
  w->document()->undo_stack()->setClean();
  {
    nlohmann::json before = w->document()->settings_json(), after = before;
    after["dataset"]["augment"] = {{"flip", true}, {"rotation", 12}, {"shift", 0.1}};
    w->document()->undo_stack()->push(new SetSettingsCommand(w->document(), before, after, QStringLiteral("augment")));
  }
  w->dataset_watcher()->read_now_and_wait();
  raise_dock(w, "dataset_dock");
  shoot(out + QStringLiteral("/dataset") + suffix + QStringLiteral(".png"));
  raise_dock(w, "training_settings_dock");
  shoot(out + QStringLiteral("/training_settings") + suffix + QStringLiteral(".png"));
  // The device list (the CPU's kernels and instruction set, every Vulkan device).
  raise_dock(w, "devices_dock");
  shoot(out + QStringLiteral("/devices") + suffix + QStringLiteral(".png"));
  raise_dock(w, "code_dock");

  // A real training of the CNN on Fashion-MNIST: the Training tab mid-run
  // (charts, progress on the nodes), then at the end.
  if (!qEnvironmentVariableIsSet("STRATA_SCREENSHOTS_NO_TRAINING")) {
    {
      nlohmann::json before = w->document()->settings_json(), after = before;
      after["training"]["validation_split"] = 0.1;
      after["training"]["epochs"] = 2;
      w->document()->undo_stack()->push(new SetSettingsCommand(w->document(), before, after, QStringLiteral("settings")));
    }
    w->action(QStringLiteral("train"))->trigger();
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 600000 && (w->dashboard()->epochs_table()->rowCount() < 1 || !w->runs()->running())) {
      wait(200);
      if (!w->runs()->running() && t.elapsed() > 5000) break;
    }
    wait(8000);  // into the second epoch
    shoot(out + QStringLiteral("/training") + suffix + QStringLiteral(".png"));
    w->show_tab(MainWindow::Tab::Design);
    shoot(out + QStringLiteral("/training_canvas") + suffix + QStringLiteral(".png"));
    w->show_tab(MainWindow::Tab::Training);
    w->runs()->wait_until_idle(600000);
    wait(500);
    shoot(out + QStringLiteral("/trained") + suffix + QStringLiteral(".png"));

    // The evaluation of that run: the confusion matrix with its most confused
    // cell opened, then the activations of that cell's first sample.
    w->show_tab(MainWindow::Tab::Evaluation);
    EvaluationView* ev = w->evaluation();
    for (int i = 0; i < 600 && !ev->current(); ++i) {
      ev->inspection()->wait();
      wait(100);
    }
    if (const strata::SplitPredictions* p = ev->current(); p && p->classes > 1) {
      const auto m = p->confusion();
      int64_t t = 0, q = 1;
      for (int64_t a = 0; a < p->classes; ++a)
        for (int64_t b = 0; b < p->classes; ++b)
          if (a != b && m[size_t(a * p->classes + b)] > m[size_t(t * p->classes + q)]) t = a, q = b;
      ev->matrix()->select(t, q);
      emit ev->matrix()->cell_clicked(t, q);
    }
    shoot(out + QStringLiteral("/evaluation") + suffix + QStringLiteral(".png"));
    if (ev->cell_samples()->count() > 0) {
      emit ev->cell_samples()->sample_activated(SampleGrid::sample_of(ev->cell_samples()->item(0)));
      for (int i = 0; i < 100 && ev->activation_view()->shown_layers() == 0; ++i) {
        ev->inspection()->wait();
        wait(100);
      }
      shoot(out + QStringLiteral("/activations") + suffix + QStringLiteral(".png"));
    }
  }
  // The Runs tab with the seeded sweep (scripts/seed_runs.sh) and this run:
  // the lineage of a forked run compared, then the parameters side by side,
  // the run tree and the trade-off plot.
  {
    w->show_tab(MainWindow::Tab::Runs);
    RunsBrowser* b = w->runs_browser();
    b->refresh();
    b->wait_idle(30000);
    QString forked;
    for (const auto& r : b->model()->rows())
      if (!r.record.parent.empty()) forked = r.id;
    if (!forked.isEmpty()) {
      b->run_tree()->setCurrentItem(b->run_tree()->item_of(forked));
      wait(500);
      b->wait_idle(30000);
      wait(300);
      b->compare_tabs()->setCurrentWidget(b->curves());
      shoot(out + QStringLiteral("/runs") + suffix + QStringLiteral(".png"));
      b->compare_tabs()->setCurrentWidget(b->params());
      shoot(out + QStringLiteral("/runs_compare") + suffix + QStringLiteral(".png"));
      b->compare_tabs()->setCurrentWidget(b->run_tree());
      shoot(out + QStringLiteral("/runs_tree") + suffix + QStringLiteral(".png"));
      b->compare_tabs()->setCurrentWidget(b->tradeoff());
      shoot(out + QStringLiteral("/runs_tradeoff") + suffix + QStringLiteral(".png"));
    }
  }
  // The Transformer example: two encoder blocks drawn from their layers, the
  // second attention layer selected (its shape, parameters and the padding
  // mask it takes in the summary).
  w->document()->undo_stack()->setClean();
  w->open_project(examples_dir() + QStringLiteral("/transformer_text.strata"));
  w->scene()->select_only({"multi_head_attention_2"});
  w->view()->fit_all();
  raise_dock(w, "summary_dock");
  shoot(out + QStringLiteral("/transformer") + suffix + QStringLiteral(".png"));
  w->document()->undo_stack()->setClean();
  w->close();
  delete w;
  return 0;
}
