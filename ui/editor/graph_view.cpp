#include "editor/graph_view.h"

#include <QDragEnterEvent>
#include <QMimeData>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>
#include <cmath>

#include "common/theme.h"
#include "document/project_document.h"
#include "editor/graph_scene.h"
#include "editor/layer_catalog.h"
#include "editor/layer_mime.h"
#include "editor/link_item.h"
#include "editor/quick_add.h"
#include "layers/registry.h"

namespace strata::ui {
using namespace node_geometry;

namespace {
constexpr double kMinZoom = 0.05, kMaxZoom = 4.0;
}

GraphView::GraphView(GraphScene* scene, QWidget* parent)
    : QGraphicsView(scene, parent), scene_(scene), quick_add_(new QuickAddPopup(this)) {
  setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
  setDragMode(QGraphicsView::RubberBandDrag);
  setRubberBandSelectionMode(Qt::IntersectsItemShape);
  setTransformationAnchor(QGraphicsView::NoAnchor);
  setResizeAnchor(QGraphicsView::AnchorViewCenter);
  setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
  setAcceptDrops(true);
  setFrameShape(QFrame::NoFrame);
  setFocusPolicy(Qt::StrongFocus);
  // The canvas pans by dragging; scroll bars over a boundless sheet only take room.
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  // A large scene rect so the canvas pans freely beyond the nodes.
  setSceneRect(-50000, -50000, 100000, 100000);
  connect(quick_add_, &QuickAddPopup::chosen, this, [this](const QString& type) {
    QPointF pos = quick_add_pos_;
    if (quick_add_from_) {  // centre the new card on the point where the link was dropped
      pos -= quick_add_from_->output ? QPointF(kWidth / 2, 0) : QPointF(kWidth / 2, kHeight);
    } else {
      pos -= QPointF(kWidth / 2, kHeight / 2);
    }
    scene_->add_layer(type.toStdString(), pos, quick_add_from_);
    setFocus();
  });
  connect(scene_, &GraphScene::quick_add_requested, this, &GraphView::open_quick_add);
}

double GraphView::zoom() const { return transform().m11(); }

void GraphView::set_zoom(double z, std::optional<QPoint> anchor) {
  z = std::clamp(z, kMinZoom, kMaxZoom);
  const QPoint a = anchor.value_or(viewport()->rect().center());
  const QPointF before = mapToScene(a);
  setTransform(QTransform::fromScale(z, z));
  const QPointF after = mapToScene(a);
  // Keep the point under the anchor where it was.
  const QPointF d = (after - before) * z;
  horizontalScrollBar()->setValue(horizontalScrollBar()->value() - int(std::lround(d.x())));
  verticalScrollBar()->setValue(verticalScrollBar()->value() - int(std::lround(d.y())));
  emit zoom_changed(z);
}

void GraphView::zoom_by(double factor) { set_zoom(zoom() * factor, std::nullopt); }

void GraphView::fit_all() {
  QRectF r = scene_->nodes_rect();
  if (r.isEmpty()) {
    reset_zoom();
    centerOn(0, 0);
    return;
  }
  r.adjust(-40, -40, 40, 40);
  const double z = std::min({viewport()->width() / r.width(), viewport()->height() / r.height(), 1.0});
  setTransform(QTransform::fromScale(std::max(z, kMinZoom), std::max(z, kMinZoom)));
  centerOn(r.center());
  emit zoom_changed(zoom());
}

void GraphView::reset_zoom() {
  const QPointF c = mapToScene(viewport()->rect().center());
  setTransform(QTransform());
  centerOn(c);
  emit zoom_changed(1.0);
}

void GraphView::center_on_node(const std::string& id) {
  if (NodeItem* item = scene_->node_item(id)) {
    if (zoom() < 0.5) set_zoom(0.8, std::nullopt);
    centerOn(item);
  }
}

std::optional<QPointF> GraphView::cursor_scene_pos() const {
  const QPoint p = viewport()->mapFromGlobal(QCursor::pos());
  if (!viewport()->rect().contains(p)) return std::nullopt;
  return mapToScene(p);
}

QPointF GraphView::visible_center() const { return mapToScene(viewport()->rect().center()); }

void GraphView::open_quick_add(const QPointF& scene_pos, std::optional<PortRef> from) {
  quick_add_pos_ = scene_pos;
  quick_add_from_ = from;
  std::vector<const LayerSpec*> candidates;
  if (from) {
    const ProjectDocument* doc = scene_->document();
    const NodeReport* rep = const_cast<ProjectDocument*>(doc)->report().node(from->node);
    for (const auto& s : layer_specs()) {
      if (from->output) {  // layers that take this output
        if (s.inputs == 0) continue;
        if (rep && rep->ok && !layer_accepts(s, rep->shape.output)) continue;
      } else if (s.is_loss) {  // layers that can feed this input
        continue;
      }
      candidates.push_back(&s);
    }
    if (candidates.empty()) return;
  }
  quick_add_->open_at(mapToGlobal(mapFromScene(scene_pos)), candidates);
}

void GraphView::drawBackground(QPainter* painter, const QRectF& rect) {
  const CanvasColors c = canvas_colors();
  painter->fillRect(rect, c.background);
  // Dots every 20 px (100 px when zoomed out: no carpet of dots), drawn in
  // device pixels as small squares: thousands of antialiased round points
  // would cost more than the nodes.
  const double z = zoom(), step = z < 0.4 ? 100 : 20;
  if (z * step < 8) return;
  const double left = std::floor(rect.left() / step) * step, top = std::floor(rect.top() / step) * step;
  const QTransform to_device = painter->worldTransform();
  painter->save();
  painter->resetTransform();
  painter->setRenderHint(QPainter::Antialiasing, false);
  QVector<QRectF> dots;
  const double size = z < 0.4 ? 1.5 : std::clamp(1.5 * z, 1.0, 2.5);
  for (double x = left; x < rect.right(); x += step)
    for (double y = top; y < rect.bottom(); y += step) {
      const QPointF d = to_device.map(QPointF(x, y));
      dots.append(QRectF(d.x() - size / 2, d.y() - size / 2, size, size));
    }
  painter->setPen(Qt::NoPen);
  painter->setBrush(c.grid);
  painter->drawRects(dots.data(), int(dots.size()));
  painter->restore();
}

void GraphView::wheelEvent(QWheelEvent* event) {
  const double steps = event->angleDelta().y() / 120.0;
  if (steps == 0) return QGraphicsView::wheelEvent(event);
  set_zoom(zoom() * std::pow(1.15, steps), event->position().toPoint());
  event->accept();
}

void GraphView::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && space_down_)) {
    panning_ = true;
    space_panned_ = true;
    pan_last_ = event->position().toPoint();
    viewport()->setCursor(Qt::ClosedHandCursor);
    event->accept();
    return;
  }
  QGraphicsView::mousePressEvent(event);
}

