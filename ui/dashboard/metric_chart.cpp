#include "dashboard/metric_chart.h"

#include <QApplication>
#include <QSaveFile>
#include <QGraphicsRectItem>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMouseEvent>
#include <QScatterSeries>
#include <QSvgGenerator>
#include <QTextStream>
#include <QToolTip>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

#include "common/theme.h"

namespace strata::ui {

namespace {

QList<QPointF> to_qt(const std::vector<ChartPoint>& pts, bool positive_only) {
  QList<QPointF> out;
  out.reserve(qsizetype(pts.size()));
  for (const auto& p : pts)
    if (std::isfinite(p.y) && (!positive_only || p.y > 0)) out.append(QPointF(p.x, p.y));
  return out;
}

// Index of the point nearest to x in a sorted series.
std::optional<ChartPoint> nearest(const std::vector<ChartPoint>& pts, double x) {
  if (pts.empty()) return std::nullopt;
  auto it = std::lower_bound(pts.begin(), pts.end(), x, [](const ChartPoint& p, double v) { return p.x < v; });
  if (it == pts.end()) return pts.back();
  if (it != pts.begin() && std::abs((it - 1)->x - x) < std::abs(it->x - x)) --it;
  return *it;
}

}  // namespace

MetricChart::MetricChart(const QString& title, Better better, QWidget* parent)
    : QChartView(new QChart, parent), title_(title), better_(better) {
  setRenderHint(QPainter::Antialiasing);
  setMouseTracking(true);
  chart()->setTitle(title);
  chart()->legend()->setAlignment(Qt::AlignBottom);
  chart()->setMargins(QMargins(4, 4, 4, 4));
  chart()->setAnimationOptions(QChart::NoAnimation);
  auto* x = new QValueAxis;
  x->setLabelFormat(QStringLiteral("%g"));
  chart()->addAxis(x, Qt::AlignBottom);
  x_axis_ = x;
  make_y_axis();
  apply_colors();
  setMinimumSize(260, 200);
}

void MetricChart::apply_colors() {
  const bool dark = dark_theme_active();
  chart()->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
  const QPalette pal = QApplication::palette();
  chart()->setBackgroundBrush(pal.color(QPalette::Base));
  chart()->setBackgroundRoundness(0);
  setBackgroundBrush(pal.color(QPalette::Base));
  chart()->setTitleBrush(pal.color(QPalette::Text));
  chart()->legend()->setLabelColor(pal.color(QPalette::Text));
  for (QAbstractAxis* a : {x_axis_, y_axis_}) {
    if (!a) continue;
    a->setLabelsColor(pal.color(QPalette::Text));
    a->setTitleBrush(pal.color(QPalette::Text));
    QColor grid = pal.color(QPalette::Text);
    grid.setAlphaF(0.12f);
    a->setGridLineColor(grid);
    a->setLinePenColor(grid);
  }
  // The theme resets series pens: put ours back.
  for (auto& s : series_) {
    QColor faint = s.color;
    faint.setAlphaF(s.per_step() ? 0.25f : 1.0f);
    // Cosmetic pens: the raster engine draws them without building a stroke outline.
    QPen raw_pen(faint, s.per_step() ? 1.0 : 2.0);
    raw_pen.setCosmetic(true);
    s.raw_line->setPen(raw_pen);
    s.raw_line->setBrush(s.color);  // the points of an epoch series, and its legend swatch
    if (s.smooth_line) {
      QPen smooth_pen(s.color, 2.0);
      smooth_pen.setCosmetic(true);
      s.smooth_line->setPen(smooth_pen);
    }
    if (s.best_marker) {
      s.best_marker->setColor(s.color);
      s.best_marker->setBorderColor(pal.color(QPalette::Base));
    }
  }
  update_legend();
}

void MetricChart::make_y_axis() {
  if (y_axis_) {
    for (auto& s : series_)
      for (QAbstractSeries* q : {static_cast<QAbstractSeries*>(s.raw_line), static_cast<QAbstractSeries*>(s.smooth_line),
                                 static_cast<QAbstractSeries*>(s.best_marker)})
        if (q) q->detachAxis(y_axis_);
    chart()->removeAxis(y_axis_);
    delete y_axis_;
  }
  if (log_scale_) {
    auto* y = new QLogValueAxis;
    y->setLabelFormat(QStringLiteral("%g"));
    y->setBase(10);
    y->setMinorTickCount(-1);
    y_axis_ = y;
  } else {
    auto* y = new QValueAxis;
    y->setLabelFormat(QStringLiteral("%.3g"));
    y_axis_ = y;
  }
  chart()->addAxis(y_axis_, Qt::AlignLeft);
  for (auto& s : series_)
    for (QAbstractSeries* q : {static_cast<QAbstractSeries*>(s.raw_line), static_cast<QAbstractSeries*>(s.smooth_line),
                               static_cast<QAbstractSeries*>(s.best_marker)})
      if (q) q->attachAxis(y_axis_);
}

void MetricChart::attach(QAbstractSeries* s) {
  chart()->addSeries(s);
  s->attachAxis(x_axis_);
  s->attachAxis(y_axis_);
}

void MetricChart::update_legend() {
  // One entry per series (the smoothed line of a per-step series, the line of
  // a per-epoch one); a click hides or shows the series. A theme change
  // rebuilds the markers, so this runs after every one.
  for (int i = 0; i < int(series_.size()); ++i) {
    Series& s = series_[size_t(i)];
    QAbstractSeries* entry = s.smooth_line ? static_cast<QAbstractSeries*>(s.smooth_line) : s.raw_line;
    for (QAbstractSeries* q : {static_cast<QAbstractSeries*>(s.raw_line), static_cast<QAbstractSeries*>(s.smooth_line),
                               static_cast<QAbstractSeries*>(s.best_marker)}) {
      if (!q) continue;
      for (QLegendMarker* m : chart()->legend()->markers(q)) {
        m->setVisible(q == entry);
        if (q != entry) continue;
        m->disconnect(this);
        connect(m, &QLegendMarker::clicked, this, [this, i] { set_series_visible(i, !series_visible(i)); });
        QColor c = QApplication::palette().color(QPalette::Text);
        c.setAlphaF(s.visible ? 1.0f : 0.4f);
        m->setLabelBrush(c);
      }
    }
  }
}

int MetricChart::add_series(const QString& name, const QColor& color, Style style) {
  Series s;
  s.name = name, s.color = color, s.style = style;
  s.raw_line = new QLineSeries;
  s.raw_line->setName(name);
  if (style == Style::Steps) {
    s.smooth_line = new QLineSeries;
    s.smooth_line->setName(name);
  } else if (style == Style::Epochs) {
    s.raw_line->setPointsVisible(true);
    s.best_marker = new QScatterSeries;
    s.best_marker->setName(tr("best %1").arg(name));
    s.best_marker->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    s.best_marker->setMarkerSize(11);
  }
  series_.push_back(s);
  Series& added = series_.back();
  attach(added.raw_line);
  if (added.smooth_line) attach(added.smooth_line);
  if (added.best_marker) attach(added.best_marker);
  apply_colors();
  return int(series_.size()) - 1;
}

void MetricChart::set_points(int i, std::vector<ChartPoint> points) {
  Series& s = series_[size_t(i)];
  s.raw = std::move(points);
  s.smoothed.clear(), s.ema = {};
}

void MetricChart::append_point(int i, ChartPoint p) {
  Series& s = series_[size_t(i)];
  s.raw.push_back(p);  // smoothed catches up at the next refresh
}

void MetricChart::clear_points() {
  for (auto& s : series_) s.raw.clear(), s.smoothed.clear(), s.ema = {};
  reset_zoom();
}

std::optional<ChartPoint> MetricChart::best(int i) const {
  const auto& raw = series_[size_t(i)].raw;
  std::optional<ChartPoint> b;
  for (const auto& p : raw) {
    if (!std::isfinite(p.y)) continue;
    if (!b || (better_ == Better::Lower ? p.y < b->y : p.y > b->y)) b = p;
  }
  return b;
}

void MetricChart::set_series_visible(int i, bool visible) {
  Series& s = series_[size_t(i)];
  s.visible = visible;
  s.raw_line->setVisible(visible);
  if (s.smooth_line) s.smooth_line->setVisible(visible);
  if (s.best_marker) s.best_marker->setVisible(visible);
  update_legend();  // a hidden series keeps its legend entry, dimmed, to bring it back
  refresh();
}

bool MetricChart::series_visible(int i) const { return series_[size_t(i)].visible; }

void MetricChart::set_smoothing(double w) {
  smoothing_ = std::clamp(w, 0.0, 0.999);
  for (auto& s : series_) s.smoothed.clear(), s.ema = {};
  refresh();
}

void MetricChart::set_log_scale(bool on) {
  if (on == log_scale_) return;
  log_scale_ = on;
  make_y_axis();
  apply_colors();
  reset_zoom();
}

void MetricChart::set_x_title(const QString& title) { x_axis_->setTitleText(title); }

std::pair<double, double> MetricChart::data_x_range() const {
  double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
  for (const auto& s : series_)
    if (!s.raw.empty()) lo = std::min(lo, s.raw.front().x), hi = std::max(hi, s.raw.back().x);
  if (lo > hi) return {0, 1};
  if (lo == hi) return {lo - 0.5, hi + 0.5};
  return {lo, hi};
}

std::pair<double, double> MetricChart::x_range() const {
  return zoomed_ ? std::pair{zx0_, zx1_} : data_x_range();
}

void MetricChart::refresh() {
  const auto [x0, x1] = x_range();
  const int columns = std::max(16, int(chart()->plotArea().width()));
  double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
  for (auto& s : series_) {
    if (s.per_step()) ema_extend(s.raw, smoothing_, s.ema, s.smoothed);
    const auto raw = decimated(s.raw, x0, x1, columns);
    s.raw_line->replace(to_qt(raw, log_scale_));
    if (s.smooth_line) s.smooth_line->replace(to_qt(decimated(s.smoothed, x0, x1, columns, true), log_scale_));
    if (s.best_marker) {
      const auto b = best(int(&s - series_.data()));
      s.best_marker->replace(b && (!log_scale_ || b->y > 0) ? QList<QPointF>{QPointF(b->x, b->y)} : QList<QPointF>{});
    }
    if (!s.visible) continue;
    for (const auto& p : raw)
      if (p.x >= x0 && p.x <= x1 && std::isfinite(p.y) && (!log_scale_ || p.y > 0)) lo = std::min(lo, p.y), hi = std::max(hi, p.y);
  }
  // The tick interval first: Qt Charts lays a new range out with the old
  // interval, and a small one over a large range is millions of ticks.
  set_nice_ticks(x_axis_, x0, x1, x1 - x0 >= 8);
  x_axis_->setRange(x0, x1);
  if (zoomed_ && y_zoomed_) {
    set_nice_ticks(y_axis_, zy0_, zy1_, false);
    y_axis_->setRange(zy0_, zy1_);
  } else if (lo <= hi) {
    if (log_scale_) {
      y_axis_->setRange(lo / 1.2, hi * 1.2);
    } else {
      // A flat series (a constant learning rate) gets room around it, not a
      // hair's breadth that turns rounding into tick labels.
      const double pad = hi - lo > std::abs(hi) * 1e-6 ? (hi - lo) * 0.05 : std::max(std::abs(hi) * 0.1, 1e-9);
      set_nice_ticks(y_axis_, lo - pad, hi + pad, false);
      y_axis_->setRange(lo - pad, hi + pad);
    }
  }
}

void MetricChart::set_nice_ticks(QAbstractAxis* axis, double lo, double hi, bool integers) {
  // Ticks at round values (1, 2 or 5 times a power of ten), about five of
  // them, instead of the range cut in equal, ragged parts.
  auto* v = qobject_cast<QValueAxis*>(axis);
  if (!v || !(hi > lo)) return;
  const double raw = (hi - lo) / 5;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * magnitude >= raw) {
      step = m * magnitude;
      break;
    }
  if (integers) step = std::max(1.0, std::round(step));
  v->setTickType(QValueAxis::TicksDynamic);
  v->setTickAnchor(0);
  v->setTickInterval(step);
  const int decimals = integers ? 0 : std::max(0, int(-std::floor(std::log10(step))));
  v->setLabelFormat(decimals == 0 ? QStringLiteral("%.0f") : QStringLiteral("%.") + QString::number(std::min(decimals, 8)) + QStringLiteral("f"));
}

