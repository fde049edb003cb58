#include "training/training_dashboard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QProgressBar>
#include <QSlider>
#include <QSplitter>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

#include "common/format.h"
#include "common/icons.h"
#include "dashboard/metric_chart.h"
#include "training/run_controller.h"

namespace strata::ui {

namespace {
// (Not named like the Series indices: inside the class those names are the enum's.)
const QColor kTrainColor(0x25, 0x63, 0xeb), kTrainEpochColor(0x0e, 0x74, 0x90), kValidationColor(0xea, 0x58, 0x0c),
    kRateColor(0x7c, 0x3a, 0xed);

QString duration_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return QStringLiteral("\u2014");
  const int s = int(std::lround(seconds));
  return s >= 3600 ? QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'))
                   : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}
}  // namespace

TrainingDashboard::TrainingDashboard(RunController* runs, QWidget* parent) : QWidget(parent), runs_(runs) {
  setObjectName(QStringLiteral("training_dashboard"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(10, 8, 10, 8);
  layout->setSpacing(6);

  auto* top = new QHBoxLayout;
  run_button_ = new QToolButton(this);
  pause_button_ = new QToolButton(this);
  stop_button_ = new QToolButton(this);
  for (QToolButton* b : {run_button_, pause_button_, stop_button_}) {
    b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    b->setIconSize(QSize(18, 18));
    top->addWidget(b);
  }
  auto* texts = new QVBoxLayout;
  title_ = new QLabel(tr("No run yet: press Run (F5) to train the model on its dataset."), this);
  QFont bold = title_->font();
  bold.setBold(true);
  title_->setFont(bold);
  status_ = new QLabel(this);
  status_->setObjectName(QStringLiteral("training_status"));
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  texts->addWidget(title_);
  texts->addWidget(status_);
  top->addSpacing(10);
  top->addLayout(texts, 1);
  layout->addLayout(top);
  progress_ = new QProgressBar(this);
  progress_->setTextVisible(true);
  progress_->setRange(0, 1000);
  progress_->setValue(0);
  layout->addWidget(progress_);

  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel(tr("Smoothing"), this));
  smoothing_ = new QSlider(Qt::Horizontal, this);
  smoothing_->setObjectName(QStringLiteral("smoothing"));
  smoothing_->setRange(0, 99);
  smoothing_->setValue(60);
  smoothing_->setMaximumWidth(220);
  smoothing_->setToolTip(tr("Exponential moving average of the per-step curves, with bias correction (as TensorBoard's)"));
  smoothing_value_ = new QLabel(QStringLiteral("0.60"), this);
  smoothing_value_->setMinimumWidth(34);
  controls->addWidget(smoothing_);
  controls->addWidget(smoothing_value_);
  controls->addSpacing(16);
  controls->addWidget(new QLabel(tr("Horizontal axis"), this));
  x_axis_ = new QComboBox(this);
  x_axis_->setObjectName(QStringLiteral("x_axis"));
  x_axis_->addItem(tr("Steps"));
  x_axis_->addItem(tr("Epochs"));
  controls->addWidget(x_axis_);
  controls->addSpacing(16);
  log_scale_ = new QCheckBox(tr("Log scale (loss)"), this);
  log_scale_->setObjectName(QStringLiteral("log_scale"));
  controls->addWidget(log_scale_);
  controls->addStretch(1);
  auto* export_button = new QToolButton(this);
  export_button->setText(tr("Export..."));
  export_button->setToolTip(tr("Save the charts as PNG or SVG pictures, or their data as CSV"));
  controls->addWidget(export_button);
  layout->addLayout(controls);

  loss_ = new MetricChart(tr("Loss"), MetricChart::Better::Lower, this);
  accuracy_ = new MetricChart(tr("Accuracy"), MetricChart::Better::Higher, this);
  rate_ = new MetricChart(tr("Learning rate"), MetricChart::Better::Lower, this);
  loss_->setObjectName(QStringLiteral("loss_chart"));
  accuracy_->setObjectName(QStringLiteral("accuracy_chart"));
  rate_->setObjectName(QStringLiteral("rate_chart"));
  for (MetricChart* c : {loss_, accuracy_}) {
    c->add_series(tr("training"), kTrainColor, MetricChart::Style::Steps);
    c->add_series(tr("training, epoch"), kTrainEpochColor, MetricChart::Style::Epochs);
    c->add_series(tr("validation"), kValidationColor, MetricChart::Style::Epochs);
  }
  rate_->add_series(tr("learning rate"), kRateColor, MetricChart::Style::Line);
  rate_->set_smoothing(0);

  epochs_table_ = new QTableWidget(this);
  epochs_table_->setObjectName(QStringLiteral("epochs_table"));
  epochs_table_->setColumnCount(7);
  epochs_table_->setHorizontalHeaderLabels(
      {tr("Epoch"), tr("Loss"), tr("Accuracy"), tr("Val. loss"), tr("Val. accuracy"), tr("Learning rate"), tr("Time")});
  epochs_table_->verticalHeader()->hide();
  epochs_table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  epochs_table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);

  auto* grid = new QSplitter(Qt::Vertical, this);
  auto* upper = new QSplitter(Qt::Horizontal, grid);
  upper->addWidget(loss_);
  upper->addWidget(accuracy_);
  auto* lower = new QSplitter(Qt::Horizontal, grid);
  lower->addWidget(rate_);
  lower->addWidget(epochs_table_);
  grid->addWidget(upper);
  grid->addWidget(lower);
  grid->setStretchFactor(0, 3);
  grid->setStretchFactor(1, 2);
  layout->addWidget(grid, 1);

  connect(smoothing_, &QSlider::valueChanged, this, [this](int v) {
    const double w = v / 100.0;
    smoothing_value_->setText(QLocale().toString(w, 'f', 2));
    loss_->set_smoothing(w);
    accuracy_->set_smoothing(w);
  });
  loss_->set_smoothing(0.6);
  accuracy_->set_smoothing(0.6);
  connect(x_axis_, &QComboBox::currentIndexChanged, this, [this] { rebuild_series(); });
  connect(log_scale_, &QCheckBox::toggled, loss_, &MetricChart::set_log_scale);
  connect(export_button, &QToolButton::clicked, this, &TrainingDashboard::export_charts);

  redraw_timer_.setInterval(350);
  connect(&redraw_timer_, &QTimer::timeout, this, &TrainingDashboard::redraw_next_chart);
  connect(runs_, &RunController::started, this, &TrainingDashboard::on_started);
  connect(runs_, &RunController::steps, this, &TrainingDashboard::on_steps);
  connect(runs_, &RunController::epoch, this, &TrainingDashboard::on_epoch);
  connect(runs_, &RunController::finished, this, &TrainingDashboard::on_finished);
  connect(runs_, &RunController::failed, this, &TrainingDashboard::on_failed);
  connect(runs_, &RunController::state_changed, this, &TrainingDashboard::update_status);
  rebuild_series();
  update_status();
}

