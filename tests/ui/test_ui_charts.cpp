// The training charts: smoothing is TensorBoard's (a debiased exponential
// moving average on the raw points), decimation keeps every column's
// extremes in x order, and the chart widget draws what it holds, hides a
// series from its legend, zooms and resets, switches to a log scale, marks
// the best epoch and exports what it shows.
#include <QLineSeries>
#include <QApplication>
#include <QLegendMarker>
#include <QWheelEvent>
#include <QTemporaryDir>
#include <cmath>
#include <random>

#include "common/theme.h"
#include "dashboard/metric_chart.h"
#include "dashboard/series_math.h"
#include "ui_test_support.h"

using namespace strata::ui;

class TestUiCharts : public QObject {
  Q_OBJECT
 private slots:
  void smoothing_is_tensorboards();
  void smoothing_continues_exactly();
  void decimation_keeps_every_extreme();
  void chart_draws_hides_zooms_and_exports();
};

void TestUiCharts::smoothing_is_tensorboards() {
  // TensorBoard's scalar smoothing, written out: last = last * w + (1 - w) * y;
  // smoothed = last / (1 - w^count).
  const std::vector<ChartPoint> raw{{0, 1}, {1, 2}, {2, NAN}, {3, 4}, {4, 0}};
  const double w = 0.6;
  const auto s = ema_smoothed(raw, w);
  double last = 0;
  int count = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (std::isnan(raw[i].y)) {
      QVERIFY(std::isnan(s[i].y));  // passes through, does not enter the average
      continue;
    }
    last = last * w + (1 - w) * raw[i].y;
    ++count;
    QVERIFY(std::abs(s[i].y - last / (1 - std::pow(w, count))) < 1e-12);
  }
  QCOMPARE(s[0].y, 1.0);  // debiased: the first point is itself, not pulled to zero
  QCOMPARE(ema_smoothed(raw, 0).size(), raw.size());
  QCOMPARE(ema_smoothed(raw, 0)[1].y, 2.0);
}

void TestUiCharts::smoothing_continues_exactly() {
  std::vector<ChartPoint> raw;
  for (int i = 0; i < 50; ++i) raw.push_back({double(i), std::sin(i * 0.3) + i * 0.01});
  const auto whole = ema_smoothed(raw, 0.9);
  // Points arriving a few at a time, as during training.
  std::vector<ChartPoint> grown, out;
  EmaState state;
  for (const auto& p : raw) {
    grown.push_back(p);
    ema_extend(grown, 0.9, state, out);
  }
  QCOMPARE(out.size(), whole.size());
  for (size_t i = 0; i < out.size(); ++i) QCOMPARE(out[i].y, whole[i].y);
}

void TestUiCharts::decimation_keeps_every_extreme() {
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(0, 1);
  std::vector<ChartPoint> pts;
  for (int i = 0; i < 100000; ++i) pts.push_back({double(i), noise(rng) + (i == 31337 ? 50 : 0) - (i == 77777 ? 40 : 0)});
  const int columns = 500;
  const auto d = decimated(pts, 0, 99999, columns);
  QVERIFY(d.size() <= size_t(columns) * 2 + 2);
  QVERIFY(d.size() >= size_t(columns));
  // x order, ends kept.
  for (size_t i = 1; i < d.size(); ++i) QVERIFY(d[i - 1].x < d[i].x);
  QCOMPARE(d.front().x, 0.0);
  QCOMPARE(d.back().x, 99999.0);
  // Every column's lowest and highest value survive.
  const double width = 99999.0 / columns;
  for (int c = 0; c < columns; ++c) {
    double lo = 1e300, hi = -1e300, dlo = 1e300, dhi = -1e300;
    for (const auto& p : pts)
      if (int(std::floor(p.x / width)) == c) lo = std::min(lo, p.y), hi = std::max(hi, p.y);
    for (const auto& p : d)
      if (int(std::floor(p.x / width)) == c) dlo = std::min(dlo, p.y), dhi = std::max(dhi, p.y);
    if (lo > hi) continue;
    QCOMPARE(dlo, lo);
    QCOMPARE(dhi, hi);
    if (c % 97 == 0) QVERIFY(c >= 0);  // (walks all columns; the spikes are in columns 156 and 388)
  }
  // A zoomed range keeps one point beyond each edge, so the line reaches them.
  const auto z = decimated(pts, 1000.5, 1010.5, 500);
  QCOMPARE(z.front().x, 1000.0);
  QCOMPARE(z.back().x, 1011.0);
  QCOMPARE(z.size(), size_t(12));
  // Smooth curves: one point per column.
  QVERIFY(decimated(pts, 0, 99999, columns, true).size() <= size_t(columns) + 2);
}

