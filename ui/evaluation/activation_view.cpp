#include "evaluation/activation_view.h"

#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "common/format.h"
#include "common/theme.h"

namespace strata::ui {

namespace {

QRgb heat(float v, float lo, float hi) {
  // Grey ramp for maps (zero is black unless there are negatives: then zero is mid-grey).
  const float t = hi > lo ? (v - lo) / (hi - lo) : 0.5f;
  const int g = std::clamp(int(t * 255 + 0.5f), 0, 255);
  return qRgb(g, g, g);
}

}  // namespace

QImage layer_output_image(const LayerOutput& l, int max_width) {
  const Shape& s = l.shape;
  const auto [lo_it, hi_it] = std::minmax_element(l.values.begin(), l.values.end());
  const float lo = l.values.empty() ? 0 : *lo_it, hi = l.values.empty() ? 1 : *hi_it;
  if (s.size() == 3) {
    // Feature maps: a grid of channels (at most 64), each scaled up to at least 24 px.
    const int c = int(std::min<int64_t>(s[0], 64)), h = int(s[1]), w = int(s[2]);
    const int side = std::max(1, std::max(h, w));
    const int scale = std::max(1, (48 + side - 1) / side);  // every map at least ~48 px: patterns, not specks
    const int cols = std::max(1, std::min(c, max_width / (w * scale + 2)));
    const int rows = (c + cols - 1) / cols;
    QImage img(cols * (w * scale + 2), rows * (h * scale + 2), QImage::Format_RGB32);
    img.fill(canvas_colors().background);
    for (int k = 0; k < c; ++k) {
      // Each map on its own scale: the pattern matters more than the magnitude.
      const float* m = l.values.data() + size_t(k) * size_t(h * w);
      const auto [mlo, mhi] = std::minmax_element(m, m + h * w);
      const int x0 = (k % cols) * (w * scale + 2) + 1, y0 = (k / cols) * (h * scale + 2) + 1;
      for (int y = 0; y < h * scale; ++y)
        for (int x = 0; x < w * scale; ++x) img.setPixel(x0 + x, y0 + y, heat(m[(y / scale) * w + x / scale], *mlo, *mhi));
    }
    return img;
  }
  if (s.size() == 2) {
    // A sequence: time down, features across.
    const int t = int(s[0]), f = int(s[1]);
    const int scale = std::clamp(max_width / std::max(1, f), 1, 8);
    QImage img(f * scale, t * scale, QImage::Format_RGB32);
    for (int y = 0; y < t * scale; ++y)
      for (int x = 0; x < f * scale; ++x) img.setPixel(x, y, heat(l.values[size_t((y / scale) * f + x / scale)], lo, hi));
    return img;
  }
  // A vector: bars from a middle line (up positive, down negative); a long
  // one keeps, per pixel, its value of largest magnitude.
  std::vector<float> bars = l.values;
  if (int(bars.size()) > max_width && max_width > 0) {
    std::vector<float> folded(size_t(max_width), 0.f);
    for (size_t i = 0; i < l.values.size(); ++i) {
      float& f = folded[i * size_t(max_width) / l.values.size()];
      if (std::abs(l.values[i]) > std::abs(f)) f = l.values[i];
    }
    bars.swap(folded);
  }
  const int n = int(bars.size());
  const int bar = std::clamp(max_width / std::max(1, n), 1, 12);
  const int height = 60;
  QImage img(std::max(1, n * bar), height, QImage::Format_RGB32);
  img.fill(canvas_colors().background);
  QPainter p(&img);
  const float span = std::max(std::abs(lo), std::abs(hi));
  const QColor up = canvas_colors().accent, down(0xdc, 0x26, 0x26);
  for (int i = 0; i < n; ++i) {
    const float v = span > 0 ? bars[size_t(i)] / span : 0;
    const int len = int(std::abs(v) * (height / 2 - 2));
    p.fillRect(i * bar, v >= 0 ? height / 2 - len : height / 2, std::max(1, bar - (bar > 2 ? 1 : 0)), std::max(1, len), v >= 0 ? up : down);
  }
  p.setPen(canvas_colors().grid);
  p.drawLine(0, height / 2, img.width(), height / 2);
  return img;
}

ActivationView::ActivationView(QWidget* parent) : QWidget(parent) {
  layout_ = new QVBoxLayout(this);
  layout_->setAlignment(Qt::AlignTop);
  setObjectName(QStringLiteral("activations"));
}

void ActivationView::show_layers(const std::vector<LayerOutput>& layers) {
  while (QLayoutItem* item = layout_->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  shown_ = 0;
  const int width = std::max(300, parentWidget() ? parentWidget()->width() - 40 : 600);
  for (const auto& l : layers) {
    const auto [lo, hi] = std::minmax_element(l.values.begin(), l.values.end());
    auto* title = new QLabel(tr("<b>%1</b> &nbsp;%2 &nbsp;<span style='color:gray'>%3, values %4 to %5</span>")
                                 .arg(QString::fromStdString(l.node).toHtmlEscaped(), QString::fromStdString(l.type), shape_text(l.shape))
                                 .arg(l.values.empty() ? 0 : *lo, 0, 'g', 3)
                                 .arg(l.values.empty() ? 0 : *hi, 0, 'g', 3),
                             this);
    auto* picture = new QLabel(this);
    picture->setPixmap(QPixmap::fromImage(layer_output_image(l, width)));
    picture->setToolTip(l.shape.size() == 3 ? tr("Each channel on its own scale, black lowest") : QString());
    layout_->addWidget(title);
    layout_->addWidget(picture);
    ++shown_;
  }
  if (layers.empty()) layout_->addWidget(new QLabel(tr("Pick a sample to see what each layer makes of it."), this));
}

}  // namespace strata::ui
