#include "app/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLabel>
#include <QMessageBox>
#include <QDateTime>
#include <QLocale>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStackedWidget>
#include <QTabWidget>
#include <QStatusBar>
#include <QTimer>
#include <QUndoView>
#include <QtConcurrent/QtConcurrentRun>
#include <cmath>

#include "app/start_page.h"
#include "common/format.h"
#include "common/icons.h"
#include "document/project_document.h"
#include "document/recovery.h"
#include "editor/code_panel.h"
#include "editor/graph_scene.h"
#include "editor/graph_view.h"
#include "editor/inspector_panel.h"
#include "editor/palette_panel.h"
#include "editor/problems_panel.h"
#include "editor/summary_panel.h"
#include "runtime/devices.h"
#include "settings/dataset_panel.h"
#include "settings/device_panel.h"
#include "settings/dataset_watcher.h"
#include "settings/training_panel.h"
#include "training/run_controller.h"
#include "training/training_dashboard.h"
#include "evaluation/evaluation_view.h"
#include "browser/runs_browser.h"
#include "evaluation/inspection.h"
#include "evaluation/activation_view.h"
#include "store/run_log.h"

namespace strata::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setAttribute(Qt::WA_DeleteOnClose);
  setObjectName(QStringLiteral("main_window"));
  setAcceptDrops(true);
  setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
  setDocumentMode(true);
  doc_ = new ProjectDocument(this);
  autosaver_ = new Autosaver(doc_);
  scene_ = new GraphScene(doc_, this);
  view_ = new GraphView(scene_);
  view_->setObjectName(QStringLiteral("canvas"));
  start_ = new StartPage;
  runs_ = new RunController(this);
  dashboard_ = new TrainingDashboard(runs_);
  workspace_ = new QTabWidget(this);
  workspace_->setObjectName(QStringLiteral("workspace"));
  workspace_->setDocumentMode(true);
  workspace_->setTabPosition(QTabWidget::North);
  workspace_->addTab(view_, action_icon(QStringLiteral("layout")), tr("Design"));
  workspace_->addTab(dashboard_, action_icon(QStringLiteral("run")), tr("Training"));
  evaluation_ = new EvaluationView;
  workspace_->addTab(evaluation_, action_icon(QStringLiteral("search")), tr("Evaluation"));
  browser_ = new RunsBrowser;
  browser_->setObjectName(QStringLiteral("runs_browser"));
  workspace_->addTab(browser_, action_icon(QStringLiteral("grid")), tr("Runs"));
  connect(workspace_, &QTabWidget::currentChanged, this, [this](int i) {
    if (i == int(Tab::Evaluation)) refresh_run_list();
    browser_->set_polling(i == int(Tab::Runs));  // the log is read only while the table is in sight
    // The Runs tab is about every run, not the open graph: the editor's panels
    // make room for it and come back as they were.
    if (i == int(Tab::Runs) && runs_hidden_docks_.empty()) {
      for (QDockWidget* d : docks_)
        if (!d->isHidden()) runs_hidden_docks_.push_back(d), d->hide();
    } else if (i != int(Tab::Runs)) {
      for (QDockWidget* d : runs_hidden_docks_) d->show();
      runs_hidden_docks_.clear();
    }
  });
  connect(browser_, &RunsBrowser::open_graph_requested, this, &MainWindow::open_run_graph);
  connect(browser_, &RunsBrowser::graph_diff_requested, this, &MainWindow::show_graph_diff);
  connect(browser_, &RunsBrowser::run_requested, this, [this](const RunRequest& request) {
    RunRequest r = request;
    r.device = device_spec_.isEmpty() ? std::string("auto") : device_spec_.toStdString();
    if (r.device == "best") r.device = "auto";
    runs_->start(std::move(r));
    show_tab(Tab::Training);
  });
  // Hovering a node shows what it made of the sample the Evaluation tab last ran through the model.
  connect(evaluation_->inspection(), &Inspection::activated, this,
          [this](int epoch, Split split, qint64 sample, const std::vector<LayerOutput>& layers) {
            std::vector<std::pair<std::string, QImage>> pictures;
            for (const auto& l : layers) pictures.emplace_back(l.node, layer_output_image(l, 240));
            scene_->set_output_previews(pictures, tr("Output for %1 sample %2 (run %3, epoch %4):")
                                                      .arg(QString::fromStdString(split_name(split)))
                                                      .arg(sample)
                                                      .arg(evaluation_->inspection()->run_id())
                                                      .arg(epoch));
          });
  stack_ = new QStackedWidget(this);
  stack_->addWidget(start_);
  stack_->addWidget(workspace_);
  setCentralWidget(stack_);

  build_panels();
  build_actions();
  build_menus();
  build_toolbar();
  build_status_bar();
  build_training();

  connect(doc_, &ProjectDocument::modified_changed, this, &MainWindow::update_title);
  connect(doc_, &ProjectDocument::file_path_changed, this, &MainWindow::update_title);
  connect(doc_, &ProjectDocument::settings_changed, this, &MainWindow::update_title);
  connect(doc_, &ProjectDocument::analyzed, this, &MainWindow::update_analysis_state);
  connect(scene_, &GraphScene::refused, this, [this](const QString& why) { show_status(why, 8000); });
  connect(view_, &GraphView::files_dropped, this, &MainWindow::open_paths);
  connect(view_, &GraphView::zoom_changed, this, [this](double z) {
    zoom_label_->setText(QStringLiteral("%1 %").arg(int(std::lround(z * 100))));
  });
  connect(start_, &StartPage::new_requested, this, &MainWindow::new_project);
  connect(start_, &StartPage::open_requested, this, &MainWindow::open_with_dialog);
  connect(start_, &StartPage::path_chosen, this, [this](const QString& p) { open_project(p); });

  restore_settings();
  show_canvas(false);
  update_title();
  update_analysis_state();
  load_devices();
}