void TrainingDashboard::set_actions(QAction* run, QAction* pause, QAction* stop) {
  run_button_->setDefaultAction(run);
  pause_button_->setDefaultAction(pause);
  stop_button_->setDefaultAction(stop);
}

QString TrainingDashboard::status_text() const { return title_->text() + QLatin1Char('\n') + status_->text(); }

double TrainingDashboard::x_of(int64_t step) const {
  if (x_axis_->currentIndex() == 1 && steps_per_epoch_ > 0) return double(step) / double(steps_per_epoch_);
  return double(step);
}

void TrainingDashboard::on_started(const RunListener::Started& s) {
  info_ = s;
  steps_.clear();
  epochs_.clear();
  steps_per_epoch_ = 0;
  outcome_.clear();
  have_run_ = true;
  epochs_table_->setRowCount(0);
  const bool classes = true;
  (void)classes;
  rebuild_series();
  update_status();
}

void TrainingDashboard::on_steps(const QVector<StepEvent>& steps) {
  for (const StepEvent& e : steps) {
    steps_.push_back(e);
    if (e.batches > 0) steps_per_epoch_ = e.batches;
    const double x = x_of(e.step);
    loss_->append_point(kSteps, {x, e.loss});
    if (e.classification) accuracy_->append_point(kSteps, {x, e.accuracy});
    rate_->append_point(0, {x, e.learning_rate});
  }
  // The charts redraw about once a second, one chart per turn of the event
  // loop, not at every delivery: on a two-core machine each redraw is time
  // taken from the training threads, and one long event is a stall
  // (`strata bench ui-training`). The status line changes five times a second.
  dirty_ = {true, true, true};
  if (!redraw_timer_.isActive()) redraw_timer_.start();
  if (status_clock_.isValid() && status_clock_.elapsed() < 200) return;
  status_clock_.start();
  update_status();
}

