#include "browser/tradeoff_plot.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <set>

#include "browser/run_colors.h"
#include "browser/runs_snapshot.h"
#include "common/format.h"

namespace strata::ui {

struct Dot {
  QString id, name;
  double x, y;
  QColor color;
  bool selected;
};

// The painted part: axes with round ticks, the dots, the front.
class TradeoffCanvas : public QWidget {
 public:
  explicit TradeoffCanvas(TradeoffPlot* owner) : QWidget(owner), owner_(owner) {
    setMouseTracking(true);
    setMinimumHeight(200);
  }
  void set(std::vector<Dot> dots, QString x_title, QString y_title, bool log_x, bool front_line) {
    dots_ = std::move(dots), x_title_ = std::move(x_title), y_title_ = std::move(y_title), log_x_ = log_x, front_ = front_line;
    update();
  }
  const std::vector<Dot>& dots() const { return dots_; }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.base());
    const QFontMetrics fm(font());
    plot_ = rect().adjusted(fm.horizontalAdvance(QStringLiteral("0.00000")) + 24, 12, -16, -(2 * fm.height() + 14));
    if (dots_.empty()) {
      p.setPen(pal.color(QPalette::Disabled, QPalette::Text));
      p.drawText(rect(), Qt::AlignCenter, tr_none_);
      return;
    }
    range();
    p.setPen(QPen(pal.color(QPalette::Mid), 1));
    p.drawRect(plot_);
    // Ticks: five per axis, at round values (powers of ten on a log axis).
    p.setPen(pal.color(QPalette::Text));
    for (const double v : ticks(x0_, x1_, log_x_)) {
      const double px = to_x(v);
      p.setPen(QPen(pal.color(QPalette::Midlight), 1, Qt::DotLine));
      p.drawLine(QPointF(px, plot_.top()), QPointF(px, plot_.bottom()));
      p.setPen(pal.color(QPalette::Text));
      const QString t = label(v);
      p.drawText(QPointF(px - fm.horizontalAdvance(t) / 2.0, plot_.bottom() + fm.height() + 2), t);
    }
    for (const double v : ticks(y0_, y1_, false)) {
      const double py = to_y(v);
      p.setPen(QPen(pal.color(QPalette::Midlight), 1, Qt::DotLine));
      p.drawLine(QPointF(plot_.left(), py), QPointF(plot_.right(), py));
      p.setPen(pal.color(QPalette::Text));
      const QString t = label(v);
      p.drawText(QPointF(plot_.left() - fm.horizontalAdvance(t) - 6, py + fm.ascent() / 2.0 - 1), t);
    }
    p.drawText(QRectF(plot_.left(), plot_.bottom() + fm.height() + 6, plot_.width(), fm.height() + 4), Qt::AlignCenter, x_title_);
    p.save();
    p.translate(10, plot_.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-plot_.height() / 2.0, -fm.height() / 2.0 - 4, plot_.height(), fm.height() + 4), Qt::AlignCenter, y_title_);
    p.restore();
    if (front_ && dots_.size() > 1) {
      std::vector<const Dot*> order;
      for (const auto& d : dots_) order.push_back(&d);
      std::sort(order.begin(), order.end(), [](const Dot* a, const Dot* b) { return a->x < b->x; });
      QPainterPath path(QPointF(to_x(order[0]->x), to_y(order[0]->y)));
      for (size_t i = 1; i < order.size(); ++i) path.lineTo(to_x(order[i]->x), to_y(order[i]->y));
      p.setPen(QPen(pal.color(QPalette::Highlight), 1.5, Qt::DashLine));
      p.setBrush(Qt::NoBrush);
      p.drawPath(path);
    }
    for (const auto& d : dots_) {
      const QPointF c(to_x(d.x), to_y(d.y));
      p.setPen(QPen(d.color.darker(140), 1));
      p.setBrush(d.color);
      p.drawEllipse(c, 4.5, 4.5);
      if (d.selected) {
        p.setPen(QPen(pal.color(QPalette::Text), 2));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(c, 8, 8);
      }
    }
  }
  void mouseMoveEvent(QMouseEvent* e) override {
    const Dot* d = hit(e->position());
    if (d)
      QToolTip::showText(e->globalPosition().toPoint(),
                         QStringLiteral("%1 (%2)\n%3: %4\n%5: %6").arg(d->name, d->id, x_title_, label(d->x), y_title_, label(d->y)), this);
    else
      QToolTip::hideText();
    setCursor(d ? Qt::PointingHandCursor : Qt::ArrowCursor);
  }
  void mousePressEvent(QMouseEvent* e) override {
    if (const Dot* d = hit(e->position())) emit owner_->run_clicked(d->id);
  }

 public:
  QString tr_none_;
  QPointF position_of(const QString& id) {
    range();
    for (const auto& d : dots_)
      if (d.id == id) return {to_x(d.x), to_y(d.y)};
    return {};
  }

 private:
  static QString label(double v) {
    if (std::fabs(v) >= 1e4) return short_count_text(v);  // "225 k", "1.6 M"
    return QLocale().toString(v, 'g', 4);
  }
  static std::vector<double> ticks(double lo, double hi, bool log) {
    std::vector<double> out;
    if (log) {
      for (double e = std::floor(std::log10(lo)); e <= std::ceil(std::log10(hi)); ++e) {
        const double v = std::pow(10.0, e);
        if (v >= lo * 0.999 && v <= hi * 1.001) out.push_back(v);
      }
      if (out.size() >= 2) return out;
      out.clear();
    }
    const double raw = (hi - lo) / 5, mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double step = raw / mag < 2 ? 2 * mag : raw / mag < 5 ? 5 * mag : 10 * mag;
    for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push_back(std::fabs(v) < step * 1e-9 ? 0 : v);
    return out;
  }
  void range() {
    x0_ = y0_ = INFINITY, x1_ = y1_ = -INFINITY;
    for (const auto& d : dots_) x0_ = std::min(x0_, d.x), x1_ = std::max(x1_, d.x), y0_ = std::min(y0_, d.y), y1_ = std::max(y1_, d.y);
    auto pad = [](double& lo, double& hi, bool log) {
      if (log) {
        lo /= 1.25, hi *= 1.25;
        return;
      }
      const double span = hi > lo ? hi - lo : std::max(std::fabs(hi), 1.0);
      lo -= span * 0.06, hi += span * 0.06;
    };
    pad(x0_, x1_, log_x_);
    pad(y0_, y1_, false);
  }
  double to_x(double v) const {
    const double f = log_x_ ? (std::log(v) - std::log(x0_)) / (std::log(x1_) - std::log(x0_)) : (v - x0_) / (x1_ - x0_);
    return plot_.left() + f * plot_.width();
  }
  double to_y(double v) const { return plot_.bottom() - (v - y0_) / (y1_ - y0_) * plot_.height(); }
  const Dot* hit(QPointF at) {
    range();
    const Dot* best = nullptr;
    double near = 64;  // 8 px
    for (const auto& d : dots_) {
      const double dx = to_x(d.x) - at.x(), dy = to_y(d.y) - at.y();
      if (dx * dx + dy * dy < near) near = dx * dx + dy * dy, best = &d;
    }
    return best;
  }
  TradeoffPlot* owner_;
  std::vector<Dot> dots_;
  QString x_title_, y_title_;
  bool log_x_ = false, front_ = false;
  QRectF plot_;
  double x0_ = 0, x1_ = 1, y0_ = 0, y1_ = 1;
};

