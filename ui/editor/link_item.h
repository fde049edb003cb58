#pragma once
// A link on the canvas: a curve from a node's output port down to another
// node's input port, labelled with the shape of the tensor it carries (the
// producer's output shape). Selectable and deletable; highlighted while a
// dragged layer would be inserted into it.
#include <QGraphicsItem>
#include <QPainterPath>

#include "graph/graph.h"

namespace strata::ui {

class NodeItem;

class LinkItem : public QGraphicsItem {
 public:
  enum { Type = UserType + 2 };
  LinkItem(const Link& link, NodeItem* from, NodeItem* to);
  ~LinkItem() override;
  int type() const override { return Type; }

  const Link& link() const { return link_; }
  void set_link(const Link& link) { link_ = link; }  // a node was renamed
  NodeItem* from() const { return from_; }
  NodeItem* to() const { return to_; }
  void set_label(const QString& label);
  void set_error(bool error);
  void set_insert_target(bool on);
  // Recomputes the curve after a node moved (or the label setting changed).
  void update_path();

  // The curve between two points as the canvas draws every link.
  static QPainterPath curve(const QPointF& from, const QPointF& to);

  QRectF boundingRect() const override;
  QPainterPath shape() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  void update_label_rect();
  Link link_;
  NodeItem *from_, *to_;
  // Everything derived from the two ports, computed when they move, never
  // while painting: curve lengths cost more than drawing the curve.
  QPainterPath path_, hit_;
  QPointF start_, end_;
  QRectF label_rect_, bounds_;
  QString label_;
  bool error_ = false, insert_target_ = false;
};

}  // namespace strata::ui
