#pragma once
// A node on the canvas: a card with the category's colour and icon, the layer
// type and name, its key parameters in one line, its output shape and
// parameter count, input ports along the top edge (one per port; several for
// Add/Concatenate), the output port at the bottom, and an error or warning
// badge whose tooltip gives the message and the hint. It paints from the
// current palette, and draws a plain card when zoomed far out.
#include <QGraphicsItem>
#include <QImage>
#include <QString>
#include <optional>
#include <vector>

#include "graph/analysis.h"
#include "graph/graph.h"
#include "train/telemetry.h"

namespace strata::ui {

class LinkItem;

namespace node_geometry {
inline constexpr double kWidth = 200, kHeight = 66, kPortRadius = 5, kPortHitRadius = 11, kGrid = 10;
}

// A port of a node: an input (by index) or the output.
struct PortRef {
  std::string node;
  bool output = false;
  int index = 0;
  bool operator==(const PortRef&) const = default;
};

class NodeItem : public QGraphicsItem {
 public:
  enum { Type = UserType + 1 };
  explicit NodeItem(const Node& node);
  int type() const override { return Type; }

  const std::string& id() const { return id_; }
  const std::string& layer_type() const { return layer_type_; }
  // The node's type, name or parameters changed.
  void set_node(const Node& node, int input_ports);
  // The analysis of this node (nullptr: none yet) and its warnings.
  void set_report(const NodeReport* report, const std::vector<std::string>& warnings);
  const NodeReport& report() const { return report_; }
  // An error of its own (not one that only waits for an upstream node's fix).
  bool has_error() const { return !report_.ok && !report_.error.empty() && !report_.upstream_error; }

  int input_ports() const { return inputs_; }
  bool has_output() const { return has_output_; }
  QPointF port_scene_pos(const PortRef& port) const;
  // The port within reach of a scene position, if any.
  std::optional<PortRef> port_at(const QPointF& scene_pos) const;
  void set_hovered_port(std::optional<PortRef> port);

  void add_link(LinkItem* link) { links_.push_back(link); }
  void remove_link(LinkItem* link);
  const std::vector<LinkItem*>& links() const { return links_; }

  // A run of this graph is at `fraction` of its epochs (< 0: no run): a thin
  // bar along the card's bottom edge.
  void set_run_progress(double fraction);
  // The layer's telemetry so far (one entry per epoch; empty: none): a
  // sparkline of the gradient norm, and a warning (vanishing or exploding
  // gradients, dead units) on the badge and in the tooltip.
  void set_telemetry(std::vector<LayerTelemetry> epochs, QString warning);
  const QString& telemetry_warning() const { return telemetry_warning_; }
  const std::vector<LayerTelemetry>& telemetry() const { return telemetry_; }
  // A picture of this layer's output for one sample (the Evaluation tab's),
  // shown in the tooltip; a null image removes it.
  void set_output_preview(const QImage& picture, const QString& caption);
  bool has_output_preview() const { return !preview_.isNull(); }

  // How this node differs from another run's graph (the Runs tab's "show on
  // the canvas"): a dashed outline, green for a node the other graph lacks,
  // amber for changed parameters, with the detail in the tooltip.
  enum class DiffMark { None, Added, Changed };
  void set_diff_mark(DiffMark mark, const QString& detail = {});
  DiffMark diff_mark() const { return diff_mark_; }

  // Moves the item to a model position without snapping it.
  void set_model_pos(const NodePos& pos);

  QRectF boundingRect() const override;
  QPainterPath shape() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 protected:
  QVariant itemChange(GraphicsItemChange change, const QVariant& value) override;

 private:
  void update_tooltip();
  std::string id_, layer_type_;
  QString category_, key_text_, summary_;
  int inputs_ = 1;
  bool has_output_ = true;
  NodeReport report_;
  std::vector<std::string> warnings_;
  std::optional<PortRef> hovered_port_;
  std::vector<LinkItem*> links_;
  bool syncing_ = false;
  double run_progress_ = -1;
  std::vector<LayerTelemetry> telemetry_;
  QString telemetry_warning_;
  QImage preview_;
  QString preview_caption_;
  DiffMark diff_mark_ = DiffMark::None;
  QString diff_detail_;
};

}  // namespace strata::ui
