#pragma once
// Automatic layered layout through Graphviz's dot (libgvc), top to bottom,
// with rank gaps wide enough for the shape labels on links.
#include <map>
#include <set>
#include <string>

#include "graph/graph.h"

namespace strata::ui {

// New top-left positions for the nodes in `subset` (all nodes when empty),
// laid out among themselves with the links between them; the result's
// top-left corner stays where the subset's was.
std::map<std::string, NodePos> layered_positions(const Graph& graph, const std::set<std::string>& subset = {});

}  // namespace strata::ui