TradeoffPlot::TradeoffPlot(QWidget* parent) : QWidget(parent) {
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Metric")));
  y_ = new QComboBox;
  y_->setObjectName(QStringLiteral("tradeoff_y"));
  y_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  top->addWidget(y_);
  top->addSpacing(12);
  top->addWidget(new QLabel(tr("against")));
  x_ = new QComboBox;
  x_->setObjectName(QStringLiteral("tradeoff_x"));
  x_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  top->addWidget(x_);
  log_x_ = new QCheckBox(tr("Log scale"));
  log_x_->setChecked(true);
  top->addWidget(log_x_);
  pareto_ = new QCheckBox(tr("Pareto front only"));
  pareto_->setObjectName(QStringLiteral("pareto_only"));
  top->addWidget(pareto_);
  top->addStretch();
  canvas_ = new TradeoffCanvas(this);
  canvas_->tr_none_ = tr("No run has both values yet.");
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(0, 4, 0, 0);
  lay->addLayout(top);
  lay->addWidget(canvas_, 1);
  for (QComboBox* b : {x_, y_}) connect(b, &QComboBox::currentIndexChanged, this, [this] { rebuild(); });
  for (QCheckBox* b : {pareto_, log_x_}) connect(b, &QCheckBox::toggled, this, [this] { rebuild(); });
}

