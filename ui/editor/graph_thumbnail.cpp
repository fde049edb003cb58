#include "editor/graph_thumbnail.h"

#include <QPainter>

#include "common/theme.h"
#include "document/project_document.h"
#include "editor/auto_layout.h"
#include "editor/graph_scene.h"

namespace strata::ui {

QPixmap graph_thumbnail(const QString& path, const QSize& size, qreal dpr) {
  ProjectDocument doc;
  try {
    doc.open(path);
  } catch (const std::exception&) {
    return {};
  }
  GraphScene scene(&doc);
  const QRectF source = scene.nodes_rect().adjusted(-20, -20, 20, 20);
  QPixmap pm(size * dpr);
  pm.setDevicePixelRatio(dpr);
  pm.fill(canvas_colors().background);
  if (source.isEmpty()) return pm;
  QPainter p(&pm);
  p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
  scene.render(&p, QRectF(QPointF(0, 0), QSizeF(size)), source, Qt::KeepAspectRatio);
  return pm;
}

}  // namespace strata::ui
