#pragma once
// The names users type for layer types and choices. A layer type is found by
// Strata's own name in any case and spelling of separators ("dense",
// "max_pool2d"), or by a Keras name where it is unambiguous: losses (mse,
// mae, binary_crossentropy, categorical_crossentropy = SoftmaxCrossEntropy on
// one-hot labels, sparse_categorical_crossentropy = on class indices),
// activations as layers (relu, sigmoid, tanh, gelu, leaky_relu = an
// Activation; softmax), MaxPooling2D, AveragePooling2D, InputLayer. An alias
// may carry parameters. Unknown names get the closest valid ones.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace strata {

struct LayerName {
  std::string type;       // Strata's layer type
  nlohmann::json params;  // what the alias implies (an object; the node's own params take precedence)
};

std::optional<LayerName> resolve_layer_name(const std::string& typed);
// "unknown layer type 'Dnse' (did you mean 'Dense'?)"; without a near name, the list of types.
std::string unknown_layer_message(const std::string& typed);

// A choice parameter's value as typed ("ReLU", "LeakyReLU", "None") matched
// against its choices by the same rule (case and separators ignored; "none"
// is "linear" where that is a choice); nullopt when nothing matches.
std::optional<std::string> resolve_choice(const std::string& typed, const std::vector<std::string>& choices);

}  // namespace strata
