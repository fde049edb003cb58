#include "evaluation/confusion_matrix_view.h"

#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>

#include "common/theme.h"

namespace strata::ui {

ConfusionMatrixView::ConfusionMatrixView(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setObjectName(QStringLiteral("confusion_matrix"));
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  setMinimumSize(200, 200);
}

void ConfusionMatrixView::set_matrix(int64_t classes, std::vector<std::string> names, std::vector<int64_t> counts, bool difference) {
  classes_ = classes, names_ = std::move(names), counts_ = std::move(counts), difference_ = difference;
  if (selected_ && (selected_->first >= classes_ || selected_->second >= classes_)) selected_.reset();
  layout_cells();
  update();
}

void ConfusionMatrixView::set_normalized(bool rows) {
  normalized_ = rows;
  update();
}

void ConfusionMatrixView::set_zoom(double zoom) {
  zoom_ = std::clamp(zoom, 1.0, 12.0);
  layout_cells();
  updateGeometry();
  update();
}

void ConfusionMatrixView::select(int64_t t, int64_t p) {
  selected_ = std::pair{t, p};
  update();
}

QString ConfusionMatrixView::name(int64_t c) const {
  return c >= 0 && size_t(c) < names_.size() && !names_[size_t(c)].empty() ? QString::fromStdString(names_[size_t(c)])
                                                                            : QString::number(c);
}

void ConfusionMatrixView::layout_cells() {
  if (classes_ <= 0) return;
  // Room for the class names where the cells are big enough to read them.
  const QFontMetrics fm(font());
  int longest = 0;
  for (int64_t c = 0; c < classes_; ++c) longest = std::max(longest, fm.horizontalAdvance(name(c)));
  label_w_ = std::min(longest + 12, 160);
  label_h_ = fm.height() + 10;
  const int avail = std::max(40, std::min(width() - label_w_ - 8, height() - label_h_ - 8));
  cell_ = std::max(4, int(avail / double(classes_) * zoom_));
  if (cell_ < fm.height()) label_w_ = 8, label_h_ = 8;  // too small for names: the tooltip has them
}

QSize ConfusionMatrixView::sizeHint() const {
  return {label_w_ + int(classes_) * cell_ + 8, label_h_ + int(classes_) * cell_ + 8};
}

void ConfusionMatrixView::resizeEvent(QResizeEvent*) {
  if (zoom_ == 1.0) layout_cells();
}

QRect ConfusionMatrixView::cell_rect(int64_t t, int64_t p) const {
  return {label_w_ + int(p) * cell_, label_h_ + int(t) * cell_, cell_, cell_};
}

std::optional<std::pair<int64_t, int64_t>> ConfusionMatrixView::cell_at(const QPoint& at) const {
  if (classes_ <= 0 || cell_ <= 0) return std::nullopt;
  const int64_t p = (at.x() - label_w_) / cell_, t = (at.y() - label_h_) / cell_;
  if (at.x() < label_w_ || at.y() < label_h_ || p >= classes_ || t >= classes_) return std::nullopt;
  return std::pair{t, p};
}

double ConfusionMatrixView::value(int64_t t, int64_t p) const {
  const double v = double(counts_[size_t(t * classes_ + p)]);
  if (!normalized_ || difference_) return v;
  int64_t row = 0;
  for (int64_t k = 0; k < classes_; ++k) row += counts_[size_t(t * classes_ + k)];
  return row > 0 ? v / double(row) : 0;
}

QString ConfusionMatrixView::cell_text(int64_t t, int64_t p) const {
  const int64_t n = counts_[size_t(t * classes_ + p)];
  int64_t row = 0;
  for (int64_t k = 0; k < classes_; ++k) row += counts_[size_t(t * classes_ + k)];
  const QLocale loc;
  if (difference_)
    return tr("true %1, predicted %2: %3%4 samples").arg(name(t), name(p), n > 0 ? QStringLiteral("+") : QString(), loc.toString(qlonglong(n)));
  return tr("true %1, predicted %2: %3 samples (%4 % of %1)")
      .arg(name(t), name(p), loc.toString(qlonglong(n)), loc.toString(row > 0 ? 100.0 * double(n) / double(row) : 0.0, 'f', 1));
}

void ConfusionMatrixView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  const QPalette pal = palette();
  painter.fillRect(rect(), pal.color(QPalette::Base));
  if (classes_ <= 0 || counts_.size() != size_t(classes_ * classes_)) {
    painter.setPen(pal.color(QPalette::PlaceholderText));
    painter.drawText(rect(), Qt::AlignCenter, tr("No matrix for this choice."));
    return;
  }
  const CanvasColors cc = canvas_colors();
  double hi = 0;
  for (int64_t t = 0; t < classes_; ++t)
    for (int64_t p = 0; p < classes_; ++p)
      if (difference_ || normalized_ || t != p || classes_ == 1) hi = std::max(hi, std::abs(value(t, p)));
  // Off-diagonal errors set the scale of the counts (the diagonal would wash them out); the diagonal saturates.
  if (hi <= 0) hi = 1;
  const QColor base = pal.color(QPalette::Base), accent = cc.accent, more(0x25, 0x63, 0xeb), fewer(0xdc, 0x26, 0x26);
  auto mix = [](const QColor& a, const QColor& b, double f) {
    f = std::clamp(f, 0.0, 1.0);
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * f), float(a.greenF() + (b.greenF() - a.greenF()) * f),
                            float(a.blueF() + (b.blueF() - a.blueF()) * f));
  };
  const QFontMetrics fm(font());
  const bool text_fits = cell_ >= fm.height() + 2 && cell_ >= fm.horizontalAdvance(QStringLiteral("0000"));
  for (int64_t t = 0; t < classes_; ++t)
    for (int64_t p = 0; p < classes_; ++p) {
      const double v = value(t, p);
      const QRect r = cell_rect(t, p);
      const QColor fill = difference_ ? (v >= 0 ? mix(base, more, std::sqrt(v / hi)) : mix(base, fewer, std::sqrt(-v / hi)))
                                      : mix(base, accent, std::sqrt(std::abs(v) / hi));
      painter.fillRect(r, fill);
      if (text_fits) {
        const int64_t n = counts_[size_t(t * classes_ + p)];
        if (n == 0 && !difference_) continue;
        const QString text = normalized_ && !difference_ ? QLocale().toString(v, 'f', 2)
                                                         : (difference_ && n > 0 ? QStringLiteral("+") : QString()) + QLocale().toString(qlonglong(n));
        painter.setPen(fill.lightness() < 140 ? QColor(Qt::white) : pal.color(QPalette::Text));
        painter.drawText(r, Qt::AlignCenter, text);
      }
    }
  // Grid and labels.
  painter.setPen(QPen(cc.grid, 1));
  for (int64_t k = 0; k <= classes_; ++k) {
    painter.drawLine(label_w_, label_h_ + int(k) * cell_, label_w_ + int(classes_) * cell_, label_h_ + int(k) * cell_);
    painter.drawLine(label_w_ + int(k) * cell_, label_h_, label_w_ + int(k) * cell_, label_h_ + int(classes_) * cell_);
  }
  if (cell_ >= fm.height()) {
    painter.setPen(pal.color(QPalette::Text));
    for (int64_t c = 0; c < classes_; ++c) {
      painter.drawText(QRect(2, label_h_ + int(c) * cell_, label_w_ - 6, cell_), Qt::AlignRight | Qt::AlignVCenter,
                       fm.elidedText(name(c), Qt::ElideRight, label_w_ - 8));
      painter.drawText(QRect(label_w_ + int(c) * cell_, 0, cell_, label_h_ - 2), Qt::AlignHCenter | Qt::AlignBottom,
                       fm.elidedText(name(c), Qt::ElideRight, cell_ - 2));
    }
  }
  if (selected_) {
    painter.setPen(QPen(pal.color(QPalette::Highlight), 3));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(cell_rect(selected_->first, selected_->second).adjusted(1, 1, -1, -1));
  }
}

void ConfusionMatrixView::mousePressEvent(QMouseEvent* event) {
  if (const auto c = cell_at(event->position().toPoint())) {
    select(c->first, c->second);
    emit cell_clicked(c->first, c->second);
  }
}

void ConfusionMatrixView::mouseMoveEvent(QMouseEvent* event) {
  if (const auto c = cell_at(event->position().toPoint()))
    QToolTip::showText(event->globalPosition().toPoint(), cell_text(c->first, c->second), this, cell_rect(c->first, c->second));
  else QToolTip::hideText();
}

void ConfusionMatrixView::wheelEvent(QWheelEvent* event) {
  if (!(event->modifiers() & Qt::ControlModifier)) return QWidget::wheelEvent(event);  // plain wheel scrolls
  set_zoom(zoom_ * std::pow(1.2, event->angleDelta().y() / 120.0));
  event->accept();
}

}  // namespace strata::ui