MainWindow::~MainWindow() {
  // Children are deleted in the order they were made, and the document came
  // first: what watches it (the views, the docks' panels, the watcher, the
  // scene) goes before it. The run controller stops and joins its run. The
  // field being typed in commits first (its focus-out ends the edit).
  if (QWidget* typing = QApplication::focusWidget(); typing && isAncestorOf(typing)) typing->clearFocus();
  delete stack_;  // the workspace with the runs browser (it waits for its reader)
  for (QDockWidget* d : docks_) delete d;
  delete dataset_watcher_;
  delete scene_;
  delete runs_;
  delete doc_;
}

bool MainWindow::showing_canvas() const { return stack_->currentWidget() == workspace_; }

std::vector<std::pair<QString, QString>> MainWindow::logged_runs(bool exclude_running) {
  std::vector<std::pair<QString, QString>> runs;
  try {
    store::RunLog log(store::RunLog::default_path(), store::LogAccess::MustExist);
    for (const auto& r : log.list_runs()) {
      if (exclude_running && r.status == "running") continue;
      const QString when = r.started > 0 ? QLocale().toString(QDateTime::fromSecsSinceEpoch(qint64(r.started)), QLocale::ShortFormat) : QString();
      runs.emplace_back(QString::fromStdString(r.id), QStringLiteral("%1 \u2014 %2 \u2014 %3 %4")
                                                          .arg(QString::fromStdString(r.id), QString::fromStdString(r.name.empty() ? r.project : r.name),
                                                               QString::fromStdString(r.status), when));
    }
  } catch (const std::exception&) {
    // No log yet: no runs to offer.
  }
  return runs;
}