int MetricChart::drawn_points() const {
  int n = 0;
  for (const auto& s : series_) n += int(s.raw_line->count()) + (s.smooth_line ? int(s.smooth_line->count()) : 0);
  return n;
}

void MetricChart::zoom_to(double x0, double x1, double y0, double y1) {
  if (x1 <= x0 || y1 <= y0) return;
  zoomed_ = y_zoomed_ = true;
  zx0_ = x0, zx1_ = x1, zy0_ = y0, zy1_ = y1;
  refresh();
}

void MetricChart::reset_zoom() {
  zoomed_ = y_zoomed_ = false;
  refresh();
}

QString MetricChart::values_at(double x) const {
  QString text;
  for (const auto& s : series_) {
    if (!s.visible) continue;
    const auto p = nearest(s.raw, x);
    if (!p) continue;
    text += QStringLiteral("<b style='color:%1'>%2</b> %3: %4")
                .arg(s.color.name(), s.name.toHtmlEscaped())
                .arg(p->x)
                .arg(p->y, 0, 'g', 5);
    if (s.per_step() && smoothing_ > 0)
      if (const auto q = nearest(s.smoothed, p->x)) text += tr(" (smoothed %1)").arg(q->y, 0, 'g', 5);
    text += QStringLiteral("<br>");
  }
  return text;
}

