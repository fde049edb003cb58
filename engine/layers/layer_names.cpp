#include "layers/layer_names.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/closest_names.h"
#include "layers/registry.h"

namespace strata {

namespace {

// Case and separators ignored: "MaxPool2D", "max_pool2d" and "max-pool2d" are one name.
std::string folded(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != '_' && c != '-' && c != ' ') out += char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const std::map<std::string, LayerName>& keras_aliases() {
  static const std::map<std::string, LayerName> aliases = [] {
    std::map<std::string, LayerName> a;
    auto add = [&](const std::string& name, const std::string& type, nlohmann::json params = nlohmann::json::object()) {
      a[folded(name)] = {type, std::move(params)};
    };
    add("mse", "MeanSquaredError");
    add("mean_squared_error", "MeanSquaredError");
    add("mae", "MeanAbsoluteError");
    add("mean_absolute_error", "MeanAbsoluteError");
    add("binary_crossentropy", "BinaryCrossEntropy");
    add("categorical_crossentropy", "SoftmaxCrossEntropy", {{"labels", "one_hot"}});
    add("sparse_categorical_crossentropy", "SoftmaxCrossEntropy", {{"labels", "index"}});
    for (const char* act : {"relu", "sigmoid", "tanh", "gelu", "leaky_relu"}) add(act, "Activation", {{"activation", act}});
    add("MaxPooling2D", "MaxPool2D");
    add("AveragePooling2D", "AvgPool2D");
    add("InputLayer", "Input");
    return a;
  }();
  return aliases;
}

}  // namespace

std::optional<LayerName> resolve_layer_name(const std::string& typed) {
  if (find_layer(typed)) return LayerName{typed, nlohmann::json::object()};
  const std::string f = folded(typed);
  for (const auto& s : layer_specs())
    if (folded(s.type) == f) return LayerName{s.type, nlohmann::json::object()};
  if (const auto it = keras_aliases().find(f); it != keras_aliases().end()) return it->second;
  return std::nullopt;
}

std::string unknown_layer_message(const std::string& typed) {
  std::vector<std::string> names;
  for (const auto& s : layer_specs()) names.push_back(s.type);
  const auto near = closest_names(typed, names);
  if (!near.empty()) return "unknown layer type '" + typed + "' (did you mean " + quoted_list(near) + "?)";
  std::string all;
  for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
  return "unknown layer type '" + typed + "' (the types are " + all + ")";
}

std::optional<std::string> resolve_choice(const std::string& typed, const std::vector<std::string>& choices) {
  const std::string f = folded(typed);
  for (const auto& c : choices)
    if (folded(c) == f) return c;
  if (f == "none" && std::find(choices.begin(), choices.end(), "linear") != choices.end()) return "linear";
  return std::nullopt;
}

}  // namespace strata