void TrainingDashboard::redraw_next_chart() {
  MetricChart* charts[] = {loss_, accuracy_, rate_};
  for (int k = 0; k < 3; ++k) {
    const int i = (next_chart_ + k) % 3;
    if (!dirty_[size_t(i)]) continue;
    dirty_[size_t(i)] = false;
    charts[i]->refresh();
    next_chart_ = (i + 1) % 3;
    return;
  }
  redraw_timer_.stop();  // all drawn: the timer waits for new points
}

void TrainingDashboard::redraw_charts() {
  MetricChart* charts[] = {loss_, accuracy_, rate_};
  for (int i = 0; i < 3; ++i)
    if (dirty_[size_t(i)]) charts[i]->refresh(), dirty_[size_t(i)] = false;
}

void TrainingDashboard::on_epoch(const EpochEvent& e) {
  epochs_.push_back(e);
  const int64_t step = steps_.empty() ? 0 : steps_.back().step;
  const double x = x_of(step);
  loss_->append_point(kEpochs, {x, e.train.loss});
  if (e.train.classes > 0) accuracy_->append_point(kEpochs, {x, e.train.accuracy});
  if (e.validation) {
    loss_->append_point(kValidation, {x, e.validation->loss});
    if (e.validation->classes > 0) accuracy_->append_point(kValidation, {x, e.validation->accuracy});
  }
  dirty_ = {true, true, true};
  redraw_charts();
  const int row = epochs_table_->rowCount();
  epochs_table_->insertRow(row);
  const QLocale loc;
  auto cell = [&](int col, const QString& text) {
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    epochs_table_->setItem(row, col, item);
  };
  cell(0, QString::number(e.epoch + 1));
  cell(1, loc.toString(e.train.loss, 'f', 4));
  cell(2, e.train.classes > 0 ? loc.toString(e.train.accuracy, 'f', 4) : QStringLiteral("\u2014"));
  cell(3, e.validation ? loc.toString(e.validation->loss, 'f', 4) : QStringLiteral("\u2014"));
  cell(4, e.validation && e.validation->classes > 0 ? loc.toString(e.validation->accuracy, 'f', 4) : QStringLiteral("\u2014"));
  cell(5, loc.toString(e.learning_rate, 'g', 3));
  cell(6, duration_text(e.seconds));
  epochs_table_->scrollToBottom();
  update_status();
}

void TrainingDashboard::on_finished(const nlohmann::json& summary) {
  redraw_charts();
  const QLocale loc;
  if (!summary.value("started", true)) {
    outcome_ = tr("Stopped before training began; nothing was recorded.");
  } else if (summary.value("status", "") == "stopped") {
    outcome_ = tr("Stopped with its checkpoint; Resume continues it (or `strata resume %1`).")
                   .arg(QString::fromStdString(summary.value("run_id", "")));
  } else if (summary.contains("test_accuracy")) {
    outcome_ = tr("Finished. Test accuracy %1, loss %2 on %3 samples.")
                   .arg(loc.toString(summary["test_accuracy"].get<double>(), 'f', 4),
                        loc.toString(summary["test_loss"].get<double>(), 'f', 4), count_text(summary.value("test_samples", int64_t(0))));
  } else if (summary.contains("test_mse")) {
    outcome_ = tr("Finished. Test MSE %1, MAE %2.")
                   .arg(loc.toString(summary["test_mse"].get<double>(), 'g', 4), loc.toString(summary["test_mae"].get<double>(), 'g', 4));
  } else {
    outcome_ = tr("Finished.");
  }
  update_status();
}

void TrainingDashboard::on_failed(const QString& message) {
  have_run_ = true;
  outcome_ = tr("Failed: %1").arg(message);
  update_status();
}