void MetricChart::mousePressEvent(QMouseEvent* event) {
  press_at_ = event->position().toPoint();
  pressed_ = event->button();
  if (pressed_ == Qt::LeftButton) {
    if (!band_) {
      band_ = new QGraphicsRectItem;
      QColor fill = QApplication::palette().color(QPalette::Highlight);
      fill.setAlphaF(0.15f);
      band_->setBrush(fill);
      band_->setPen(QPen(QApplication::palette().color(QPalette::Highlight), 1));
      band_->setZValue(100);
      scene()->addItem(band_);
    }
    band_->setRect(QRectF(mapToScene(press_at_), QSizeF()));
    band_->show();
  }
  event->accept();
}

void MetricChart::mouseMoveEvent(QMouseEvent* event) {
  const QPoint at = event->position().toPoint();
  if (pressed_ == Qt::LeftButton && band_) {
    band_->setRect(QRectF(mapToScene(press_at_), mapToScene(at)).normalized());
  } else if (pressed_ == Qt::RightButton || pressed_ == Qt::MiddleButton) {
    const QPointF a = chart()->mapToValue(chart()->mapFromScene(mapToScene(press_at_)));
    const QPointF b = chart()->mapToValue(chart()->mapFromScene(mapToScene(at)));
    const auto [x0, x1] = x_range();
    auto* y = y_axis_;
    double y0 = 0, y1 = 1;
    if (auto* v = qobject_cast<QValueAxis*>(y)) y0 = v->min(), y1 = v->max();
    else if (auto* l = qobject_cast<QLogValueAxis*>(y)) y0 = l->min(), y1 = l->max();
    const double dy = log_scale_ ? 0 : a.y() - b.y();
    zoom_to(x0 + a.x() - b.x(), x1 + a.x() - b.x(), y0 + dy, y1 + dy);
    press_at_ = at;
  } else if (chart()->plotArea().contains(chart()->mapFromScene(mapToScene(at)))) {
    const double x = chart()->mapToValue(chart()->mapFromScene(mapToScene(at))).x();
    const QString text = values_at(x);
    if (!text.isEmpty()) QToolTip::showText(event->globalPosition().toPoint(), text, this);
  }
  event->accept();
}

