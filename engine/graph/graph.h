#pragma once
// The model as users edit it: nodes (a layer type, parameter values, a
// position in the editor) and links from a node's output to another node's
// numbered input port. This is the one model the editor edits: the UI observes
// it through GraphObserver and changes it only through these methods. Values
// may be invalid while a user types; graph/analysis.h reports what is wrong.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace strata {

struct NodePos {
  double x = 0, y = 0;
  bool operator==(const NodePos&) const = default;
};

struct Node {
  std::string id;                                  // unique, also the layer's name ("conv2d_1")
  std::string type;                                // a registered layer type
  nlohmann::json params = nlohmann::json::object();  // only values that differ from the defaults need be set
  NodePos pos;
};

struct Link {
  std::string from;  // the producing node (its single output)
  std::string to;    // the consuming node
  int port = 0;      // the consumer's input, counted from 0 (messages say "input port + 1")
  bool operator==(const Link&) const = default;
};

struct GraphChange {
  enum class Kind { NodeAdded, NodeRemoved, NodeMoved, NodeRenamed, ParamsChanged, LinkAdded, LinkRemoved, Reset };
  Kind kind;
  std::string node;      // the node concerned (the new id for NodeRenamed)
  std::string old_id;    // NodeRenamed
  Link link;             // LinkAdded / LinkRemoved
};

class GraphObserver {
 public:
  virtual ~GraphObserver() = default;
  virtual void graph_changed(const GraphChange& change) = 0;
};

class Graph {
 public:
  Graph() = default;
  Graph(const Graph& other) : nodes_(other.nodes_), links_(other.links_) {}  // observers stay with the original
  Graph& operator=(const Graph& other);

  // Mutations throw strata::Error naming the node for an unknown type or node,
  // a duplicate id, a port the layer does not have, or a second link into one port.
  // An empty id is generated from the type ("Conv2D" -> "conv2d_1").
  std::string add_node(const std::string& type, nlohmann::json params = nlohmann::json::object(), NodePos pos = {},
                       std::string id = {});
  void remove_node(const std::string& id);  // with its links
  void set_params(const std::string& id, nlohmann::json params);
  void set_param(const std::string& id, const std::string& key, nlohmann::json value);  // null removes the key
  void move_node(const std::string& id, NodePos pos);
  void rename_node(const std::string& id, const std::string& new_id);
  void add_link(const Link& link);
  void remove_link(const Link& link);
  void clear();

  // For undo: a node or link put back at the index it had in nodes()/links(),
  // so undoing a removal restores the project exactly (order included).
  void insert_node(const Node& node, size_t index);
  void insert_link(const Link& link, size_t index);
  size_t node_index(const std::string& id) const;  // throws for an unknown node
  size_t link_index(const Link& link) const;       // throws for an unknown link

  // Why `link` cannot be made, for users ("input port 2 of 'add_1' is already
  // linked to 'dense_1'"); empty when it can. Beyond add_link's checks it
  // refuses a link that would close a cycle (add_link accepts one, so that a
  // project with a cycle still opens and the analysis can point at it).
  std::string link_problem(const Link& link) const;

  const std::vector<Node>& nodes() const { return nodes_; }
  const std::vector<Link>& links() const { return links_; }
  const Node* find(const std::string& id) const;
  // The id add_node gives a new node of `type` when none is given ("conv2d_3").
  std::string generated_id(const std::string& type) const;
  // How many input ports the node has (0 for an unknown type).
  int input_ports(const Node& n) const;

  void add_observer(GraphObserver* o);
  void remove_observer(GraphObserver* o);

 private:
  Node& get(const std::string& id);
  std::string port_problem(const Link& link) const;  // add_link's checks
  void notify(const GraphChange& c);
  std::vector<Node> nodes_;
  std::vector<Link> links_;
  std::vector<GraphObserver*> observers_;
};

}  // namespace strata
