#pragma once
// Before anything is written: which nodes an export format cannot represent,
// and why, so an export never fails half-way.
#include <string>
#include <vector>

#include "graph/graph.h"

namespace strata {

// Problems as messages naming the node ("format" is safetensors, npz, onnx
// or pytorch); empty when the export can go ahead.
std::vector<std::string> export_precheck(const Graph& graph, const std::string& format);

}  // namespace strata