void MainWindow::refresh_run_list(const QString& current) {
  // Every run of the log, newest first; the view keeps its choice unless told another.
  const std::vector<std::pair<QString, QString>> runs = logged_runs(false);
  const QString keep = current.isEmpty() ? evaluation_->run_combo()->currentData().toString() : current;
  evaluation_->set_runs(runs, keep);
  if (!current.isEmpty() || (evaluation_->inspection()->run_id().isEmpty() && !runs.empty()))
    evaluation_->open_run(current.isEmpty() ? runs.front().first : current);
}

void MainWindow::show_tab(Tab tab) {
  if (!showing_canvas()) show_canvas(true);
  workspace_->setCurrentIndex(int(tab));
}

void MainWindow::build_panels() {
  auto dock = [this](QWidget* w, const QString& title, const QString& name, Qt::DockWidgetArea area) {
    auto* d = new QDockWidget(title, this);
    d->setObjectName(name);
    d->setWidget(w);
    d->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(area, d);
    docks_.push_back(d);
    return d;
  };
  palette_ = new PalettePanel;
  palette_dock_ = dock(palette_, tr("Layers"), QStringLiteral("palette_dock"), Qt::LeftDockWidgetArea);
  inspector_ = new InspectorPanel(doc_, scene_);
  inspector_dock_ = dock(inspector_, tr("Inspector"), QStringLiteral("inspector_dock"), Qt::RightDockWidgetArea);
  dataset_watcher_ = new DatasetWatcher(doc_, this);
  dataset_panel_ = new DatasetPanel(doc_, dataset_watcher_);
  dataset_dock_ = dock(dataset_panel_, tr("Dataset"), QStringLiteral("dataset_dock"), Qt::RightDockWidgetArea);
  training_panel_ = new TrainingPanel(doc_);
  training_settings_dock_ = dock(training_panel_, tr("Training"), QStringLiteral("training_settings_dock"), Qt::RightDockWidgetArea);
  history_ = new QUndoView(doc_->undo_stack());
  history_->setEmptyLabel(tr("<opened>"));
  history_dock_ = dock(history_, tr("History"), QStringLiteral("history_dock"), Qt::BottomDockWidgetArea);
  code_ = new CodePanel(doc_);
  code_dock_ = dock(code_, tr("Code"), QStringLiteral("code_dock"), Qt::BottomDockWidgetArea);
  tabifyDockWidget(inspector_dock_, dataset_dock_);
  tabifyDockWidget(dataset_dock_, training_settings_dock_);
  inspector_dock_->raise();
  problems_ = new ProblemsPanel(doc_);
  problems_dock_ = dock(problems_, tr("Problems"), QStringLiteral("problems_dock"), Qt::BottomDockWidgetArea);
  summary_ = new SummaryPanel(doc_);
  summary_dock_ = dock(summary_, tr("Model Summary"), QStringLiteral("summary_dock"), Qt::BottomDockWidgetArea);
  device_panel_ = new DevicePanel(doc_);
  devices_dock_ = dock(device_panel_, tr("Devices"), QStringLiteral("devices_dock"), Qt::BottomDockWidgetArea);
  connect(device_panel_, &DevicePanel::device_chosen, this, [this](const QString& spec) {
    if (spec == device_spec_) return;
    device_combo_->setCurrentIndex(std::max(0, device_combo_->findData(spec)));
    set_device(spec);
  });
  train_log_ = new QPlainTextEdit;
  train_log_->setReadOnly(true);
  train_log_->setObjectName(QStringLiteral("training_output"));
  training_output_dock_ = dock(train_log_, tr("Training Output"), QStringLiteral("training_dock"), Qt::BottomDockWidgetArea);
  tabifyDockWidget(problems_dock_, summary_dock_);
  tabifyDockWidget(summary_dock_, code_dock_);
  tabifyDockWidget(code_dock_, history_dock_);
  tabifyDockWidget(history_dock_, devices_dock_);
  tabifyDockWidget(devices_dock_, training_output_dock_);
  training_output_dock_->hide();  // shown when a training starts
  problems_dock_->raise();
  resizeDocks({palette_dock_, inspector_dock_}, {270, 370}, Qt::Horizontal);
  resizeDocks({problems_dock_}, {190}, Qt::Vertical);

  connect(palette_, &PalettePanel::layer_activated, this, [this](const QString& type) {
    if (!showing_canvas()) show_canvas(true);
    scene_->append_layer(type.toStdString(), view_->visible_center() - QPointF(100, 33));
    view_->setFocus();
  });
  auto choose = [this](const QString& id) {
    scene_->select_only({id.toStdString()});
    view_->center_on_node(id.toStdString());
  };
  connect(problems_, &ProblemsPanel::node_chosen, this, choose);
  connect(summary_, &SummaryPanel::node_chosen, this, choose);
}

