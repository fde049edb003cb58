#include "editor/graph_scene.h"

#include <QApplication>
#include <QClipboard>
#include <QGraphicsPathItem>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsView>
#include <QKeyEvent>
#include <QMimeData>
#include <QPen>
#include <algorithm>
#include <cmath>
#include <set>

#include "common/format.h"
#include "common/theme.h"
#include "core/error.h"
#include "document/graph_commands.h"
#include "document/graph_fragment.h"
#include "document/project_document.h"
#include "editor/auto_layout.h"
#include "editor/link_item.h"
#include "layers/registry.h"

namespace strata::ui {
using namespace node_geometry;

GraphScene::GraphScene(ProjectDocument* doc, QObject* parent) : QGraphicsScene(parent), doc_(doc) {
  setItemIndexMethod(QGraphicsScene::BspTreeIndex);
  doc_->graph().add_observer(this);
  connect(doc_, &ProjectDocument::analyzed, this, &GraphScene::apply_report);
  rebuild();
}

GraphScene::~GraphScene() {
  blockSignals(true);  // removing the items changes the selection: nobody may hear it now
  doc_->graph().remove_observer(this);
  end_port_drag();
  // Links first: they unregister from their nodes.
  for (LinkItem* l : links_) delete l;
  links_.clear();
}

// --- mirroring the graph ------------------------------------------------------

NodeItem* GraphScene::node_item(const std::string& id) const {
  const auto it = nodes_.find(id);
  return it == nodes_.end() ? nullptr : it->second;
}

LinkItem* GraphScene::link_item(const Link& link) const {
  for (LinkItem* l : links_)
    if (l->link() == link) return l;
  return nullptr;
}

std::vector<NodeItem*> GraphScene::node_items() const {
  std::vector<NodeItem*> out;
  for (const auto& [id, item] : nodes_) out.push_back(item);
  return out;
}

void GraphScene::add_node_item(const Node& node) {
  auto* item = new NodeItem(node);
  item->set_node(node, doc_->graph().input_ports(node));
  addItem(item);
  nodes_[node.id] = item;
}

void GraphScene::add_link_item(const Link& link) {
  NodeItem *from = node_item(link.from), *to = node_item(link.to);
  if (!from || !to) return;
  auto* item = new LinkItem(link, from, to);
  addItem(item);
  links_.push_back(item);
}

void GraphScene::remove_link_item(const Link& link) {
  LinkItem* item = link_item(link);
  if (!item) return;
  if (item == insert_target_) insert_target_ = nullptr;
  std::erase(links_, item);
  delete item;
}

void GraphScene::rebuild() {
  end_port_drag();
  insert_target_ = nullptr;
  for (LinkItem* l : links_) delete l;
  links_.clear();
  for (auto& [id, n] : nodes_) delete n;
  nodes_.clear();
  for (const auto& n : doc_->graph().nodes()) add_node_item(n);
  for (const auto& l : doc_->graph().links()) add_link_item(l);
  apply_report();
}

void GraphScene::graph_changed(const GraphChange& c) {
  using K = GraphChange::Kind;
  const Graph& g = doc_->graph();
  switch (c.kind) {
    case K::NodeAdded:
      if (const Node* n = g.find(c.node)) add_node_item(*n);
      break;
    case K::NodeRemoved:
      if (NodeItem* item = node_item(c.node)) {
        if (item == hovered_node_) hovered_node_ = nullptr;
        nodes_.erase(c.node);
        delete item;  // its links went first (the graph removes them before the node)
      }
      break;
    case K::NodeMoved:
      if (NodeItem* item = node_item(c.node); item && g.find(c.node)) {
        const NodePos p = g.find(c.node)->pos;
        if (item->pos() != QPointF(p.x, p.y)) item->set_model_pos(p);
      }
      break;
    case K::NodeRenamed:
      if (NodeItem* item = node_item(c.old_id)) {
        nodes_.erase(c.old_id);
        nodes_[c.node] = item;
        item->set_node(*g.find(c.node), g.input_ports(*g.find(c.node)));
        for (LinkItem* l : item->links()) {
          Link k = l->link();
          if (k.from == c.old_id) k.from = c.node;
          if (k.to == c.old_id) k.to = c.node;
          l->set_link(k);
        }
      }
      break;
    case K::ParamsChanged:
      if (NodeItem* item = node_item(c.node); item && g.find(c.node)) {
        const int before = item->input_ports();
        item->set_node(*g.find(c.node), g.input_ports(*g.find(c.node)));
        if (before != item->input_ports())
          for (LinkItem* l : item->links()) l->update_path();
      }
      break;
    case K::LinkAdded:
      add_link_item(c.link);
      break;
    case K::LinkRemoved:
      remove_link_item(c.link);
      break;
    case K::Reset:
      rebuild();
      break;
  }
}

void GraphScene::apply_report() {
  const ModelReport& r = doc_->report();
  std::map<std::string, std::vector<std::string>> warnings;
  for (const auto& p : r.problems)
    if (p.severity == Problem::Severity::Warning && !p.node.empty()) warnings[p.node].push_back(p.message);
  for (auto& [id, item] : nodes_) item->set_report(r.node(id), warnings[id]);
  for (LinkItem* l : links_) {
    const NodeReport* from = r.node(l->link().from);
    const NodeReport* to = r.node(l->link().to);
    l->set_label(from && from->ok ? shape_text(from->shape.output) : QString());
    // The consumer rejects what this link brings.
    l->set_error(to && !to->ok && to->field.rfind("input", 0) == 0 && from && from->ok);
  }
}

void GraphScene::refresh_all() {
  for (LinkItem* l : links_) {
    l->update_path();
    l->update();
  }
  for (auto& [id, n] : nodes_) n->update();
  update();
}

void GraphScene::set_output_previews(const std::vector<std::pair<std::string, QImage>>& pictures, const QString& caption) {
  for (auto& [id, item] : nodes_) {
    QImage picture;
    for (const auto& [node, image] : pictures)
      if (node == id) picture = image;
    item->set_output_preview(picture, caption);
  }
}

void GraphScene::set_telemetry(const std::vector<TelemetryEvent>& epochs, const std::vector<std::string>& frozen) {
  for (auto& [id, item] : nodes_) {
    std::vector<LayerTelemetry> mine;
    for (const auto& e : epochs)
      for (const auto& l : e.layers)
        if (l.node == id) mine.push_back(l);
    QString warning;
    if (!mine.empty()) {
      const LayerTelemetry& t = mine.back();
      const bool is_frozen = std::find(frozen.begin(), frozen.end(), id) != frozen.end();
      // Thresholds: an update that moves the weights by more than half of
      // themselves per step, or a huge gradient, is exploding; one below a
      // ten-millionth of them (in a layer that is not frozen) has vanished.
      if (t.weight_norm > 0 && (t.grad_norm > 1e3 || t.update_ratio > 0.5))
        warning = tr("exploding gradients (gradient norm %1): lower the learning rate or clip the gradients").arg(t.grad_norm, 0, 'g', 3);
      else if (t.weight_norm > 0 && !is_frozen && (t.update_ratio < 1e-7 || t.grad_norm < 1e-9))
        warning = tr("vanishing gradients (gradient norm %1): this layer has almost stopped learning").arg(t.grad_norm, 0, 'g', 3);
      else if (t.dead_fraction > 0.5)
        warning = tr("%1 % of its units never fired in the last epoch (dead ReLU): lower the learning rate, or use leaky_relu")
                      .arg(t.dead_fraction * 100, 0, 'f', 0);
    }
    item->set_telemetry(std::move(mine), warning);
  }
}

void GraphScene::set_run_progress(double fraction) {
  for (auto& [id, n] : nodes_) n->set_run_progress(fraction);
}

// --- selection ------------------------------------------------------------------

std::vector<std::string> GraphScene::selected_node_ids() const {
  std::vector<std::string> out;
  for (const auto& n : doc_->graph().nodes())
    if (NodeItem* item = node_item(n.id); item && item->isSelected()) out.push_back(n.id);
  return out;
}

std::vector<Link> GraphScene::selected_links() const {
  std::vector<Link> out;
  for (const auto& l : doc_->graph().links())
    if (LinkItem* item = link_item(l); item && item->isSelected()) out.push_back(l);
  return out;
}

void GraphScene::select_only(const std::vector<std::string>& ids) {
  QSignalBlocker block(this);  // one selectionChanged, not one per item
  clearSelection();
  for (const auto& id : ids)
    if (NodeItem* item = node_item(id)) item->setSelected(true);
  block.unblock();
  emit selectionChanged();
}

QRectF GraphScene::nodes_rect() const {
  QRectF r;
  for (const auto& [id, item] : nodes_) r = r.united(item->sceneBoundingRect());
  return r;
}

// --- edits -----------------------------------------------------------------------

void GraphScene::delete_selection() {
  const auto ids = selected_node_ids();
  const std::set<std::string> gone(ids.begin(), ids.end());
  std::vector<Link> links;
  for (const auto& l : selected_links())
    if (!gone.count(l.from) && !gone.count(l.to)) links.push_back(l);  // the node takes these with it
  if (ids.empty() && links.empty()) return;
  auto* macro = new MacroCommand(ids.size() == 1 && links.empty()
                                     ? tr("Delete %1").arg(QString::fromStdString(ids[0]))
                                     : tr("Delete %n item(s)", nullptr, int(ids.size() + links.size())));
  for (const auto& l : links) new RemoveLinkCommand(doc_, l, macro);
  for (const auto& id : ids) new RemoveNodeCommand(doc_, id, macro);
  doc_->undo_stack()->push(macro);
}

void GraphScene::copy_selection() const {
  const auto ids = selected_node_ids();
  if (ids.empty()) return;
  QApplication::clipboard()->setMimeData(fragment_mime(doc_->graph(), ids));
}

bool GraphScene::paste(std::optional<QPointF> at) {
  Graph fragment;
  try {
    const QMimeData* mime = QApplication::clipboard()->mimeData();
    if (!mime) throw Error("clipboard: holds no Strata nodes");
    fragment = fragment_from_mime(*mime);
  } catch (const Error& e) {
    refuse(QString::fromStdString(e.what()), at.value_or(QPointF()));
    return false;
  }
  if (fragment.nodes().empty()) {
    refuse(tr("The clipboard holds no nodes."), at.value_or(QPointF()));
    return false;
  }
  double left = 1e300, top = 1e300;
  for (const auto& n : fragment.nodes()) left = std::min(left, n.pos.x), top = std::min(top, n.pos.y);
  const double dx = at ? at->x() - left : 40, dy = at ? at->y() - top : 40;
  auto* macro = new MacroCommand(tr("Paste %n node(s)", nullptr, int(fragment.nodes().size())));
  const auto ids = add_fragment(doc_, fragment, dx, dy, macro);
  doc_->undo_stack()->push(macro);
  select_only(ids);
  return true;
}

void GraphScene::duplicate_selection() {
  const auto ids = selected_node_ids();
  if (ids.empty()) return;
  const Graph fragment = fragment_from_text(fragment_json(doc_->graph(), ids));
  auto* macro = new MacroCommand(tr("Duplicate %n node(s)", nullptr, int(ids.size())));
  const auto copies = add_fragment(doc_, fragment, 40, 40, macro);
  doc_->undo_stack()->push(macro);
  select_only(copies);
}

std::string GraphScene::add_layer(const std::string& type, QPointF pos, std::optional<PortRef> port,
                                  std::optional<Link> insert_into) {
  const LayerSpec* spec = find_layer(type);
  if (!spec) return {};
  Node node;
  node.type = type;
  node.id = doc_->graph().generated_id(type);
  node.pos = {std::round(pos.x() / kGrid) * kGrid, std::round(pos.y() / kGrid) * kGrid};
  auto* macro = new MacroCommand(tr("Add %1").arg(QString::fromStdString(type)));
  new AddNodeCommand(doc_, node, macro);
  Graph probe = doc_->graph();  // check the links on a copy before anything is pushed
  probe.insert_node(node, probe.nodes().size());
  std::vector<Link> links;
  if (insert_into) {
    probe.remove_link(*insert_into);
    new RemoveLinkCommand(doc_, *insert_into, macro);
    links = {{insert_into->from, node.id, 0}, {node.id, insert_into->to, insert_into->port}};
  } else if (port) {
    links = {port->output ? Link{port->node, node.id, 0} : Link{node.id, port->node, port->index}};
  }
  for (const auto& l : links) {
    if (const std::string why = probe.link_problem(l); !why.empty()) {
      delete macro;
      refuse(QString::fromStdString(why), pos);
      return {};
    }
    probe.add_link(l);
    new AddLinkCommand(doc_, l, macro);
  }
  doc_->undo_stack()->push(macro);
  select_only({node.id});
  return node.id;
}

std::string GraphScene::append_layer(const std::string& type, QPointF fallback) {
  const auto sel = selected_node_ids();
  if (sel.size() == 1) {
    NodeItem* from = node_item(sel[0]);
    const LayerSpec* spec = find_layer(type);
    if (from && from->has_output() && spec && spec->inputs != 0) {
      const QPointF below = from->pos() + QPointF(0, kHeight + 60);
      return add_layer(type, below, PortRef{sel[0], true, 0});
    }
  }
  return add_layer(type, fallback);
}

bool GraphScene::connect_ports(const PortRef& a, const PortRef& b) {
  const QPointF at = node_item(b.node) ? node_item(b.node)->port_scene_pos(b) : QPointF();
  if (a.output == b.output) {
    refuse(a.output ? tr("Both are outputs: link an output to an input.") : tr("Both are inputs: link an output to an input."),
           at);
    return false;
  }
  const PortRef& out = a.output ? a : b;
  const PortRef& in = a.output ? b : a;
  const Link link{out.node, in.node, in.index};
  if (const std::string why = doc_->graph().link_problem(link); !why.empty()) {
    refuse(QString::fromStdString(why), at);
    return false;
  }
  doc_->undo_stack()->push(new AddLinkCommand(doc_, link));
  return true;
}

void GraphScene::auto_layout(bool selection_only) {
  const auto sel = selected_node_ids();
  if (selection_only && sel.size() < 2) return;
  const auto positions = layered_positions(doc_->graph(), selection_only ? std::set<std::string>(sel.begin(), sel.end())
                                                                         : std::set<std::string>{});
  std::map<std::string, MoveNodesCommand::Move> moves;
  for (const auto& [id, p] : positions)
    if (const Node* n = doc_->graph().find(id); n && !(n->pos == p)) moves[id] = {n->pos, p};
  if (moves.empty()) return;
  doc_->undo_stack()->push(new MoveNodesCommand(doc_, moves, selection_only ? tr("Lay out selection") : tr("Lay out graph")));
}

void GraphScene::nudge_selection(double dx, double dy) {
  std::map<std::string, MoveNodesCommand::Move> moves;
  for (const auto& id : selected_node_ids()) {
    const NodePos p = doc_->graph().find(id)->pos;
    moves[id] = {p, {p.x + dx, p.y + dy}};
  }
  if (!moves.empty()) doc_->undo_stack()->push(new MoveNodesCommand(doc_, moves, tr("Move"), true));
}

void GraphScene::refuse(const QString& reason, const QPointF& at) {
  last_refusal_ = reason;
  emit refused(reason, at);
}

// --- hit testing ---------------------------------------------------------------

LinkItem* GraphScene::link_at(const QPointF& pos) const {
  for (QGraphicsItem* item : items(QRectF(pos - QPointF(4, 4), QSizeF(8, 8)), Qt::IntersectsItemShape))
    if (item->type() == LinkItem::Type) return static_cast<LinkItem*>(item);
  return nullptr;
}

std::optional<PortRef> GraphScene::port_at(const QPointF& pos) const {
  const QRectF around(pos - QPointF(kPortHitRadius, kPortHitRadius), QSizeF(2 * kPortHitRadius, 2 * kPortHitRadius));
  for (QGraphicsItem* item : items(around))
    if (item->type() == NodeItem::Type)
      if (auto port = static_cast<NodeItem*>(item)->port_at(pos)) return port;
  return std::nullopt;
}

void GraphScene::set_insert_target(LinkItem* link) {
  if (link == insert_target_) return;
  if (insert_target_) insert_target_->set_insert_target(false);
  insert_target_ = link;
  if (insert_target_) insert_target_->set_insert_target(true);
}

LinkItem* GraphScene::insert_candidate(NodeItem* node) const {
  if (!node || !node->links().empty() || node->input_ports() < 1 || !node->has_output()) return nullptr;
  LinkItem* link = link_at(node->sceneBoundingRect().center());
  return link && link->from() != node && link->to() != node ? link : nullptr;
}

// --- mouse: connecting ports and moving nodes ------------------------------------

void GraphScene::mousePressEvent(QGraphicsSceneMouseEvent* event) {
  if (event->button() == Qt::LeftButton) {
    if (auto port = port_at(event->scenePos())) {
      drag_from_ = port;
      const CanvasColors c = canvas_colors();
      drag_path_ = addPath(QPainterPath(), QPen(c.accent, 2, Qt::DashLine, Qt::RoundCap));
      drag_path_->setZValue(10);
      drag_reason_box_ = addRect(QRectF(), QPen(c.error), QBrush(c.node_fill));
      drag_reason_box_->setZValue(11);
      drag_reason_box_->setFlag(QGraphicsItem::ItemIgnoresTransformations);
      drag_reason_box_->hide();
      drag_reason_ = new QGraphicsSimpleTextItem(drag_reason_box_);
      drag_reason_->setBrush(c.error);
      update_port_drag(event->scenePos());
      event->accept();
      return;
    }
  }
  QGraphicsScene::mousePressEvent(event);
  press_positions_.clear();
  if (event->button() == Qt::LeftButton)
    for (const auto& id : selected_node_ids())
      if (const Node* n = doc_->graph().find(id)) press_positions_[id] = n->pos;
}

void GraphScene::update_port_drag(const QPointF& pos) {
  const PortRef& from = *drag_from_;
  NodeItem* from_item = node_item(from.node);
  if (!from_item) return end_port_drag();
  QPointF end = pos;
  QString reason;
  const auto target = port_at(pos);
  NodeItem* target_item = target ? node_item(target->node) : nullptr;
  if (hovered_node_ && hovered_node_ != target_item) hovered_node_->set_hovered_port(std::nullopt);
  hovered_node_ = target_item;
  if (target && target_item && !(target == from)) {
    end = target_item->port_scene_pos(*target);
    if (target->output == from.output) {
      reason = from.output ? tr("Both are outputs: link an output to an input.") : tr("Both are inputs: link an output to an input.");
    } else {
      const PortRef& out = from.output ? from : *target;
      const PortRef& in = from.output ? *target : from;
      reason = QString::fromStdString(doc_->graph().link_problem({out.node, in.node, in.index}));
    }
    target_item->set_hovered_port(target);
  }
  const QPointF start = from_item->port_scene_pos(from);
  drag_path_->setPath(from.output ? LinkItem::curve(start, end) : LinkItem::curve(end, start));
  const CanvasColors c = canvas_colors();
  drag_path_->setPen(QPen(reason.isEmpty() ? c.accent : c.error, 2, Qt::DashLine, Qt::RoundCap));
  // The reason shows at the cursor while the pointer is on a port that refuses.
  if (reason.isEmpty()) {
    drag_reason_box_->hide();
  } else {
    drag_reason_->setText(reason);
    drag_reason_->setPos(6, 4);
    drag_reason_box_->setRect(QRectF(0, 0, drag_reason_->boundingRect().width() + 12, drag_reason_->boundingRect().height() + 8));
    drag_reason_box_->setPos(pos + QPointF(14, 14));
    drag_reason_box_->show();
  }
}

void GraphScene::finish_port_drag(const QPointF& pos) {
  const PortRef from = *drag_from_;
  end_port_drag();
  const auto target = port_at(pos);
  if (target && target == from) return;  // a click on a port
  if (target) {
    connect_ports(from, *target);
    return;
  }
  // Into empty space: offer the layers that fit there.
  emit quick_add_requested(pos, from);
}

void GraphScene::end_port_drag() {
  drag_from_.reset();
  if (hovered_node_) hovered_node_->set_hovered_port(std::nullopt);
  hovered_node_ = nullptr;
  delete drag_path_;
  drag_path_ = nullptr;
  delete drag_reason_box_;  // owns the text
  drag_reason_box_ = nullptr;
  drag_reason_ = nullptr;
}

void GraphScene::mouseMoveEvent(QGraphicsSceneMouseEvent* event) {
  if (drag_from_) {
    update_port_drag(event->scenePos());
    event->accept();
    return;
  }
  QGraphicsScene::mouseMoveEvent(event);
  if (event->buttons() & Qt::LeftButton && press_positions_.size() == 1)
    set_insert_target(insert_candidate(node_item(press_positions_.begin()->first)));
  else if (!(event->buttons() & Qt::LeftButton)) {
    // Hover feedback on ports.
    const auto port = port_at(event->scenePos());
    NodeItem* item = port ? node_item(port->node) : nullptr;
    if (hovered_node_ && hovered_node_ != item) hovered_node_->set_hovered_port(std::nullopt);
    hovered_node_ = item;
    if (item) item->set_hovered_port(port);
  }
}

void GraphScene::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
  if (drag_from_ && event->button() == Qt::LeftButton) {
    finish_port_drag(event->scenePos());
    event->accept();
    return;
  }
  QGraphicsScene::mouseReleaseEvent(event);
  if (event->button() != Qt::LeftButton || press_positions_.empty()) return;
  std::map<std::string, MoveNodesCommand::Move> moves;
  for (const auto& [id, from] : press_positions_)
    if (NodeItem* item = node_item(id); item && item->pos() != QPointF(from.x, from.y))
      moves[id] = {from, {item->pos().x(), item->pos().y()}};
  LinkItem* target = insert_target_;
  set_insert_target(nullptr);
  press_positions_.clear();
  if (moves.empty()) return;
  if (target && moves.size() == 1) {  // dropped onto a link: insert it there
    const std::string id = moves.begin()->first;
    const Link l = target->link();
    auto* macro = new MacroCommand(tr("Insert %1 into link").arg(QString::fromStdString(id)));
    new MoveNodesCommand(doc_, moves, tr("Move"), false, macro);
    new RemoveLinkCommand(doc_, l, macro);
    new AddLinkCommand(doc_, {l.from, id, 0}, macro);
    new AddLinkCommand(doc_, {id, l.to, l.port}, macro);
    doc_->undo_stack()->push(macro);
    return;
  }
  doc_->undo_stack()->push(new MoveNodesCommand(doc_, moves, moves.size() == 1 ? tr("Move %1").arg(QString::fromStdString(moves.begin()->first))
                                                                               : tr("Move %n nodes", nullptr, int(moves.size()))));
}

void GraphScene::mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) {
  if (event->button() == Qt::LeftButton && !itemAt(event->scenePos(), views().isEmpty() ? QTransform() : views()[0]->transform())) {
    emit quick_add_requested(event->scenePos(), std::nullopt);
    event->accept();
    return;
  }
  QGraphicsScene::mouseDoubleClickEvent(event);
}

void GraphScene::keyPressEvent(QKeyEvent* event) {
  const double step = event->modifiers() & Qt::ShiftModifier ? kGrid * 5 : kGrid;
  switch (event->key()) {
    case Qt::Key_Left: nudge_selection(-step, 0); break;
    case Qt::Key_Right: nudge_selection(step, 0); break;
    case Qt::Key_Up: nudge_selection(0, -step); break;
    case Qt::Key_Down: nudge_selection(0, step); break;
    case Qt::Key_Escape:
      if (drag_from_) end_port_drag();
      else clearSelection();
      break;
    default: QGraphicsScene::keyPressEvent(event); return;
  }
  event->accept();
}

}  // namespace strata::ui
