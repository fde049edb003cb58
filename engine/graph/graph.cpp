#include "graph/graph.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "core/plural.h"
#include "layers/layer_names.h"
#include "layers/registry.h"

namespace strata {

Graph& Graph::operator=(const Graph& other) {
  if (this != &other) {
    nodes_ = other.nodes_;
    links_ = other.links_;
    notify({GraphChange::Kind::Reset, {}, {}, {}});
  }
  return *this;
}

const Node* Graph::find(const std::string& id) const {
  for (const auto& n : nodes_)
    if (n.id == id) return &n;
  return nullptr;
}

Node& Graph::get(const std::string& id) {
  for (auto& n : nodes_)
    if (n.id == id) return n;
  throw Error("no node '" + id + "' in the graph");
}

int Graph::input_ports(const Node& n) const {
  const LayerSpec* spec = find_layer(n.type);
  if (!spec) return 0;
  if (spec->inputs >= 0) return spec->inputs;
  const auto it = n.params.find("inputs");
  if (it != n.params.end() && it->is_number_integer()) return int(std::clamp<int64_t>(it->get<int64_t>(), 0, 64));
  for (const auto& p : spec->params)
    if (p.name == "inputs") return p.default_value.get<int>();
  return 0;
}

std::string Graph::generated_id(const std::string& type) const {
  std::string base;
  for (size_t i = 0; i < type.size(); ++i) {
    const char c = type[i];
    // "MaxPool2D" -> "max_pool2d": an underscore before an upper-case letter that starts a word.
    if (i > 0 && std::isupper(static_cast<unsigned char>(c)) && std::islower(static_cast<unsigned char>(type[i - 1])))
      base += '_';
    base += char(std::tolower(static_cast<unsigned char>(c)));
  }
  for (int k = 1;; ++k)
    if (!find(base + "_" + std::to_string(k))) return base + "_" + std::to_string(k);
}

std::string Graph::add_node(const std::string& type, nlohmann::json params, NodePos pos, std::string id) {
  if (!find_layer(type)) throw Error(unknown_layer_message(type));
  if (params.is_null()) params = nlohmann::json::object();
  if (!params.is_object()) throw Error("node '" + id + "': parameters must be a JSON object");
  if (id.empty()) {
    id = generated_id(type);
  } else if (find(id)) {
    throw Error("a node named '" + id + "' already exists");
  }
  nodes_.push_back({id, type, std::move(params), pos});
  notify({GraphChange::Kind::NodeAdded, id, {}, {}});
  return id;
}

void Graph::remove_node(const std::string& id) {
  get(id);
  std::vector<Link> gone;
  for (const auto& l : links_)
    if (l.from == id || l.to == id) gone.push_back(l);
  for (const auto& l : gone) remove_link(l);
  nodes_.erase(std::remove_if(nodes_.begin(), nodes_.end(), [&](const Node& n) { return n.id == id; }), nodes_.end());
  notify({GraphChange::Kind::NodeRemoved, id, {}, {}});
}

void Graph::set_params(const std::string& id, nlohmann::json params) {
  if (!params.is_object()) throw Error("node '" + id + "': parameters must be a JSON object");
  get(id).params = std::move(params);
  notify({GraphChange::Kind::ParamsChanged, id, {}, {}});
}

void Graph::set_param(const std::string& id, const std::string& key, nlohmann::json value) {
  Node& n = get(id);
  if (value.is_null()) n.params.erase(key);
  else n.params[key] = std::move(value);
  // Fewer ports on a merge node: drop links into ports that no longer exist.
  if (key == "inputs") {
    const int ports = input_ports(n);
    std::vector<Link> gone;
    for (const auto& l : links_)
      if (l.to == id && l.port >= ports) gone.push_back(l);
    for (const auto& l : gone) remove_link(l);
  }
  notify({GraphChange::Kind::ParamsChanged, id, {}, {}});
}

void Graph::move_node(const std::string& id, NodePos pos) {
  get(id).pos = pos;
  notify({GraphChange::Kind::NodeMoved, id, {}, {}});
}

void Graph::rename_node(const std::string& id, const std::string& new_id) {
  if (new_id == id) return;
  if (new_id.empty()) throw Error("node '" + id + "': a name cannot be empty");
  if (find(new_id)) throw Error("a node named '" + new_id + "' already exists");
  get(id).id = new_id;
  for (auto& l : links_) {
    if (l.from == id) l.from = new_id;
    if (l.to == id) l.to = new_id;
  }
  notify({GraphChange::Kind::NodeRenamed, new_id, id, {}});
}

std::string Graph::port_problem(const Link& link) const {
  const Node* from = find(link.from);
  const Node* to = find(link.to);
  if (!from) return "no node '" + link.from + "' in the graph";
  if (!to) return "no node '" + link.to + "' in the graph";
  if (link.from == link.to) return "node '" + link.to + "': cannot link a node to itself";
  if (const LayerSpec* s = find_layer(from->type); s && s->is_loss)
    return "node '" + link.from + "': a loss has no output to link";
  const int ports = input_ports(*to);
  if (ports == 0) return "node '" + link.to + "' (" + to->type + ") takes no input";
  if (link.port < 0 || link.port >= ports)
    return "node '" + link.to + "' has no input " + std::to_string(link.port + 1) + " (it has " + count_of(ports, "input") +
           "; inputs are numbered from 1)";
  for (const auto& l : links_)
    if (l.to == link.to && l.port == link.port)
      return "node '" + link.to + "': input " + std::to_string(link.port + 1) + " is already linked to '" + l.from + "'";
  return {};
}

std::string Graph::link_problem(const Link& link) const {
  if (std::string p = port_problem(link); !p.empty()) return p;
  // A path from `to` back to `from` would become a cycle.
  std::vector<std::string> reach{link.to};
  for (size_t i = 0; i < reach.size(); ++i) {
    if (reach[i] == link.from)
      return "linking '" + link.from + "' to '" + link.to + "' would make a cycle ('" + link.to + "' already feeds '" +
             link.from + "')";
    for (const auto& l : links_)
      if (l.from == reach[i] && std::find(reach.begin(), reach.end(), l.to) == reach.end()) reach.push_back(l.to);
  }
  return {};
}

void Graph::add_link(const Link& link) { insert_link(link, links_.size()); }

void Graph::insert_link(const Link& link, size_t index) {
  if (std::string p = port_problem(link); !p.empty()) throw Error(p);
  links_.insert(links_.begin() + std::ptrdiff_t(std::min(index, links_.size())), link);
  notify({GraphChange::Kind::LinkAdded, link.to, {}, link});
}

void Graph::insert_node(const Node& node, size_t index) {
  if (!find_layer(node.type)) throw Error(unknown_layer_message(node.type));
  if (node.id.empty()) throw Error("a node needs a name");
  if (find(node.id)) throw Error("a node named '" + node.id + "' already exists");
  if (!node.params.is_object() && !node.params.is_null())
    throw Error("node '" + node.id + "': parameters must be a JSON object");
  auto it = nodes_.insert(nodes_.begin() + std::ptrdiff_t(std::min(index, nodes_.size())), node);
  if (it->params.is_null()) it->params = nlohmann::json::object();
  notify({GraphChange::Kind::NodeAdded, node.id, {}, {}});
}

size_t Graph::node_index(const std::string& id) const {
  for (size_t i = 0; i < nodes_.size(); ++i)
    if (nodes_[i].id == id) return i;
  throw Error("no node '" + id + "' in the graph");
}

size_t Graph::link_index(const Link& link) const {
  const auto it = std::find(links_.begin(), links_.end(), link);
  if (it == links_.end()) throw Error("no link from '" + link.from + "' to '" + link.to + "'");
  return size_t(it - links_.begin());
}

void Graph::remove_link(const Link& link) {
  const auto it = std::find(links_.begin(), links_.end(), link);
  if (it == links_.end()) throw Error("no link from '" + link.from + "' to '" + link.to + "'");
  links_.erase(it);
  notify({GraphChange::Kind::LinkRemoved, link.to, {}, link});
}

void Graph::clear() {
  nodes_.clear();
  links_.clear();
  notify({GraphChange::Kind::Reset, {}, {}, {}});
}

void Graph::add_observer(GraphObserver* o) { observers_.push_back(o); }
void Graph::remove_observer(GraphObserver* o) {
  observers_.erase(std::remove(observers_.begin(), observers_.end(), o), observers_.end());
}

void Graph::notify(const GraphChange& c) {
  for (auto* o : std::vector<GraphObserver*>(observers_)) o->graph_changed(c);
}

}  // namespace strata
