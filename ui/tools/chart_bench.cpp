#include "tools/chart_bench.h"
#include "tools/bench_app.h"

#include <QApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <cmath>
#include <memory>
#include <random>

#include "dashboard/metric_chart.h"

namespace strata::ui {
nlohmann::json run_chart_bench(int points, int frames) {
  const std::unique_ptr<QApplication> own_app = offscreen_app_if_needed();
  // A loss curve: decaying, noisy, with spikes (the extremes decimation must keep).
  std::mt19937 rng(1);
  std::normal_distribution<double> noise(0, 0.08);
  std::vector<ChartPoint> train, other;
  for (int i = 0; i < points; ++i) {
    const double base = 2.3 * std::exp(-i / (points / 6.0)) + 0.2;
    train.push_back({double(i), base + noise(rng) + (i % 9973 == 0 ? 1.5 : 0)});
    other.push_back({double(i), base * 1.1 + noise(rng)});
  }
  const int epochs = 50;
  std::vector<ChartPoint> epoch_train, epoch_val;
  for (int e = 1; e <= epochs; ++e) {
    const double x = double(points) * e / epochs - 1;
    epoch_train.push_back({x, 2.3 * std::exp(-x / (points / 6.0)) + 0.2});
    epoch_val.push_back({x, 2.3 * std::exp(-x / (points / 6.0)) + 0.25});
  }
  MetricChart chart(QStringLiteral("Loss"), MetricChart::Better::Lower);
  const int a = chart.add_series(QStringLiteral("train"), QColor(0x25, 0x63, 0xeb), MetricChart::Style::Steps);
  const int b = chart.add_series(QStringLiteral("train (other)"), QColor(0xdc, 0x26, 0x26), MetricChart::Style::Steps);
  const int c = chart.add_series(QStringLiteral("train, epoch"), QColor(0x16, 0xa3, 0x4a), MetricChart::Style::Epochs);
  const int d = chart.add_series(QStringLiteral("validation"), QColor(0xea, 0x58, 0x0c), MetricChart::Style::Epochs);
  chart.resize(900, 500);
  chart.show();
  chart.set_smoothing(0.9);
  QCoreApplication::processEvents();

  // The whole run arrives at once: decimate, hand over, repaint.
  QElapsedTimer t;
  t.start();
  chart.set_points(a, train);
  chart.set_points(b, other);
  chart.set_points(c, epoch_train);
  chart.set_points(d, epoch_val);
  chart.refresh();
  chart.viewport()->repaint();
  const double first_ms = double(t.nsecsElapsed()) / 1e6;

  // Live: 30 new steps per update (a coalesced burst of step events), smoothing on.
  std::vector<double> live;
  for (int f = 0; f < frames; ++f) {
    t.restart();
    for (int k = 0; k < 30; ++k) {
      const double x = double(points + f * 30 + k);
      chart.append_point(a, {x, 0.2 + noise(rng)});
      chart.append_point(b, {x, 0.22 + noise(rng)});
    }
    chart.refresh();
    chart.viewport()->repaint();
    live.push_back(double(t.nsecsElapsed()) / 1e6);
  }
  // The smoothing slider dragged: every series smoothed again from its raw
  // points, decimated and redrawn.
  std::vector<double> zoom, update_part;
  for (int f = 0; f < frames; ++f) {
    t.restart();
    chart.set_smoothing(f % 2 ? 0.9 : 0.95);
    update_part.push_back(double(t.nsecsElapsed()) / 1e6);
    chart.viewport()->repaint();
    zoom.push_back(double(t.nsecsElapsed()) / 1e6);
  }
  return {{"points_per_series", points},
          {"drawn_points", chart.drawn_points()},
          {"first_draw_ms", first_ms},
          {"live_update", {{"median_ms", median(live)}, {"p95_ms", p95(live)}}},
          {"redraw", {{"median_ms", median(zoom)}, {"p95_ms", p95(zoom)}, {"update_median_ms", median(update_part)}}}};
}

}  // namespace strata::ui
