#include "graph/graph_diff.h"

#include <map>
#include <set>

namespace strata {

namespace {

std::map<std::string, const nlohmann::json*> nodes_by_id(const nlohmann::json& g) {
  std::map<std::string, const nlohmann::json*> out;
  if (g.is_object() && g.contains("nodes") && g["nodes"].is_array())
    for (const auto& n : g["nodes"])
      if (n.is_object() && n.contains("id") && n["id"].is_string()) out[n["id"].get<std::string>()] = &n;
  return out;
}

std::set<std::string> links_of(const nlohmann::json& g) {
  std::set<std::string> out;
  if (g.is_object() && g.contains("links") && g["links"].is_array())
    for (const auto& l : g["links"]) {
      if (!l.is_object() || !l.contains("from") || !l.contains("to")) continue;
      const int port = l.value("port", 0);
      out.insert(l["from"].get<std::string>() + " -> " + l["to"].get<std::string>() +
                 (port > 0 ? ", input " + std::to_string(port + 1) : std::string()));
    }
  return out;
}

}  // namespace

GraphDiff diff_graphs(const nlohmann::json& before, const nlohmann::json& after) {
  GraphDiff d;
  const auto a = nodes_by_id(before), b = nodes_by_id(after);
  for (const auto& [id, n] : b)
    if (!a.count(id)) d.added.push_back(id);
  for (const auto& [id, n] : a) {
    const auto it = b.find(id);
    if (it == b.end()) {
      d.removed.push_back(id);
      continue;
    }
    const nlohmann::json& na = *n;
    const nlohmann::json& nb = *it->second;
    if (na.value("type", "") != nb.value("type", "")) d.changed.push_back({id, "type", na.value("type", ""), nb.value("type", "")});
    const nlohmann::json pa = na.value("params", nlohmann::json::object()), pb = nb.value("params", nlohmann::json::object());
    std::set<std::string> keys;
    for (const auto& [k, v] : pa.items()) keys.insert(k);
    for (const auto& [k, v] : pb.items()) keys.insert(k);
    for (const auto& k : keys) {
      const nlohmann::json va = pa.contains(k) ? pa[k] : nlohmann::json(), vb = pb.contains(k) ? pb[k] : nlohmann::json();
      if (va != vb) d.changed.push_back({id, k, va, vb});
    }
  }
  const auto la = links_of(before), lb = links_of(after);
  for (const auto& l : lb)
    if (!la.count(l)) d.links_added.push_back(l);
  for (const auto& l : la)
    if (!lb.count(l)) d.links_removed.push_back(l);
  return d;
}

}  // namespace strata
