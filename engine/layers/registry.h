#pragma once
// The one list of layer types (engine/layers/*.cpp register themselves in
// registry.cpp) and the checking of a node's parameter values against its spec.
#include <string_view>
#include <vector>

#include "layers/layer.h"

namespace strata {

const std::vector<LayerSpec>& layer_specs();
// nullptr for an unknown type.
const LayerSpec* find_layer(std::string_view type);
// Checks `values` (a JSON object) against the spec and fills defaults; throws
// LayerError naming the field for an unknown parameter or a bad value.
NodeParams resolve_params(const LayerSpec& spec, const std::string& node_name, const nlohmann::json& values);

}  // namespace strata