void TrainingDashboard::rebuild_series() {
  const QString x_title = x_axis_->currentIndex() == 1 ? tr("epoch") : tr("step");
  for (MetricChart* c : {loss_, accuracy_, rate_}) c->set_x_title(x_title);
  std::vector<ChartPoint> loss, acc, rate, loss_e, acc_e, loss_v, acc_v;
  for (const StepEvent& e : steps_) {
    const double x = x_of(e.step);
    loss.push_back({x, e.loss});
    if (e.classification) acc.push_back({x, e.accuracy});
    rate.push_back({x, e.learning_rate});
  }
  // Epoch points sit where their last step did.
  for (const EpochEvent& e : epochs_) {
    const int64_t last_step = steps_per_epoch_ > 0 ? int64_t(e.epoch + 1) * steps_per_epoch_ : 0;
    const double x = x_of(last_step);
    loss_e.push_back({x, e.train.loss});
    if (e.train.classes > 0) acc_e.push_back({x, e.train.accuracy});
    if (e.validation) {
      loss_v.push_back({x, e.validation->loss});
      if (e.validation->classes > 0) acc_v.push_back({x, e.validation->accuracy});
    }
  }
  loss_->set_points(kSteps, loss), loss_->set_points(kEpochs, loss_e), loss_->set_points(kValidation, loss_v);
  accuracy_->set_points(kSteps, acc), accuracy_->set_points(kEpochs, acc_e), accuracy_->set_points(kValidation, acc_v);
  rate_->set_points(0, rate);
  for (MetricChart* c : {loss_, accuracy_, rate_}) c->reset_zoom();
}

void TrainingDashboard::update_status() {
  const bool running = runs_->running();
  if (!have_run_) {
    status_->setText(running ? tr("Preparing the run: reading the data, compiling the model...") : QString());
    if (running) title_->setText(tr("Starting..."));
    progress_->setValue(0);
    progress_->setFormat(QString());
    return;
  }
  const QLocale loc;
  QString who = info_.run_id.empty() ? tr("Run") : tr("Run %1").arg(QString::fromStdString(info_.run_id));
  if (!info_.project_name.empty()) who += QStringLiteral(" \u2014 ") + QString::fromStdString(info_.project_name);
  if (!info_.device.name.empty()) who += tr(" on %1").arg(QString::fromStdString(info_.device.name));
  title_->setText(who);
  const int epochs = info_.training.epochs;
  if (!steps_.empty()) {
    const StepEvent& e = steps_.back();
    const int64_t done_epochs = e.epoch, per = std::max<int64_t>(1, e.batches);
    const double fraction = std::clamp((double(done_epochs) + double(e.batch) / double(per)) / std::max(1, epochs), 0.0, 1.0);
    const double remaining_steps = double(epochs - done_epochs) * double(per) - double(e.batch);
    const double seconds_per_step = e.batch > 0 ? e.epoch_seconds / double(e.batch) : 0;
    QString state = runs_->paused() ? tr("paused") : running ? tr("training") : QString();
    QString text = tr("epoch %1/%2 \u00B7 step %3/%4 \u00B7 %5 samples/s \u00B7 loss %6")
                       .arg(e.epoch + 1)
                       .arg(epochs)
                       .arg(e.batch)
                       .arg(per)
                       .arg(count_text(int64_t(e.samples_per_s)))
                       .arg(loc.toString(e.running_loss, 'f', 4));
    if (e.classification) text += tr(" \u00B7 accuracy %1").arg(loc.toString(e.running_accuracy, 'f', 4));
    if (running && !runs_->paused()) text += tr(" \u00B7 ETA %1").arg(duration_text(remaining_steps * seconds_per_step));
    if (!state.isEmpty()) text = state + QStringLiteral(" \u00B7 ") + text;
    progress_->setValue(int(fraction * 1000));
    progress_->setFormat(QStringLiteral("%1 %").arg(loc.toString(fraction * 100, 'f', 1)));
    status_->setText(outcome_.isEmpty() ? text : outcome_ + QStringLiteral("\n") + text);
  } else {
    status_->setText(outcome_.isEmpty() ? tr("Preparing the run: reading the data, compiling the model...") : outcome_);
  }
  if (runs_->queued() > 0) status_->setText(status_->text() + QStringLiteral("\n") + tr("%n more run(s) queued", nullptr, runs_->queued()));
}

void TrainingDashboard::export_charts() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Export the Charts to a Folder"));
  if (dir.isEmpty()) return;
  for (auto [chart, name] : {std::pair{loss_, "loss"}, std::pair{accuracy_, "accuracy"}, std::pair{rate_, "learning_rate"}}) {
    chart->export_png(dir + QStringLiteral("/%1.png").arg(QLatin1String(name)));
    chart->export_svg(dir + QStringLiteral("/%1.svg").arg(QLatin1String(name)));
    chart->export_csv(dir + QStringLiteral("/%1.csv").arg(QLatin1String(name)));
  }
}

}  // namespace strata::ui
