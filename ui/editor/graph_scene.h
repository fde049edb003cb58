#pragma once
// The canvas's scene: it mirrors the document's Graph (as a GraphObserver)
// with a NodeItem per node and a LinkItem per link, shows the analysis on
// them, and turns what the user does with the mouse and keyboard into undo
// commands: moving nodes, connecting ports (refusing what the graph refuses,
// with the reason at the cursor), inserting a layer into a link, deleting,
// copying, pasting, duplicating and laying out.
#include <QGraphicsScene>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "editor/node_item.h"
#include "graph/graph.h"
#include "train/telemetry.h"

class QGraphicsPathItem;
class QGraphicsSimpleTextItem;
class QGraphicsRectItem;

namespace strata::ui {

class LinkItem;
class ProjectDocument;

class GraphScene : public QGraphicsScene, private GraphObserver {
  Q_OBJECT
 public:
  explicit GraphScene(ProjectDocument* doc, QObject* parent = nullptr);
  ~GraphScene() override;

  ProjectDocument* document() const { return doc_; }
  NodeItem* node_item(const std::string& id) const;
  LinkItem* link_item(const Link& link) const;
  std::vector<NodeItem*> node_items() const;
  std::vector<std::string> selected_node_ids() const;  // in graph order
  std::vector<Link> selected_links() const;
  void select_only(const std::vector<std::string>& ids);
  QRectF nodes_rect() const;
  // Repaints every link (after the label setting changed) and node (theme).
  void refresh_all();
  // A run of this graph is at `fraction` of its epochs (< 0: none): every node shows it.
  void set_run_progress(double fraction);
  // Each node's output for one sample, as pictures in the nodes' tooltips
  // (`picture` makes one from a layer's output; empty `layers` clears them).
  void set_output_previews(const std::vector<std::pair<std::string, QImage>>& pictures, const QString& caption);
  // A run's telemetry for each node, epoch by epoch (empty: clears it).
  void set_telemetry(const std::vector<TelemetryEvent>& epochs, const std::vector<std::string>& frozen = {});

  // Edits; each is one undo command.
  void delete_selection();
  void copy_selection() const;
  // Pastes the clipboard's nodes with their top-left corner at `at`, or next
  // to where they were copied from; false (and refused()) when it holds none.
  bool paste(std::optional<QPointF> at = {});
  void duplicate_selection();
  // Adds a layer with its top-left corner at `pos`, linked to `port` (the new
  // node's input from an output port, or its output into an input port), or
  // inserted into `link`. Returns its id (empty when refused).
  std::string add_layer(const std::string& type, QPointF pos, std::optional<PortRef> port = {},
                        std::optional<Link> insert_into = {});
  // The palette's double-click: below the one selected node and linked from
  // it (a chain grows one click at a time), else at `fallback`.
  std::string append_layer(const std::string& type, QPointF fallback);
  // Links two ports (either order) or refuses with the graph's reason.
  bool connect_ports(const PortRef& a, const PortRef& b);
  void auto_layout(bool selection_only);
  void nudge_selection(double dx, double dy);

  LinkItem* link_at(const QPointF& scene_pos) const;
  std::optional<PortRef> port_at(const QPointF& scene_pos) const;
  // The last refused connection's reason (for the status bar and tests).
  const QString& last_refusal() const { return last_refusal_; }
  // While something is dragged over the canvas: the link it would be inserted into.
  void set_insert_target(LinkItem* link);

 signals:
  void refused(const QString& reason, const QPointF& scene_pos);
  // A link dragged into empty space, or a double-click on the background.
  void quick_add_requested(const QPointF& scene_pos, std::optional<strata::ui::PortRef> from);

 protected:
  void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
  void mouseMoveEvent(QGraphicsSceneMouseEvent* event) override;
  void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;
  void mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void graph_changed(const GraphChange& change) override;
  void rebuild();
  void add_node_item(const Node& node);
  void add_link_item(const Link& link);
  void remove_link_item(const Link& link);
  void apply_report();
  void refuse(const QString& reason, const QPointF& at);
  // The link a lone, unconnected node at `node` would be inserted into.
  LinkItem* insert_candidate(NodeItem* node) const;
  void update_port_drag(const QPointF& pos);
  void finish_port_drag(const QPointF& pos);
  void end_port_drag();

  ProjectDocument* doc_;
  std::map<std::string, NodeItem*> nodes_;
  std::vector<LinkItem*> links_;
  QString last_refusal_;
  // Dragging a new link from a port.
  std::optional<PortRef> drag_from_;
  QGraphicsPathItem* drag_path_ = nullptr;
  QGraphicsSimpleTextItem* drag_reason_ = nullptr;
  QGraphicsRectItem* drag_reason_box_ = nullptr;
  NodeItem* hovered_node_ = nullptr;
  // Dragging nodes: where they were when the drag began.
  std::map<std::string, NodePos> press_positions_;
  LinkItem* insert_target_ = nullptr;
};

}  // namespace strata::ui
