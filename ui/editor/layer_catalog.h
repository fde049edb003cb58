#pragma once
// The editor's view of the engine's layer registry: names, summaries and
// parameter help in the UI language, the one-line summary of a node's key
// parameters, fuzzy search, and which layers can follow a given output.
// Everything comes from LayerSpec/ParamSpec, so a layer added to the engine
// appears in the palette, the inspector and the quick-add box with no UI code.
#include <QString>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/shape.h"
#include "layers/layer.h"

namespace strata::ui {

// Registry text in the UI language (English text is its own key).
QString category_label(const std::string& category);
QString layer_summary(const LayerSpec& spec);
QString param_label(const ParamSpec& param);  // "kernel_size" -> "Kernel size"
QString param_help(const ParamSpec& param);

// The categories in palette order (the registry's order of first use).
std::vector<std::string> layer_categories();

// A node's key parameters in one line: "32 · 3×3 · relu". The first
// parameter and those the spec marks `key` always, the others where they
// differ from the default.
QString key_params_text(const LayerSpec& spec, const nlohmann::json& params);
// A parameter value as the inspector and the card show it: "3×3", "0.5", "relu".
QString param_value_text(const ParamSpec& param, const nlohmann::json& value);

// How well `query` matches `text` as a fuzzy subsequence (higher is better;
// < 0: no match). Word starts and consecutive letters score more.
int fuzzy_score(const QString& query, const QString& text);

struct LayerMatch {
  const LayerSpec* spec;
  int score;
};
// Layers matching `query` (all when empty), best first; the type name
// counts more than the category and summary.
std::vector<LayerMatch> search_layers(const QString& query);

// Whether a layer with its default parameters accepts `input` on its first
// port (used to offer the layers that fit after a link dragged into space).
bool layer_accepts(const LayerSpec& spec, const Shape& input);

}  // namespace strata::ui
