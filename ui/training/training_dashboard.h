#pragma once
// The Training tab: the run's state (which run, device, epoch, step,
// samples/s, ETA) with Run, Pause/Resume and Stop, and live charts of the
// loss, the accuracy (per step and per epoch, training and validation) and
// the learning rate, with TensorBoard's smoothing, a steps or epochs axis, a
// log scale and export; a table of the epochs so far.
#include <QElapsedTimer>
#include <array>
#include <QTimer>
#include <QWidget>
#include <nlohmann/json.hpp>
#include <vector>

#include "run/run_service.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QSlider;
class QTableWidget;
class QToolButton;

namespace strata::ui {

class MetricChart;
class RunController;

class TrainingDashboard : public QWidget {
  Q_OBJECT
 public:
  explicit TrainingDashboard(RunController* runs, QWidget* parent = nullptr);
  MetricChart* loss_chart() const { return loss_; }
  MetricChart* accuracy_chart() const { return accuracy_; }
  MetricChart* rate_chart() const { return rate_; }
  QTableWidget* epochs_table() const { return epochs_table_; }
  QSlider* smoothing_slider() const { return smoothing_; }
  QString status_text() const;
  // The buttons (the window's actions are put on them).
  void set_actions(QAction* run, QAction* pause, QAction* stop);
  // Index of the chart series, for tests: steps, epochs, validation.
  enum Series { kSteps = 0, kEpochs = 1, kValidation = 2 };

 private:
  void on_started(const RunListener::Started& s);
  void on_steps(const QVector<StepEvent>& steps);
  void on_epoch(const EpochEvent& e);
  void on_finished(const nlohmann::json& summary);
  void on_failed(const QString& message);
  void rebuild_series();  // after the x axis changed
  double x_of(int64_t step) const;
  void update_status();
  void export_charts();
  void redraw_charts();      // every chart with new points, now
  void redraw_next_chart();  // the next chart with new points (the timer's turn)

  RunController* runs_;
  QLabel *title_, *status_;
  QProgressBar* progress_;
  QToolButton *run_button_, *pause_button_, *stop_button_;
  QSlider* smoothing_;
  QLabel* smoothing_value_;
  QComboBox* x_axis_;
  QCheckBox* log_scale_;
  MetricChart *loss_, *accuracy_, *rate_;
  QTableWidget* epochs_table_;
  // Everything received, so the charts can be redrawn on another axis.
  RunListener::Started info_;
  std::vector<StepEvent> steps_;
  std::vector<EpochEvent> epochs_;
  int64_t steps_per_epoch_ = 0;
  QString outcome_;
  bool have_run_ = false;
  std::array<bool, 3> dirty_{};  // loss, accuracy, rate: points since the last redraw
  int next_chart_ = 0;
  QTimer redraw_timer_;
  QElapsedTimer status_clock_;
};

}  // namespace strata::ui
