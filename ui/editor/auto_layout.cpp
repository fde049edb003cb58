#include "editor/auto_layout.h"

#include <gvc.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <vector>

#include "editor/node_item.h"

// The dot layout plugin is linked in and registered by hand, so the layout
// never depends on Graphviz's plugin configuration file being present.
extern "C" {
extern gvplugin_library_t gvplugin_dot_layout_LTX_library;
}

namespace strata::ui {
namespace {

GVC_t* context() {
  // One context for the process: creating one loads plugins (a few ms).
  static GVC_t* gvc = [] {
    static lt_symlist_t builtins[] = {{"gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library},
                                      {nullptr, nullptr}};
    return gvContextPlugins(builtins, 0);
  }();
  return gvc;
}

// Graphviz 2.42's API takes char* for strings it only reads.
void set(void* obj, const char* name, const char* value) {
  static char empty[] = "";
  agsafeset(obj, const_cast<char*>(name), const_cast<char*>(value), empty);
}

}  // namespace

std::map<std::string, NodePos> layered_positions(const Graph& graph, const std::set<std::string>& subset) {
  using namespace node_geometry;
  auto chosen = [&](const std::string& id) { return subset.empty() || subset.count(id) > 0; };
  static std::mutex mutex;  // Graphviz keeps global state
  std::lock_guard lock(mutex);

  double min_x = std::numeric_limits<double>::max(), min_y = min_x;
  for (const auto& n : graph.nodes())
    if (chosen(n.id)) min_x = std::min(min_x, n.pos.x), min_y = std::min(min_y, n.pos.y);
  if (min_x == std::numeric_limits<double>::max()) return {};

  Agraph_t* g = agopen(const_cast<char*>("strata"), Agdirected, nullptr);
  set(g, "rankdir", "TB");
  // Points are the canvas's pixels. Ranks leave room for a link's label
  // beside it; sibling nodes sit a card's margin apart.
  set(g, "ranksep", "0.611");  // 44 pt: ranks 110 px apart with 66-px cards
  set(g, "nodesep", "0.45");
  set(g, "splines", "false");
  const std::string w = std::to_string(kWidth / 72.0), h = std::to_string(kHeight / 72.0);
  std::map<std::string, Agnode_t*> nodes;
  std::vector<std::string> names;
  for (const auto& n : graph.nodes()) {
    if (!chosen(n.id)) continue;
    Agnode_t* v = agnode(g, const_cast<char*>(n.id.c_str()), 1);
    set(v, "shape", "box");
    set(v, "fixedsize", "true");
    set(v, "width", w.c_str());
    set(v, "height", h.c_str());
    nodes[n.id] = v;
  }
  // Links in port order, so the inputs of a merge node keep their sides.
  std::vector<Link> links = graph.links();
  std::stable_sort(links.begin(), links.end(), [](const Link& a, const Link& b) { return a.port < b.port; });
  for (const auto& l : links)
    if (nodes.count(l.from) && nodes.count(l.to)) agedge(g, nodes[l.from], nodes[l.to], nullptr, 1);

  std::map<std::string, NodePos> out;
  if (gvLayout(context(), g, "dot") == 0) {
    double left = std::numeric_limits<double>::max(), top = left;
    for (const auto& [id, v] : nodes) {
      // Graphviz gives centres with y up; the canvas wants top-left corners with y down.
      const NodePos p{ND_coord(v).x - kWidth / 2, -ND_coord(v).y - kHeight / 2};
      out[id] = p;
      left = std::min(left, p.x), top = std::min(top, p.y);
    }
    for (auto& [id, p] : out)  // keep the subset where it was, on the grid
      p = {std::round((p.x - left + min_x) / kGrid) * kGrid, std::round((p.y - top + min_y) / kGrid) * kGrid};
    gvFreeLayout(context(), g);
  }
  agclose(g);
  return out;
}

}  // namespace strata::ui