void MainWindow::build_status_bar() {
  problems_label_ = new QLabel(this);
  totals_label_ = new QLabel(this);
  zoom_label_ = new QLabel(QStringLiteral("100 %"), this);
  device_label_ = new QLabel(this);
  for (QLabel* l : {problems_label_, totals_label_, zoom_label_, device_label_}) {
    l->setContentsMargins(8, 0, 8, 0);
    statusBar()->addPermanentWidget(l);
  }
  zoom_label_->setToolTip(tr("Zoom (Ctrl+0 fits the graph, Ctrl+1 is 100 %)"));
}

void MainWindow::show_status(const QString& text, int ms) { statusBar()->showMessage(text, ms); }

void MainWindow::show_canvas(bool canvas) {
  // The start page has the window to itself; the panels come back as they were.
  if (!canvas && !start_shown_) {
    hidden_docks_.clear();
    for (QDockWidget* d : docks_)
      if (!d->isHidden()) hidden_docks_.push_back(d), d->hide();
  } else if (canvas && start_shown_) {
    for (QDockWidget* d : hidden_docks_) d->show();
    hidden_docks_.clear();
  }
  start_shown_ = !canvas;
  stack_->setCurrentWidget(canvas ? static_cast<QWidget*>(workspace_) : start_);
  if (canvas) workspace_->setCurrentWidget(view_);
  for (QLabel* l : {problems_label_, totals_label_, zoom_label_}) l->setVisible(canvas);
  if (canvas) view_->setFocus();
  else start_->refresh();
  update_title();
  update_analysis_state();  // Train needs a canvas
}

void MainWindow::update_title() {
  setWindowFilePath(doc_->file_path());
  QString name = showing_canvas() ? doc_->title() : tr("Start");
  setWindowTitle(name + (showing_canvas() ? QStringLiteral("[*]") : QString()) + QStringLiteral(" \u2014 Strata"));
  setWindowModified(doc_->is_modified());
}

void MainWindow::update_analysis_state() {
  const ModelReport& r = doc_->report();
  int errors = 0, warnings = 0;
  for (const auto& p : r.problems) (p.severity == Problem::Severity::Error ? errors : warnings)++;
  //: errors and warnings of the graph, e.g. "1 error, 2 warnings"
  problems_label_->setText(tr("%1, %2").arg(tr("%n error(s)", nullptr, errors), tr("%n warning(s)", nullptr, warnings)));
  totals_label_->setText(tr("%1 · %2 parameters · %3 FLOPs")
                             .arg(tr("%n layer(s)", nullptr, int(doc_->graph().nodes().size())), count_text(r.parameters),
                                  short_count_text(r.flops)));
  update_run_actions();
}

QAction* MainWindow::action(const QString& name) const { return findChild<QAction*>(name); }

void MainWindow::restore_settings() {
  QSettings s;
  if (!restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray())) resize(1600, 1000);
  restoreState(s.value(QStringLiteral("window/state")).toByteArray());
  device_spec_ = s.value(QStringLiteral("device"), QStringLiteral("auto")).toString();
}