void TestUiCharts::chart_draws_hides_zooms_and_exports() {
  MetricChart chart("Loss", MetricChart::Better::Lower);
  chart.resize(800, 400);
  chart.show();
  QVERIFY(QTest::qWaitForWindowExposed(&chart));
  const int train = chart.add_series("train", Qt::blue, MetricChart::Style::Steps);
  const int val = chart.add_series("validation", Qt::red, MetricChart::Style::Epochs);
  std::vector<ChartPoint> steps;
  for (int i = 0; i < 20000; ++i) steps.push_back({double(i), 2.0 / (1 + i * 0.001) + (i % 2 ? 0.05 : -0.05)});
  chart.set_points(train, steps);
  for (int e = 1; e <= 5; ++e) chart.append_point(val, {e * 4000.0 - 1, e == 3 ? 0.3 : 0.5 + 0.01 * e});
  chart.set_smoothing(0.9);
  chart.refresh();
  // Decimated to the plot's width, never the 20,000 points.
  QVERIFY(chart.drawn_points() > 100);
  QVERIFY(chart.drawn_points() < 3000);
  QCOMPARE(chart.best(val)->x, 11999.0);
  QCOMPARE(chart.best(val)->y, 0.3);
  // The legend hides and shows a series.
  QLegendMarker* marker = nullptr;
  QCoreApplication::processEvents();  // the legend lays its markers out on the next turn
  int shown = 0;
  for (QLegendMarker* m : chart.chart()->legend()->markers()) shown += m->isVisible();
  QCOMPARE(shown, 2);  // one entry per series: not the raw line under the smoothed one, not the best marker
  for (QLegendMarker* m : chart.chart()->legend()->markers())
    if (m->isVisible() && m->label() == "validation") marker = m;
  QVERIFY(marker);
  emit marker->clicked();
  QVERIFY(!chart.series_visible(val));
  emit marker->clicked();
  QVERIFY(chart.series_visible(val));
  // Drag a rectangle to zoom; a double-click resets.
  const QRectF plot = chart.chart()->plotArea();
  QTest::mousePress(chart.viewport(), Qt::LeftButton, {}, plot.center().toPoint() - QPoint(100, 50));
  QTest::mouseMove(chart.viewport(), plot.center().toPoint() + QPoint(100, 50));
  QTest::mouseRelease(chart.viewport(), Qt::LeftButton, {}, plot.center().toPoint() + QPoint(100, 50));
  QVERIFY(chart.zoomed());
  const auto [z0, z1] = chart.x_range();
  QVERIFY(z0 > 1000 && z1 < 19000 && z1 > z0);
  QTest::mouseDClick(chart.viewport(), Qt::LeftButton, {}, plot.center().toPoint());
  QVERIFY(!chart.zoomed());
  // The wheel zooms the x axis about the cursor; the y axis follows the data in view.
  {
    const QPoint at = plot.center().toPoint();
    QWheelEvent wheel(at, chart.viewport()->mapToGlobal(at), QPoint(), QPoint(0, 360), Qt::NoButton, {}, Qt::NoScrollPhase, false);
    QApplication::sendEvent(chart.viewport(), &wheel);
    const auto [w0, w1] = chart.x_range();
    QVERIFY(chart.zoomed());
    QVERIFY2(w1 - w0 < 0.6 * 19999, qPrintable(QString("%1 %2").arg(w0).arg(w1)));
    QTest::mouseDClick(chart.viewport(), Qt::LeftButton, {}, plot.center().toPoint());
  }
  // The tooltip's text names each series' value at the cursor.
  QVERIFY(chart.values_at(12000).contains("validation"));
  QVERIFY(chart.values_at(12000).contains("smoothed"));
  // A log scale drops what it cannot show, and comes back.
  chart.set_log_scale(true);
  QVERIFY(chart.log_scale());
  QVERIFY(chart.drawn_points() > 100);
  chart.set_log_scale(false);
  // Exports: CSV has every raw point with its smoothed value; PNG and SVG are written.
  QTemporaryDir dir;
  QVERIFY(chart.export_csv(dir.filePath("loss.csv")));
  QFile csv(dir.filePath("loss.csv"));
  QVERIFY(csv.open(QIODevice::ReadOnly));
  const QStringList lines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
  QCOMPARE(lines.size(), 1 + 20000 + 5);
  QCOMPARE(lines[0], QString("series,x,y,smoothed"));
  QVERIFY(lines[1].startsWith("\"train\",0,"));
  QVERIFY(chart.export_png(dir.filePath("loss.png")));
  QVERIFY(QImage(dir.filePath("loss.png")).width() == 800);
  QVERIFY(chart.export_svg(dir.filePath("loss.svg")));
  QFile svg(dir.filePath("loss.svg"));
  QVERIFY(svg.open(QIODevice::ReadOnly) && svg.readAll().contains("<svg"));
  // A destination that cannot be written: false, nothing left behind.
  QVERIFY(!chart.export_csv(dir.filePath("missing/loss.csv")));
  QVERIFY(!QFile::exists(dir.filePath("missing/loss.csv")));
}

STRATA_UI_TEST_MAIN(TestUiCharts)
#include "test_ui_charts.moc"
