#pragma once
// The selected runs' curves of one metric overlaid in one chart, each in its
// run's colour, with the dashboard's smoothing and a step, epoch or
// wall-time axis. The points are read on the browser's reader thread; the
// chart is rebuilt when they arrive (the newest request wins).
#include <QWidget>
#include <functional>
#include <map>
#include <vector>

#include "store/run_log.h"

class QComboBox;
class QSlider;
class QVBoxLayout;
class QLabel;

namespace strata::ui {

class MetricChart;
struct RunRow;

class CompareCurves : public QWidget {
  Q_OBJECT
 public:
  // read(runs, key, done): reads the points off the UI thread and calls done on it.
  using Points = std::map<QString, std::vector<store::MetricPoint>>;
  using Reader = std::function<void(QStringList runs, std::string key, std::function<void(Points)> done)>;
  CompareCurves(Reader reader, QWidget* parent = nullptr);
  // The runs to overlay (id, name) and the metric keys they have.
  void set_runs(const std::vector<const RunRow*>& runs);
  // Reads the points again (a run that is still training has more).
  void reload() { request(); }
  MetricChart* chart() const { return chart_; }
  QComboBox* metric_box() const { return metric_; }
  QComboBox* axis_box() const { return axis_; }
  bool loading() const { return pending_ != 0; }

 private:
  void request();
  void show_points(const Points& points);
  Reader reader_;
  QComboBox *metric_, *axis_;
  QSlider* smoothing_;
  QLabel* empty_;
  QVBoxLayout* chart_box_;
  MetricChart* chart_ = nullptr;
  QStringList ids_, names_;
  Points last_;
  int pending_ = 0;
  int generation_ = 0;
};

}  // namespace strata::ui