void MainWindow::save_settings() {
  if (start_shown_) show_canvas(true);  // save the panels as the user arranged them, not as the start page hides them
  for (QDockWidget* d : runs_hidden_docks_) d->show();  // nor as the Runs tab does
  runs_hidden_docks_.clear();
  QSettings s;
  s.setValue(QStringLiteral("window/geometry"), saveGeometry());
  s.setValue(QStringLiteral("window/state"), saveState());
  s.setValue(QStringLiteral("device"), device_spec_);
}

void MainWindow::load_devices() {
  // Enumerating Vulkan devices can take a moment on software drivers: off the UI thread.
  auto* watcher = new QFutureWatcher<DeviceList>(this);
  connect(watcher, &QFutureWatcher<DeviceList>::finished, this, [this, watcher] {
    const DeviceList list = watcher->result();
    watcher->deleteLater();
    devices_ = list.devices;
    device_combo_->clear();
    device_combo_->addItem(tr("Best device"), QStringLiteral("auto"));
    for (const auto& d : devices_)
      device_combo_->addItem(action_icon(QStringLiteral("device")),
                             QStringLiteral("%1 (%2)").arg(QString::fromStdString(d.name), QString::fromStdString(d.spec())),
                             QString::fromStdString(d.spec()));
    if (!list.vulkan_problem.empty())
      device_combo_->setToolTip(tr("Vulkan is unavailable: %1").arg(QString::fromStdString(list.vulkan_problem)));
    device_panel_->set_devices(devices_, QString::fromStdString(list.vulkan_problem));
    const int at = device_combo_->findData(device_spec_);
    device_combo_->setCurrentIndex(at >= 0 ? at : 0);
    set_device(device_combo_->currentData().toString());
  });
  watcher->setFuture(QtConcurrent::run([] { return list_devices(); }));
}

void MainWindow::set_device(const QString& spec) {
  device_spec_ = spec;
  const DeviceInfo* chosen = nullptr;
  if (spec == QLatin1String("auto")) {
    try {
      const DeviceInfo best = select_device("");
      for (const auto& d : devices_)
        if (d.spec() == best.spec()) chosen = &d;
    } catch (const std::exception&) {
    }
  } else {
    for (const auto& d : devices_)
      if (QString::fromStdString(d.spec()) == spec) chosen = &d;
  }
  if (!chosen) {
    device_label_->setText(tr("No device"));
    summary_->set_device({}, 0);
    device_panel_->set_chosen(spec, {});
    return;
  }
  device_panel_->set_chosen(spec, QString::fromStdString(chosen->spec()));
  const QString name = QString::fromStdString(chosen->name);
  device_label_->setText(tr("Device: %1").arg(name));
  device_label_->setToolTip(tr("%1, %2, %3 of memory").arg(name, QString::fromStdString(chosen->type), bytes_text(double(chosen->memory_bytes))));
  summary_->set_device(name, chosen->memory_bytes);
}

void MainWindow::changeEvent(QEvent* event) {
  // The theme changed: items paint from the palette, but caches and
  // highlighted text need a nudge.
  if (event->type() == QEvent::PaletteChange && scene_) scene_->refresh_all();
  QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (runs_->running()) {
    // A run keeps its checkpoint when stopped; closing without asking would lose nothing, but surprise.
    if (QMessageBox::question(this, tr("Stop the Run?"),
                              tr("A run is training. Stop it (its checkpoint is kept; it can be resumed) and close?"),
                              QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes) {
      event->ignore();
      return;
    }
  }
  if (!maybe_save()) {
    event->ignore();
    return;
  }
  stop_training();
  runs_->wait_until_idle(60000);
  save_settings();
  event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  QStringList paths;
  for (const QUrl& u : event->mimeData()->urls())
    if (u.isLocalFile()) paths << u.toLocalFile();
  open_paths(paths);
  event->acceptProposedAction();
}

}  // namespace strata::ui