QStringList TradeoffPlot::shown_runs() const {
  QStringList out;
  for (const auto& d : canvas_->dots()) out << d.id;
  return out;
}

void TradeoffPlot::set_runs(const std::vector<const RunRow*>& runs, const QStringList& selected) {
  runs_ = runs, selected_ = selected;
  std::set<std::string> metrics, params;
  for (const RunRow* r : runs) {
    for (const auto& [k, m] : r->metrics) metrics.insert(k);
    for (const auto& [k, v] : r->params) {
      bool ok = false;
      QString::fromStdString(v).toDouble(&ok);
      if (ok) params.insert(k);
    }
  }
  const QString keep_x = x_->currentData().toString(), keep_y = y_->currentText();
  {
    const QSignalBlocker bx(x_), by(y_);
    y_->clear(), x_->clear();
    for (const auto& k : metrics) y_->addItem(QString::fromStdString(k));
    int at = y_->findText(keep_y);
    // Else the first of these that most runs have (a sweep without validation has no val_accuracy).
    size_t most = 0;
    for (const char* preferred : {"val_accuracy", "accuracy", "val_loss", "loss"}) {
      if (keep_y.size() && at >= 0) break;
      size_t have = 0;
      for (const RunRow* r : runs) have += r->metric(preferred) != nullptr;
      if (have > most) most = have, at = y_->findText(QString::fromLatin1(preferred));
    }
    y_->setCurrentIndex(std::max(0, at));
    x_->addItem(tr("Parameters"), QStringLiteral("model:parameters"));
    x_->addItem(tr("FLOPs per sample"), QStringLiteral("model:flops"));
    x_->addItem(tr("Seconds per epoch"), QStringLiteral("model:epoch_seconds"));
    for (const auto& k : params) x_->addItem(tr("%1 (setting)").arg(QString::fromStdString(k)), QStringLiteral("param:") + QString::fromStdString(k));
    for (const auto& k : metrics) x_->addItem(tr("%1 (best)").arg(QString::fromStdString(k)), QStringLiteral("metric:") + QString::fromStdString(k));
    x_->setCurrentIndex(std::max(0, x_->findData(keep_x)));
  }
  rebuild();
}

void TradeoffPlot::rebuild() {
  const QString x_key = x_->currentData().toString();
  const std::string y_key = y_->currentText().toStdString();
  const bool low_y = store::lower_is_better(y_key);
  auto x_of = [&](const RunRow& r) -> double {
    if (x_key == QLatin1String("model:parameters")) return r.parameters >= 0 ? double(r.parameters) : NAN;
    if (x_key == QLatin1String("model:flops")) return r.flops >= 0 ? r.flops : NAN;
    if (x_key == QLatin1String("model:epoch_seconds")) {
      const store::MetricSummary* m = r.metric("epoch_seconds");
      return m ? m->min : NAN;
    }
    if (x_key.startsWith(QLatin1String("param:"))) {
      const auto it = r.params.find(x_key.mid(6).toStdString());
      bool ok = false;
      const double v = it == r.params.end() ? NAN : QString::fromStdString(it->second).toDouble(&ok);
      return ok ? v : NAN;
    }
    return r.best(x_key.mid(7).toStdString());
  };
  std::vector<Dot> dots;
  for (const RunRow* r : runs_) {
    const double x = x_of(*r), y = r->best(y_key);
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    if (log_x_->isChecked() && x <= 0) continue;
    dots.push_back({r->id, QString::fromStdString(r->record.name.empty() ? r->record.id : r->record.name), x, y, run_color(r->id),
                    selected_.contains(r->id)});
  }
  if (pareto_->isChecked()) {
    // A run stays unless another is at most as costly, at least as good, and strictly better in one.
    auto better = [&](double a, double b) { return low_y ? a < b : a > b; };
    std::vector<Dot> front;
    for (const auto& d : dots) {
      bool beaten = false;
      for (const auto& o : dots)
        if (&o != &d && o.x <= d.x && !better(d.y, o.y) && (o.x < d.x || better(o.y, d.y))) {
          beaten = true;
          break;
        }
      if (!beaten) front.push_back(d);
    }
    dots = std::move(front);
  }
  canvas_->set(std::move(dots), x_->currentText(), QString::fromStdString(y_key) + (low_y ? tr(" (lowest)") : tr(" (highest)")),
               log_x_->isChecked(), pareto_->isChecked());
}

}  // namespace strata::ui
