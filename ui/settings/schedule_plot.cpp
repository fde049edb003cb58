#include "settings/schedule_plot.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>

#include "common/theme.h"
#include "train/schedule.h"

namespace strata::ui {

SchedulePlot::SchedulePlot(QWidget* parent) : QWidget(parent) {
  setMinimumHeight(110);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void SchedulePlot::set_config(const TrainingConfig& c) {
  const LearningRateSchedule schedule(c.schedule, c.learning_rate, c.epochs);
  rates_.clear();
  for (int e = 0; e < std::min(c.epochs, 10000); ++e) rates_.push_back(schedule.rate(e));
  plateau_ = c.schedule.kind == "plateau";
  update();
}

void SchedulePlot::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const QPalette pal = palette();
  const CanvasColors c = canvas_colors();
  const QRectF frame = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
  p.fillRect(frame, pal.color(QPalette::Base));
  p.setPen(QPen(pal.color(QPalette::Mid), 1));
  p.drawRect(frame);
  if (rates_.empty()) return;
  const double hi = *std::max_element(rates_.begin(), rates_.end());
  const double lo = std::min(0.0, *std::min_element(rates_.begin(), rates_.end()));
  QFont small = font();
  small.setPointSizeF(small.pointSizeF() * 0.85);
  p.setFont(small);
  const QFontMetrics fm(small);
  const QRectF plot = frame.adjusted(8, fm.height() + 6, -8, -(fm.height() + 6));
  // One step per epoch: the rate holds for the whole epoch.
  QPainterPath path;
  const int n = int(rates_.size());
  auto y_of = [&](double r) { return plot.bottom() - (hi > lo ? (r - lo) / (hi - lo) : 1.0) * plot.height(); };
  for (int e = 0; e < n; ++e) {
    const double x0 = plot.left() + plot.width() * e / n, x1 = plot.left() + plot.width() * (e + 1) / n;
    if (e == 0) path.moveTo(x0, y_of(rates_[0]));
    else path.lineTo(x0, y_of(rates_[size_t(e)]));
    path.lineTo(x1, y_of(rates_[size_t(e)]));
  }
  p.setPen(QPen(c.accent, 2));
  p.drawPath(path);
  p.setPen(pal.color(QPalette::Text));
  const QLocale loc;
  p.drawText(QRectF(frame.left() + 6, frame.top() + 3, frame.width() - 12, fm.height()), Qt::AlignLeft,
             tr("learning rate %1").arg(loc.toString(hi, 'g', 3)));
  p.drawText(QRectF(frame.left() + 6, frame.bottom() - fm.height() - 3, frame.width() - 12, fm.height()), Qt::AlignLeft,
             tr("epoch 1"));
  p.drawText(QRectF(frame.left() + 6, frame.bottom() - fm.height() - 3, frame.width() - 12, fm.height()), Qt::AlignRight,
             plateau_ ? tr("%1 (lowered when the loss stalls)").arg(n) : QString::number(n));
}

}  // namespace strata::ui
