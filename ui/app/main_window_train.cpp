// Runs from the editor: Run (F5) trains the project as it is in the editor
// (saved or not) with the engine's run service on a worker thread, the same
// run `strata train` makes, recorded in the same experiment log and run
// folders. Pause (F6) and Stop (Shift+F5), the Training tab's charts, the
// status bar's progress, the nodes' progress bars and the Training Output
// panel follow it. A second Run while one is going is queued.
#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QStatusBar>
#include <QTabWidget>

#include "app/main_window.h"
#include "common/format.h"
#include "common/icons.h"
#include "document/project_document.h"
#include "editor/graph_scene.h"
#include "editor/graph_view.h"
#include "editor/summary_panel.h"
#include "settings/device_panel.h"
#include "training/run_controller.h"
#include "training/training_dashboard.h"

namespace strata::ui {

void MainWindow::build_training() {
  run_label_ = new QLabel(this);
  run_progress_ = new QProgressBar(this);
  run_progress_->setRange(0, 1000);
  run_progress_->setMaximumWidth(160);
  run_progress_->setMaximumHeight(16);
  run_progress_->setTextVisible(false);
  statusBar()->insertPermanentWidget(0, run_label_);
  statusBar()->insertPermanentWidget(1, run_progress_);
  run_label_->hide();
  run_progress_->hide();
  dashboard_->set_actions(action(QStringLiteral("train")), action(QStringLiteral("pause")), action(QStringLiteral("stop")));

  auto log = [this](const QString& line) { train_log_->appendPlainText(line); };
  connect(runs_, &RunController::note, this, log);
  connect(runs_, &RunController::started, this, [this, log](const RunListener::Started& s) {
    training_output_dock_->show();
    log(tr("Run %1 on %2: %3 training samples, %n epoch(s), batch %4", nullptr, s.training.epochs)
            .arg(QString::fromStdString(s.run_id), QString::fromStdString(s.device.name), count_text(s.train_samples))
            .arg(s.training.batch_size));
    device_panel_->set_in_use(QString::fromStdString(s.device.spec()));
    scene_->set_run_progress(0);
    run_epochs_ = std::max(1, s.training.epochs);  // the run's own (a resumed or forked run's, or the edited project's)
    telemetry_.clear();
    scene_->set_telemetry({});
    summary_->set_measured({});
  });
  connect(runs_, &RunController::telemetry, this, [this](const TelemetryEvent& e) {
    telemetry_.push_back(e);
    scene_->set_telemetry(telemetry_, doc_->project().training.freeze);
    std::map<std::string, std::pair<double, double>> measured;
    for (const auto& l : telemetry_.front().layers)
      if (l.forward_ms >= 0) measured[l.node] = {l.forward_ms, std::max(0.0, l.backward_ms)};
    summary_->set_measured(measured);
  });
  connect(runs_, &RunController::steps, this, [this](const QVector<StepEvent>& steps) {
    const StepEvent& e = steps.back();
    const double fraction = (double(e.epoch) + double(e.batch) / double(std::max<int64_t>(1, e.batches))) / run_epochs_;
    run_progress_->setValue(int(fraction * 1000));
    run_label_->setText(tr("Training: epoch %1, %2 samples/s").arg(e.epoch + 1).arg(count_text(int64_t(e.samples_per_s))));
    if (workspace_->currentWidget() == static_cast<QWidget*>(view_)) scene_->set_run_progress(fraction);  // nodes repaint only where they show
  });
  connect(runs_, &RunController::epoch, this, [log](const EpochEvent& e) {
    const QLocale loc;
    QString line = tr("epoch %1/%2: loss %3").arg(e.epoch + 1).arg(e.epochs).arg(loc.toString(e.train.loss, 'f', 4));
    if (e.train.classes > 0) line += tr(", accuracy %1").arg(loc.toString(e.train.accuracy, 'f', 4));
    if (e.validation) line += tr(", validation loss %1").arg(loc.toString(e.validation->loss, 'f', 4));
    log(line);
  });
  connect(runs_, &RunController::tested, this, [log](const Metrics& m) {
    const QLocale loc;
    log(m.classes > 0 ? tr("test: loss %1, accuracy %2 (%3 samples)")
                            .arg(loc.toString(m.loss, 'f', 4), loc.toString(m.accuracy, 'f', 4), count_text(m.samples))
                      : tr("test: loss %1, MSE %2 (%3 samples)").arg(loc.toString(m.loss, 'f', 4), loc.toString(m.mse, 'g', 4), count_text(m.samples)));
  });
  connect(runs_, &RunController::finished, this, [this, log](const nlohmann::json& summary) {
    const bool stopped = summary.value("status", "") == "stopped";
    const QString id = QString::fromStdString(summary.value("run_id", ""));
    if (!summary.value("started", true)) {
      const QString text = tr("Stopped before training began; nothing was recorded.");
      log(text);
      show_status(text, 10000);
      return;
    }
    const QString text = stopped ? tr("Run %1 stopped with its checkpoint.").arg(id) : tr("Run %1 finished.").arg(id);
    log(text);
    show_status(text, 10000);
    refresh_run_list(id);  // the Evaluation tab looks at the run just made
  });
  connect(runs_, &RunController::failed, this, [this, log](const QString& message) {
    log(tr("The run failed: %1").arg(message));
    show_status(tr("The run failed: %1").arg(message), 15000);
    training_output_dock_->show();
    training_output_dock_->raise();
  });
  connect(runs_, &RunController::state_changed, this, [this] {
    if (!runs_->running()) {
      run_label_->hide();
      run_progress_->hide();
      device_panel_->set_in_use({});
      scene_->set_run_progress(-1);
    }
    update_run_actions();
  });
}

void MainWindow::start_training() {
  if (!doc_->report().ok()) return;
  RunRequest request;
  request.project = doc_->project();  // the project as it is in the editor, saved or not
  request.project_path = doc_->file_path().toStdString();
  request.base_dir = doc_->base_dir();
  request.device = device_spec_.isEmpty() ? std::string("auto") : device_spec_.toStdString();
  train_log_->appendPlainText(runs_->running() ? tr("Queued a run of %1.").arg(doc_->title()) : tr("Starting a run of %1...").arg(doc_->title()));
  runs_->start(std::move(request));
  run_label_->setText(tr("Preparing the run..."));
  run_label_->show();
  run_progress_->setValue(0);
  run_progress_->show();
  show_tab(Tab::Training);
  update_run_actions();
}

void MainWindow::stop_training() { runs_->stop(); }

void MainWindow::toggle_pause() {
  if (runs_->paused()) runs_->resume();
  else runs_->pause();
}

void MainWindow::update_run_actions() {
  const ModelReport& r = doc_->report();
  const bool running = runs_->running();
  QAction* train = action(QStringLiteral("train"));
  QAction* pause = action(QStringLiteral("pause"));
  QAction* stop = action(QStringLiteral("stop"));
  if (!train || !pause || !stop) return;
  const bool can = r.ok() && showing_canvas();
  train->setEnabled(can);
  QString tip;
  if (!r.ok()) tip = tr("Fix the errors first: %1").arg(QString::fromStdString(r.errors.front()));
  else if (running) tip = tr("Queue another run of this project (F5)");
  else tip = tr("Train the model on its dataset (F5)");
  train->setToolTip(tip);
  train->setStatusTip(tip);
  pause->setEnabled(running);
  pause->setText(runs_->paused() ? tr("Resu&me") : tr("&Pause"));
  pause->setIcon(action_icon(runs_->paused() ? QStringLiteral("run") : QStringLiteral("pause")));
  stop->setEnabled(running);
}

}  // namespace strata::ui
