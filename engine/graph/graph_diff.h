#pragma once
// What changed between two graphs as a project file stores them (nodes by
// id, their type and parameters, the links): the nodes only one of them has,
// the parameters that differ in the nodes both have, and the links added or
// removed. The experiment browser shows it for two runs, and on the canvas.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace strata {

struct GraphDiff {
  struct Change {
    std::string node, key;  // key "type" when the layer type itself changed
    nlohmann::json before, after;  // null: the parameter is not set there (its default)
  };
  std::vector<std::string> added, removed;  // node ids in `after` only, in `before` only
  std::vector<Change> changed;
  std::vector<std::string> links_added, links_removed;  // "from -> to" (", input N" beyond the first)
  bool empty() const { return added.empty() && removed.empty() && changed.empty() && links_added.empty() && links_removed.empty(); }
};

// `before` and `after` are graph objects ({"nodes": [...], "links": [...]}).
GraphDiff diff_graphs(const nlohmann::json& before, const nlohmann::json& after);

}  // namespace strata
