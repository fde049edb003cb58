#pragma once
// The canvas: zoom with the wheel (about the cursor), fit (Ctrl+0) and 100 %
// (Ctrl+1), pan with the middle button or Space+drag, rubber-band selection
// by dragging the background, a dotted grid, layers dropped from the palette
// (onto empty canvas or into a link), project files dropped to open them,
// and the quick-add box (Space without a drag, or a double-click).
#include <QGraphicsView>
#include <optional>

#include "editor/node_item.h"

namespace strata::ui {

class GraphScene;
class QuickAddPopup;

class GraphView : public QGraphicsView {
  Q_OBJECT
 public:
  explicit GraphView(GraphScene* scene, QWidget* parent = nullptr);
  GraphScene* graph_scene() const { return scene_; }
  QuickAddPopup* quick_add() const { return quick_add_; }

  double zoom() const;
  void zoom_by(double factor);
  void fit_all();
  void reset_zoom();
  void center_on_node(const std::string& id);
  // Where the mouse is on the canvas, if it is over the view.
  std::optional<QPointF> cursor_scene_pos() const;
  // The visible centre of the canvas, where palette double-clicks add layers.
  QPointF visible_center() const;
  // Opens the quick-add box at a canvas position; after a dragged link it
  // offers only the layers that fit `from` and links the one chosen.
  void open_quick_add(const QPointF& scene_pos, std::optional<PortRef> from = {});

 signals:
  void zoom_changed(double zoom);
  void files_dropped(const QStringList& paths);

 protected:
  void drawBackground(QPainter* painter, const QRectF& rect) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void keyReleaseEvent(QKeyEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dragMoveEvent(QDragMoveEvent* event) override;
  void dragLeaveEvent(QDragLeaveEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void set_zoom(double zoom, std::optional<QPoint> anchor);
  GraphScene* scene_;
  QuickAddPopup* quick_add_;
  QPointF quick_add_pos_;
  std::optional<PortRef> quick_add_from_;
  bool space_down_ = false, space_panned_ = false, panning_ = false;
  QPoint pan_last_;
};

}  // namespace strata::ui
