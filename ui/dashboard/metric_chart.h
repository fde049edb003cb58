#pragma once
// One training metric as a chart (Qt Charts): per-step series drawn raw and
// faint with their smoothed curve over them (ema_smoothed), per-epoch series
// as lines with points, the best epoch marked, a log scale, zoom by dragging
// a rectangle or the wheel, pan with the right or middle button, reset with a
// double-click, the values under the mouse in a tooltip, legend entries that
// hide and show their series, and export as PNG, SVG or CSV. Only what fits
// the plot's pixel columns is handed to Qt Charts (decimated), so a run of
// 100,000 steps redraws as fast as one of 1,000.
#include <QChartView>
#include <QColor>
#include <optional>
#include <vector>

#include "dashboard/series_math.h"

class QLineSeries;
class QScatterSeries;
class QAbstractAxis;

namespace strata::ui {

class MetricChart : public QChartView {
  Q_OBJECT
 public:
  enum class Better { Lower, Higher };
  MetricChart(const QString& title, Better better, QWidget* parent = nullptr);

  // Steps: drawn raw (faint) with the smoothed curve over them. Epochs: a line
  // with points, the best one marked. Line: a plain line (a learning rate).
  enum class Style { Steps, Epochs, Line };
  // Returns the series' index.
  int add_series(const QString& name, const QColor& color, Style style);
  void set_points(int series, std::vector<ChartPoint> points);
  void append_point(int series, ChartPoint point);  // then refresh(), once per batch of points
  void clear_points();
  const std::vector<ChartPoint>& points(int series) const { return series_[size_t(series)].raw; }
  // The best point of a series (lowest or highest y), if it has any.
  std::optional<ChartPoint> best(int series) const;
  int series_count() const { return int(series_.size()); }
  void set_series_visible(int series, bool visible);
  bool series_visible(int series) const;

  void set_smoothing(double weight);  // [0, 0.999]
  double smoothing() const { return smoothing_; }
  void set_log_scale(bool on);
  bool log_scale() const { return log_scale_; }
  void set_x_title(const QString& title);
  // Re-decimates and redraws what is visible.
  void refresh();
  void reset_zoom();
  bool zoomed() const { return zoomed_; }
  // How many points Qt Charts draws now (after decimation), and the visible x range.
  int drawn_points() const;
  std::pair<double, double> x_range() const;

  bool export_png(const QString& path);
  bool export_svg(const QString& path);
  bool export_csv(const QString& path) const;
  // The text the tooltip shows at a chart x value.
  QString values_at(double x) const;

 protected:
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void changeEvent(QEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  struct Series {
    QString name;
    QColor color;
    Style style = Style::Line;
    bool visible = true;
    bool per_step() const { return style == Style::Steps; }
    std::vector<ChartPoint> raw, smoothed;  // smoothed: as far as it has been computed
    EmaState ema;
    QLineSeries *raw_line = nullptr, *smooth_line = nullptr;
    QScatterSeries* best_marker = nullptr;
  };
  void attach(QAbstractSeries* s);
  void update_legend();
  void make_y_axis();
  void apply_colors();
  void zoom_to(double x0, double x1, double y0, double y1);
  void set_nice_ticks(QAbstractAxis* axis, double lo, double hi, bool integers);
  std::pair<double, double> data_x_range() const;
  QString title_;
  Better better_;
  std::vector<Series> series_;
  double smoothing_ = 0.6;
  bool log_scale_ = false, zoomed_ = false, y_zoomed_ = false;  // zoomed_: the x range is the user's; y_zoomed_: the y range too
  double zx0_ = 0, zx1_ = 1, zy0_ = 0, zy1_ = 1;
  QAbstractAxis *x_axis_ = nullptr, *y_axis_ = nullptr;
  QPoint press_at_;
  Qt::MouseButton pressed_ = Qt::NoButton;
  QGraphicsRectItem* band_ = nullptr;
};

}  // namespace strata::ui
