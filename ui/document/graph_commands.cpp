#include "document/graph_commands.h"

#include <algorithm>

#include "document/project_document.h"

namespace strata::ui {

GraphCommand::GraphCommand(ProjectDocument* doc, QUndoCommand* parent) : QUndoCommand(parent), doc_(doc) {}
Graph& GraphCommand::graph() { return doc_->graph(); }

void GraphCommand::change_settings(const std::function<void(nlohmann::json& training)>& change) {
  const nlohmann::json before = doc_->settings_json();
  nlohmann::json after = before;
  change(after["training"]);
  if (after == before) return settings_before_.reset();
  settings_before_ = before;
  doc_->apply_settings_json(after);
}

void GraphCommand::restore_settings() {
  if (settings_before_) doc_->apply_settings_json(*settings_before_);
  settings_before_.reset();
}

namespace {

// Replaces (or with `to` empty, removes) `from` in a JSON list of layer ids.
void rename_in(nlohmann::json& list, const std::string& from, const std::string& to) {
  if (!list.is_array()) return;
  nlohmann::json out = nlohmann::json::array();
  for (const auto& v : list) {
    if (v != from) out.push_back(v);
    else if (!to.empty()) out.push_back(to);
  }
  list = std::move(out);
}

}  // namespace

// --- nodes ---------------------------------------------------------------

AddNodeCommand::AddNodeCommand(ProjectDocument* doc, Node node, QUndoCommand* parent)
    : GraphCommand(doc, parent), node_(std::move(node)) {
  setText(tr("Add %1").arg(QString::fromStdString(node_.type)));
}

void AddNodeCommand::redo() {
  if (!index_) index_ = graph().nodes().size();
  graph().insert_node(node_, *index_);
}

void AddNodeCommand::undo() { graph().remove_node(node_.id); }

RemoveNodeCommand::RemoveNodeCommand(ProjectDocument* doc, std::string id, QUndoCommand* parent)
    : GraphCommand(doc, parent), id_(std::move(id)) {
  setText(tr("Delete %1").arg(QString::fromStdString(id_)));
}

void RemoveNodeCommand::redo() {
  index_ = graph().node_index(id_);
  node_ = graph().nodes()[index_];
  links_.clear();
  const auto& links = graph().links();
  for (size_t i = 0; i < links.size(); ++i)
    if (links[i].from == id_ || links[i].to == id_) links_.emplace_back(i, links[i]);
  graph().remove_node(id_);
  change_settings([&](nlohmann::json& t) { rename_in(t["freeze"], id_, {}); });
}

void RemoveNodeCommand::undo() {
  graph().insert_node(node_, index_);
  for (const auto& [i, l] : links_) graph().insert_link(l, i);  // ascending: each lands where it was
  restore_settings();
}

// --- links ---------------------------------------------------------------

AddLinkCommand::AddLinkCommand(ProjectDocument* doc, Link link, QUndoCommand* parent)
    : GraphCommand(doc, parent), link_(std::move(link)) {
  setText(tr("Connect %1 to %2").arg(QString::fromStdString(link_.from), QString::fromStdString(link_.to)));
}

void AddLinkCommand::redo() {
  if (!index_) index_ = graph().links().size();
  graph().insert_link(link_, *index_);
}

void AddLinkCommand::undo() { graph().remove_link(link_); }

RemoveLinkCommand::RemoveLinkCommand(ProjectDocument* doc, Link link, QUndoCommand* parent)
    : GraphCommand(doc, parent), link_(std::move(link)) {
  setText(tr("Disconnect %1 from %2").arg(QString::fromStdString(link_.from), QString::fromStdString(link_.to)));
}

void RemoveLinkCommand::redo() {
  index_ = graph().link_index(link_);
  graph().remove_link(link_);
}

void RemoveLinkCommand::undo() { graph().insert_link(link_, index_); }

// --- moves, renames, parameters --------------------------------------------

MoveNodesCommand::MoveNodesCommand(ProjectDocument* doc, std::map<std::string, Move> moves, const QString& text,
                                   bool mergeable, QUndoCommand* parent)
    : GraphCommand(doc, parent), moves_(std::move(moves)), mergeable_(mergeable) {
  setText(text);
}

void MoveNodesCommand::redo() {
  for (const auto& [id, m] : moves_) graph().move_node(id, m.to);
}

void MoveNodesCommand::undo() {
  for (const auto& [id, m] : moves_) graph().move_node(id, m.from);
}

bool MoveNodesCommand::mergeWith(const QUndoCommand* other) {
  const auto* o = static_cast<const MoveNodesCommand*>(other);
  if (!o->mergeable_ || o->moves_.size() != moves_.size()) return false;
  for (const auto& [id, m] : o->moves_)
    if (!moves_.count(id)) return false;
  for (const auto& [id, m] : o->moves_) moves_[id].to = m.to;
  return true;
}

RenameNodeCommand::RenameNodeCommand(ProjectDocument* doc, std::string from, std::string to, QUndoCommand* parent)
    : GraphCommand(doc, parent), from_(std::move(from)), to_(std::move(to)) {
  setText(tr("Rename %1 to %2").arg(QString::fromStdString(from_), QString::fromStdString(to_)));
}

void RenameNodeCommand::redo() {
  graph().rename_node(from_, to_);
  change_settings([&](nlohmann::json& t) {
    rename_in(t["freeze"], from_, to_);
    rename_in(t["init_from"]["layers"], from_, to_);
  });
}

void RenameNodeCommand::undo() {
  graph().rename_node(to_, from_);
  restore_settings();
}

SetParamCommand::SetParamCommand(ProjectDocument* doc, std::vector<std::string> nodes, std::string key,
                                 nlohmann::json value, int session, QUndoCommand* parent)
    : GraphCommand(doc, parent), nodes_(std::move(nodes)), key_(std::move(key)), value_(std::move(value)), session_(session) {
  setText(nodes_.size() == 1 ? tr("Set %1 of %2").arg(QString::fromStdString(key_), QString::fromStdString(nodes_[0]))
                             : tr("Set %1 of %n nodes", nullptr, int(nodes_.size())).arg(QString::fromStdString(key_)));
}

void SetParamCommand::redo() {
  old_.clear();
  dropped_.clear();
  const auto& links = graph().links();
  for (const auto& id : nodes_) {
    const Node* n = graph().find(id);
    old_.push_back(n && n->params.contains(key_) ? n->params.at(key_) : nlohmann::json());
  }
  // Links the engine will drop (into ports a merge node no longer has), so
  // that undo can put them back where they were.
  for (size_t i = 0; i < links.size(); ++i) {
    const auto it = std::find(nodes_.begin(), nodes_.end(), links[i].to);
    if (it == nodes_.end() || key_ != "inputs") continue;
    Node after = *graph().find(links[i].to);
    if (value_.is_null()) after.params.erase(key_);
    else after.params[key_] = value_;
    if (links[i].port >= graph().input_ports(after)) dropped_.emplace_back(i, links[i]);
  }
  for (const auto& id : nodes_) graph().set_param(id, key_, value_);
}

void SetParamCommand::undo() {
  for (size_t i = 0; i < nodes_.size(); ++i) graph().set_param(nodes_[i], key_, old_[i]);
  for (const auto& [i, l] : dropped_) graph().insert_link(l, i);
}

bool SetParamCommand::mergeWith(const QUndoCommand* other) {
  const auto* o = static_cast<const SetParamCommand*>(other);
  if (session_ == 0 || o->session_ != session_ || o->nodes_ != nodes_ || o->key_ != key_ || !o->dropped_.empty() ||
      !dropped_.empty())
    return false;
  value_ = o->value_;  // old_ stays: undo goes back to before the first edit
  return true;
}

// --- project settings --------------------------------------------------------

SetSettingsCommand::SetSettingsCommand(ProjectDocument* doc, nlohmann::json before, nlohmann::json after,
                                       const QString& text, QString field, int session, QUndoCommand* parent)
    : QUndoCommand(parent), doc_(doc), before_(std::move(before)), after_(std::move(after)), field_(std::move(field)),
      session_(session) {
  setText(text);
}

void SetSettingsCommand::redo() { doc_->apply_settings_json(after_); }
void SetSettingsCommand::undo() { doc_->apply_settings_json(before_); }

bool SetSettingsCommand::mergeWith(const QUndoCommand* other) {
  const auto* o = static_cast<const SetSettingsCommand*>(other);
  if (session_ == 0 || o->session_ != session_ || o->field_ != field_) return false;
  after_ = o->after_;
  return true;
}

// --- ids -----------------------------------------------------------------------

std::string unique_node_id(const Graph& graph, const std::string& wanted) {
  if (!graph.find(wanted)) return wanted;
  // "conv2d_3" continues as conv2d_4; "head" as head_2.
  std::string base = wanted;
  int k = 2;
  if (const auto us = wanted.rfind('_'); us != std::string::npos && us + 1 < wanted.size() && wanted.size() - us < 9 &&
                                         std::all_of(wanted.begin() + long(us) + 1, wanted.end(), ::isdigit)) {
    base = wanted.substr(0, us);
    k = std::stoi(wanted.substr(us + 1)) + 1;
  }
  for (;; ++k)
    if (const std::string id = base + "_" + std::to_string(k); !graph.find(id)) return id;
}

}  // namespace strata::ui