void GraphView::mouseMoveEvent(QMouseEvent* event) {
  if (panning_) {
    const QPoint d = event->position().toPoint() - pan_last_;
    pan_last_ = event->position().toPoint();
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() - d.x());
    verticalScrollBar()->setValue(verticalScrollBar()->value() - d.y());
    event->accept();
    return;
  }
  QGraphicsView::mouseMoveEvent(event);
}

void GraphView::mouseReleaseEvent(QMouseEvent* event) {
  if (panning_ && (event->button() == Qt::MiddleButton || event->button() == Qt::LeftButton)) {
    panning_ = false;
    viewport()->setCursor(space_down_ ? Qt::OpenHandCursor : Qt::ArrowCursor);
    event->accept();
    return;
  }
  QGraphicsView::mouseReleaseEvent(event);
}

void GraphView::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
    space_down_ = true;
    space_panned_ = false;
    viewport()->setCursor(Qt::OpenHandCursor);
    event->accept();
    return;
  }
  if (event->key() == Qt::Key_Space) return event->accept();
  QGraphicsView::keyPressEvent(event);
}

void GraphView::keyReleaseEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
    space_down_ = false;
    viewport()->setCursor(Qt::ArrowCursor);
    // Space pressed and released without a drag: the quick-add box.
    if (!space_panned_) open_quick_add(cursor_scene_pos().value_or(visible_center()));
    event->accept();
    return;
  }
  QGraphicsView::keyReleaseEvent(event);
}

void GraphView::dragEnterEvent(QDragEnterEvent* event) {
  if (!layer_from_mime(event->mimeData()).isEmpty()) return event->acceptProposedAction();
  if (event->mimeData()->hasUrls()) return event->acceptProposedAction();
  QGraphicsView::dragEnterEvent(event);
}

void GraphView::dragMoveEvent(QDragMoveEvent* event) {
  const QString type = layer_from_mime(event->mimeData());
  if (!type.isEmpty()) {
    // Over a link: the layer would go into it.
    const LayerSpec* spec = find_layer(type.toStdString());
    const bool insertable = spec && spec->inputs != 0 && !spec->is_loss;
    scene_->set_insert_target(insertable ? scene_->link_at(mapToScene(event->position().toPoint())) : nullptr);
    return event->acceptProposedAction();
  }
  if (event->mimeData()->hasUrls()) return event->acceptProposedAction();
  QGraphicsView::dragMoveEvent(event);
}

void GraphView::dragLeaveEvent(QDragLeaveEvent* event) {
  scene_->set_insert_target(nullptr);
  QGraphicsView::dragLeaveEvent(event);
}

void GraphView::dropEvent(QDropEvent* event) {
  const QString type = layer_from_mime(event->mimeData());
  const QPointF at = mapToScene(event->position().toPoint());
  if (!type.isEmpty()) {
    std::optional<Link> into;
    const LayerSpec* spec = find_layer(type.toStdString());
    if (spec && spec->inputs != 0 && !spec->is_loss)
      if (LinkItem* link = scene_->link_at(at)) into = link->link();
    scene_->set_insert_target(nullptr);
    scene_->add_layer(type.toStdString(), at - QPointF(kWidth / 2, kHeight / 2), std::nullopt, into);
    event->acceptProposedAction();
    setFocus();
    return;
  }
  if (event->mimeData()->hasUrls()) {
    QStringList paths;
    for (const QUrl& u : event->mimeData()->urls())
      if (u.isLocalFile()) paths << u.toLocalFile();
    if (!paths.isEmpty()) emit files_dropped(paths);
    event->acceptProposedAction();
    return;
  }
  QGraphicsView::dropEvent(event);
}

}  // namespace strata::ui