void MetricChart::mouseReleaseEvent(QMouseEvent* event) {
  if (pressed_ == Qt::LeftButton && band_) {
    band_->hide();
    const QRectF r = QRectF(press_at_, event->position()).normalized();
    if (r.width() > 6 && r.height() > 6) {
      const QPointF a = chart()->mapToValue(chart()->mapFromScene(mapToScene(r.topLeft().toPoint())));
      const QPointF b = chart()->mapToValue(chart()->mapFromScene(mapToScene(r.bottomRight().toPoint())));
      zoom_to(std::min(a.x(), b.x()), std::max(a.x(), b.x()), std::min(a.y(), b.y()), std::max(a.y(), b.y()));
    }
  }
  pressed_ = Qt::NoButton;
  event->accept();
}

void MetricChart::mouseDoubleClickEvent(QMouseEvent* event) {
  reset_zoom();
  event->accept();
}

void MetricChart::wheelEvent(QWheelEvent* event) {
  // The wheel zooms the x axis about the cursor; the y axis follows the data
  // in the new range.
  const double steps = event->angleDelta().y() / 120.0;
  if (steps == 0) return;
  const double x = chart()->mapToValue(chart()->mapFromScene(mapToScene(event->position().toPoint()))).x();
  const auto [x0, x1] = x_range();
  const double f = std::pow(0.8, steps);
  const auto [d0, d1] = data_x_range();
  const double n0 = std::max(d0, x - (x - x0) * f), n1 = std::min(d1, x + (x1 - x) * f);
  if (n1 <= n0) return;
  zoomed_ = true, y_zoomed_ = false;
  zx0_ = n0, zx1_ = n1;
  refresh();
  event->accept();
}

