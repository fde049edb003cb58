#include "editor/link_item.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>
#include <cmath>

#include "common/theme.h"
#include "editor/editor_settings.h"
#include "editor/node_item.h"

namespace strata::ui {

LinkItem::LinkItem(const Link& link, NodeItem* from, NodeItem* to) : link_(link), from_(from), to_(to) {
  setFlags(ItemIsSelectable);
  setZValue(0);
  from_->add_link(this);
  to_->add_link(this);
  update_path();
}

LinkItem::~LinkItem() {
  if (from_) from_->remove_link(this);
  if (to_) to_->remove_link(this);
}

QPainterPath LinkItem::curve(const QPointF& a, const QPointF& b) {
  // Vertical tangents at both ports; a link going back up loops around.
  const double dy = std::max(40.0, std::abs(b.y() - a.y()) * 0.5);
  QPainterPath p(a);
  p.cubicTo(a + QPointF(0, dy), b - QPointF(0, dy), b);
  return p;
}

void LinkItem::update_path() {
  prepareGeometryChange();
  const QPointF a = from_->port_scene_pos({from_->id(), true, 0});
  const QPointF b = to_->port_scene_pos({to_->id(), false, link_.port});
  path_ = curve(a, b);
  start_ = a, end_ = b;
  QPainterPathStroker s;
  s.setWidth(10);
  hit_ = s.createStroke(path_);
  update_label_rect();
  update();
}

void LinkItem::set_label(const QString& label) {
  if (label == label_) return;
  prepareGeometryChange();
  label_ = label;
  update_label_rect();
  update();
}

void LinkItem::set_error(bool error) {
  if (error != error_) error_ = error, update();
}

void LinkItem::set_insert_target(bool on) {
  if (on != insert_target_) insert_target_ = on, update();
}

void LinkItem::update_label_rect() {
  label_rect_ = {};
  if (!label_.isEmpty() && editor_settings().link_labels) {
    QFont f = QApplication::font();
    f.setPixelSize(11);
    const QFontMetricsF fm(f);
    const QSizeF size(fm.horizontalAdvance(label_) + 10, fm.height() + 4);
    // Beside the curve's middle (for these symmetric cubics, halfway between
    // the ports), so the label never hides the line it names.
    const QPointF mid = (start_ + end_) * 0.5;
    label_rect_ = QRectF(mid + QPointF(6, -size.height() / 2), size);
  }
  bounds_ = hit_.boundingRect().united(label_rect_).adjusted(-2, -2, 2, 2);
}

QRectF LinkItem::boundingRect() const { return bounds_; }

QPainterPath LinkItem::shape() const { return hit_; }

void LinkItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
  const CanvasColors c = canvas_colors();
  const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
  painter->setRenderHint(QPainter::Antialiasing, lod > 0.3);
  QColor color = isSelected() || insert_target_ ? c.link_selected : error_ ? c.error : c.link;
  const double width = insert_target_ ? 3.5 : isSelected() ? 2.5 : 1.6;
  painter->setPen(QPen(color, width, insert_target_ ? Qt::DashLine : Qt::SolidLine, Qt::RoundCap));
  painter->setBrush(Qt::NoBrush);
  painter->drawPath(path_);
  // Arrow head into the input port.
  const QPointF end = end_ - QPointF(0, node_geometry::kPortRadius);
  QPolygonF head;
  head << end << end + QPointF(-4.5, -8) << end + QPointF(4.5, -8);
  painter->setPen(Qt::NoPen);
  painter->setBrush(color);
  painter->drawPolygon(head);

  const QRectF& r = label_rect_;
  if (r.isNull() || lod < 0.5) return;
  QFont f = QApplication::font();
  f.setPixelSize(11);
  painter->setFont(f);
  painter->setPen(QPen(c.node_border, 1));
  painter->setBrush(c.link_label_fill);
  painter->drawRoundedRect(r, r.height() / 2, r.height() / 2);
  painter->setPen(c.link_label_text);
  painter->drawText(r, Qt::AlignCenter, label_);
}

}  // namespace strata::ui
