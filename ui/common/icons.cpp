#include "common/icons.h"

#include <QApplication>
#include <QFile>
#include <QHash>
#include <QIconEngine>
#include <QImage>
#include <QPainter>
#include <QPalette>
#include <QSvgRenderer>

#include "common/theme.h"

namespace strata::ui {
namespace {

// One parsed renderer per file: the SVGs are parsed once, painted often.
QSvgRenderer* renderer(const QString& path) {
  static QHash<QString, QSvgRenderer*> cache;
  auto it = cache.find(path);
  if (it == cache.end()) it = cache.insert(path, new QSvgRenderer(path, qApp));
  return it.value()->isValid() ? it.value() : nullptr;
}

QString category_path(const QString& category) {
  const QString path = QStringLiteral(":/icons/categories/%1.svg").arg(category);
  return QFile::exists(path) ? path : QStringLiteral(":/icons/actions/add-node.svg");
}

// The SVG drawn in black, then recoloured through its own alpha; kept per
// file, colour and pixel size, since a canvas paints the same few icons on
// hundreds of nodes every frame.
void paint_tinted(QPainter& painter, const QRectF& rect, const QString& path, const QColor& color) {
  const qreal dpr = painter.device() ? painter.device()->devicePixelRatioF() : 1.0;
  const double scale = qMax<qreal>(1.0, dpr) * qMax<qreal>(1.0, painter.worldTransform().m11());
  const QSize px = (rect.size() * scale).toSize().expandedTo(QSize(1, 1));
  static QHash<QString, QImage> cache;
  const QString key = path + QLatin1Char('|') + color.name(QColor::HexArgb) + QLatin1Char('|') +
                      QString::number(px.width()) + QLatin1Char('x') + QString::number(px.height());
  auto it = cache.find(key);
  if (it == cache.end()) {
    QSvgRenderer* svg = renderer(path);
    if (!svg) return;
    QImage img(px, QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::transparent);
    {
      QPainter p(&img);
      p.setRenderHint(QPainter::Antialiasing);
      svg->render(&p, QRectF(QPointF(0, 0), QSizeF(px)));
      p.setCompositionMode(QPainter::CompositionMode_SourceIn);
      p.fillRect(img.rect(), color);
    }
    if (cache.size() > 512) cache.clear();  // zooming makes new sizes; never grow without bound
    it = cache.insert(key, img);
  }
  painter.drawImage(rect, it.value());
}

class TintedIconEngine final : public QIconEngine {
 public:
  TintedIconEngine(QString path, QColor fixed) : path_(std::move(path)), fixed_(fixed) {}
  void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State) override {
    const QPalette pal = QApplication::palette();
    QColor c = fixed_.isValid() ? fixed_ : pal.color(QPalette::ButtonText);
    if (mode == QIcon::Disabled) c = pal.color(QPalette::Disabled, QPalette::ButtonText);
    else if (mode == QIcon::Selected && !fixed_.isValid()) c = pal.color(QPalette::HighlightedText);
    paint_tinted(*painter, QRectF(rect).adjusted(1, 1, -1, -1), path_, c);
  }
  QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override {
    QPixmap pm(size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    paint(&p, QRect(QPoint(0, 0), size), mode, state);
    return pm;
  }
  QPixmap scaledPixmap(const QSize& size, QIcon::Mode mode, QIcon::State state, qreal scale) override {
    QPixmap pm = pixmap(size * scale, mode, state);
    pm.setDevicePixelRatio(scale);
    return pm;
  }
  QIconEngine* clone() const override { return new TintedIconEngine(path_, fixed_); }

 private:
  QString path_;
  QColor fixed_;
};

}  // namespace

QIcon action_icon(const QString& name) {
  return QIcon(new TintedIconEngine(QStringLiteral(":/icons/actions/%1.svg").arg(name), {}));
}

QIcon category_icon(const QString& category) {
  return QIcon(new TintedIconEngine(category_path(category), category_color(category)));
}

void paint_category_icon(QPainter& painter, const QRectF& rect, const QString& category, const QColor& color) {
  paint_tinted(painter, rect, category_path(category), color);
}

}  // namespace strata::ui