void MetricChart::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange) apply_colors();
  QChartView::changeEvent(event);
}

void MetricChart::resizeEvent(QResizeEvent* event) {
  QChartView::resizeEvent(event);
  refresh();  // one point pair per pixel column: the width sets the decimation
}

// Exports go through QSaveFile: a failure leaves no half-written file and the
// previous file, if any, untouched.
bool MetricChart::export_png(const QString& path) {
  QSaveFile f(path);
  return f.open(QIODevice::WriteOnly) && grab().save(&f, "PNG") && f.commit();
}

bool MetricChart::export_svg(const QString& path) {
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly)) return false;
  QSvgGenerator svg;
  svg.setOutputDevice(&f);
  svg.setSize(size());
  svg.setViewBox(rect());
  svg.setTitle(title_);
  QPainter p;
  if (!p.begin(&svg)) return false;
  render(&p);
  return p.end() && f.commit();
}

bool MetricChart::export_csv(const QString& path) const {
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Text)) return false;
  QTextStream out(&f);
  out << "series,x,y,smoothed\n";
  for (const auto& s : series_) {
    const auto smoothed = s.per_step() ? ema_smoothed(s.raw, smoothing_) : s.raw;
    for (size_t i = 0; i < s.raw.size(); ++i)
      out << '"' << QString(s.name).replace('"', QStringLiteral("\"\"")) << "\"," << QString::number(s.raw[i].x, 'g', 17) << ','
          << QString::number(s.raw[i].y, 'g', 9) << ',' << QString::number(smoothed[i].y, 'g', 9) << '\n';
  }
  out.flush();
  return out.status() == QTextStream::Ok && f.commit();
}

}  // namespace strata::ui
